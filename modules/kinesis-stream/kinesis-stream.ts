import { KinesisStream } from "@cdktf/provider-aws/lib/kinesis-stream";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import { kmsAliasName } from "../core/naming";
import { IRoleLike } from "../core/iam";
import { requireProps, Validator } from "../core/validation";
import { KinesisStreamSource } from "../delivery-stream/sources";
import { RenderedChecks } from "../checks/aspect";
import { describeMetric, IMonitorable, MetricDescription, MetricOptions, MonitoringTarget } from "../monitoring/metric";

/** Capacity mode of a data stream (rule K1). */
export type KinesisStreamMode = "ON_DEMAND" | "PROVISIONED";

import { SHARD_LEVEL_METRICS } from "../core/patterns";
import * as Patterns from "../core/patterns";
import { KINESIS_STREAM_PROP_FIELDS, validateKinesisStream } from "./validation";
export { SHARD_LEVEL_METRICS };
export type ShardLevelMetric = (typeof SHARD_LEVEL_METRICS)[number];

/** The AWS-managed key of Kinesis Data Streams. */
const KINESIS_AWS_MANAGED_KEY = "alias/aws/kinesis";

/**
 * Encryption at rest of the data stream (always on: rule K5 needs a key with KMS, and an unencrypted stream is not
 * offered). `CUSTOMER_MANAGED` creates a key with rotation unless `keyArn` is given.
 */
export type KinesisStreamEncryption =
  | { readonly type: "CUSTOMER_MANAGED"; readonly keyArn?: string }
  | { readonly type: "AWS_MANAGED" };

export interface KinesisDataStreamProps {
  /** Stream name: 1-128 of `[a-zA-Z0-9_.-]` (rule K7). Changing it replaces the stream. */
  readonly name: string;
  /** Capacity mode (rule K1). @default "ON_DEMAND" */
  readonly mode?: KinesisStreamMode;
  /** Shards, ≥1; PROVISIONED only (rules K2, K3). Resharding is limited to ×2 / ÷2 per UpdateShardCount call (not checked here: it depends on the deployed count). */
  readonly shardCount?: number;
  /** How long records stay readable, 24-8760 hours (rule K4). @default 24 */
  readonly retentionPeriodHours?: number;
  /** Enhanced shard-level metrics, 1-7 names of {@link SHARD_LEVEL_METRICS} (rule K6). @default none */
  readonly shardLevelMetrics?: ShardLevelMetric[];
  /** @default a created customer-managed key with rotation */
  readonly encryption?: KinesisStreamEncryption;
  readonly tags?: Record<string, string>;
}


/**
 * Kinesis data stream rules K1, K2, K3, K4, K5, K6, K7 (modules/core/rules.ts) on the props: the rules of the rendered
 * stream ({@link validateKinesisStream}, shared with the rendered-resource checks), plus the two props-only checks of
 * K5: the encryption choice, and a key ARN rather than an alias (IAM grants only match key ARNs).
 */
export function validateKinesisStreamProps(v: Validator, props: KinesisDataStreamProps, path = ""): void {
  const at = (p: string) => (path ? `${path}.${p}` : p);
  if (!v.required(props.name, at("name"), "string", "the Kinesis data stream name")) return;
  const enc = props.encryption;
  const keyArn = enc?.type === "CUSTOMER_MANAGED" ? enc.keyArn : undefined;
  validateKinesisStream(
    v,
    {
      name: props.name,
      mode: props.mode ?? "ON_DEMAND",
      shardCount: props.shardCount,
      shardCountGiven: props.shardCount !== undefined,
      retentionPeriodHours: props.retentionPeriodHours,
      shardLevelMetrics: props.shardLevelMetrics,
      // The construct always encrypts with KMS: a given key, a created one, or alias/aws/kinesis.
      encryptionType: "KMS",
      kmsKeyId: keyArn,
      kmsKeyIdGiven: true,
    },
    KINESIS_STREAM_PROP_FIELDS,
    path,
  );
  if (enc !== undefined) {
    v.oneOf(enc.type, ["CUSTOMER_MANAGED", "AWS_MANAGED"], at("encryption.type"), "K5", "encryption type");
    if (keyArn !== undefined) {
      // A key ARN, not an alias: IAM grants (kms:Decrypt for readers) only match key ARNs.
      v.pattern(keyArn, Patterns.KMS_KEY_ARN, at("encryption.keyArn"), "K5", "KMS key ARN (aliases cannot be used in IAM grants)");
    }
  }
}

/**
 * A Kinesis data stream, always encrypted with KMS, validated at synth (rules K1, K2, K3, K4, K5, K6, K7). Readers and writers get
 * grants on this stream's ARN only; `toSource()` plugs it into a {@link FirehoseDeliveryStream}.
 */
