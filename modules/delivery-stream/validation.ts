/**
 * Synth-time rules (buffering, prefixes, processors, names; ids of modules/core/rules.ts) shared by the delivery
 * stream and its destinations. Each function adds problems to a Validator; none throws.
 * Why these exist even where the provider has validators: in a cdktf stack the ARNs inside each `*_configuration`
 * block are references unknown at plan time, so the provider skips every validator of that block.
 */
import { isUnresolved, Validator } from "../core/validation";
import { IProcessor } from "./processors";
import * as Patterns from "../core/patterns";

/**
 * Names of the checked fields. The construct props and the rendered Terraform resource share each rule's code and
 * differ only in these names, so messages name the field the user wrote.
 */
export interface FieldNames {
  readonly prefix: string;
  readonly errorOutputPrefix: string;
  readonly processors: string;
  readonly bufferingSize: string;
  readonly bufferingInterval: string;
  readonly compression: string;
}

/** Field names of the construct props. */
const PROP_FIELDS: FieldNames = { prefix: "prefix", errorOutputPrefix: "errorOutputPrefix", processors: "processors", bufferingSize: "bufferingSizeMiB", bufferingInterval: "bufferingIntervalSeconds", compression: "compression" };

/** Field names of the rendered `aws_kinesis_firehose_delivery_stream` blocks. */
export const TERRAFORM_FIELDS: FieldNames = {
  prefix: "prefix",
  errorOutputPrefix: "error_output_prefix",
  processors: "processing_configuration.processors",
  bufferingSize: "buffering_size",
  bufferingInterval: "buffering_interval",
  compression: "compression_format",
};

/** What the prefix rules need to know of a processor: its type and, for MetadataExtraction, the query's keys. */
interface ProcessorFacts {
  readonly type: string;
  /** Keys the MetadataExtraction query produces; undefined when they cannot be known statically. */
  readonly keys?: string[];
}

/** Firehose stream name: 1-64 of `[a-zA-Z0-9_.-]` (rule N-FIREHOSE; the provider checks only the length). */
export function validateStreamName(v: Validator, name: string, path = "name"): void {
  v.length(name, 1, 64, path, "N-FIREHOSE", "delivery stream name");
  v.pattern(name, Patterns.FIREHOSE_STREAM_NAME, path, "N-FIREHOSE", "delivery stream name");
}

/** IANA zone names this runtime's Intl knows (canonical names; aliases such as `UTC` or `US/Pacific` are accepted too). */
let knownZones: readonly string[] | undefined;
function supportedTimeZones(): readonly string[] {
  knownZones ??= typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return knownZones;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length];
}

/**
 * The IANA zone of `!{timestamp:...}` (CustomTimeZone): a name the runtime's `Intl` knows, written in its exact case
 * (Intl is case-insensitive, zone ids are not). Empty means UTC. A misspelt zone is refused with the nearest names.
 */
export function validateTimeZone(v: Validator, zone: string | undefined, path: string): void {
  if (zone === undefined || zone === "" || isUnresolved(zone)) return;
  if (typeof zone !== "string") {
    v.error(path, "DP20", "the time zone must be a string such as Europe/Paris", zone);
    return;
  }
  let resolved: string | undefined;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    resolved = undefined;
  }
  const zones = supportedTimeZones();
  if (resolved === undefined) {
    const nearest = [...zones, "UTC"]
      .map((z) => ({ z, d: editDistance(zone.toLowerCase(), z.toLowerCase()) }))
      .sort((x, y) => x.d - y.d)
      .filter((x, i, all) => x.d <= 3 && x.d === all[0].d)
      .map((x) => x.z);
    v.error(path, "DP20", `unknown time zone: give an IANA zone name such as Europe/Paris or UTC${nearest.length ? ` (did you mean ${nearest.slice(0, 3).join(", ")}?)` : ""}`, zone);
  } else if (!zones.includes(zone) && zone !== resolved && zone.toLowerCase() === resolved.toLowerCase()) {
    v.error(path, "DP20", `time zone names are case-sensitive: write ${resolved}`, zone);
  }
}

/** Where a delivery stream is deployed, as far as rule N-FIREHOSE-UNIQUE can tell. */
export interface StreamPlacement {
  /** The stream's name (unresolved values are skipped). */
  readonly name: unknown;
  /** The construct path or Terraform address of the stream. */
  readonly label: string;
  /** Streams of one group (a stack; a Terraform configuration's provider) share one account and region. */
  readonly group: unknown;
  /** How a message names the stream's group from another group: `stack Events of the same app`. */
  readonly groupName: string;
  readonly region?: string;
  readonly account?: string;
}

