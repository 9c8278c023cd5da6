import { defineEnvironment } from "../schema";

/** Production: remote state with locking, long retention. */
export default defineEnvironment({
  region: "us-east-1",
  namingPrefix: "fhp-prod",
  tags: { Project: "firehose-pipelines", Owner: "data-platform", CostCenter: "prod", DataClassification: "internal" },
  backend: { type: "s3", bucket: "fhp-terraform-state-prod", key: "firehose-pipelines/prod.tfstate", useLockfile: true },
  pipelines: [
    {
      kind: "s3-delivery",
      name: "app-events",
      partitionKeys: { source: ".source", tenant: ".tenant.id" },
      bufferingSizeMiB: 128,
      bufferingIntervalSeconds: 300,
      logRetentionDays: 365,
    },
  ],
});
