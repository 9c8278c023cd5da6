/**
 * Partition preview: where sample records would land in S3, computed with the same jq 1.6 Firehose runs and the same
 * prefix expressions, before anything is deployed.
 */
import { parsePrefixExpressions } from "../delivery-stream/validation";
import { buildJqObjectQuery } from "../delivery-stream/processors";
import { evaluateJq } from "../core/private/jq";
import { formatTimestamp } from "./private/timestamp";

/** What the preview needs to know about a data-lake stream. `DataLakeIngestion.previewConfig` provides it. */
export interface PartitionPreviewConfig {
  /** The S3 prefix with its `!{...}` expressions. */
  readonly prefix: string;
  /** The error output prefix (with `!{firehose:error-output-type}`). */
  readonly errorOutputPrefix: string;
  /** Inline partition keys and their jq expressions (MetadataExtraction). */
  readonly partitionKeys?: Record<string, string>;
  /**
   * The MetadataExtraction jq query itself, when the keys are not known as a map (a synthesized stack): used when
   * `partitionKeys` is not given; its keys are the ones the prefix reads with `partitionKeyFromQuery`.
   */
  readonly metadataExtractionQuery?: string;
  /** Keys a Lambda processor returns: shown as `<lambda:key>`, since only the function knows them. */
  readonly lambdaPartitionKeys?: readonly string[];
  /** IANA time zone of `!{timestamp:...}`. @default "UTC" */
  readonly customTimeZone?: string;
}

/** Where one sample record lands. */
export interface PartitionPreview {
  /** Index of the record in the input. */
  readonly index: number;
  /** `delivered` into `prefix`, or `error` into the error prefix. */
  readonly outcome: "delivered" | "error";
  /** The evaluated S3 key prefix (objects get a name after it). */
  readonly prefix: string;
  /** Partition key values extracted by jq (delivered records). */
  readonly partitionKeys?: Record<string, string>;
  /** Value of `!{firehose:error-output-type}` (error records). */
  readonly errorOutputType?: string;
  /** Why the record goes to the error prefix. */
  readonly reason?: string;
}

/** What `!{firehose:random-string}` (11 random characters per object) is shown as. */
export const RANDOM_STRING_PLACEHOLDER = "<random-string>";

/**
 * Firehose's error folder for records whose keys cannot be extracted or are missing. Observed by the AWS CDK
 * integration test of dynamic partitioning against a real stream (aws/aws-cdk,
 * `integ.delivery-stream.dynamic-partitioning-lambda.ts`: a record without the keys lands in
 * `error-output/partitioning-failed/`).
 */
export const PARTITIONING_FAILED = "partitioning-failed";

/**
 * For each record (a JSON text, as Firehose receives it, or a value to serialize), the S3 key prefix it would be
 * delivered under at `arrivalTime`, or the error prefix and the reason. Throws when the configuration itself is
 * unusable (a jq expression that does not compile, an unknown time zone, an unsupported timestamp pattern).
 */
