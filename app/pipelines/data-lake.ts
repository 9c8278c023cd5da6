import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import { Validator } from "../../modules/core/validation";
import { RecordDeAggregationProcessorProps } from "../../modules/delivery-stream/processors";
import { S3Compression } from "../../modules/destinations/common";
import { GlueColumn, OrcOutput, ParquetOutput } from "../../modules/data-lake-ingestion/conversion";
import { DataLakeIngestion, DataLakeIngestionProps, dataLakeLayout, LambdaPartitioningProps } from "../../modules/data-lake-ingestion/data-lake-ingestion";
import { PartitionPreviewConfig } from "../../modules/data-lake-ingestion/preview";
import { SecureBucketLifecycleProps } from "../../modules/secure-bucket";
import { FirehoseLambdaProcessor } from "../../modules/lambda-function";
import { PipelineContext, PipelineKind } from "./types";

/** Events into a partitioned, optionally Parquet/ORC-converted data lake (module `DataLakeIngestion`). */
export interface DataLakePipelineConfig {
  readonly kind: "data-lake";
  /** Pipeline name: the stream is `<namingPrefix>-<name>`, buckets `<namingPrefix>-<name>-data` / `-backup`. */
  readonly name: string;
  /** Inline jq 1.6 partition keys, e.g. `{ source: ".source" }` (compiled at synth). */
  readonly partitionKeys?: Record<string, string>;
  /** Partition keys returned by a Lambda function you deployed. Not with `partitioner`. */
  readonly lambdaPartitioning?: LambdaPartitioningProps;
  /**
   * Deploy the built-in `partitioner` Lambda (lambda/partitioner: gunzips when needed, extracts keys from fields and
   * year/month/day/hour from the event time, falling back to the arrival time) as the partitioning function. Its keys
   * become `key=!{partitionKeyFromLambda:key}/` folders, the time keys included (no arrival-time folders then).
   * Not with `lambdaPartitioning`.
   */
  readonly partitioner?: PartitionerConfig;
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

export type PartitionerTimeKey = "year" | "month" | "day" | "hour" | "minute";

/** Settings of the built-in partitioner Lambda (see the header of lambda/partitioner/index.ts). */
export interface PartitionerConfig {
  /** Partition key → dotted field path of the (decompressed) JSON record, e.g. `{ database: "db", table: "meta.table" }`. */
  readonly fields: Record<string, string>;
  /** Dotted path of the event time; records without it use their arrival time. @default arrival time */
  readonly eventTimeField?: string;
  /** `auto`, `iso8601`, `epoch_seconds`, `epoch_millis` or a pattern such as `yyyy-MM-dd HH:mm:ss`. @default "auto" */
  readonly eventTimeFormat?: string;
  /** Time keys returned after the field keys. @default ["year", "month", "day", "hour"] */
  readonly timeKeys?: PartitionerTimeKey[];
  /** Records per invocation, 0.2-3 MB (rule L2); keep it low for gzip input that expands. @default 1 */
  readonly bufferSizeMB?: number;
  /** @default 1024 */
  readonly memorySizeMB?: number;
}

const TIME_KEYS: readonly PartitionerTimeKey[] = ["year", "month", "day", "hour", "minute"];

function partitionerKeys(p: PartitionerConfig): string[] {
  return [...Object.keys(p.fields), ...(p.timeKeys ?? ["year", "month", "day", "hour"])];
}

/** The layout-related props of a pipeline, shared by `build` and the preview. */
function layoutProps(c: DataLakePipelineConfig, partitionerArn = "(partitioner function)"): Pick<DataLakeIngestionProps, "partitioning" | "customTimeZone" | "dataPrefix" | "errorPrefix"> {
  const lambda: LambdaPartitioningProps | undefined = c.partitioner
    ? { functionArn: partitionerArn, partitionKeys: partitionerKeys(c.partitioner), bufferSizeMB: c.partitioner.bufferSizeMB }
    : c.lambdaPartitioning;
  const partitioned = c.partitionKeys !== undefined || lambda !== undefined;
  return {
    dataPrefix: `${c.name}/`,
    errorPrefix: `errors/${c.name}/`,
    customTimeZone: c.customTimeZone,
    partitioning: partitioned
      ? {
          partitionKeys: c.partitionKeys,
          lambda,
          deAggregation: c.deAggregation,
          // The partitioner returns the time keys from the event time: arrival-time folders would contradict them.
          timeFolders: c.partitioner && partitionerKeys(c.partitioner).some((k) => (TIME_KEYS as readonly string[]).includes(k)) ? "" : undefined,
        }
      : undefined,
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
      for (const k of c.partitioner.timeKeys ?? []) v.oneOf(k, TIME_KEYS, `${path}.partitioner.timeKeys`, "C2", "time key");
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
    let partitionerArn: string | undefined;
    if (c.partitioner) {
      const accountId = ctx.env.accountId;
      const functionName = ctx.naming.name(c.name, "partitioner");
      const partitioner = new FirehoseLambdaProcessor(scope, "Partitioner", {
        functionName,
        handler: "partitioner",
        ...ctx.encryption,
        // Overflow goes back into this (Direct PUT) stream; without an account id the exact ARN is unknown, so
        // overflow becomes ProcessingFailed and lands in the error prefix instead.
        // Producers into a stream with a customer-managed SSE key (its own, or the environment's) need that key too.
        reingest: accountId ? { kind: "firehose", deliveryStreamName: name, region: ctx.env.region, accountId, kmsKeyArn: keyArn ?? (c.streamEncryption === "aws-owned" ? undefined : ctx.encryption?.encryptionKey.keyArn) } : { kind: "none" },
        memorySizeMB: c.partitioner.memorySizeMB,
        logRetentionDays: c.logRetentionDays,
        environment: {
          PARTITION_KEYS: JSON.stringify(c.partitioner.fields),
          TIME_PARTITION_KEYS: (c.partitioner.timeKeys ?? ["year", "month", "day", "hour"]).join(","),
          ...(c.partitioner.eventTimeField ? { EVENT_TIME_FIELD: c.partitioner.eventTimeField } : {}),
          ...(c.partitioner.eventTimeFormat ? { EVENT_TIME_FORMAT: c.partitioner.eventTimeFormat } : {}),
        },
      });
      partitionerArn = partitioner.functionArn;
    }
    new DataLakeIngestion(scope, "DataLake", {
      ...layoutProps(c, partitionerArn),
      // The built-in partitioner ends every record with "\n" itself (OUTPUT_MODE newline): no second delimiter.
      appendDelimiter: c.partitioner ? false : undefined,
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
