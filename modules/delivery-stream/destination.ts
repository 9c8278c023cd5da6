import { KinesisFirehoseDeliveryStreamConfig } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import { Construct } from "constructs";
import { IRoleLike } from "../core/iam";
import { Validator } from "../core/validation";
import type { DestinationMonitoring } from "../monitoring/metric";
import { SourceKind } from "./sources";

/** `cloudwatch_logging_options` block shape shared by every destination and backup block. */
export interface CloudWatchLoggingOptions {
  readonly enabled: boolean;
  readonly logGroupName?: string;
  readonly logStreamName?: string;
}

/** The stream's error-log group, as a destination sees it. */
export interface ILoggingTarget {
  readonly logGroupName: string;
  /**
   * Logging options for a block writing to the log stream `streamName` (e.g. `DestinationDelivery`,
   * `BackupDelivery`): creates that log stream on first use and lets the delivery role write to it.
   */
  options(streamName: string): CloudWatchLoggingOptions;
}

/** What a destination may need to know to validate itself before anything is created. */
export interface DestinationValidationContext {
  readonly validator: Validator;
  /** Property path of the destination in the stream's props, e.g. `destination`. */
  readonly path: string;
  readonly source: SourceKind;
}

/** What a destination receives when the stream binds it. */
export interface DestinationBindContext {
  /** The role Firehose assumes to deliver: grant what the destination needs on it. */
  readonly role: IRoleLike;
  readonly streamName: string;
  readonly source: SourceKind;
  /** Error logging target, when logging is on. */
  readonly logging?: ILoggingTarget;
}

/**
 * Kind of destination, as used in CloudWatch metric names (`DeliveryTo<kind>.Success`), e.g. `S3`, `Splunk`. Any
 * string: a new destination names its own kind; nothing else keys on it (facts come from {@link DestinationInfo.monitoring}).
 */
export type DestinationKind = string;

/** Facts about a bound destination that monitoring, review and docs rely on. */
export interface DestinationInfo {
  readonly kind: DestinationKind;
  /** Effective buffering interval in seconds (what DataFreshness alarms derive from). */
  readonly bufferingIntervalSeconds: number;
  /** Effective buffering size in MiB. */
  readonly bufferingSizeMiB: number;
  /** Whether the destination writes a backup to S3 (`BackupToS3.*` metrics). */
  readonly backupToS3: boolean;
  /**
   * Buffering interval of that S3 backup in seconds, when set explicitly; undefined means the 300 s default. The
   * `BackupToS3.DataFreshness` alarm derives its threshold from it.
   */
  readonly backupBufferingIntervalSeconds?: number;
  readonly dynamicPartitioning: boolean;
  readonly formatConversion: boolean;
  /** ARNs of Lambda processors attached (for `ExecuteProcessing.*` alarms). */
  readonly lambdaFunctionArns: string[];
  /** ARN of the bucket receiving data or backups, when any. */
  readonly bucketArn?: string;
  /**
   * The destination's own metrics and alarms (freshness metric, extra alarms, dashboard widgets).
   * @default `DeliveryTo<kind>.Success` and `.DataFreshness` only
   */
  readonly monitoring?: DestinationMonitoring;
}

/** Result of binding: the `destination` value and the destination block(s) of the delivery-stream resource. */
export interface DestinationBinding {
  /** Terraform `destination` argument: `extended_s3`, `opensearch`, `redshift`, `http_endpoint`, `splunk`, ... */
  readonly destination: string;
  readonly config: Omit<Partial<KinesisFirehoseDeliveryStreamConfig>, "name" | "destination">;
  readonly info: DestinationInfo;
}

/**
 * A pluggable destination. `validate` runs in the stream's constructor before any resource exists; `bind` then
 * grants the role what it needs and renders the configuration block.
 */
export interface IDestination {
  validate(ctx: DestinationValidationContext): void;
  bind(scope: Construct, ctx: DestinationBindContext): DestinationBinding;
}
