/**
 * The configuration of each pipeline kind an environment lists in `pipelines` (types only; each kind's validation and
 * mapping to construct props is in `app/pipelines/<kind>.ts`).
 */
import type { RecordDeAggregationProcessorProps } from "../../modules/delivery-stream/processors";
import type { S3Compression } from "../../modules/destinations/common";
import type { OpenSearchBackupMode, OpenSearchIndexRotation } from "../../modules/destinations/opensearch";
import type { GlueColumn, OrcOutput, ParquetOutput } from "../../modules/data-lake-ingestion/conversion";
import type { LambdaPartitioningProps } from "../../modules/data-lake-ingestion/data-lake-ingestion";
import type { DataLakePartitionerProps } from "../../modules/data-lake-ingestion/partitioner";
import type { EventRetryPolicy } from "../../modules/event-ingestion";
import type { FanOutDestination } from "../../modules/fan-out";
import type { KinesisDataStreamProps } from "../../modules/kinesis-stream";
import type { SecureBucketLifecycleProps } from "../../modules/secure-bucket";

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
  /** File name extension of the delivered objects, e.g. `.json.gz`. @default Firehose's (none, or the compression's) */
  readonly fileExtension?: string;
  /** The complete data prefix instead of `<name>/` + key and time folders (its partitionKeyFromQuery keys must equal `partitionKeys`). */
  readonly prefix?: string;
  /** The complete error prefix instead of `errors/<name>/!{firehose:error-output-type}/` + date folders. */
  readonly errorOutputPrefix?: string;
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

/** Settings of the built-in partitioner Lambda (see the header of lambda/partitioner/index.ts). */
type PartitionerConfig = Omit<DataLakePartitionerProps, "functionName" | "region" | "logRetentionDays">;

/**
 * EventBridge events into the data lake: a rule on the default or a custom bus sends matching events to
 * a Direct PUT stream that partitions them by `source` and `detail-type`, one event per line.
 */
export interface EventIngestionPipelineConfig {
  readonly kind: "event-ingestion";
  /** Pipeline name: the rule and stream are `<namingPrefix>-<name>`. */
  readonly name: string;
  /** Event pattern, e.g. `{ source: [{ prefix: "com.acme." }] }`. Exactly one of eventPattern and scheduleExpression. */
  readonly eventPattern?: Record<string, unknown>;
  readonly scheduleExpression?: string;
  /** Listen on this existing bus. @default "default" */
  readonly eventBusName?: string;
  /** Create a custom bus `<namingPrefix>-<name>` instead. @default false */
  readonly createEventBus?: boolean;
  /** Archive the matching events for replay, `retentionDays` 0 = forever. @default no archive */
  readonly archive?: { readonly retentionDays?: number };
  readonly retryPolicy?: EventRetryPolicy;
  /** ≥64 MiB (dynamic partitioning, rule B9). @default 128 */
  readonly bufferingSizeMiB?: number;
  /** 60-900 s (rule B10). @default 300 */
  readonly bufferingIntervalSeconds?: number;
  readonly compression?: S3Compression;
  /** @default 30 */
  readonly logRetentionDays?: number;
  readonly lifecycle?: SecureBucketLifecycleProps;
  /** @default false */
  readonly forceDestroy?: boolean;
}

/**
 * A Kinesis data stream `<namingPrefix>-<name>` fanned out to delivery streams `<namingPrefix>-<name>-<destination>`
 * (Redshift, HTTP endpoint, Splunk, S3 backup copy), with one backup bucket `<namingPrefix>-<name>-backup`.
 * Secrets created for the destinations (`secret: {}`) are empty: put their values after the first apply.
 */
