import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { FanOut, FanOutDestination, FanOutProps } from "../../../modules";
import { addTestProvider } from "../../helpers/stack";
import { describeTerraform, planStack, plannedCreates } from "../../helpers/terraform";

const JDBC = "jdbc:redshift://analytics.abc123xyz.eu-west-1.redshift.amazonaws.com:5439/analytics";
const PARTNER_SECRET = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:partner/api-key-AbCdEf";

const ALL_KINDS: FanOutDestination[] = [
  { kind: "redshift", name: "warehouse", clusterJdbcUrl: JDBC, tableName: "orders_raw", copyOptions: "JSON 'auto'", secret: {}, sourceBackup: true },
  { kind: "http-endpoint", name: "partner", url: "https://analytics.partner.example.com/api/events", secret: { secretArn: PARTNER_SECRET }, bufferingSizeMiB: 16 },
  { kind: "splunk", name: "splunk", hecEndpoint: "https://splunk.example.com:8088", hecEndpointType: "Event", secret: {} },
  { kind: "s3-backup", name: "archive" },
];

function fanOut(scope: Construct, overrides: Partial<FanOutProps> = {}): FanOut {
  return new FanOut(scope, "orders", {
    name: "acme-orders",
    stream: { mode: "PROVISIONED", shardCount: 2, retentionPeriodHours: 48 },
    backupBucketProps: { bucketName: "acme-orders-backup" },
    destinations: ALL_KINDS,
    ...overrides,
  });
}

describeTerraform("FanOut with all four kinds (terraform validate + plan)", () => {
  let result: ReturnType<typeof planStack>;
  beforeAll(() => {
    result = planStack("fanout", (stack: TerraformStack) => {
      addTestProvider(stack);
      fanOut(stack);
    });
  }, 240_000);

  test("validates and plans the stream, four delivery streams, two empty secrets and no secret value", () => {
    expect(JSON.parse(result.validate).valid).toBe(true);
    expect(plannedCreates(result.plan, "aws_kinesis_stream")).toHaveLength(1);
    expect(plannedCreates(result.plan, "aws_kinesis_firehose_delivery_stream")).toHaveLength(4);
    expect(plannedCreates(result.plan, "aws_secretsmanager_secret")).toHaveLength(2);
    expect(plannedCreates(result.plan, "aws_secretsmanager_secret_version")).toHaveLength(0);
    const sensitive = JSON.stringify(result.plan);
    expect(sensitive).not.toMatch(/"(password|hec_token|access_key)":"[^"]+"/);
  });
});