/**
 * Firehose stream names are unique per account and region (rule N-FIREHOSE-UNIQUE): a second stream of the same name
 * fails at apply (ResourceInUseException), or two stacks fight over one stream. `here` is refused when one of `others`
 * has its name in the same group (`sameGroup` words it: `the same stack`), or in another group whose region and
 * account do not tell them apart.
 */
export function validateUniqueStreamName(v: Validator, path: string, here: StreamPlacement, others: readonly StreamPlacement[], sameGroup: string): void {
  const name = here.name;
  if (typeof name !== "string" || isUnresolved(name)) return;
  for (const there of others) {
    if (there.name !== name) continue;
    if (there.group === here.group) {
      v.error(path, "N-FIREHOSE-UNIQUE", `delivery stream name "${name}" is already used by ${there.label} in ${sameGroup}; names are unique per account and region`, name);
      return;
    }
    const differentRegion = here.region !== undefined && there.region !== undefined && here.region !== there.region;
    const differentAccount = here.account !== undefined && there.account !== undefined && here.account !== there.account;
    if (!differentRegion && !differentAccount) {
      v.error(
        path,
        "N-FIREHOSE-UNIQUE",
        `delivery stream name "${name}" is already used by ${there.label} in ${there.groupName}, with ${here.region && here.region === there.region ? `the same region ${here.region}` : "no region that tells them apart"} and ${here.account && here.account === there.account ? `the same account ${here.account}` : "no account that tells them apart"}; names are unique per account and region`,
        name,
      );
      return;
    }
  }
}

export interface BufferingLimits {
  readonly minSizeMiB: number;
  readonly maxSizeMiB: number;
  readonly maxIntervalSeconds: number;
  readonly rule: string;
}

/** Buffering size/interval ranges (rules B1, B2, B3, B4, B5, B6, B7). */
export function validateBuffering(v: Validator, path: string, sizeMiB: number | undefined, intervalSeconds: number | undefined, limits: BufferingLimits, names: FieldNames = PROP_FIELDS): void {
  v.range(sizeMiB, limits.minSizeMiB, limits.maxSizeMiB, `${path}.${names.bufferingSize}`, limits.rule, "buffering size", { unit: "MiB" });
  v.range(intervalSeconds, 0, limits.maxIntervalSeconds, `${path}.${names.bufferingInterval}`, limits.rule, "buffering interval", { unit: "seconds" });
}

export const S3_BUFFERING: BufferingLimits = { minSizeMiB: 1, maxSizeMiB: 128, maxIntervalSeconds: 900, rule: "B1" };

export type S3Compression = "UNCOMPRESSED" | "GZIP" | "ZIP" | "Snappy" | "HADOOP_SNAPPY";
/** S3 compression formats the API lists: the one list of the constructs and the rendered check (rule S3-COMPRESSION). */
const S3_COMPRESSIONS: readonly S3Compression[] = ["UNCOMPRESSED", "GZIP", "ZIP", "Snappy", "HADOOP_SNAPPY"];

/** Rule S3-COMPRESSION: an S3 compression format is one the API lists (construct props and rendered `compression_format`). */
export function validateS3Compression(v: Validator, path: string, compression: string | undefined): void {
  v.oneOf(compression, S3_COMPRESSIONS as readonly string[], path, "S3-COMPRESSION", "compression");
}

/** What the rules of a backup or intermediate S3 block read (B2, B12, compression, and the prefix rules). */
export interface S3BackupSettingsInput {
  readonly sizeMiB?: number;
  readonly intervalSeconds?: number;
  readonly compression?: string;
  readonly prefix?: string;
  readonly errorOutputPrefix?: string;
}

/**
 * Rules B2 (1-128 MiB, 0-900 s), B12 (zero buffering is not available for S3 backup: warned), the compression list and
 * the prefix rules (DP5, DP8, DP15, DP16, DP17) of a backup or intermediate S3 block (`s3_configuration`,
 * `s3_backup_configuration`). Shared by the destinations' props and the rendered stream.
 */
