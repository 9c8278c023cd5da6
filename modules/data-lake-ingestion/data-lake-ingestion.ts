import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { EncryptionChoice, EncryptionKeyRef } from "../core/encryption";
import { requireProps, Validator } from "../core/validation";
import { FirehoseDeliveryStream, StreamEncryption, StreamLoggingProps } from "../delivery-stream/delivery-stream";
import { HOURLY_TIME_FOLDERS, hivePartitionPrefix, partitionErrorPrefix } from "../delivery-stream/prefixes";
import {
  AppendDelimiterToRecordProcessor,
  IProcessor,
  LambdaProcessor,
  LambdaProcessorProps,
  MetadataExtractionProcessor,
  RecordDeAggregationProcessor,
  RecordDeAggregationProcessorProps,
} from "../delivery-stream/processors";
import { ISource } from "../delivery-stream/sources";
import { BucketRef, S3BackupRuleInput, S3Compression } from "../destinations/common";
import { ExtendedS3Destination, ExtendedS3DestinationProps, ExtendedS3RuleInput, validateExtendedS3 } from "../destinations/s3";
import { SecureBucket, SecureBucketProps, validateBucketName } from "../secure-bucket/secure-bucket";
import { PathMap, PathMappedValidator, validateStreamName } from "../delivery-stream/validation";
import {
  ExistingGlueTable,
  existingGlueTableRef,
  FormatConversionOptions,
  GlueSchemaProps,
  GlueSchemaTable,
  GlueTableRef,
  RecordFormatConversion,
  validateExistingGlueTable,
  validateFormatConversionOptions,
  validateGlueSchema,
} from "./conversion";
import { PartitionPreviewConfig } from "./preview";
import type { FirehoseLambdaProcessor } from "../lambda-function/lambda-function";
import { grantReingestKey } from "../lambda-function/reingest";
import { createPartitioner, DataLakePartitionerProps, validatePartitioner, withPartitioner } from "./partitioner";

/** Partitioning by a Lambda function that returns `metadata.partitionKeys` (rule DP7). */
export interface LambdaPartitioningProps extends LambdaProcessorProps {
  /** Keys the function returns, used as `key=!{partitionKeyFromLambda:key}/` folders in this order. */
  readonly partitionKeys: string[];
}

/** Dynamic partitioning: by inline jq keys, by a Lambda function, or both. */
export interface DataLakePartitioningProps {
  /**
   * Partition keys and the jq 1.6 expression computing each, e.g. `{ source: ".source", tenant: ".tenant.id" }`;
   * each becomes a `key=!{partitionKeyFromQuery:key}/` folder, in this order. Expressions are compiled at synth.
   */
  readonly partitionKeys?: Record<string, string>;
  /** Keys computed by a Lambda function (any function ARN). */
  readonly lambda?: LambdaPartitioningProps;
  /** Split aggregated records (JSON lines or delimited) before partitioning (rule DP11). @default none */
  readonly deAggregation?: RecordDeAggregationProcessorProps;
  /**
   * Append a newline to every record (rule DP12): needed after de-aggregation, and for JSON objects that Athena and
   * Glue can split. Same as the top-level `appendDelimiter`, which it overrides when given.
   * @default true with deAggregation or JSON output (no format conversion)
   */
  readonly appendDelimiter?: boolean;
  /** Time folders after the key folders (Java DateTimeFormatter in `!{timestamp:...}`). @default `year=!{timestamp:yyyy}/month=.../day=.../hour=.../` */
  readonly timeFolders?: string;
  /** How long Firehose retries delivering to a partition, 0-7200 s (rule DP13). @default 300 */
  readonly retryDurationSeconds?: number;
}

/** Format conversion with a Glue table created from `schema` or an existing `table` (exactly one). */
export interface DataLakeFormatConversionProps extends FormatConversionOptions {
  /** Create a Glue database and table with these columns (partition columns are added from the prefix). */
  readonly schema?: Omit<GlueSchemaProps, "partitionColumns">;
  /** Use this existing Glue table. */
  readonly table?: ExistingGlueTable;
}

