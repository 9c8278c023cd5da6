/**
 * Kinesis data stream rules K1-K7 (modules/core/rules.ts), written once: the {@link KinesisDataStream} props and the
 * rendered `aws_kinesis_stream` (modules/checks/engine.ts) both call {@link validateKinesisStream}, each with the
 * names of its own fields, so messages name the field the user wrote.
 */
import { isUnresolved, Validator } from "../core/validation";
import * as Patterns from "../core/patterns";
import { SHARD_LEVEL_METRICS } from "../core/patterns";

/** Where each checked value is in the user's configuration (construct props or Terraform attributes). */
export interface KinesisStreamFields {
  readonly name: string;
  readonly mode: string;
  readonly shardCount: string;
  readonly retentionPeriod: string;
  readonly shardLevelMetrics: string;
  readonly encryptionType: string;
  readonly kmsKeyId: string;
}

/** Field names of the {@link KinesisDataStream} props. */
export const KINESIS_STREAM_PROP_FIELDS: KinesisStreamFields = {
  name: "name",
  mode: "mode",
  shardCount: "shardCount",
  retentionPeriod: "retentionPeriodHours",
  shardLevelMetrics: "shardLevelMetrics",
  encryptionType: "encryption.type",
  kmsKeyId: "encryption.keyArn",
};

/** Attribute names of the rendered `aws_kinesis_stream`. */
export const KINESIS_STREAM_TERRAFORM_FIELDS: KinesisStreamFields = {
  name: "name",
  mode: "stream_mode_details.stream_mode",
  shardCount: "shard_count",
  retentionPeriod: "retention_period",
  shardLevelMetrics: "shard_level_metrics",
  encryptionType: "encryption_type",
  kmsKeyId: "kms_key_id",
};

/**
 * The known values of a stream; `undefined` is not set, or not known (a reference): such values are skipped. Where a
 * rule needs to know whether a field is set at all, the `...Given` flag says so even when the value is not known.
 */
export interface KinesisStreamInput {
  readonly name?: string;
  /** The effective mode (the caller applies its default: ON_DEMAND for the construct, PROVISIONED for Terraform). */
  readonly mode?: string;
  /** Added after the mode in messages when the user did not write it, e.g. " (the default mode)". */
  readonly modeNote?: string;
  readonly shardCount?: number;
  /** Set, known or not. */
  readonly shardCountGiven: boolean;
  readonly retentionPeriodHours?: number;
  readonly shardLevelMetrics?: readonly unknown[];
  /** `KMS` or `NONE`, as the API writes it. */
  readonly encryptionType?: string;
  readonly kmsKeyId?: string;
  /** Set, known or not. */
  readonly kmsKeyIdGiven: boolean;
}

/** Rules K1, K2, K3, K4, K5, K6 and K7 on a Kinesis data stream whose fields are under `path` ("" at the top). */
export function validateKinesisStream(v: Validator, input: KinesisStreamInput, f: KinesisStreamFields, path = ""): void {
  const { name, mode, shardCount } = input;
  const at = (field: string): string => (path ? `${path}.${field}` : field);
  // K7: CreateStream StreamName.
  v.length(name, 1, 128, at(f.name), "K7", "Kinesis stream name");
  v.pattern(name, Patterns.KINESIS_STREAM_NAME, at(f.name), "K7", "Kinesis stream name");
  // K1, K2, K3: the capacity mode and its shard count. 0 is how Terraform writes "unset".
  v.oneOf(mode, ["ON_DEMAND", "PROVISIONED"], at(f.mode), "K1", "stream mode");
  if (mode === "ON_DEMAND" && shardCount !== undefined && shardCount !== 0) {
    v.error(at(f.shardCount), "K2", `${f.shardCount} must not be set when ${f.mode} is ON_DEMAND (on-demand streams scale their shards themselves)`, shardCount);
  }
  if (mode === "PROVISIONED") {
    v.require(input.shardCountGiven, at(f.shardCount), "K3", `a PROVISIONED stream${input.modeNote ?? ""} needs ${f.shardCount} (at least 1)`, shardCount);
    // UpdateShardCount: at most 10,000 shards per stream.
    v.range(shardCount, 1, 10000, at(f.shardCount), "K3", "shard count");
  }
  // K4: IncreaseStreamRetentionPeriod / DecreaseStreamRetentionPeriod.
  v.range(input.retentionPeriodHours, 24, 8760, at(f.retentionPeriod), "K4", "retention period", { unit: "hours" });
  // K5: encryption at rest.
  v.oneOf(input.encryptionType, ["NONE", "KMS"], at(f.encryptionType), "K5", "encryption type");
  if (input.encryptionType === "KMS" && (!input.kmsKeyIdGiven || input.kmsKeyId === "")) {
    v.error(at(f.kmsKeyId), "K5", `${f.encryptionType} KMS needs ${f.kmsKeyId} (a key id, key ARN, alias or alias/aws/kinesis)`, undefined);
  }
  v.length(input.kmsKeyId || undefined, 1, 2048, at(f.kmsKeyId), "K5", f.kmsKeyId);
  // K6: EnableEnhancedMonitoring ShardLevelMetrics.
  const metrics = input.shardLevelMetrics;
  if (metrics !== undefined && !isUnresolved(metrics as unknown[])) {
    v.require(metrics.length >= 1 && metrics.length <= 7, at(f.shardLevelMetrics), "K6", `${f.shardLevelMetrics} must list 1-7 metrics, got ${metrics.length}`, metrics);
    metrics.forEach((m, i) => {
      if (typeof m === "string" && m.includes("${")) return;
      v.oneOf(m, SHARD_LEVEL_METRICS as readonly unknown[], `${at(f.shardLevelMetrics)}[${i}]`, "K6", "shard-level metric");
    });
    const dup = metrics.filter((m, i) => metrics.indexOf(m) !== i);
    if (dup.length > 0) v.error(at(f.shardLevelMetrics), "K6", `each shard-level metric may appear once; repeated: ${[...new Set(dup)].join(", ")}`, metrics);
  }
}

/**
 * Kinesis Data Streams shard limits (developer guide, "Quotas and limits"): a shard takes 1 MiB/s of writes and serves
 * 2 MiB/s and 5 GetRecords calls per second of reads, shared by every consumer. Each Firehose delivery stream reading
 * the stream calls GetRecords about once per second per shard and reads everything.
 */
export const KINESIS_SHARD_LIMITS = { writeMiBPerSecond: 1, readMiBPerSecond: 2, readCallsPerSecond: 5 } as const;

/** Most Firehose delivery streams one provisioned stream can feed: 5 would use every GetRecords call of each shard. */
const MAX_FIREHOSE_CONSUMERS = KINESIS_SHARD_LIMITS.readCallsPerSecond - 1;

/**
 * Rule FANOUT-CAPACITY, consumer count: at most {@link MAX_FIREHOSE_CONSUMERS} delivery streams read one PROVISIONED
 * stream (`mode`; other or unknown modes are skipped: on-demand shards split as the load grows).
 */
export function validateFirehoseConsumerCount(v: Validator, path: string, mode: string | undefined, consumers: number): void {
  if (mode !== "PROVISIONED" || consumers <= MAX_FIREHOSE_CONSUMERS) return;
  v.error(
    path,
    "FANOUT-CAPACITY",
    `${consumers} delivery streams on one PROVISIONED stream: each calls GetRecords once per second per shard and a shard serves ${KINESIS_SHARD_LIMITS.readCallsPerSecond} calls per second to all consumers, so they would be throttled; use at most ${MAX_FIREHOSE_CONSUMERS}, or split them over two streams`,
    consumers,
  );
}