export function validateS3BackupSettings(v: Validator, path: string, i: S3BackupSettingsInput, names: FieldNames = PROP_FIELDS): void {
  validateBuffering(v, path, i.sizeMiB, i.intervalSeconds, { ...S3_BUFFERING, rule: "B2" }, names);
  if (i.intervalSeconds === 0) v.warn(`${path}.${names.bufferingInterval}`, "B12", "zero buffering is not available for S3 backup destinations", 0);
  validateS3Compression(v, `${path}.${names.compression}`, i.compression);
  validateS3Prefixes(v, path, { prefix: i.prefix, errorOutputPrefix: i.errorOutputPrefix, dynamicPartitioning: false, processors: [] }, names);
}

/**
 * Rule DP18: the Redshift intermediate bucket takes no prefix expressions and no error output prefix. Returns the
 * prefix left for the other prefix rules (none when it has expressions, already reported here).
 */
export function validateRedshiftIntermediatePrefixes(v: Validator, paths: { readonly prefix: string; readonly errorOutputPrefix: string }, prefix: string | undefined, errorOutputPrefix: string | undefined): string | undefined {
  const expressions = prefix !== undefined && !isUnresolved(prefix) && prefix.includes("!{");
  if (expressions) v.error(paths.prefix, "DP18", "the Redshift intermediate prefix cannot use !{...} expressions", prefix);
  if (errorOutputPrefix !== undefined && errorOutputPrefix !== "") {
    v.error(paths.errorOutputPrefix, "DP18", "Redshift does not support an error output prefix on the intermediate bucket", errorOutputPrefix);
  }
  return expressions ? undefined : prefix;
}

/** Rule DP13: the dynamic partitioning retry duration is 0-7200 s. */
export function validateDynamicPartitioningRetry(v: Validator, path: string, seconds: number | undefined): void {
  v.range(seconds, 0, 7200, path, "DP13", "dynamic partitioning retry duration", { unit: "seconds" });
}

/**
 * Rule DP19: file extension (empty, or a period then lowercase letters, digits or `!-_.*'()`; at most 50 characters:
 * the API allows 128 but the Terraform provider refuses more than 50) and custom time zone (0-50 characters of letters,
 * `/` and `_`) of an extended S3 destination.
 */
export function validateS3ObjectNaming(v: Validator, paths: { readonly fileExtension: string; readonly customTimeZone: string }, i: { readonly fileExtension?: string; readonly customTimeZone?: string }): void {
  v.length(i.fileExtension, 0, 50, paths.fileExtension, "DP19", "file extension");
  v.pattern(i.fileExtension, Patterns.S3_FILE_EXTENSION, paths.fileExtension, "DP19", "file extension");
  v.length(i.customTimeZone, 0, 50, paths.customTimeZone, "DP19", "custom time zone");
  v.pattern(i.customTimeZone, Patterns.S3_TIME_ZONE, paths.customTimeZone, "DP19", "custom time zone");
}

/** Valid `retention_in_days` values of CloudWatch Logs (PutRetentionPolicy). */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export function validateLogRetention(v: Validator, days: number | undefined, path: string): void {
  if (days === undefined || isUnresolved(days)) return;
  v.require((LOG_RETENTION_DAYS as readonly number[]).includes(days), path, "LOGS", `log retention must be one of ${LOG_RETENTION_DAYS.join(", ")} days`, days);
}

/** `!{namespace:value}` expressions of a prefix. */
export interface PrefixExpression {
  readonly namespace: string;
  readonly value: string;
}

const NAMESPACES = ["partitionKeyFromQuery", "partitionKeyFromLambda", "timestamp", "firehose"];

/** Parses `!{ns:value}` expressions; returns the problems found with `!{` usage (rule DP5). */
export function parsePrefixExpressions(prefix: string): { expressions: PrefixExpression[]; errors: string[] } {
  const expressions: PrefixExpression[] = [];
  const errors: string[] = [];
  let i = 0;
  while ((i = prefix.indexOf("!{", i)) !== -1) {
    const end = prefix.indexOf("}", i);
    if (end === -1) {
      errors.push(`"!{" at position ${i} is not closed by "}"`);
      break;
    }
    const inner = prefix.slice(i + 2, end);
    const colon = inner.indexOf(":");
    if (colon <= 0 || inner.includes("!{")) {
      errors.push(`"!{${inner}}" is not an expression of the form !{namespace:value}`);
    } else {
      expressions.push({ namespace: inner.slice(0, colon).trim(), value: inner.slice(colon + 1).trim() });
    }
    i = end + 1;
  }
  return { expressions, errors };
}

