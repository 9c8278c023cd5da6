/**
 * Dynamic partitioning via Lambda: decompress (gzip by magic), parse the JSON record, extract the configured partition
 * keys and the event-time keys, return them as STRING `metadata.partitionKeys` (referenced in the S3 prefix as
 * `!{partitionKeyFromLambda:<key>}`; Firehose developer guide, "Dynamic partitioning with AWS Lambda").
 * Event time comes from the record's own field (UTC), falling back to the record's approximateArrivalTimestamp only
 * when the field is absent — never the Lambda clock, so replays land in the same partitions.
 */
import {
  ConfigError,
  Env,
  envEnum,
  envList,
  envString,
  envStringMap,
  FieldPath,
  jsonLine,
  jsonRecordProcessor,
  parseTimeFormat,
  PartitionKeys,
  RecordError,
  RecordProcessor,
  timeParser,
  TimeFormat,
  cachedUtcParts,
} from "../shared";

const TIME_KEYS = ["year", "month", "day", "hour", "minute"] as const;
type TimeKey = (typeof TIME_KEYS)[number];

export interface PartitionerConfig {
  /** Partition key name → dotted field path; every one is required. */
  keys: Record<string, string>;
  /** Dotted path of the event-time field; empty: always the arrival time. */
  eventTimeField: string;
  eventTimeFormat: TimeFormat;
  /** Which time keys to emit (subset of year, month, day, hour, minute). */
  timeKeys: TimeKey[];
  /** `newline`: payload as received (decompressed) terminated by `\n`; `passthrough`: unchanged; `json-line`: re-serialized compact. */
  output: "newline" | "passthrough" | "json-line";
}

export function readPartitionerConfig(env: Env): PartitionerConfig {
  const timeKeys = envList(env, "TIME_PARTITION_KEYS", ["year", "month", "day", "hour"]);
  for (const k of timeKeys) {
    if (!(TIME_KEYS as readonly string[]).includes(k)) throw new ConfigError(`TIME_PARTITION_KEYS: unknown key ${k}`);
  }
  const keys = envStringMap(env, "PARTITION_KEYS");
  for (const k of Object.keys(keys)) {
    if (timeKeys.includes(k)) throw new ConfigError(`PARTITION_KEYS: ${k} is also a time key`);
  }
  return {
    keys,
    eventTimeField: envString(env, "EVENT_TIME_FIELD", ""),
    eventTimeFormat: parseTimeFormat(envString(env, "EVENT_TIME_FORMAT", "auto")),
    timeKeys: timeKeys as TimeKey[],
    output: envEnum(env, "OUTPUT_MODE", "newline", ["newline", "passthrough", "json-line"] as const),
  };
}

/** Partition key values must be non-empty strings; numbers and booleans are converted, anything else is refused. */
function keyValue(name: string, v: unknown): string {
  if (typeof v === "string") {
    if (v === "") throw new RecordError(`partition key ${name} is empty`);
    return v;
  }
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  throw new RecordError(v === undefined || v === null ? `missing partition key ${name}` : `partition key ${name} is not a scalar`);
}

const NEWLINE = Buffer.from("\n");

export function createPartitionerProcessor(config: PartitionerConfig): RecordProcessor {
  const parseTime = timeParser(config.eventTimeFormat);
  const utcParts = cachedUtcParts();
  const keyEntries = Object.entries(config.keys).map(([name, path]) => [name, new FieldPath(path)] as const);
  const eventTime = config.eventTimeField === "" ? undefined : new FieldPath(config.eventTimeField);
  return jsonRecordProcessor("partitioner", (doc, ctx, payload) => {
    const partitionKeys: PartitionKeys = {};
    for (const [name, path] of keyEntries) partitionKeys[name] = keyValue(name, path.get(doc));
    if (config.timeKeys.length > 0) {
      const raw = eventTime?.get(doc);
      const ms = raw === undefined || raw === null ? ctx.approximateArrivalTimestamp : parseTime(raw);
      const parts = utcParts(ms);
      for (const k of config.timeKeys) partitionKeys[k] = parts[k];
    }
    let data: Buffer | string = payload;
    if (config.output === "json-line") data = jsonLine(doc);
    else if (config.output === "newline" && payload[payload.length - 1] !== 0x0a) data = Buffer.concat([payload, NEWLINE]);
    return { result: "Ok", data, partitionKeys };
  });
}
