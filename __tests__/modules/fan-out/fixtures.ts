/** Builders and constants shared by the unit and plan tests of this folder. */
import { Construct } from "constructs";
import { FanOut, FanOutDestination, FanOutProps } from "../../../modules";

export const JDBC = "jdbc:redshift://analytics.abc123xyz.eu-west-1.redshift.amazonaws.com:5439/analytics";

export const PARTNER_SECRET = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:partner/api-key-AbCdEf";

export const ALL_KINDS: FanOutDestination[] = [
  { kind: "redshift", name: "warehouse", clusterJdbcUrl: JDBC, tableName: "orders_raw", copyOptions: "JSON 'auto'", secret: {}, sourceBackup: true },
  { kind: "http-endpoint", name: "partner", url: "https://analytics.partner.example.com/api/events", secret: { secretArn: PARTNER_SECRET }, bufferingSizeMiB: 16 },
  { kind: "splunk", name: "splunk", hecEndpoint: "https://splunk.example.com:8088", hecEndpointType: "Event", secret: {} },
  { kind: "s3-backup", name: "archive" },
];

export function fanOut(scope: Construct, overrides: Partial<FanOutProps> = {}): FanOut {
  return new FanOut(scope, "orders", {
    name: "acme-orders",
    stream: { mode: "PROVISIONED", shardCount: 2, retentionPeriodHours: 48 },
    backupBucketProps: { bucketName: "acme-orders-backup" },
    destinations: ALL_KINDS,
    ...overrides,
  });
}