export class KinesisDataStream extends Construct implements IMonitorable {
  public readonly stream: KinesisStream;
  public readonly streamName: string;
  public readonly streamArn: string;
  /** The customer-managed key encrypting the stream; undefined with the AWS-managed key. */
  public readonly kmsKeyArn?: string;
  /** The key this construct created, if any. */
  public readonly kmsKey?: KmsKey;

  constructor(scope: Construct, id: string, props: KinesisDataStreamProps) {
    super(scope, id);
    RenderedChecks.enable(this);
    const v = new Validator(this);
    requireProps(v, props);
    validateKinesisStreamProps(v, props);
    v.throwIfErrors();

    const enc = props.encryption ?? { type: "CUSTOMER_MANAGED" };
    if (enc.type === "CUSTOMER_MANAGED") {
      if (enc.keyArn) {
        this.kmsKeyArn = enc.keyArn;
      } else {
        this.kmsKey = new KmsKey(this, "Key", {
          description: `Encrypts Kinesis data stream ${props.name}`,
          enableKeyRotation: true,
          deletionWindowInDays: 30,
          tags: props.tags,
        });
        new KmsAlias(this, "KeyAlias", { name: kmsAliasName("kinesis", props.name), targetKeyId: this.kmsKey.keyId });
        this.kmsKeyArn = this.kmsKey.arn;
      }
    }

    const mode = props.mode ?? "ON_DEMAND";
    this.stream = new KinesisStream(this, "Stream", {
      name: props.name,
      streamModeDetails: { streamMode: mode },
      shardCount: mode === "PROVISIONED" ? props.shardCount : undefined,
      retentionPeriod: props.retentionPeriodHours ?? 24,
      shardLevelMetrics: props.shardLevelMetrics,
      encryptionType: "KMS",
      kmsKeyId: this.kmsKeyArn ?? KINESIS_AWS_MANAGED_KEY,
      tags: props.tags,
    });
    this.streamName = this.stream.name;
    this.streamArn = this.stream.arn;
  }

  /** Lets `role` read this stream (the actions Firehose's Kinesis source needs) and decrypt with its key. */
  public grantRead(role: IRoleLike): boolean {
    const ok = role.addToPolicy({
      sid: "ReadKinesisStream",
      actions: ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:ListShards"],
      resources: [this.streamArn],
    });
    if (ok && this.kmsKeyArn) role.addToPolicy({ sid: "DecryptKinesisStream", actions: ["kms:Decrypt"], resources: [this.kmsKeyArn] });
    return ok;
  }

  /** Lets `role` put records into this stream (producers need kms:GenerateDataKey on a customer-managed key). */
  public grantWrite(role: IRoleLike): boolean {
    const ok = role.addToPolicy({
      sid: "WriteKinesisStream",
      actions: ["kinesis:DescribeStreamSummary", "kinesis:ListShards", "kinesis:PutRecord", "kinesis:PutRecords"],
      resources: [this.streamArn],
    });
    if (ok && this.kmsKeyArn) role.addToPolicy({ sid: "EncryptKinesisStream", actions: ["kms:GenerateDataKey"], resources: [this.kmsKeyArn] });
    return ok;
  }

  /** Monitoring watches this stream (iterator age, read and write throughput exceeded). */
  public monitoringTargets(): MonitoringTarget[] {
    return [{ type: "kinesisStream", streamName: this.streamName, metrics: this }];
  }

  /** Any `AWS/Kinesis` stream-level metric of this stream (dimension `StreamName`). @default statistic Sum, period 300 s */
  public metric(metricName: string, opts?: MetricOptions): MetricDescription {
    return describeMetric("AWS/Kinesis", metricName, { StreamName: this.streamName }, "Sum", opts);
  }

  /** `GetRecords.IteratorAgeMilliseconds` (Maximum): how far the slowest consumer lags behind. */
  public metricGetRecordsIteratorAgeMilliseconds(opts?: MetricOptions): MetricDescription {
    return this.metric("GetRecords.IteratorAgeMilliseconds", { statistic: "Maximum", ...opts });
  }

  /** `WriteProvisionedThroughputExceeded` (Sum): producer requests throttled by the shards' write limits. */
  public metricWriteProvisionedThroughputExceeded(opts?: MetricOptions): MetricDescription {
    return this.metric("WriteProvisionedThroughputExceeded", opts);
  }

  /** `ReadProvisionedThroughputExceeded` (Sum): consumer requests throttled by the shards' read limits. */
  public metricReadProvisionedThroughputExceeded(opts?: MetricOptions): MetricDescription {
    return this.metric("ReadProvisionedThroughputExceeded", opts);
  }

  /** `IncomingRecords` (Sum): records put into the stream. */
  public metricIncomingRecords(opts?: MetricOptions): MetricDescription {
    return this.metric("IncomingRecords", opts);
  }

  /** This stream as the source of a delivery stream: its role gets the read actions on this stream and kms:Decrypt. */
  public toSource(): KinesisStreamSource {
    return new KinesisStreamSource({ streamArn: this.streamArn, kmsKeyArn: this.kmsKeyArn });
  }
}