export function previewPartitions(config: PartitionPreviewConfig, records: readonly unknown[], arrivalTime: Date): PartitionPreview[] {
  const timeZone = config.customTimeZone || "UTC";
  const parsed = records.map((r) => parseRecord(r));
  const keys: Record<string, string> = { ...(config.partitionKeys ?? {}) };
  const rawQuery = Object.keys(keys).length === 0 ? config.metadataExtractionQuery : undefined;
  if (rawQuery) {
    const used = parsePrefixExpressions(config.prefix).expressions.filter((e) => e.namespace === "partitionKeyFromQuery").map((e) => e.value);
    const exprs = objectQueryEntries(rawQuery);
    for (const k of used) keys[k] = exprs[k] ?? `key ${k} of the MetadataExtraction query`;
  }
  const query = rawQuery ?? (Object.keys(keys).length > 0 ? buildJqObjectQuery(keys) : undefined);
  const valid = parsed.filter((p): p is { value: unknown } => "value" in p);
  const results = query ? evaluateJq(query, valid.map((p) => p.value)) : [];
  let next = 0;

  const errorAt = (index: number, reason: string): PartitionPreview => ({
    index,
    outcome: "error",
    prefix: renderPrefix(config.errorOutputPrefix, arrivalTime, timeZone, {}, PARTITIONING_FAILED),
    errorOutputType: PARTITIONING_FAILED,
    reason,
  });

  return parsed.map((p, index) => {
    if (!("value" in p)) return errorAt(index, p.error);
    if (!query) return { index, outcome: "delivered", prefix: renderPrefix(config.prefix, arrivalTime, timeZone, {}, undefined, config.lambdaPartitionKeys), partitionKeys: {} };
    const r = results[next++];
    if ("error" in r) return errorAt(index, `jq error: ${r.error}`);
    if (r.outputs.length !== 1) return errorAt(index, `the MetadataExtraction query produced ${r.outputs.length} results instead of one`);
    const object = r.outputs[0] as Record<string, unknown>;
    const values: Record<string, string> = {};
    const problems: string[] = [];
    for (const key of Object.keys(keys)) {
      const v = object?.[key];
      if (v === null || v === undefined) problems.push(`partition key "${key}" (${keys[key]}) is missing or null`);
      else if (typeof v === "object") problems.push(`partition key "${key}" (${keys[key]}) is not a scalar: ${JSON.stringify(v)}`);
      else values[key] = String(v);
    }
    if (problems.length > 0) return errorAt(index, problems.join("; "));
    return { index, outcome: "delivered", prefix: renderPrefix(config.prefix, arrivalTime, timeZone, values, undefined, config.lambdaPartitionKeys), partitionKeys: values };
  });
}

/**
 * The entries of an object-construction query `{k1:.a,k2:(expr)}` (what buildJqObjectQuery writes), split at top-level
 * commas, with the parentheses around an expression removed; {} when the query has another shape.
 */
function objectQueryEntries(query: string): Record<string, string> {
  const body = /^\s*\{([\s\S]*)\}\s*$/.exec(query)?.[1];
  if (body === undefined) return {};
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === "\\") i++;
      else if (ch === '"') quoted = false;
    } else if (ch === '"') quoted = true;
    else if ("([{".includes(ch)) depth++;
    else if (")]}".includes(ch)) depth--;
    else if (ch === "," && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  const out: Record<string, string> = {};
  for (const part of parts) {
    const m = /^\s*"?([A-Za-z_][A-Za-z0-9_]*)"?\s*:\s*([\s\S]+?)\s*$/.exec(part);
    if (m) out[m[1]] = /^\(([\s\S]*)\)$/.test(m[2]) ? m[2].slice(1, -1) : m[2];
  }
  return out;
}

function parseRecord(record: unknown): { value: unknown } | { error: string } {
  if (typeof record !== "string") return { value: record };
  try {
    return { value: JSON.parse(record) };
  } catch (e) {
    return { error: `the record is not JSON (${(e as Error).message})` };
  }
}

/** Evaluates a prefix's `!{...}` expressions. Unknown namespaces or keys throw: validation rejects them first. */
function renderPrefix(
  prefix: string,
  arrivalTime: Date,
  timeZone: string,
  queryKeys: Record<string, string>,
  errorOutputType?: string,
  lambdaKeys: readonly string[] = [],
): string {
  const { expressions, errors } = parsePrefixExpressions(prefix);
  if (errors.length > 0) throw new Error(`prefix ${JSON.stringify(prefix)}: ${errors.join("; ")}`);
  let out = prefix;
  for (const e of expressions) {
    out = out.replace(`!{${e.namespace}:${e.value}}`, () => {
      switch (e.namespace) {
        case "timestamp":
          return formatTimestamp(e.value, arrivalTime, timeZone);
        case "partitionKeyFromQuery":
          if (!(e.value in queryKeys)) throw new Error(`prefix uses partitionKeyFromQuery:${e.value}, which the partition keys do not define`);
          return queryKeys[e.value];
        case "partitionKeyFromLambda":
          if (!lambdaKeys.includes(e.value)) throw new Error(`prefix uses partitionKeyFromLambda:${e.value}, which lambdaPartitionKeys does not list`);
          return `<lambda:${e.value}>`;
        case "firehose":
          if (e.value === "random-string") return RANDOM_STRING_PLACEHOLDER;
          if (e.value === "error-output-type" && errorOutputType) return errorOutputType;
          throw new Error(`!{firehose:${e.value}} cannot be evaluated here`);
        default:
          throw new Error(`unknown prefix namespace ${e.namespace}`);
      }
    });
  }
  return out;
}

