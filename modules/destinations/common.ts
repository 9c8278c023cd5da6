/**
 * Pieces every destination shares: bucket references and their grants, the S3 backup block, the processing block.
 */
import { IRoleLike } from "../core/iam";
import { Validator } from "../core/validation";
import { CloudWatchLoggingOptions, loggingOptions, LoggingTarget } from "../delivery-stream/logging";
import { IProcessor, LambdaProcessor, RenderedProcessor } from "../delivery-stream/processors";
import { S3_BUFFERING, validateBuffering, validateProcessors, validateS3Prefixes } from "../delivery-stream/validation";

/** A bucket Firehose writes to. `SecureBucket` satisfies it. */
export interface BucketRef {
  readonly bucketArn: string;
  /** Customer-managed key of the bucket's default encryption: the role gets GenerateDataKey/Decrypt on it, scoped to this bucket. */
  readonly kmsKeyArn?: string;
}

export type S3Compression = "UNCOMPRESSED" | "GZIP" | "ZIP" | "Snappy" | "HADOOP_SNAPPY";
export const S3_COMPRESSIONS: readonly S3Compression[] = ["UNCOMPRESSED", "GZIP", "ZIP", "Snappy", "HADOOP_SNAPPY"];

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

const BUCKET_ARN = /^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const KMS_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/;

/** Bucket and key ARN formats (reference section 5, "All" row); references are skipped. */
export function validateBucketRef(v: Validator, path: string, bucket: BucketRef): void {
  v.pattern(bucket.bucketArn, BUCKET_ARN, `${path}.bucketArn`, "ARN", "bucket ARN (arn:aws:s3:::<bucket>)");
  v.pattern(bucket.kmsKeyArn, KMS_ARN, `${path}.kmsKeyArn`, "ARN", "KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)");
}

export function validateS3Backup(v: Validator, path: string, props: S3BackupProps, opts: { rejectCompression?: S3Compression[]; rule?: string } = {}): void {
  validateBucketRef(v, `${path}.bucket`, props.bucket);
  validateBuffering(v, path, props.bufferingSizeMiB, props.bufferingIntervalSeconds, { ...S3_BUFFERING, rule: "B2" });
  if (props.bufferingIntervalSeconds === 0) {
    v.warn(`${path}.bufferingIntervalSeconds`, "B12", "zero buffering is not available for S3 backup destinations", 0);
  }
  v.oneOf(props.compression, S3_COMPRESSIONS, `${path}.compression`, "S3-COMPRESSION", "compression");
  if (props.compression && opts.rejectCompression?.includes(props.compression)) {
    v.error(`${path}.compression`, opts.rule ?? "S3-COMPRESSION", `compression ${opts.rejectCompression.join("/")} is not supported here`, props.compression);
  }
  validateS3Prefixes(v, path, { prefix: props.prefix, errorOutputPrefix: props.errorOutputPrefix, dynamicPartitioning: false, processors: [] });
}

export function renderS3Backup(role: IRoleLike, props: S3BackupProps, logging: LoggingTarget | undefined, sidSuffix: string): RenderedS3Configuration {
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
    cloudwatchLoggingOptions: loggingOptions(logging, "BackupDelivery"),
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
