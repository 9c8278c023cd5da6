import { TerraformStack } from "cdktf";
import { FirehoseDeliveryStream, LambdaProcessor, OpenSearchServerlessDestination, RealtimeAnalytics, RealtimeAnalyticsProps, SecureBucket, SecureOpenSearchDomainProps } from "../../../modules";
import { addTestProvider } from "../../helpers/stack";
import { describeTerraform, plannedCreates, planStack } from "../../helpers/terraform";

const MASTER = "arn:aws:iam::111122223333:role/search-admin";
const ANALYST = "arn:aws:iam::111122223333:role/analyst";
const FN = "arn:aws:lambda:eu-west-1:111122223333:function:opensearch-formatter";
const DOMAIN: SecureOpenSearchDomainProps = { domainName: "acme-search", masterUserArn: MASTER, accessPrincipalArns: [ANALYST] };
type Res = Record<string, unknown>;

function baseProps(overrides: Partial<RealtimeAnalyticsProps> = {}): RealtimeAnalyticsProps {
  return {
    streamName: "acme-search-events",
    domain: DOMAIN,
    indexName: "events",
    backupBucketName: "acme-search-events-backup",
    transform: new LambdaProcessor({ functionArn: FN }),
    ...overrides,
  };
}

/** The plan test's stack: a created domain (no VPC) and a serverless destination side by side. */
function buildStack(stack: TerraformStack): { analytics: RealtimeAnalytics; serverless: FirehoseDeliveryStream } {
  const analytics = new RealtimeAnalytics(stack, "Search", baseProps());
  const serverlessBackup = new SecureBucket(stack, "ServerlessBackup", { bucketName: "acme-aoss-backup" });
  const serverless = new FirehoseDeliveryStream(stack, "Serverless", {
    name: "acme-aoss-events",
    destination: new OpenSearchServerlessDestination({
      collectionEndpoint: "https://abc123def456.eu-west-1.aoss.amazonaws.com",
      collectionArn: "arn:aws:aoss:eu-west-1:111122223333:collection/abc123def456",
      indexName: "events",
      backup: { bucket: serverlessBackup },
    }),
  });
  return { analytics, serverless };
}

describeTerraform("RealtimeAnalytics and OpenSearch Serverless: terraform validate and plan", () => {
  test("validate and plan succeed offline with the domain, policies, stream and serverless destination", () => {
    const { plan } = planStack("realtime", (stack) => {
      addTestProvider(stack);
      buildStack(stack);
    });
    expect(plannedCreates(plan, "aws_opensearch_domain")).toHaveLength(1);
    expect(plannedCreates(plan, "aws_opensearch_domain_policy")).toHaveLength(1);
    expect(plannedCreates(plan, "aws_cloudwatch_log_resource_policy")).toHaveLength(1);
    expect(plannedCreates(plan, "aws_kinesis_firehose_delivery_stream")).toHaveLength(2);
    const serverless = (plan.resource_changes ?? []).find((c) => c.type === "aws_kinesis_firehose_delivery_stream" && (c.change.after as Res)?.name === "acme-aoss-events");
    expect((serverless?.change.after as Res).destination).toBe("opensearchserverless");
  });
});