/** Backup of every source record, before transformation (rule L12: it cannot be disabled once enabled). */
export interface DataLakeBackupProps {
  /** An existing bucket for the backup. Give at most one of `bucket` and `bucketProps`. @default the data bucket */
  readonly bucket?: BucketRef;
  /** Create a hardened bucket for the backup. */
  readonly bucketProps?: SecureBucketProps;
  /** @default "backup/" */
  readonly prefix?: string;
  readonly errorOutputPrefix?: string;
  /** 1-128 MiB (rule B2). @default 5 */
  readonly bufferingSizeMiB?: number;
  /** 1-900 s (rules B2, B12). @default 300 */
  readonly bufferingIntervalSeconds?: number;
  /** @default "GZIP" */
  readonly compression?: S3Compression;
}

export interface DataLakeIngestionProps {
  /** Delivery stream name: 1-64 of `[a-zA-Z0-9_.-]`. */
  readonly streamName: string;
  /** @default Direct PUT */
  readonly source?: ISource;
  /** @default AWS-owned key for Direct PUT */
  readonly encryption?: StreamEncryption | EncryptionChoice;
  /** The key of `encryption: "customer-managed"` (stream SSE and log group). @default one created for this pipeline */
  readonly encryptionKey?: EncryptionKeyRef;
  /**
   * Create a KMS key (rotated, 30-day deletion window) for the server-side encryption of this stream only, described
   * `Encrypts Firehose stream <streamName> at rest`. `encryptionKey` (with `encryption: "customer-managed"`) still
   * covers the log group and the created functions. Direct PUT only (rule S2); not with an explicit `encryption`
   * object or `"aws-owned"`. Producers need `kms:GenerateDataKey` on it. @default false
   */
  readonly createStreamKey?: boolean;
  /** @default enabled, 30 days */
  readonly logging?: StreamLoggingProps;
  /** Scopes the role's trust to this account (confused-deputy guard). */
  readonly accountId?: string;
  /** @default `<streamName>-firehose` */
  readonly roleName?: string;
  readonly tags?: Record<string, string>;
  /** An existing data bucket. Exactly one of `bucket` and `bucketProps`. */
  readonly bucket?: BucketRef;
  /** Create the data bucket (SSE-KMS with a rotated key, versioning, TLS-only, lifecycle, access logs). */
  readonly bucketProps?: SecureBucketProps;
  /** Start of the data prefix; key and time folders follow. Not with `prefix`. @default "raw/" */
  readonly dataPrefix?: string;
  /** Start of the error prefix; `!{firehose:error-output-type}/` and date folders follow. Not with `errorOutputPrefix`. @default "errors/" */
  readonly errorPrefix?: string;
  /** The complete prefix, instead of the generated one (its partitionKeyFromQuery keys must equal the jq keys, rule DP6). */
  readonly prefix?: string;
  /** The complete error prefix; with expressions it must contain `!{firehose:error-output-type}` (rule DP16). */
  readonly errorOutputPrefix?: string;
  readonly partitioning?: DataLakePartitioningProps;
  /** Deploy the built-in partitioner Lambda as the partitioning function (see {@link DataLakePartitionerProps}). @default none */
  readonly partitioner?: DataLakePartitionerProps;
  /**
   * Append a newline to every record (`AppendDelimiterToRecord`). Without it, JSON objects are concatenated into one
   * line that Athena and Glue cannot split, unless every producer ends its records with `\n`: set `false` only then.
   * @default true for JSON output (no format conversion) and with de-aggregation, false with format conversion
   */
  readonly appendDelimiter?: boolean;
  /**
   * A Lambda function that transforms (cleanses, enriches) records before partitioning and conversion, and returns no
   * partition keys. Firehose runs one Lambda processor per stream: when the function also returns partition keys, give
   * it as `partitioning.lambda` instead (never both). @default no transformation
   */
  readonly transform?: LambdaProcessorProps;
  /** IANA time zone of `!{timestamp:...}`, e.g. `Europe/Paris` (rule DP19). @default "UTC" */
  readonly customTimeZone?: string;
  /** 1-128 MiB; at least 64 with partitioning or conversion (rules B9, B11). @default 5, or 128 with partitioning/conversion */
  readonly bufferingSizeMiB?: number;
  /** 0-900 s; at least 60 with partitioning (rule B10). @default 300 */
  readonly bufferingIntervalSeconds?: number;
  /** Object compression; must be UNCOMPRESSED with conversion (rule F6). @default "GZIP", or "UNCOMPRESSED" with conversion */
  readonly compression?: S3Compression;
  /** e.g. `.json.gz` (rule DP19). */
  readonly fileExtension?: string;
  /** Convert JSON records to Parquet or ORC. */
  readonly formatConversion?: DataLakeFormatConversionProps;
  /** Back up every source record. @default no backup */
  readonly backup?: DataLakeBackupProps;
}

