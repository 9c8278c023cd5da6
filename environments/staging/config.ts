import { defineEnvironment } from "../../app/config/environment";
import { APP_EVENT_COLUMNS } from "../schemas";

/** Staging: production-shaped, smaller and shorter-lived. */
export default defineEnvironment({
  region: "eu-west-1",
  // Placeholder: set your account. It pins the provider (allowed_account_ids), scopes service-role trust, and
  // lets the Lambda processors re-ingest into their exact stream ARN and the OpenSearch alarms use their ClientId.
  accountId: "123456789012",
  namingPrefix: "fhp-stg",
  tags: { Project: "firehose-pipelines", Owner: "data-platform", CostCenter: "staging" },
  backend: { type: "local" },
  // AWS-owned keys for log groups, Lambda environments and Direct PUT streams: no KMS key cost or key policy to
  // manage here. Buckets and Kinesis streams still use their own customer-managed keys (README, "Encryption").
  encryption: "aws-owned",
  pipelines: [
    {
      // Production-shaped (Parquet, backup) with AWS-owned stream encryption and shorter retention.
      kind: "data-lake",
      name: "app-events",
      partitionKeys: { source: ".source", tenant_id: ".tenant.id" },
      formatConversion: {
        output: { format: "PARQUET", compression: "SNAPPY" },
        columns: APP_EVENT_COLUMNS,
      },
      backup: true,
      bufferingSizeMiB: 128,
      bufferingIntervalSeconds: 300,
      logRetentionDays: 30,
      lifecycle: { expirationDays: 180 },
    },
    {
      // gzip-compressed change records partitioned by a Lambda function on database/table and the
      // event time (data/database=/table=/year=/month=/day=/hour=/), with the built-in partitioner.
      kind: "data-lake",
      name: "cdc-events",
      partitioner: {
        fields: { database: "database", table: "table" },
        eventTimeField: "event_time",
        bufferSizeMB: 0.5,
      },
      bufferingSizeMiB: 64,
      bufferingIntervalSeconds: 120,
      logRetentionDays: 30,
      lifecycle: { expirationDays: 180 },
    },
    {
      // Real-time analytics, small: one data node, low-latency buffering, failed documents kept 180 days.
      // masterUserArn: the IAM role that administers OpenSearch Security (set your account's role).
      kind: "realtime-analytics",
      name: "search-events",
      domain: { masterUserArn: "arn:aws:iam::123456789012:role/fhp-stg-search-admin", instanceType: "m7g.large.search", volumeSizeGiB: 20 },
      formatter: true, // lambda/opensearch-formatter as the transform
      preset: "low-latency",
      logRetentionDays: 30,
      lifecycle: { expirationDays: 180 },
    },
  ],
  monitoring: {
    subscriptions: [{ protocol: "email", endpoint: "data-platform-staging@example.com" }],
  },
});
