import { KinesisFirehoseDeliveryStreamExtendedS3ConfigurationDataFormatConversionConfiguration } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import { Construct } from "constructs";
import { IRoleLike } from "../core/iam";
import { Validator } from "../core/validation";
import { DestinationBindContext, DestinationBinding, DestinationValidationContext, IDestination } from "../delivery-stream/destination";
import { loggingOptions } from "../delivery-stream/private/logging";
import { IProcessor } from "../delivery-stream/processors";
import {
  S3_BUFFERING,
  validateBuffering,
  validateDynamicPartitioningRetry,
  validateS3Compression,
  validateS3FeatureBuffering,
  validateS3ObjectNaming,
  validateS3Prefixes,
  validateSourceBackupSource,
  validateTimeZone,
} from "../delivery-stream/validation";
import {
  BucketRef,
  grantBucketWrite,
  lambdaArns,
  renderProcessing,
  renderS3Backup,
  RetryAndBackupRules,
  S3BackupProps,
  S3BackupRuleInput,
  S3Compression,
  validateProcessing,
  validateBucketRef,
  validateS3Backup,
} from "./common";

/**
 * Record format conversion (Parquet/ORC) plugged into the S3 destination. The data-lake module provides the
 * implementation (Glue schema, serializers); the S3 destination enforces the S3-side rules B11 and F6.
 */
export interface IDataFormatConversion {
  validate(v: Validator, path: string): void;
  bind(role: IRoleLike): KinesisFirehoseDeliveryStreamExtendedS3ConfigurationDataFormatConversionConfiguration;
}

export interface ExtendedS3DestinationProps {
  readonly bucket: BucketRef;
  /** Object key prefix; may use `!{timestamp:...}`, `!{firehose:random-string}` and, with dynamic partitioning, `!{partitionKeyFrom...:key}`. */
  readonly prefix?: string;
  /** Prefix for failed records; with expressions it must contain `!{firehose:error-output-type}` (rule DP16). */
  readonly errorOutputPrefix?: string;
  /** 1-128 MiB (B1); at least 64 with dynamic partitioning or format conversion (B9, B11). @default 5, or 128 with partitioning/conversion */
  readonly bufferingSizeMiB?: number;
  /** 0-900 s (B1); at least 60 with dynamic partitioning (B10). @default 300 */
  readonly bufferingIntervalSeconds?: number;
  /** Output compression; must be UNCOMPRESSED with format conversion (F6). @default "GZIP", or "UNCOMPRESSED" with conversion */
  readonly compression?: S3Compression;
  /** Extension of delivered objects, e.g. `.json.gz` (DP19). */
  readonly fileExtension?: string;
  /** IANA time zone for `!{timestamp:...}` (DP19). @default "UTC" */
  readonly customTimeZone?: string;
  /** Dynamic partitioning; can only be enabled at creation (DP2: toggling replaces the stream). */
  readonly dynamicPartitioning?: { readonly enabled: boolean; readonly retryDurationSeconds?: number };
  readonly processors?: IProcessor[];
  /** Backup of the source records (before transformation) to another bucket/prefix. */
  readonly sourceBackup?: S3BackupProps;
  readonly dataFormatConversion?: IDataFormatConversion;
}

/**
 * What the extended S3 rules read: the destination props, where a construct that creates the buckets later may leave
 * `bucket` (and `sourceBackup.bucket`) undefined, and the conversion is anything that validates its options.
 */
export interface ExtendedS3RuleInput extends Omit<ExtendedS3DestinationProps, "bucket" | "sourceBackup" | "dataFormatConversion"> {
  readonly bucket?: BucketRef;
  readonly sourceBackup?: S3BackupRuleInput;
  readonly dataFormatConversion?: Pick<IDataFormatConversion, "validate">;
}

/**
 * The extended S3 destination rules (B1, B9, B10, B11, DP*, F6, S5, ...), on props. `bucketsToCreate`: buckets left
 * undefined will be created by the caller, so there is nothing to check about them yet.
 */
