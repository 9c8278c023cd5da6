import { Construct } from "constructs";
import { Validator } from "../../modules/core/validation";
import { DataLakeIngestion, DataLakeIngestionProps, dataLakeLayout } from "../../modules/data-lake-ingestion/data-lake-ingestion";
import { validatePartitionerFields } from "../../modules/data-lake-ingestion/partitioner";
import { PartitionPreviewConfig } from "../../modules/data-lake-ingestion/preview";
import { PipelineContext, PipelineKind } from "./types";
import type { DataLakePipelineConfig } from "../config/pipelines";

export type { DataLakePipelineConfig };

/** The layout-related props of a pipeline, shared by `build` and the preview. */
function layoutProps(c: DataLakePipelineConfig): Pick<DataLakeIngestionProps, "partitioning" | "partitioner" | "customTimeZone" | "dataPrefix" | "errorPrefix" | "prefix" | "errorOutputPrefix"> {
  const partitioned = c.partitionKeys !== undefined || c.lambdaPartitioning !== undefined || c.partitioner !== undefined;
  const { prefix, errorOutputPrefix, customTimeZone, partitioner } = c;
  return {
    prefix, errorOutputPrefix, customTimeZone, partitioner,
    dataPrefix: prefix === undefined ? `${c.name}/` : undefined, errorPrefix: errorOutputPrefix === undefined ? `errors/${c.name}/` : undefined,
    partitioning: partitioned ? { partitionKeys: c.partitionKeys, lambda: c.lambdaPartitioning, deAggregation: c.deAggregation } : undefined,
  };
}

/** What `previewPartitions` needs for this pipeline: the same prefixes `build` deploys. */
export const dataLakePreviewConfig = (c: DataLakePipelineConfig): PartitionPreviewConfig => dataLakeLayout(layoutProps(c));

/** Glue names allow lowercase letters, digits and `_` only. */
const glueName = (...parts: string[]) => parts.join("_").toLowerCase().replace(/[^a-z0-9_]/g, "_");

export const dataLakePipeline: PipelineKind<DataLakePipelineConfig> = {
  kind: "data-lake",
  validate(v: Validator, c: DataLakePipelineConfig, path: string) {
    if (c.partitionKeys !== undefined) v.require(c.partitionKeys !== null && typeof c.partitionKeys === "object" && Object.keys(c.partitionKeys).length > 0, `${path}.partitionKeys`, "C2", "partitionKeys must map at least one key to a jq expression", c.partitionKeys);
    if (c.partitioner !== undefined) {
      if (c.lambdaPartitioning !== undefined) v.error(`${path}.partitioner`, "C2", "give either partitioner (deploy the built-in function) or lambdaPartitioning (your function), not both", c.partitioner);
      validatePartitionerFields(v, c.partitioner, `${path}.partitioner`, "C2");
    }
    if (c.streamEncryption !== undefined) v.oneOf(c.streamEncryption, ["aws-owned", "customer-managed"], `${path}.streamEncryption`, "C2", "streamEncryption");
    if (c.formatConversion !== undefined) v.require(Array.isArray(c.formatConversion.columns) && c.formatConversion.columns.length > 0, `${path}.formatConversion.columns`, "C2", "format conversion needs the Glue columns of the records", c.formatConversion.columns);
  },
  build(scope: Construct, c: DataLakePipelineConfig, ctx: PipelineContext) {
    const [name, fc] = [ctx.naming.name(c.name), c.formatConversion];
    const bucket = (suffix: string) => ({ bucketName: ctx.naming.dnsName(63, c.name, suffix), lifecycle: c.lifecycle, forceDestroy: c.forceDestroy });
    new DataLakeIngestion(scope, "DataLake", {
      ...layoutProps(c),
      streamName: name, accountId: ctx.env.accountId, partitioner: c.partitioner && { ...c.partitioner, region: ctx.env.region },
      createStreamKey: c.streamEncryption === "customer-managed",
      encryption: c.streamEncryption === "aws-owned" ? { type: "AWS_OWNED" } : ctx.encryption?.encryption,
      encryptionKey: ctx.encryption?.encryptionKey,
      logging: { retentionDays: c.logRetentionDays }, bucketProps: bucket("data"),
      bufferingSizeMiB: c.bufferingSizeMiB, bufferingIntervalSeconds: c.bufferingIntervalSeconds, compression: c.compression, fileExtension: c.fileExtension,
      formatConversion: fc && { output: fc.output, schema: { databaseName: glueName(ctx.naming.prefix, c.name), tableName: glueName(c.name), columns: fc.columns, description: `Records of Firehose stream ${name}` } },
      backup: c.backup ? { bucketProps: bucket("backup"), prefix: `${c.name}/` } : undefined,
    });
  },
};