export interface FanOutPipelineConfig {
  readonly kind: "fan-out";
  /** Pipeline name: the data stream is `<namingPrefix>-<name>`. */
  readonly name: string;
  /** The data stream. @default ON_DEMAND, 24 h retention, customer-managed key */
  readonly stream?: Omit<KinesisDataStreamProps, "name" | "tags">;
  /** The delivery streams, at least one; destination names are 1-24 lowercase letters, digits or '-'. */
  readonly destinations: FanOutDestination[];
  /** Expected producer write rate in MiB/s: with a PROVISIONED stream, synth warns when the shards cannot serve it to every destination. */
  readonly expectedWriteMiBPerSecond?: number;
  /** Error-log retention of every delivery stream. @default 30 */
  readonly logRetentionDays?: number;
  /** Lifecycle of the backup bucket. @default SecureBucket's (IA at 30 days, Glacier IR at 90) */
  readonly backupLifecycle?: SecureBucketLifecycleProps;
  /** @default false */
  readonly forceDestroy?: boolean;
}

/** Size of the domain this pipeline creates. */
interface RealtimeDomainConfig {
  /** IAM role/user ARN of the fine-grained access control master user (maps the delivery role in OpenSearch). */
  readonly masterUserArn: string;
  /** Other IAM principals allowed through the domain access policy. */
  readonly accessPrincipalArns?: string[];
  /** @default "r7g.large.search" */
  readonly instanceType?: string;
  /** @default the zone count, or 1 */
  readonly instanceCount?: number;
  /** Zone awareness over 2 or 3 Availability Zones. @default off */
  readonly availabilityZones?: 2 | 3;
  /** Dedicated master nodes of this type (3 of them). @default none */
  readonly dedicatedMasterInstanceType?: string;
  /** gp3 volume per data node. @default 20 */
  readonly volumeSizeGiB?: number;
  /** @default OPENSEARCH_DEFAULT_ENGINE_VERSION */
  readonly engineVersion?: string;
}

/** Events into OpenSearch within a minute, failed documents kept in a hardened bucket. */
export interface RealtimeAnalyticsPipelineConfig {
  readonly kind: "realtime-analytics";
  /** Pipeline name: the stream is `<namingPrefix>-<name>`, the domain `<namingPrefix>-<name>` (≤28 characters). */
  readonly name: string;
  /** Create a domain of this size. Exactly one of `domain` and `existingDomain`. */
  readonly domain?: RealtimeDomainConfig;
  /** Deliver to this domain instead. Exactly one of `domain` and `existingDomain`. */
  readonly existingDomain?: { readonly domainArn: string; readonly endpoint: string };
  /** @default the pipeline name */
  readonly indexName?: string;
  /** @default "OneDay" */
  readonly indexRotation?: OpenSearchIndexRotation;
  /** Buffering preset; `bufferingSizeMiB`/`bufferingIntervalSeconds` override its fields. @default "low-latency" */
  readonly preset?: "low-latency" | "cost-optimized";
  readonly bufferingSizeMiB?: number;
  readonly bufferingIntervalSeconds?: number;
  /** @default 300 */
  readonly retryDurationSeconds?: number;
  /** @default "FailedDocumentsOnly" (changing it replaces the stream) */
  readonly backupMode?: OpenSearchBackupMode;
  /**
   * Deploy the built-in `opensearch-formatter` processor (lambda/opensearch-formatter: ISO-8601 timestamps, bounded
   * flattening, deterministic document ids) as the transform, named `<namingPrefix>-<name>-formatter`. `true` or its
   * settings (environment variables of the handler, memory). Overflow records are re-ingested into the stream when
   * the environment has an `accountId` (the exact stream ARN is needed for the grant), else they go to the backup.
   * Exclusive with `transformFunctionArn`. @default off
   */
  readonly formatter?: boolean | { readonly environment?: Record<string, string>; readonly memorySizeMB?: number };
  /** ARN of a transformation function already deployed. Exclusive with `formatter`. @default none */
  readonly transformFunctionArn?: string;
  /** Retention of the stream's error logs and the domain's logs. @default 30 */
  readonly logRetentionDays?: number;
  /** Lifecycle of the backup bucket. @default SecureBucket's */
  readonly lifecycle?: SecureBucketLifecycleProps;
  /** @default false */
  readonly forceDestroy?: boolean;
}

/** Any pipeline an environment can list. */
export type PipelineConfig = DataLakePipelineConfig | FanOutPipelineConfig | EventIngestionPipelineConfig | RealtimeAnalyticsPipelineConfig;
