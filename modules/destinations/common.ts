/**
 * Pieces every destination shares: bucket references and their grants, the S3 backup block, the processing block.
 */
import { IRoleLike } from "../core/iam";
import { Validator } from "../core/validation";
import { CloudWatchLoggingOptions, loggingOptions, LoggingTarget } from "../delivery-stream/private/logging";
import { IProcessor, LambdaProcessor, RenderedProcessor } from "../delivery-stream/processors";
import { DestinationInfo, DestinationKind } from "../delivery-stream/destination";
import type { DestinationMonitoring } from "../monitoring/metric";
import { BufferingLimits, S3Compression, validateBuffering, validateProcessors, validateS3BackupSettings } from "../delivery-stream/validation";
import * as Patterns from "../core/patterns";

/** A bucket Firehose writes to. `SecureBucket` satisfies it. */
export interface BucketRef {
  readonly bucketArn: string;
  /** Customer-managed key of the bucket's default encryption: the role gets GenerateDataKey/Decrypt on it, scoped to this bucket. */
  readonly kmsKeyArn?: string;
  /**
   * Adds a lifecycle rule expiring objects (and their noncurrent versions) under `prefix` after `days`, when the bucket
   * is managed here (`SecureBucket`). Destinations use it for data Firehose never deletes (Redshift staging files).
   */
  addPrefixExpiration?(rule: PrefixExpiration): void;
}

export interface PrefixExpiration {
  /** Lifecycle rule id, unique in the bucket. */
  readonly id: string;
  /** Literal key prefix, not empty. */
  readonly prefix: string;
  readonly days: number;
}

export type { S3Compression } from "../delivery-stream/validation";

/** Grants Firehose's documented S3 delivery actions on exactly this bucket (and its key, for this bucket only). */
export function grantBucketWrite(role: IRoleLike, bucket: BucketRef, sidSuffix: string): void {
  role.addToPolicy({
    sid: `WriteBucket${sidSuffix}`,
    actions: ["s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:PutObject"],
    resources: [bucket.bucketArn, `${bucket.bucketArn}/*`],
  });
  if (bucket.kmsKeyArn) {
    role.addToPolicy({
      sid: `EncryptBucket${sidSuffix}`,
      actions: ["kms:GenerateDataKey", "kms:Decrypt"],
      resources: [bucket.kmsKeyArn],
      // With S3 Bucket Keys the encryption context is the bucket ARN, without them the object ARN.
      conditions: { StringLike: { "kms:EncryptionContext:aws:s3:arn": [bucket.bucketArn, `${bucket.bucketArn}/*`] } },
    });
  }
}

/** An S3 bucket/prefix for backups (source-record backup, failed documents/events/data, Redshift intermediate). */
export interface S3BackupProps {
  readonly bucket: BucketRef;
  /** @default no prefix: Firehose adds `yyyy/MM/dd/HH/` */
  readonly prefix?: string;
  readonly errorOutputPrefix?: string;
  /** 1-128 MiB (rule B2). @default 5 */
  readonly bufferingSizeMiB?: number;
  /** 0-900 s (rule B2); 0 is not available for S3 backup (rule B12). @default 300 */
  readonly bufferingIntervalSeconds?: number;
  /** @default "GZIP" */
  readonly compression?: S3Compression;
}

/** Rendered backup/intermediate `s3_configuration` (same shape in every destination block). */
export interface RenderedS3Configuration {
  readonly bucketArn: string;
  readonly roleArn: string;
  readonly prefix?: string;
  readonly errorOutputPrefix?: string;
  readonly bufferingSize: number;
  readonly bufferingInterval: number;
  readonly compressionFormat: string;
  readonly kmsKeyArn?: string;
  readonly cloudwatchLoggingOptions: CloudWatchLoggingOptions;
}

/** The last segment of a property or attribute path, to name a field in a message as the user wrote it
 * (a construct prop or a Terraform attribute: the destination rules serve both). */
export function fieldName(path: string): string {
  return path.slice(path.lastIndexOf(".") + 1);
}

/**
 * The S3 bucket for failed (or all) records that Firehose requires of a destination (rules ICEBERG, SNOWFLAKE): `path`
 * is the construct's `s3Backup` prop or the rendered `s3_configuration` block; `given` whether it is there.
 */
export function validateBackupBucketGiven(v: Validator, path: string, given: boolean, rule: string, value: unknown): void {
  if (!given) v.error(path, rule, `Firehose requires an S3 bucket for failed (or all) records: give ${fieldName(path)}`, value);
}

const BUCKET_ARN = Patterns.S3_BUCKET_ARN;
const KMS_ARN = Patterns.KMS_KEY_OR_ALIAS_ARN;