/**
 * What a preview can and cannot show for Apache Iceberg destinations. Firehose writes an Iceberg row into the
 * partition its table's partition spec gives it (Parquet data files under the table location, named and placed by
 * Iceberg), not into a folder built from a prefix: there is no `!{...}` prefix to evaluate, and the spec lives in the
 * table's metadata, which a synth-time tool cannot read. What can be shown is the routing: the table and operation
 * each record goes to, computed with the same jq 1.6 from the routing query, and which records would fail.
 */
export const ICEBERG_PREVIEW_NOTE =
  "Iceberg: shows each record's table and operation (the routing query, run with jq 1.6). It cannot show partitions or " +
  "file paths: Firehose writes rows into the partitions of the table's own partition spec (kept in the table metadata), " +
  "not under an S3 prefix. A Lambda router's choices are known only to the function.";

/** What the routing preview needs: the tables the stream knows and its routing query (MetadataExtraction keys). */
export interface IcebergRoutingPreviewConfig {
  readonly tables: readonly { readonly databaseName: string; readonly tableName: string }[];
  /** jq expressions of `destinationDatabaseName`, `destinationTableName`, `operation`. @default none: one table, inserts */
  readonly routing?: Record<string, string>;
}

/** Where one record goes in an Iceberg destination. */
export interface IcebergRoutingPreview {
  readonly index: number;
  /** `delivered` to a listed table, or `error` (sent to the S3 backup bucket). */
  readonly outcome: "delivered" | "error";
  readonly databaseName?: string;
  readonly tableName?: string;
  /** `insert`, `update` or `delete`. */
  readonly operation?: string;
  readonly reason?: string;
}

const OPERATIONS = ["insert", "update", "delete"];

/**
 * For each record, the table and operation the routing query gives it, or why it would fail: not JSON, a jq error,
 * a table that is not listed (the role is granted the listed tables only), an unknown operation. Without a query,
 * every record is an insert into the single table (several tables need a query; the destination refuses them otherwise).
 */
export function previewIcebergRouting(config: IcebergRoutingPreviewConfig, records: readonly unknown[]): IcebergRoutingPreview[] {
  const parsed = records.map((r) => parseRecord(r));
  const routing = config.routing ?? {};
  const query = Object.keys(routing).length > 0 ? buildJqObjectQuery(routing) : undefined;
  const valid = parsed.filter((p): p is { value: unknown } => "value" in p);
  const results = query ? evaluateJq(query, valid.map((p) => p.value)) : [];
  const only = config.tables.length === 1 ? config.tables[0] : undefined;
  let next = 0;
  return parsed.map((p, index): IcebergRoutingPreview => {
    if (!("value" in p)) return { index, outcome: "error", reason: p.error };
    let out: Record<string, unknown> = {};
    if (query) {
      const r = results[next++];
      if ("error" in r) return { index, outcome: "error", reason: `jq error: ${r.error}` };
      if (r.outputs.length !== 1 || typeof r.outputs[0] !== "object" || r.outputs[0] === null) return { index, outcome: "error", reason: "the routing query did not produce one object" };
      out = r.outputs[0] as Record<string, unknown>;
    }
    const databaseName = (out.destinationDatabaseName ?? only?.databaseName) as string | undefined;
    const tableName = (out.destinationTableName ?? only?.tableName) as string | undefined;
    const operation = out.operation === undefined || out.operation === null ? "insert" : String(out.operation).toLowerCase();
    if (typeof databaseName !== "string" || typeof tableName !== "string") {
      return { index, outcome: "error", reason: "no destination table: the routing query gave no destinationDatabaseName/destinationTableName string" };
    }
    if (!config.tables.some((t) => t.databaseName === databaseName && t.tableName === tableName)) {
      return { index, outcome: "error", databaseName, tableName, operation, reason: `table ${databaseName}.${tableName} is not one of the stream's tables (the role is granted those only)` };
    }
    if (!OPERATIONS.includes(operation)) return { index, outcome: "error", databaseName, tableName, operation, reason: `operation "${operation}" is not insert, update or delete` };
    return { index, outcome: "delivered", databaseName, tableName, operation };
  });
}
