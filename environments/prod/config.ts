import { defineEnvironment } from "../../app/config/environment";
import { APP_EVENT_COLUMNS } from "../schemas";

/** Production: remote state with locking, long retention. */
export default defineEnvironment({
  region: "us-east-1",
  // Placeholder: set your account. It pins the provider (allowed_account_ids), scopes service-role trust, and
  // lets the Lambda processors re-ingest into their exact stream ARN and the OpenSearch alarms use their ClientId.
  accountId: "210987654321",
  namingPrefix: "fhp-prod",
  tags: { Project: "firehose-pipelines", Owner: "data-platform", CostCenter: "prod", DataClassification: "internal" },
  backend: { type: "s3", bucket: "fhp-terraform-state-prod", key: "firehose-pipelines/prod.tfstate", useLockfile: true },
  // One customer-managed key for the environment's log groups, Lambda environments and Direct PUT streams (README,
  // "Encryption"); buckets, the Kinesis stream, the alarm topic and the domain keep their own keys.
  encryption: "customer-managed",
  pipelines: [
    {
      // Data lake: customer-managed keys (stream and buckets), Parquet with a Glue table, source backup,
      // long retention (no expiry of current objects, a year of noncurrent versions and logs).
      kind: "data-lake",
      name: "app-events",
      partitionKeys: { source: ".source", tenant_id: ".tenant.id" },
      streamEncryption: "customer-managed",
      formatConversion: {
        output: { format: "PARQUET", compression: "SNAPPY", enableDictionaryCompression: true },
        columns: APP_EVENT_COLUMNS,
      },
      backup: true,
      bufferingSizeMiB: 128,
      bufferingIntervalSeconds: 300,
      logRetentionDays: 365,
      lifecycle: { noncurrentVersionExpirationDays: 365 },
    },
    {
      // One Kinesis stream fanned out to the warehouse, a partner API, Splunk and an S3 archive (4 delivery streams:
      // 4 shards serve 8 MiB/s, 2 MiB/s of writes to each). The three secrets are created empty: put their values
      // after the first apply (see README, "Fan-out").
      kind: "fan-out",
      name: "orders-fanout",
      stream: {
        mode: "PROVISIONED",
        shardCount: 4,
        retentionPeriodHours: 168,
        shardLevelMetrics: ["IncomingBytes", "OutgoingBytes", "IteratorAgeMilliseconds", "WriteProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded"],
      },
      expectedWriteMiBPerSecond: 2,
      destinations: [
        {
          kind: "redshift",
          name: "warehouse",
          clusterJdbcUrl: "jdbc:redshift://analytics.c7xk2p9qfrbz.us-east-1.redshift.amazonaws.com:5439/analytics",
          tableName: "orders_raw",
          copyOptions: "JSON 'auto' TIMEFORMAT 'auto'",
          secret: {},
          // No sourceBackup: nothing transforms these records and the archive destination keeps every one of them.
        },
        {
          kind: "http-endpoint",
          name: "partner",
          url: "https://analytics.partner.example.com/api/events",
          endpointName: "PartnerAnalytics",
          secret: {},
          bufferingSizeMiB: 16,
          bufferingIntervalSeconds: 60,
          retryDurationSeconds: 3600,
          commonAttributes: { "X-Source": "orders-fanout", "X-Environment": "production" },
        },
        { kind: "splunk", name: "splunk", hecEndpoint: "https://splunk.example.com:8088", hecEndpointType: "Event", secret: {}, hecAcknowledgmentTimeoutSeconds: 300 },
        { kind: "s3-backup", name: "archive" },
      ],
      logRetentionDays: 365,
    },
    {
      // Real-time analytics: 3-AZ domain with dedicated masters, larger nodes, low-latency buffering.
      // masterUserArn: the IAM role that administers OpenSearch Security (set your account's role).
      kind: "realtime-analytics",
      name: "search-events",
      domain: {
        masterUserArn: "arn:aws:iam::210987654321:role/fhp-prod-search-admin",
        instanceType: "r7g.xlarge.search",
        instanceCount: 3,
        availabilityZones: 3,
        dedicatedMasterInstanceType: "m7g.large.search",
        volumeSizeGiB: 200,
      },
      formatter: true, // lambda/opensearch-formatter as the transform
      preset: "low-latency",
      retryDurationSeconds: 3600,
      logRetentionDays: 365,
    },
  ],
  monitoring: {
    subscriptions: [
      { protocol: "email", endpoint: "data-platform-oncall@example.com" },
      { protocol: "https", endpoint: "https://events.pagerduty.example.com/integration/fhp-prod/enqueue" },
    ],
    thresholds: { deliverySuccess: { threshold: 0.99 }, ingestionLimitPercent: { threshold: 70 } },
  },
});