/** Bucket and key ARN formats (rule A2); references are skipped. */
export function validateBucketRef(v: Validator, path: string, bucket: BucketRef): void {
  if (!v.required(bucket, path, "object", "the bucket ({ bucketArn, kmsKeyArn? }, e.g. a SecureBucket)")) return;
  v.required(bucket.bucketArn, `${path}.bucketArn`, "string", "the bucket ARN (arn:aws:s3:::<bucket>)");
  v.pattern(bucket.bucketArn, BUCKET_ARN, `${path}.bucketArn`, "A2", "bucket ARN");
  v.pattern(bucket.kmsKeyArn, KMS_ARN, `${path}.kmsKeyArn`, "A2", "KMS key ARN");
}

/** S3 backup settings whose bucket may still be to create (`bucket` undefined), for rules run before it exists. */
export type S3BackupRuleInput = Omit<S3BackupProps, "bucket"> & { readonly bucket?: BucketRef };

export function validateS3Backup(
  v: Validator,
  path: string,
  props: S3BackupRuleInput,
  opts: { rejectCompression?: S3Compression[]; rule?: string; bucketToCreate?: boolean } = {},
): void {
  if (!v.required(props, path, "object", "the S3 bucket settings ({ bucket, prefix?, ... })")) return;
  if (!(opts.bucketToCreate && props.bucket === undefined)) validateBucketRef(v, `${path}.bucket`, props.bucket as BucketRef);
  // B2, B12, the compression list and the prefix rules: the same code as the rendered s3_configuration blocks.
  validateS3BackupSettings(v, path, {
    sizeMiB: props.bufferingSizeMiB,
    intervalSeconds: props.bufferingIntervalSeconds,
    compression: props.compression,
    prefix: props.prefix,
    errorOutputPrefix: props.errorOutputPrefix,
  });
  if (props.compression && opts.rejectCompression?.includes(props.compression)) {
    v.error(`${path}.compression`, opts.rule ?? "S3-COMPRESSION", `compression ${opts.rejectCompression.join("/")} is not supported here`, props.compression);
  }
}

export function renderS3Backup(role: IRoleLike, props: S3BackupProps, logging: LoggingTarget | undefined, sidSuffix: string, logStreamName = "BackupDelivery"): RenderedS3Configuration {
  grantBucketWrite(role, props.bucket, sidSuffix);
  return {
    bucketArn: props.bucket.bucketArn,
    roleArn: role.roleArn,
    prefix: props.prefix,
    errorOutputPrefix: props.errorOutputPrefix,
    bufferingSize: props.bufferingSizeMiB ?? 5,
    bufferingInterval: props.bufferingIntervalSeconds ?? 300,
    compressionFormat: props.compression ?? "GZIP",
    kmsKeyArn: props.bucket.kmsKeyArn,
    cloudwatchLoggingOptions: loggingOptions(logging, logStreamName),
  };
}

/** Validates a destination's processors (shared rules). */
export function validateProcessing(v: Validator, path: string, processors: IProcessor[] | undefined, dynamicPartitioning = false): void {
  validateProcessors(v, path, processors ?? [], { dynamicPartitioning });
}

/** Renders `processing_configuration`, or undefined when there is no processor. */
export function renderProcessing(role: IRoleLike, processors: IProcessor[] | undefined): { enabled: boolean; processors: RenderedProcessor[] } | undefined {
  if (!processors || processors.length === 0) return undefined;
  return { enabled: true, processors: processors.map((p) => p.bind(role)) };
}

/** ARNs of Lambda processors, for monitoring. */
export function lambdaArns(processors: IProcessor[] | undefined): string[] {
  return (processors ?? []).filter((p): p is LambdaProcessor => p instanceof LambdaProcessor).map((p) => p.props.functionArn);
}

/**
 * The retry window and backup-mode facts of a destination block, with the rule ids they are reported under. Every
 * destination states its own; the constructs and the rendered-resource checks read the same object.
 */
export interface RetryAndBackupRules {
  /** The rule of the retry duration (0-7200 s); none when the block has no retry window. */
  readonly retryRule?: string;
  /** The backup modes the API lists; none when another rule checks the mode. */
  readonly modes?: readonly string[];
  readonly modeRule?: string;
  /** How messages name the mode, e.g. "S3 backup mode". */
  readonly modeLabel?: string;
}

/** Retry duration 0-7200 s (the API's RetryDurationInSeconds). */
const MAX_RETRY_SECONDS = 7200;

/**
 * The retry duration (0-7200 s) and the backup mode of a destination, under the destination's own rules (`rules`):
 * `paths` are the construct props or the rendered `retry_duration` / `s3_backup_mode`; a path left out is not checked.
 */
export function validateRetryAndBackupMode(
  v: Validator,
  paths: { readonly retry?: string; readonly mode?: string },
  values: { readonly retrySeconds?: number; readonly mode?: string },
  rules: RetryAndBackupRules,
): void {
  if (paths.retry && rules.retryRule) v.range(values.retrySeconds, 0, MAX_RETRY_SECONDS, paths.retry, rules.retryRule, "retry duration", { unit: "seconds" });
  if (paths.mode && rules.modes && rules.modeRule) v.oneOf(values.mode, rules.modes, paths.mode, rules.modeRule, rules.modeLabel ?? "S3 backup mode");
}

