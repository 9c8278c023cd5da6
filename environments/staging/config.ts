import { defineEnvironment } from "../schema";

/** Staging: production-shaped, smaller and shorter-lived. */
export default defineEnvironment({
  region: "eu-west-1",
  namingPrefix: "fhp-stg",
  tags: { Project: "firehose-pipelines", Owner: "data-platform", CostCenter: "staging" },
  backend: { type: "local" },
  pipelines: [
    {
      // Production-shaped (Parquet, backup) with AWS-owned stream encryption and shorter retention.
      kind: "data-lake",
      name: "app-events",
      partitionKeys: { source: ".source", tenant_id: ".tenant.id" },
      formatConversion: {
        output: { format: "PARQUET", compression: "SNAPPY" },
        columns: [
          { name: "event_id", type: "string", comment: "Unique id set by the producer" },
          { name: "event_type", type: "string" },
          { name: "occurred_at", type: "timestamp", comment: "Producer time, ISO-8601" },
          { name: "user_id", type: "string" },
          { name: "attributes", type: "map<string,string>" },
        ],
      },
      backup: true,
      bufferingSizeMiB: 128,
      bufferingIntervalSeconds: 300,
      logRetentionDays: 30,
      lifecycle: { expirationDays: 180 },
    },
    {
      // Seed 001 real-time analytics, small: one data node, low-latency buffering, failed documents kept 180 days.
      // masterUserArn: the IAM role that administers OpenSearch Security (set your account's role).
      kind: "realtime-analytics",
      name: "search-events",
      domain: { masterUserArn: "arn:aws:iam::123456789012:role/fhp-stg-search-admin", instanceType: "m7g.large.search", volumeSizeGiB: 20 },
      formatter: true, // lambda/opensearch-formatter as the transform (seed 001 "opensearch_formatter")
      preset: "low-latency",
      logRetentionDays: 30,
      lifecycle: { expirationDays: 180 },
    },
  ],
  monitoring: {
    subscriptions: [{ protocol: "email", endpoint: "data-platform-staging@example.com" }],
  },
});
