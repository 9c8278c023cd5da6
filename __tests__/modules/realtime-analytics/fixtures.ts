/** Builders and constants shared by the unit and plan tests of this folder. */
import { TerraformStack } from "cdktf";
import { FirehoseDeliveryStream, LambdaProcessor, OpenSearchServerlessDestination, RealtimeAnalytics, RealtimeAnalyticsProps, SecureBucket, SecureOpenSearchDomainProps } from "../../../modules";

export const MASTER = "arn:aws:iam::111122223333:role/search-admin";

export const ANALYST = "arn:aws:iam::111122223333:role/analyst";

export const FN = "arn:aws:lambda:eu-west-1:111122223333:function:opensearch-formatter";

export const DOMAIN: SecureOpenSearchDomainProps = { domainName: "acme-search", masterUserArn: MASTER, accessPrincipalArns: [ANALYST] };

export type Res = Record<string, unknown>;

export function baseProps(overrides: Partial<RealtimeAnalyticsProps> = {}): RealtimeAnalyticsProps {
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
export function buildStack(stack: TerraformStack): { analytics: RealtimeAnalytics; serverless: FirehoseDeliveryStream } {
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