/**
 * What the "backed-up" destinations (OpenSearch, OpenSearch Serverless, HTTP endpoint, Splunk) have in common:
 * buffering within their own limits, a retry window, processors, and an S3 bucket for failed (or all) records with
 * a two-value backup mode. Each destination describes its limits and rule ids in a spec.
 */
export interface BackedUpDeliverySpec<Mode extends string> extends RetryAndBackupRules {
  readonly kind: DestinationKind;
  readonly buffering: BufferingLimits;
  readonly defaultSizeMiB: number;
  readonly defaultIntervalSeconds: number;
  readonly defaultRetrySeconds: number;
  /** `[failed records only, all records]`, the first is the default. */
  readonly modes: readonly [Mode, Mode];
  readonly retryRule: string;
  readonly modeRule: string;
  /** How messages name the mode, e.g. "S3 backup mode". */
  readonly modeLabel: string;
  /** The destination's own metrics and alarms (see {@link DestinationInfo.monitoring}). @default success and freshness only */
  readonly monitoring?: DestinationMonitoring;
}

export interface BackedUpDeliveryProps {
  readonly bufferingSizeMiB?: number;
  readonly bufferingIntervalSeconds?: number;
  readonly retryDurationSeconds?: number;
  readonly processors?: IProcessor[];
}

/** The backup of a backed-up destination: its props, where they sit in the user's props, and the mode. */
export interface BackupSetting<Mode extends string> {
  readonly props: S3BackupProps;
  readonly path: string;
  readonly mode?: Mode;
  readonly modePath: string;
}

export function validateBackedUpDelivery<Mode extends string>(
  v: Validator,
  path: string,
  p: BackedUpDeliveryProps,
  backup: BackupSetting<Mode> | undefined,
  spec: BackedUpDeliverySpec<Mode>,
): void {
  validateBuffering(v, path, p.bufferingSizeMiB, p.bufferingIntervalSeconds, spec.buffering);
  validateRetryAndBackupMode(v, { retry: `${path}.retryDurationSeconds`, mode: backup?.modePath }, { retrySeconds: p.retryDurationSeconds, mode: backup?.mode }, spec);
  if (backup) validateS3Backup(v, backup.path, backup.props);
  validateProcessing(v, `${path}.processors`, p.processors);
}

/** Fields every backed-up destination block renders the same way. */
export interface RenderedBackedUpDelivery<Mode extends string> {
  readonly roleArn: string;
  readonly bufferingSize: number;
  readonly bufferingInterval: number;
  readonly retryDuration: number;
  readonly s3BackupMode: Mode;
  readonly s3Configuration: RenderedS3Configuration;
  readonly cloudwatchLoggingOptions: CloudWatchLoggingOptions;
  readonly processingConfiguration?: { enabled: boolean; processors: RenderedProcessor[] };
}

/** Grants the backup bucket and processors, renders the shared fields, and states the destination's facts. */
export function bindBackedUpDelivery<Mode extends string>(
  ctx: { role: IRoleLike; logging?: LoggingTarget },
  p: BackedUpDeliveryProps,
  backup: BackupSetting<Mode>,
  spec: BackedUpDeliverySpec<Mode>,
): { rendered: RenderedBackedUpDelivery<Mode>; info: DestinationInfo } {
  const { role, logging } = ctx;
  const mode = backup.mode ?? spec.modes[0];
  const size = p.bufferingSizeMiB ?? spec.defaultSizeMiB;
  const interval = p.bufferingIntervalSeconds ?? spec.defaultIntervalSeconds;
  return {
    rendered: {
      roleArn: role.roleArn,
      bufferingSize: size,
      bufferingInterval: interval,
      retryDuration: p.retryDurationSeconds ?? spec.defaultRetrySeconds,
      s3BackupMode: mode,
      s3Configuration: renderS3Backup(role, backup.props, logging, "Backup"),
      cloudwatchLoggingOptions: loggingOptions(logging, "DestinationDelivery"),
      processingConfiguration: renderProcessing(role, p.processors),
    },
    info: {
      kind: spec.kind,
      bufferingIntervalSeconds: interval,
      bufferingSizeMiB: size,
      // Failed records always go to S3; "backup to S3" metrics (BackupToS3.*) concern the all-records mode.
      backupToS3: mode === spec.modes[1],
      backupBufferingIntervalSeconds: backup.props.bufferingIntervalSeconds,
      dynamicPartitioning: false,
      formatConversion: false,
      lambdaFunctionArns: lambdaArns(p.processors),
      bucketArn: backup.props.bucket.bucketArn,
      monitoring: spec.monitoring,
    },
  };
}