export interface PrefixRuleInput {
  readonly prefix?: string;
  readonly errorOutputPrefix?: string;
  readonly dynamicPartitioning: boolean;
  readonly processors: readonly ProcessorFacts[];
}

/** Rules DP3, DP4, DP5, DP6, DP7, DP8, DP15, DP16, DP17 for an extended S3 destination's prefixes. */
export function validateS3Prefixes(v: Validator, path: string, input: PrefixRuleInput, names: FieldNames = PROP_FIELDS): void {
  const { prefix, errorOutputPrefix, dynamicPartitioning, processors } = input;
  const at = (field: string): string => (path ? `${path}.${field}` : field);
  const P = at(names.prefix);
  const E = at(names.errorOutputPrefix);
  const prefixKnown = prefix !== undefined && !isUnresolved(prefix);
  const errorKnown = errorOutputPrefix !== undefined && !isUnresolved(errorOutputPrefix);

  if (dynamicPartitioning) {
    v.require(!!prefix, P, "DP3", "dynamic partitioning requires a prefix", prefix);
    v.require(!!errorOutputPrefix, E, "DP3", "dynamic partitioning requires an error output prefix", errorOutputPrefix);
  }

  const parsed = prefixKnown ? checkExpressions(v, P, prefix, names.prefix) : [];
  const parsedError = errorKnown ? checkExpressions(v, E, errorOutputPrefix, names.errorOutputPrefix) : [];

  for (const [value, p, label] of [[prefix, P, names.prefix], [errorOutputPrefix, E, names.errorOutputPrefix]] as const) {
    if (value !== undefined && !isUnresolved(value)) v.length(value, 0, 1024, p, "DP17", label);
  }

  if (prefixKnown && parsed.some((e) => e.namespace === "firehose" && e.value === "error-output-type")) {
    v.error(P, "DP16", `!{firehose:error-output-type} may only appear in ${names.errorOutputPrefix}`, prefix);
  }
  // DP3 already reports a missing error prefix under dynamic partitioning.
  if (prefixKnown && parsed.length > 0 && (errorOutputPrefix === "" || (errorOutputPrefix === undefined && !dynamicPartitioning))) {
    v.error(E, "DP16", `${names.errorOutputPrefix} may be empty only when ${names.prefix} contains no !{...} expressions`, errorOutputPrefix);
  }
  if (errorKnown && parsedError.length > 0 && !parsedError.some((e) => e.namespace === "firehose" && e.value === "error-output-type")) {
    v.error(E, "DP16", `an ${names.errorOutputPrefix} with expressions must contain !{firehose:error-output-type}`, errorOutputPrefix);
  }

  const partitionExprs = [...parsed, ...parsedError].filter((e) => e.namespace.startsWith("partitionKeyFrom"));
  if (!dynamicPartitioning && partitionExprs.length > 0) {
    v.error(P, "DP8", "!{partitionKeyFromQuery:...} and !{partitionKeyFromLambda:...} need dynamic partitioning enabled", prefix);
  }

  const extraction = processors.find((p) => p.type === "MetadataExtraction");
  const hasLambda = processors.some((p) => p.type === "Lambda");
  if (dynamicPartitioning) {
    v.require(!!extraction || hasLambda, at(names.processors), "DP4", "dynamic partitioning needs a MetadataExtraction processor or a Lambda processor returning partition keys", processors.map((p) => p.type));
  }
  if (!prefixKnown) return;
  const queryKeysInPrefix = new Set(parsed.filter((e) => e.namespace === "partitionKeyFromQuery").map((e) => e.value));
  if (queryKeysInPrefix.size > 0 && !extraction) {
    v.error(P, "DP6", "!{partitionKeyFromQuery:...} needs a MetadataExtraction processor", prefix);
  }
  if (parsed.some((e) => e.namespace === "partitionKeyFromLambda") && !hasLambda) {
    v.error(P, "DP7", "!{partitionKeyFromLambda:...} needs a Lambda processor", prefix);
  }
  const queryKeys = extraction?.keys;
  if (extraction && queryKeys) {
    const missing = [...queryKeysInPrefix].filter((k) => !queryKeys.includes(k));
    const unused = queryKeys.filter((k) => !queryKeysInPrefix.has(k));
    if (missing.length > 0) {
      v.error(P, "DP6", `${names.prefix} uses partitionKeyFromQuery key(s) ${missing.join(", ")} that the MetadataExtraction query does not produce (query keys: ${queryKeys.join(", ")})`, prefix);
    }
    if (unused.length > 0) {
      v.error(P, "DP6", `every MetadataExtraction query key must be used in the ${names.prefix}; unused: ${unused.join(", ")}`, prefix);
    }
  }
}

