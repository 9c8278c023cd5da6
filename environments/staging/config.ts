import { defineEnvironment } from "../schema";

/** Staging: production-shaped, smaller and shorter-lived. */
export default defineEnvironment({
  region: "eu-west-1",
  namingPrefix: "fhp-stg",
  tags: { Project: "firehose-pipelines", Owner: "data-platform", CostCenter: "staging" },
  backend: { type: "local" },
  pipelines: [
    {
      kind: "s3-delivery",
      name: "app-events",
      partitionKeys: { source: ".source", tenant: ".tenant.id" },
      bufferingSizeMiB: 128,
      bufferingIntervalSeconds: 300,
      logRetentionDays: 30,
      lifecycle: { expirationDays: 180 },
    },
  ],
});