export function validateExtendedS3(v: Validator, path: string, p: ExtendedS3RuleInput, source: string | undefined, opts: { bucketsToCreate?: boolean } = {}): void {
  const partitioned = p.dynamicPartitioning?.enabled === true;
  if (!(opts.bucketsToCreate && p.bucket === undefined)) validateBucketRef(v, `${path}.bucket`, p.bucket as BucketRef);
  validateBuffering(v, path, p.bufferingSizeMiB, p.bufferingIntervalSeconds, S3_BUFFERING);
  const paths = { size: `${path}.bufferingSizeMiB`, interval: `${path}.bufferingIntervalSeconds`, compression: `${path}.compression` };
  const features = { sizeMiB: p.bufferingSizeMiB, intervalSeconds: p.bufferingIntervalSeconds, compression: p.compression, paths, compressionName: "compression" };
  validateS3FeatureBuffering(v, { ...features, dynamicPartitioning: partitioned, formatConversion: false });
  if (partitioned) validateDynamicPartitioningRetry(v, `${path}.dynamicPartitioning.retryDurationSeconds`, p.dynamicPartitioning?.retryDurationSeconds);
  validateS3Compression(v, `${path}.compression`, p.compression);
  if (p.processors !== undefined) v.required(p.processors, `${path}.processors`, "array", "the processors");
  validateS3ObjectNaming(v, { fileExtension: `${path}.fileExtension`, customTimeZone: `${path}.customTimeZone` }, { fileExtension: p.fileExtension, customTimeZone: p.customTimeZone });
  if (p.customTimeZone !== undefined) validateTimeZone(v, p.customTimeZone, `${path}.customTimeZone`);
  validateProcessing(v, `${path}.processors`, Array.isArray(p.processors) ? p.processors : [], partitioned);
  validateS3Prefixes(v, path, { prefix: p.prefix, errorOutputPrefix: p.errorOutputPrefix, dynamicPartitioning: partitioned, processors: Array.isArray(p.processors) ? p.processors : [] });
  if (p.sourceBackup) {
    validateS3Backup(v, `${path}.sourceBackup`, p.sourceBackup, { bucketToCreate: opts.bucketsToCreate });
    validateSourceBackupSource(v, `${path}.sourceBackup`, source, true);
  }
  if (p.dataFormatConversion) {
    p.dataFormatConversion.validate(v, `${path}.dataFormatConversion`);
    validateS3FeatureBuffering(v, { ...features, dynamicPartitioning: false, formatConversion: true });
  }
}

/**
 * The source-record backup mode of the extended S3 block (no retry window: dynamic partitioning has its own, DP rules).
 * The construct derives the mode from `sourceBackup`; the rendered check reads `s3_backup_mode` under EN1, the rule of
 * the API's enumerations, as S3 has no destination rule of its own.
 */
export const EXTENDED_S3_DELIVERY: RetryAndBackupRules = { modes: ["Disabled", "Enabled"], modeRule: "EN1", modeLabel: "s3_backup_mode" };

/** Extended S3 destination (the only one with dynamic partitioning and format conversion). */
export class ExtendedS3Destination implements IDestination {
  constructor(public readonly props: ExtendedS3DestinationProps) {}

  private get partitioned(): boolean {
    return this.props.dynamicPartitioning?.enabled === true;
  }

  /** Effective buffering size: the CDK-style default of 128 MiB when partitioning or conversion needs ≥64 (B9, B11). */
  public get bufferingSizeMiB(): number {
    return this.props.bufferingSizeMiB ?? (this.partitioned || this.props.dataFormatConversion ? 128 : 5);
  }

  public get bufferingIntervalSeconds(): number {
    return this.props.bufferingIntervalSeconds ?? 300;
  }

  public validate({ validator: v, path, source }: DestinationValidationContext): void {
    validateExtendedS3(v, path, this.props, source);
  }

  public bind(_scope: Construct, ctx: DestinationBindContext): DestinationBinding {
    const p = this.props;
    const { role, logging } = ctx;
    grantBucketWrite(role, p.bucket, "Destination");
    const backup = p.sourceBackup ? renderS3Backup(role, p.sourceBackup, logging, "Backup") : undefined;
    return {
      destination: "extended_s3",
      config: {
        extendedS3Configuration: {
          roleArn: role.roleArn,
          bucketArn: p.bucket.bucketArn,
          prefix: p.prefix,
          errorOutputPrefix: p.errorOutputPrefix,
          bufferingSize: this.bufferingSizeMiB,
          bufferingInterval: this.bufferingIntervalSeconds,
          compressionFormat: p.compression ?? (p.dataFormatConversion ? "UNCOMPRESSED" : "GZIP"),
          fileExtension: p.fileExtension,
          customTimeZone: p.customTimeZone,
          kmsKeyArn: p.bucket.kmsKeyArn,
          cloudwatchLoggingOptions: loggingOptions(logging, "DestinationDelivery"),
          dynamicPartitioningConfiguration: this.partitioned
            ? { enabled: true, retryDuration: p.dynamicPartitioning?.retryDurationSeconds ?? 300 }
            : undefined,
          processingConfiguration: renderProcessing(role, p.processors),
          dataFormatConversionConfiguration: p.dataFormatConversion?.bind(role),
          s3BackupMode: backup ? "Enabled" : "Disabled",
          s3BackupConfiguration: backup,
        },
      },
      info: {
        kind: "S3",
        bufferingIntervalSeconds: this.bufferingIntervalSeconds,
        bufferingSizeMiB: this.bufferingSizeMiB,
        backupToS3: backup !== undefined,
        dynamicPartitioning: this.partitioned,
        formatConversion: p.dataFormatConversion !== undefined,
        lambdaFunctionArns: lambdaArns(p.processors),
        bucketArn: p.bucket.bucketArn,
      },
    };
  }
}