function checkExpressions(v: Validator, path: string, value: string, label: string): PrefixExpression[] {
  const { expressions, errors } = parsePrefixExpressions(value);
  for (const e of errors) v.error(path, "DP5", `${label}: ${e}`, value);
  for (const e of expressions) {
    if (!NAMESPACES.includes(e.namespace)) {
      v.error(path, "DP5", `unknown expression namespace "${e.namespace}" (allowed: ${NAMESPACES.join(", ")})`, value);
    } else if (e.namespace === "firehose" && !["random-string", "error-output-type"].includes(e.value)) {
      v.error(path, "DP5", `unknown firehose expression "${e.value}" (allowed: random-string, error-output-type)`, value);
    } else if (e.namespace === "timestamp" && e.value === "") {
      v.error(path, "DP15", "!{timestamp:...} needs a Java DateTimeFormatter pattern such as yyyy/MM/dd", value);
    } else if (e.namespace.startsWith("partitionKeyFrom") && !/^[A-Za-z0-9_-]+$/.test(e.value)) {
      v.error(path, "DP5", `partition key name "${e.value}" is not a plain key name`, value);
    }
  }
  return expressions;
}

/** Processor-list rules shared by every destination (DP1, DP12, P1, and the processor parameters L1, L2, L3, L4, L6, L8). */
export function validateProcessors(v: Validator, path: string, processors: IProcessor[], opts: { dynamicPartitioning: boolean }): void {
  if (!v.required(processors, path, "array", "the list of processors")) return;
  const usable = processors.filter((p, i) => {
    const ok = p !== null && typeof p === "object" && typeof (p as Partial<IProcessor>).validate === "function" && typeof (p as Partial<IProcessor>).bind === "function";
    if (!ok) v.error(`${path}[${i}]`, "X2", "must be a processor object (new LambdaProcessor(...), new MetadataExtractionProcessor(...), ...)", p);
    return ok;
  });
  if (usable.length !== processors.length) return;
  processors.forEach((p, i) => p.validate(v, `${path}[${i}]`));
  validateProcessorTypes(v, path, processors.map((p) => p.type), opts);
}

/** Rules on the list of processor types (P1, DP12, DP1), shared by the props and the rendered resource. */
export function validateProcessorTypes(v: Validator, path: string, types: string[], opts: { dynamicPartitioning: boolean; routesByQuery?: boolean }): void {
  const dup = types.filter((t, i) => types.indexOf(t) !== i);
  if (dup.length > 0) v.error(path, "P1", `each processor type may appear once; repeated: ${[...new Set(dup)].join(", ")}`, types);
  if (types.includes("CloudWatchLogProcessing") && types.indexOf("Decompression") === -1) {
    v.error(path, "DP12", "CloudWatchLogProcessing needs a Decompression processor before it", types);
  } else if (types.includes("CloudWatchLogProcessing") && types.indexOf("Decompression") > types.indexOf("CloudWatchLogProcessing")) {
    v.error(path, "DP12", "CloudWatchLogProcessing must follow Decompression", types);
  }
  if (!opts.dynamicPartitioning) {
    for (const t of ["MetadataExtraction", "RecordDeAggregation"] as const) {
      // Iceberg destinations route records to tables with a MetadataExtraction query, without dynamic partitioning.
      if (t === "MetadataExtraction" && opts.routesByQuery) continue;
      if (types.includes(t)) v.error(path, "DP1", `${t} is a dynamic-partitioning processor and needs dynamic partitioning enabled`, types);
    }
  }
}

/**
 * Rule S5: source-record backup is supported only for Direct PUT and Kinesis sources. Shared by the S3 destination's
 * props and the rendered delivery stream (the caller names the path the user wrote).
 */
export function validateSourceBackupSource(v: Validator, path: string, sourceKind: string | undefined, backupOn: boolean): void {
  if (backupOn && sourceKind === "MSKAsSource") v.warn(path, "S5", "source-record backup is only supported for Direct PUT and Kinesis sources", "MSKAsSource");
}

/**
 * Rule F9: Hive JSON timestamp formats are Joda-Time patterns or "millis": non-empty strings (the API's
 * NonEmptyStringWithoutWhitespace list). `pathOf(i)` names the i-th format as the user wrote it. Unknown values
 * (tokens, Terraform references) are skipped.
 */
