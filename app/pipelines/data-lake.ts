import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import { Validator } from "../../modules/core/validation";
import { DataLakeIngestion, DataLakeIngestionProps, dataLakeLayout } from "../../modules/data-lake-ingestion/data-lake-ingestion";
import { PARTITIONER_TIME_KEYS } from "../../modules/data-lake-ingestion/partitioner";
import { PartitionPreviewConfig } from "../../modules/data-lake-ingestion/preview";
import { PipelineContext, PipelineKind } from "./types";
import type { DataLakePipelineConfig } from "../config/pipelines";

export type { DataLakePipelineConfig };

/** The layout-related props of a pipeline, shared by `build` and the preview. */
function layoutProps(c: DataLakePipelineConfig): Pick<DataLakeIngestionProps, "partitioning" | "partitioner" | "customTimeZone" | "dataPrefix" | "errorPrefix" | "prefix" | "errorOutputPrefix"> {
  const partitioned = c.partitionKeys !== undefined || c.lambdaPartitioning !== undefined || c.partitioner !== undefined;
  return {
    dataPrefix: c.prefix === undefined ? `${c.name}/` : undefined,
    errorPrefix: c.errorOutputPrefix === undefined ? `errors/${c.name}/` : undefined,
    prefix: c.prefix,
    errorOutputPrefix: c.errorOutputPrefix,
    customTimeZone: c.customTimeZone,
    partitioning: partitioned ? { partitionKeys: c.partitionKeys, lambda: c.lambdaPartitioning, deAggregation: c.deAggregation } : undefined,
    partitioner: c.partitioner,
  };
}

/** What `previewPartitions` needs for this pipeline: the same prefixes `build` deploys. */
export function dataLakePreviewConfig(c: DataLakePipelineConfig): PartitionPreviewConfig {
  return dataLakeLayout(layoutProps(c));
}

/** Glue names allow lowercase letters, digits and `_` only. */
function glueName(...parts: string[]): string {
  return parts.join("_").toLowerCase().replace(/[^a-z0-9_]/g, "_");
}

export const dataLakePipeline: PipelineKind<DataLakePipelineConfig> = {
  kind: "data-lake",
  validate(v: Validator, c: DataLakePipelineConfig, path: string) {
    if (c.partitionKeys !== undefined) {
      v.require(c.partitionKeys !== null && typeof c.partitionKeys === "object" && Object.keys(c.partitionKeys).length > 0, `${path}.partitionKeys`, "C2", "partitionKeys must map at least one key to a jq expression", c.partitionKeys);
    }
    if (c.partitioner !== undefined) {
      if (c.lambdaPartitioning !== undefined) v.error(`${path}.partitioner`, "C2", "give either partitioner (deploy the built-in function) or lambdaPartitioning (your function), not both", c.partitioner);
      const fields = c.partitioner.fields;
      v.require(fields !== null && typeof fields === "object" && Object.keys(fields).length > 0, `${path}.partitioner.fields`, "C2", "the partitioner needs at least one field key, e.g. { table: \"meta.table\" }", fields);
      for (const k of c.partitioner.timeKeys ?? []) v.oneOf(k, PARTITIONER_TIME_KEYS, `${path}.partitioner.timeKeys`, "C2", "time key");
    }
    if (c.streamEncryption !== undefined) v.oneOf(c.streamEncryption, ["aws-owned", "customer-managed"], `${path}.streamEncryption`, "C2", "streamEncryption");
    if (c.formatConversion !== undefined) {
      v.require(Array.isArray(c.formatConversion.columns) && c.formatConversion.columns.length > 0, `${path}.formatConversion.columns`, "C2", "format conversion needs the Glue columns of the records", c.formatConversion.columns);
    }
  },
  build(scope: Construct, c: DataLakePipelineConfig, ctx: PipelineContext) {
    const name = ctx.naming.name(c.name);
    let keyArn: string | undefined;
    if (c.streamEncryption === "customer-managed") {
      keyArn = new KmsKey(scope, "StreamKey", { description: `Encrypts Firehose stream ${name} at rest`, enableKeyRotation: true, deletionWindowInDays: 30 }).arn;
    }
    new DataLakeIngestion(scope, "DataLake", {
      ...layoutProps(c),
      partitioner: c.partitioner ? { ...c.partitioner, functionName: ctx.naming.name(c.name, "partitioner"), region: ctx.env.region } : undefined,
      streamName: name,
      accountId: ctx.env.accountId,
      // An explicit stream key keeps its place; the environment's key then covers the stream's log group.
      encryption: keyArn ? { type: "CUSTOMER_MANAGED", keyArn } : c.streamEncryption === "aws-owned" ? { type: "AWS_OWNED" } : ctx.encryption?.encryption,
      encryptionKey: ctx.encryption?.encryptionKey,
      logging: { retentionDays: c.logRetentionDays },
      bucketProps: { bucketName: ctx.naming.dnsName(63, c.name, "data"), lifecycle: c.lifecycle, forceDestroy: c.forceDestroy },
      bufferingSizeMiB: c.bufferingSizeMiB,
      bufferingIntervalSeconds: c.bufferingIntervalSeconds,
      compression: c.compression,
      fileExtension: c.fileExtension,
      formatConversion: c.formatConversion
        ? {
            output: c.formatConversion.output,
            schema: { databaseName: glueName(ctx.naming.prefix, c.name), tableName: glueName(c.name), columns: c.formatConversion.columns, description: `Records of Firehose stream ${name}` },
          }
        : undefined,
      backup: c.backup
        ? { bucketProps: { bucketName: ctx.naming.dnsName(63, c.name, "backup"), lifecycle: c.lifecycle, forceDestroy: c.forceDestroy }, prefix: `${c.name}/` }
        : undefined,
    });
  },
};
