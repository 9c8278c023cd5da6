import { defineEnvironment } from "../../app/config/environment";

/** Development: cheap defaults, local state, short retention. */
export default defineEnvironment({
  region: "eu-west-1",
  // Placeholder: set your account. It pins the provider (allowed_account_ids), scopes service-role trust, and
  // lets the Lambda processors re-ingest into their exact stream ARN and the OpenSearch alarms use their ClientId.
  accountId: "111111111111",
  namingPrefix: "fhp-dev",
  tags: { Project: "firehose-pipelines", Owner: "data-platform", CostCenter: "dev" },
  backend: { type: "local" },
  // AWS-owned keys for log groups, Lambda environments and Direct PUT streams: no KMS key cost or key policy to
  // manage here. Buckets and Kinesis streams still use their own customer-managed keys (README, "Encryption").
  encryption: "aws-owned",
  pipelines: [
    {
      // dynamic partitioning by an inline JQ key, hourly time folders; cheap: smallest buffer allowed with
      // partitioning, no conversion, no backup, AWS-owned stream key, short retention.
      kind: "data-lake",
      name: "app-events",
      partitionKeys: { source: ".source" },
      bufferingSizeMiB: 64,
      bufferingIntervalSeconds: 60,
      logRetentionDays: 7,
      lifecycle: { transitionToInfrequentAccessDays: 0, transitionToGlacierDays: 0, expirationDays: 30 },
      forceDestroy: true,
    },
    {
      // application events from EventBridge into the data lake, partitioned by source and detail-type.
      kind: "event-ingestion",
      name: "bus-events",
      eventPattern: { source: [{ prefix: "com.fhp." }] },
      archive: { retentionDays: 7 },
      retryPolicy: { maximumEventAgeSeconds: 3600, maximumRetryAttempts: 20 },
      bufferingSizeMiB: 64,
      bufferingIntervalSeconds: 60,
      logRetentionDays: 7,
      lifecycle: { transitionToInfrequentAccessDays: 0, transitionToGlacierDays: 0, expirationDays: 30 },
      forceDestroy: true,
    },
  ],
  monitoring: {
    subscriptions: [{ protocol: "email", endpoint: "data-platform-dev@example.com" }],
    // Dev streams are often idle or debugged: allow more delay before paging.
    thresholds: { dataFreshness: { marginSeconds: 600 } },
  },
});