/** Names of Hive-style folders (`name=!{...}/`) of a prefix, in order: the partition columns query engines see. */
export function hivePartitionColumns(prefix: string): string[] {
  return [...prefix.matchAll(/([A-Za-z0-9_]+)=!\{/g)].map((m) => m[1]);
}

/** The static start of a prefix (up to the first expression), e.g. `raw/` for `raw/source=!{...}/`. */
function staticPart(prefix: string): string {
  const i = prefix.indexOf("!{");
  const head = i === -1 ? prefix : prefix.slice(0, i);
  return head.slice(0, head.lastIndexOf("/") + 1);
}

/**
 * The prefixes and keys a data-lake stream uses, computed from its props without creating anything. The construct
 * and `previewPartitions` both use it, so the preview shows exactly what is deployed.
 */
export function dataLakeLayout(
  props: Pick<DataLakeIngestionProps, "prefix" | "errorOutputPrefix" | "dataPrefix" | "errorPrefix" | "partitioning" | "partitioner" | "customTimeZone">,
): PartitionPreviewConfig {
  const p = withPartitioner(props).partitioning;
  const queryKeys = Object.keys(p?.partitionKeys ?? {});
  const lambdaKeys = p?.lambda?.partitionKeys ?? [];
  const base = props.dataPrefix ?? "raw/";
  const timeFolders = p?.timeFolders ?? HOURLY_TIME_FOLDERS;
  const prefix =
    props.prefix ??
    `${base}${queryKeys.map((k) => `${k}=!{partitionKeyFromQuery:${k}}/`).join("")}${hivePartitionPrefix("", lambdaKeys, "partitionKeyFromLambda", timeFolders)}`;
  return {
    prefix,
    errorOutputPrefix: props.errorOutputPrefix ?? partitionErrorPrefix(props.errorPrefix ?? "errors/"),
    partitionKeys: queryKeys.length > 0 ? p!.partitionKeys : undefined,
    lambdaPartitionKeys: lambdaKeys.length > 0 ? lambdaKeys : undefined,
    customTimeZone: props.customTimeZone,
  };
}

/**
 * Events into an S3 data lake: hardened buckets, dynamic partitioning by jq 1.6 keys and/or a Lambda function,
 * Parquet/ORC conversion with a Glue schema, source-record backup, and buffering that follows Firehose's rules,
 * all validated at synth before any resource exists. Built on `FirehoseDeliveryStream` + `ExtendedS3Destination`.
 */
export class DataLakeIngestion extends Construct {
  public readonly stream: FirehoseDeliveryStream;
  /** The bucket data lands in (created or given). */
  public readonly bucket: BucketRef;
  /** The created data bucket, when this construct created it. */
  public readonly dataBucket?: SecureBucket;
  /** The backup bucket (created or given), when backup is on. */
  public readonly backupBucket?: BucketRef;
  /** The created Glue database and table, when conversion creates them. */
  public readonly glueTable?: GlueSchemaTable;
  /** The Glue table the conversion reads its schema from. */
  public readonly glueTableRef?: GlueTableRef;
  /** Prefixes, keys and time zone: pass to `previewPartitions` to see where records land. */
  public readonly previewConfig: PartitionPreviewConfig;
  public readonly prefix: string;
  public readonly errorOutputPrefix: string;
  /** The built-in partitioner function, when `partitioner` is given. */
  public readonly partitioner?: FirehoseLambdaProcessor;
  /** The stream's own SSE key, when `createStreamKey` is set. */
  public readonly streamKey?: KmsKey;

  constructor(scope: Construct, id: string, givenProps: DataLakeIngestionProps) {
    super(scope, id);
    requireProps(new Validator(this), givenProps);
    // The props of what is created before the other checks (they need its ARNs) are checked first.
    const early = new Validator(this);
    validatePartitioner(early, givenProps);
    validateCreateStreamKey(early, givenProps);
    early.throwIfErrors();
    if (givenProps.createStreamKey) {
      this.streamKey = new KmsKey(this, "StreamKey", { description: `Encrypts Firehose stream ${givenProps.streamName} at rest`, enableKeyRotation: true, deletionWindowInDays: 30, tags: givenProps.tags });
    }
    if (givenProps.partitioner) this.partitioner = createPartitioner(this, "Partitioner", givenProps.partitioner, givenProps);
    const props = withPartitioner(givenProps, this.partitioner?.functionArn);
    const layout = dataLakeLayout(props);
    this.previewConfig = layout;
    this.prefix = layout.prefix;
    this.errorOutputPrefix = layout.errorOutputPrefix;

    const v = new Validator(this);
    this.validateProps(v, props);
    const processors = this.processors(props);
    const columnNames = props.formatConversion?.schema?.columns?.map((c) => c.name);
    // The destination's rules (buffering B9-B11, prefixes DP3-DP17, processors, F6) run now, on the props, before
    // anything is created: buckets this construct creates are left out, and the problems name this construct's props.
    const fcOptions = props.formatConversion;
    const ruleInput = this.destinationProps(props, layout, processors.map((p) => p.processor), props.bucket, undefined, undefined);
    validateExtendedS3(
      new PathMappedValidator(v, destinationPathMap(processors.map((p) => p.path))),
      "destination",
      {
        ...ruleInput,
        sourceBackup: props.backup ? { ...this.backupSettings(props.backup), bucket: props.backup.bucket ?? (props.backup.bucketProps ? undefined : props.bucket) } : undefined,
        dataFormatConversion: fcOptions ? { validate: (cv, path) => validateFormatConversionOptions(cv, path, fcOptions, columnNames) } : undefined,
      },
      props.source?.kind ?? "DirectPut",
      { bucketsToCreate: true },
    );
    v.throwIfErrors();
    const destination = (bucket: BucketRef, backupBucket: BucketRef | undefined, conversion: RecordFormatConversion | undefined) =>
      new ExtendedS3Destination(this.destinationProps(props, layout, processors.map((p) => p.processor), bucket, backupBucket, conversion) as ExtendedS3DestinationProps);

    if (props.bucket) {
      this.bucket = props.bucket;
    } else {
      this.dataBucket = new SecureBucket(this, "DataBucket", { accountId: props.accountId, ...props.bucketProps! });
      this.bucket = this.dataBucket;
    }
    if (props.backup) {
      this.backupBucket = props.backup.bucket ?? (props.backup.bucketProps ? new SecureBucket(this, "BackupBucket", { accountId: props.accountId, ...props.backup.bucketProps }) : this.bucket);
    }

    let conversion: RecordFormatConversion | undefined;
    const fc = props.formatConversion;
    if (fc) {
      if (fc.schema) {
        const bucketName = this.dataBucket ? this.dataBucket.bucketName : Fn.element(Fn.split(":", this.bucket.bucketArn), 5);
        this.glueTable = new GlueSchemaTable(this, "Schema", {
          ...fc.schema,
          format: fc.output.format,
          location: `s3://${bucketName}/${staticPart(layout.prefix)}`,
          partitionColumns: hivePartitionColumns(layout.prefix),
        });
        this.glueTableRef = this.glueTable.ref;
      } else {
        this.glueTableRef = existingGlueTableRef(fc.table!);
      }
      conversion = new RecordFormatConversion({ input: fc.input, output: fc.output, table: this.glueTableRef, columnNames });
    }

    this.stream = new FirehoseDeliveryStream(this, "Stream", {
      name: props.streamName,
      source: props.source,
      encryption: this.streamKey ? { type: "CUSTOMER_MANAGED", keyArn: this.streamKey.arn } : props.encryption,
      encryptionKey: props.encryptionKey,
      logging: props.logging,
      accountId: props.accountId,
      roleName: props.roleName,
      tags: props.tags,
      destination: destination(this.bucket, this.backupBucket, conversion),
    });
    if (this.partitioner) grantReingestKey(this.partitioner, this.stream.sseKmsKeyArn);
  }

  private validateProps(v: Validator, props: DataLakeIngestionProps): void {
    v.required(props.streamName, "streamName", "string", "the delivery stream name");
    // Rules of the inner stream and buckets, reported under the props written here.
    validateStreamName(v, props.streamName, "streamName");
    if (props.bucketProps?.bucketName !== undefined) validateBucketName(v, props.bucketProps.bucketName, "bucketProps.bucketName");
    if (props.backup?.bucketProps?.bucketName !== undefined) validateBucketName(v, props.backup.bucketProps.bucketName, "backup.bucketProps.bucketName");
    if ((props.bucket === undefined) === (props.bucketProps === undefined)) {
      v.error("bucket", "X1", "give exactly one of bucket (existing) and bucketProps (created)", { bucket: props.bucket !== undefined, bucketProps: props.bucketProps !== undefined });
    }
    if (props.backup?.bucket && props.backup.bucketProps) {
      v.error("backup.bucket", "X1", "give at most one of backup.bucket (existing) and backup.bucketProps (created)", { bucket: true, bucketProps: true });
    }
    if (props.prefix !== undefined && props.dataPrefix !== undefined) v.error("dataPrefix", "X1", "give either prefix (complete) or dataPrefix (its start), not both", props.dataPrefix);
    if (props.errorOutputPrefix !== undefined && props.errorPrefix !== undefined) {
      v.error("errorPrefix", "X1", "give either errorOutputPrefix (complete) or errorPrefix (its start), not both", props.errorPrefix);
    }
    for (const [name, value] of [["dataPrefix", props.dataPrefix], ["errorPrefix", props.errorPrefix]] as const) {
      if (value !== undefined && value.includes("!{")) v.error(name, "DP5", `${name} is the static start of the prefix; use ${name === "dataPrefix" ? "prefix" : "errorOutputPrefix"} for expressions`, value);
    }
    const p = props.partitioning;
    if (p) {
      const queryKeys = Object.keys(p.partitionKeys ?? {});
      v.require(queryKeys.length > 0 || p.lambda !== undefined, "partitioning", "DP4", "partitioning needs partitionKeys (jq) or lambda (function returning partition keys)", p);
      if (p.lambda) {
        const keys = p.lambda.partitionKeys;
        if (v.require(Array.isArray(keys) && keys.length > 0, "partitioning.lambda.partitionKeys", "DP7", "list the partition keys the function returns", keys)) {
          for (const k of keys) {
            v.require(/^[A-Za-z_][A-Za-z0-9_]*$/.test(k), "partitioning.lambda.partitionKeys", "DP7", "partition key names must be identifiers ([A-Za-z_][A-Za-z0-9_]*)", k);
            v.require(!queryKeys.includes(k), "partitioning.lambda.partitionKeys", "DP7", `key "${k}" is both a jq key and a Lambda key; folder names must be unique`, k);
          }
        }
      }
      if (p.deAggregation && (p.appendDelimiter ?? props.appendDelimiter) === false) {
        v.warn("partitioning.appendDelimiter", "DP12", "de-aggregation strips record delimiters; without AppendDelimiterToRecord the delivered records run together", false);
      }
    }
    if (props.transform && p?.lambda) {
      v.error("transform", "P1", "Firehose runs one Lambda processor per stream: give transform or partitioning.lambda (its function may also transform records), not both", props.transform.functionArn);
    }
    const fc = props.formatConversion;
    if (fc) {
      if ((fc.schema === undefined) === (fc.table === undefined)) {
        v.error("formatConversion", "X1", "give exactly one of formatConversion.schema (create the Glue table) and formatConversion.table (existing)", { schema: fc.schema !== undefined, table: fc.table !== undefined });
      } else if (fc.schema) {
        validateGlueSchema(v, "formatConversion.schema", fc.schema);
        const dataColumns = fc.schema.columns?.map((c) => c.name) ?? [];
        for (const pc of hivePartitionColumns(dataLakeLayout(props).prefix).filter((c) => dataColumns.includes(c))) {
          v.error("formatConversion.schema.columns", "GLUE", `"${pc}" is a folder of the prefix (a partition column); remove it from the data columns or rename the folder`, pc);
        }
      } else {
        validateExistingGlueTable(v, "formatConversion.table", fc.table!);
      }
    }
  }

  /** Processors in Firehose's order (de-aggregation → Lambda (transform or partitioning) → partition keys → delimiter) with their prop paths. */
  private processors(props: DataLakeIngestionProps): { processor: IProcessor; path: string }[] {
    const p = props.partitioning;
    // Both given is reported by validateProps; the partitioning function is kept so that only one message shows.
    const transform = props.transform && !p?.lambda ? [{ processor: new LambdaProcessor(props.transform), path: "transform" }] : [];
    const delimiterPath = p?.appendDelimiter !== undefined ? "partitioning.appendDelimiter" : "appendDelimiter";
    const delimiter = p?.appendDelimiter ?? props.appendDelimiter ?? (p?.deAggregation !== undefined || props.formatConversion === undefined);
    const delimiterProcessor = delimiter ? [{ processor: new AppendDelimiterToRecordProcessor(), path: delimiterPath }] : [];
    if (!p) return [...transform, ...delimiterProcessor];
    const out: { processor: IProcessor; path: string }[] = [];
    if (p.deAggregation) out.push({ processor: new RecordDeAggregationProcessor(p.deAggregation), path: "partitioning.deAggregation" });
    out.push(...transform);
    if (p.lambda) {
      const { partitionKeys: _keys, ...lambda } = p.lambda;
      out.push({ processor: new LambdaProcessor(lambda), path: "partitioning.lambda" });
    }
    if (p.partitionKeys && Object.keys(p.partitionKeys).length > 0) {
      out.push({ processor: new MetadataExtractionProcessor({ partitionKeys: p.partitionKeys }), path: "partitioning" });
    }
    out.push(...delimiterProcessor);
    return out;
  }

  /** The source-backup settings of the destination, without the bucket. */
  private backupSettings(b: DataLakeBackupProps): Omit<S3BackupRuleInput, "bucket"> {
    return {
      prefix: b.prefix ?? "backup/",
      errorOutputPrefix: b.errorOutputPrefix,
      bufferingSizeMiB: b.bufferingSizeMiB,
      bufferingIntervalSeconds: b.bufferingIntervalSeconds,
      compression: b.compression,
    };
  }

  private destinationProps(
    props: DataLakeIngestionProps,
    layout: PartitionPreviewConfig,
    processors: IProcessor[],
    bucket: BucketRef | undefined,
    backupBucket: BucketRef | undefined,
    conversion: RecordFormatConversion | undefined,
  ): ExtendedS3RuleInput & { dataFormatConversion?: RecordFormatConversion } {
    const b = props.backup;
    return {
      bucket,
      prefix: layout.prefix,
      errorOutputPrefix: layout.errorOutputPrefix,
      bufferingSizeMiB: props.bufferingSizeMiB,
      bufferingIntervalSeconds: props.bufferingIntervalSeconds,
      compression: props.compression,
      fileExtension: props.fileExtension,
      customTimeZone: props.customTimeZone,
      dynamicPartitioning: props.partitioning ? { enabled: true, retryDurationSeconds: props.partitioning.retryDurationSeconds } : undefined,
      processors: processors.length > 0 ? processors : undefined,
      sourceBackup: b && backupBucket ? { ...this.backupSettings(b), bucket: backupBucket } : undefined,
      dataFormatConversion: conversion,
    };
  }
}

/** Checks `createStreamKey` against `encryption` and `source` (messages name `createStreamKey`). */
function validateCreateStreamKey(v: Validator, props: Pick<DataLakeIngestionProps, "createStreamKey" | "encryption" | "source">): void {
  if (!props.createStreamKey) return;
  if (props.encryption !== undefined && props.encryption !== "customer-managed") {
    v.error("createStreamKey", "X1", 'give either createStreamKey (a key of this stream) or an encryption other than "customer-managed", not both', props.encryption);
  }
  if (props.source !== undefined && props.source.kind !== "DirectPut") {
    v.error("createStreamKey", "S2", `server-side encryption applies to Direct PUT streams only; encrypt the ${props.source.kind} source instead`, props.source.kind);
  }
}

/**
 * Where the destination's property paths are in this construct's props: each processor under the prop that asked for
 * it (`transform`, `partitioning.lambda`, ...), the rest of the processor list and the dynamic partitioning settings
 * under `partitioning`, the conversion under `formatConversion`, the source backup under `backup`, and the remaining
 * destination props (buffering, prefixes, compression, ...) at the top level, where the user wrote them.
 */
function destinationPathMap(processorPaths: string[]): PathMap {
  return [
    ["destination", ""],
    ["destination.processors", "partitioning"],
    ...processorPaths.map((path, i): [string, string] => [`destination.processors[${i}]`, path]),
    ["destination.dataFormatConversion", "formatConversion"],
    ["destination.sourceBackup", "backup"],
    ["destination.dynamicPartitioning", "partitioning"],
  ];
}
