import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import { Validator } from "../../modules/core/validation";
import { RecordDeAggregationProcessorProps } from "../../modules/delivery-stream/processors";
import { S3Compression } from "../../modules/destinations/common";
import { GlueColumn, OrcOutput, ParquetOutput } from "../../modules/data-lake-ingestion/conversion";
import { DataLakeIngestion, DataLakeIngestionProps, dataLakeLayout, LambdaPartitioningProps } from "../../modules/data-lake-ingestion/data-lake-ingestion";
import { PartitionPreviewConfig } from "../../modules/data-lake-ingestion/preview";
import { SecureBucketLifecycleProps } from "../../modules/secure-bucket";
import { PipelineContext, PipelineKind } from "./types";

/** Events into a partitioned, optionally Parquet/ORC-converted data lake (module `DataLakeIngestion`). */
export interface DataLakePipelineConfig {
  readonly kind: "data-lake";
  /** Pipeline name: the stream is `<namingPrefix>-<name>`, buckets `<namingPrefix>-<name>-data` / `-backup`. */
  readonly name: string;
  /** Inline jq 1.6 partition keys, e.g. `{ source: ".source" }` (compiled at synth). */
  readonly partitionKeys?: Record<string, string>;
  /** Partition keys returned by a Lambda function. */
  readonly lambdaPartitioning?: LambdaPartitioningProps;
  /** Split aggregated records before partitioning (a newline is then appended to each record). */
  readonly deAggregation?: RecordDeAggregationProcessorProps;
  /** IANA time zone of the time folders. @default "UTC" */
  readonly customTimeZone?: string;
  /** @default 128 with partitioning or conversion, else 5 */
  readonly bufferingSizeMiB?: number;
  /** @default 300 */
  readonly bufferingIntervalSeconds?: number;
  /** Object compression without conversion. @default "GZIP" */
  readonly compression?: S3Compression;
  /** Stream encryption at rest: a created customer-managed KMS key (rotated) or the AWS-owned key. @default "aws-owned" */
  readonly streamEncryption?: "aws-owned" | "customer-managed";
  /** Convert to Parquet/ORC with a Glue table `<prefix>_<name>.<name>` created from `columns`. */
  readonly formatConversion?: { readonly output: ParquetOutput | OrcOutput; readonly columns: GlueColumn[] };
  /** Back up every source record to a separate hardened bucket. @default false */
  readonly backup?: boolean;
  /** @default 30 */
  readonly logRetentionDays?: number;
  /** Lifecycle of the data bucket (and the backup bucket). @default IA at 30 days, Glacier IR at 90, noncurrent versions expire at 90 */
  readonly lifecycle?: SecureBucketLifecycleProps;
  /** @default false */
  readonly forceDestroy?: boolean;
}

/** The layout-related props of a pipeline, shared by `build` and the preview. */
function layoutProps(c: DataLakePipelineConfig): Pick<DataLakeIngestionProps, "partitioning" | "customTimeZone" | "dataPrefix" | "errorPrefix"> {
  const partitioned = c.partitionKeys !== undefined || c.lambdaPartitioning !== undefined;
  return {
    dataPrefix: `${c.name}/`,
    errorPrefix: `errors/${c.name}/`,
    customTimeZone: c.customTimeZone,
    partitioning: partitioned ? { partitionKeys: c.partitionKeys, lambda: c.lambdaPartitioning, deAggregation: c.deAggregation } : undefined,
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
      v.require(c.partitionKeys !== null && typeof c.partitionKeys === "object" && Object.keys(c.partitionKeys).length > 0, `${path}.partitionKeys`, "ENV", "partitionKeys must map at least one key to a jq expression", c.partitionKeys);
    }
    if (c.streamEncryption !== undefined) v.oneOf(c.streamEncryption, ["aws-owned", "customer-managed"], `${path}.streamEncryption`, "ENV", "streamEncryption");
    if (c.formatConversion !== undefined) {
      v.require(Array.isArray(c.formatConversion.columns) && c.formatConversion.columns.length > 0, `${path}.formatConversion.columns`, "ENV", "format conversion needs the Glue columns of the records", c.formatConversion.columns);
    }
  },
  build(scope: Construct, c: DataLakePipelineConfig, ctx: PipelineContext) {
    const name = ctx.naming.name(c.name);
    let keyArn: string | undefined;
    if (c.streamEncryption === "customer-managed") {
      keyArn = new KmsKey(scope, "StreamKey", { description: `Encrypts Firehose stream ${name} at rest`, enableKeyRotation: true, deletionWindowInDays: 30 }).arn;
    }
    // Named after the pipeline: the stack names each stream's output after the stream's parent construct.
    const lake = new DataLakeIngestion(scope, c.name, {
      ...layoutProps(c),
      streamName: name,
      accountId: ctx.env.accountId,
      encryption: keyArn ? { type: "CUSTOMER_MANAGED", keyArn } : undefined,
      logging: { retentionDays: c.logRetentionDays },
      bucketProps: { bucketName: ctx.naming.dnsName(63, c.name, "data"), lifecycle: c.lifecycle, forceDestroy: c.forceDestroy },
      bufferingSizeMiB: c.bufferingSizeMiB,
      bufferingIntervalSeconds: c.bufferingIntervalSeconds,
      compression: c.compression,
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
    ctx.resources.deliveryStreams.push(lake.stream);
  },
};