export function validateHiveTimestampFormats(v: Validator, pathOf: (i: number) => string, formats: readonly unknown[] | undefined): void {
  (formats ?? []).forEach((f, i) => {
    if (typeof f === "string" && f.includes("${")) return;
    v.require(typeof f === "string" && f.length > 0, pathOf(i), "F9", "timestamp formats are Joda-Time patterns or \"millis\"", f);
  });
}

/** What rules B9, B10, B11 and F6 read of an extended S3 destination, and where each value is in the user's configuration. */
export interface S3FeatureBufferingInput {
  readonly sizeMiB?: number;
  readonly intervalSeconds?: number;
  readonly compression?: string;
  readonly dynamicPartitioning: boolean;
  readonly formatConversion: boolean;
  readonly paths: { readonly size: string; readonly interval: string; readonly compression: string };
  /** How messages name the compression field (`compression`, `compression_format`). */
  readonly compressionName: string;
  /** Added to the size messages, e.g. when the size is a default the user did not write. */
  readonly sizeNote?: string;
}

/**
 * Rules B9, B10 (dynamic partitioning needs at least 64 MiB and 60 s) and B11, F6 (format conversion needs at least
 * 64 MiB and no output compression), shared by the S3 destination props and the rendered delivery stream.
 */
export function validateS3FeatureBuffering(v: Validator, i: S3FeatureBufferingInput): void {
  const note = i.sizeNote ?? "";
  const below = (value: number | undefined, min: number): boolean => value !== undefined && !isUnresolved(value) && value < min;
  if (i.dynamicPartitioning) {
    if (below(i.sizeMiB, 64)) v.error(i.paths.size, "B9", `buffering size must be at least 64 MiB when dynamic partitioning is enabled${note}`, i.sizeMiB);
    if (below(i.intervalSeconds, 60)) v.error(i.paths.interval, "B10", "buffering interval must be at least 60 seconds when dynamic partitioning is enabled", i.intervalSeconds);
  }
  if (i.formatConversion) {
    if (below(i.sizeMiB, 64)) v.error(i.paths.size, "B11", `buffering size must be at least 64 MiB when record format conversion is enabled${note}`, i.sizeMiB);
    if (i.compression !== undefined && !isUnresolved(i.compression) && i.compression !== "UNCOMPRESSED") {
      v.error(i.paths.compression, "F6", `${i.compressionName} must be UNCOMPRESSED with record format conversion (the serializer compresses)`, i.compression);
    }
  }
}

/**
 * How a part's property paths (e.g. the destination a construct builds, `destination.bufferingSizeMiB`) map to the
 * props the user wrote (`bufferingSizeMiB`): `[from, to]` pairs. A path maps through the longest `from` it starts with
 * (whole segments: `from` itself, `from.` or `from[`); `to` "" drops the prefix. Paths no pair matches are kept.
 */
export type PathMap = readonly (readonly [from: string, to: string])[];

/** The user's path for `path` under `map` (see {@link PathMap}). */
export function mapPropertyPath(path: string, map: PathMap): string {
  let best: readonly [string, string] | undefined;
  for (const entry of map) {
    const [from] = entry;
    const matches = path === from || path.startsWith(`${from}.`) || path.startsWith(`${from}[`);
    if (matches && (!best || from.length > best[0].length)) best = entry;
  }
  if (!best) return path;
  const [from, to] = best;
  const rest = path.slice(from.length);
  if (to !== "") return `${to}${rest}`;
  return rest.startsWith(".") ? rest.slice(1) : rest === "" ? "(props)" : rest;
}

/**
 * A Validator that reports into `target` with every property path mapped through `map`: a construct runs the rules of
 * a part it builds (same code, same messages) and the problems name the construct's own props.
 */
export class PathMappedValidator extends Validator {
  constructor(
    private readonly target: Validator,
    private readonly map: PathMap,
  ) {
    super(target.scope);
    this.deliveryStream = target.deliveryStream;
  }

  public error(propertyPath: string, rule: string, message: string, value: unknown): void {
    this.target.error(mapPropertyPath(propertyPath, this.map), rule, message, value);
  }

  public warn(propertyPath: string, rule: string, message: string, value: unknown): void {
    this.target.warn(mapPropertyPath(propertyPath, this.map), rule, message, value);
  }
}
