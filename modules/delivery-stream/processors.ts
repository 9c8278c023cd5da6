import { IRoleLike } from "../core/iam";
import { jqCompileError, validateJqPartitionKeys } from "../core/private/jq";
import { isUnresolved, Validator } from "../core/validation";
import * as Patterns from "../core/patterns";

export type ProcessorType =
  | "Lambda"
  | "MetadataExtraction"
  | "RecordDeAggregation"
  | "AppendDelimiterToRecord"
  | "Decompression"
  | "CloudWatchLogProcessing";

/** Every {@link ProcessorType}, once (the compiler refuses a missing or extra one). */
const PROCESSOR_TYPE_KEYS: Record<ProcessorType, true> = {
  RecordDeAggregation: true,
  Decompression: true,
  CloudWatchLogProcessing: true,
  Lambda: true,
  MetadataExtraction: true,
  AppendDelimiterToRecord: true,
};
/** Processor types the API lists (rule EN1): the one list of the processor classes and the rendered-resource checks. */
export const PROCESSOR_TYPES = Object.keys(PROCESSOR_TYPE_KEYS) as readonly ProcessorType[];

/** Processor parameter names the API lists (rule EN1). */
export const PROCESSOR_PARAMETER_NAMES = ["LambdaArn", "NumberOfRetries", "MetadataExtractionQuery", "JsonParsingEngine", "RoleArn", "BufferSizeInMBs", "BufferIntervalInSeconds", "SubRecordType", "Delimiter", "CompressionFormat", "DataMessageExtraction"] as const;

/** A processor as rendered into `processing_configuration.processors`. */
export interface RenderedProcessor {
  readonly type: string;
  readonly parameters?: { parameterName: string; parameterValue: string }[];
}

/** A record processor of a destination's processing configuration. */
export interface IProcessor {
  readonly type: ProcessorType;
  validate(v: Validator, path: string): void;
  /** Grants what Firehose needs to run the processor and renders it. */
  bind(role: IRoleLike): RenderedProcessor;
}

function param(parameterName: string, value: string | number | undefined): { parameterName: string; parameterValue: string }[] {
  return value === undefined ? [] : [{ parameterName, parameterValue: String(value) }];
}

export interface LambdaProcessorProps {
  /** Function ARN, optionally qualified with a version or alias (rule L1). */
  readonly functionArn: string;
  /** Size of the batch sent to the function, 0.2-3 MB (rule L2). Keep it well under the 6 MB payload limit. @default 1 (Firehose) */
  readonly bufferSizeMB?: number;
  /** 0-900 s (rule L3). @default 60 (Firehose) */
  readonly bufferIntervalSeconds?: number;
  /** Invocation retries before the batch goes to the error output (rule L4). @default 3 (Firehose) */
  readonly numberOfRetries?: number;
  /** The function's timeout when known; Firehose waits at most 300 s (rule L8). */
  readonly functionTimeoutSeconds?: number;
  /**
   * Where the function puts overflow records back (set by `FirehoseLambdaProcessor.processor()`): the stream the
   * processor is attached to checks that it is itself, with the matching kind.
   */
  readonly reingest?: LambdaReingestDescription;
}

/** A processor function's re-ingest target, as the delivery stream checks it. */
export interface LambdaReingestDescription {
  readonly kind: "firehose" | "kinesis" | "none";
  /** With `firehose`: the delivery stream the function calls PutRecordBatch on. */
  readonly deliveryStreamName?: string;
  /** With `kinesis`: the data stream the function calls PutRecords on. */
  readonly streamArn?: string;
  /** Construct path of the function, for messages. */
  readonly constructPath: string;
}

/** Transforms records with a Lambda function; it may also return `metadata.partitionKeys` for dynamic partitioning. */
export class LambdaProcessor implements IProcessor {
  public readonly type = "Lambda" as const;
  constructor(public readonly props: LambdaProcessorProps) {}

  public validate(v: Validator, path: string): void {
    const p = this.props;
    validateLambdaProcessorParameters(v, (field) => `${path}.${field}`, {
      functionArn: p.functionArn,
      functionArnSet: isUnresolved(p.functionArn) || (typeof p.functionArn === "string" && p.functionArn.length > 0),
      bufferSizeMB: p.bufferSizeMB,
      bufferIntervalSeconds: p.bufferIntervalSeconds,
      numberOfRetries: p.numberOfRetries,
    });
    validateTransformTimeout(v, `${path}.functionTimeoutSeconds`, p.functionTimeoutSeconds);
    validateReingestTarget(v, path, p.reingest);
  }

  public bind(role: IRoleLike): RenderedProcessor {
    role.addToPolicy({ sid: "InvokeProcessor", actions: ["lambda:InvokeFunction", "lambda:GetFunctionConfiguration"], resources: [this.props.functionArn] });
    return {
      type: "Lambda",
      parameters: [
        ...param("LambdaArn", this.props.functionArn),
        ...param("BufferSizeInMBs", this.props.bufferSizeMB),
        ...param("BufferIntervalInSeconds", this.props.bufferIntervalSeconds),
        ...param("NumberOfRetries", this.props.numberOfRetries),
      ],
    };
  }
}

/**
 * Overflow records (responses over 6 MB) are put back into the stream the function serves. A function that
 * re-ingests into another stream moves records out of this pipeline; one whose kind does not match the source fails
 * every re-ingest (Firehose refuses PutRecordBatch on a stream fed by Kinesis, and a Direct PUT stream has no data
 * stream to PutRecords into), so the overflow ends in the error output.
 */
function validateReingestTarget(v: Validator, path: string, r: LambdaReingestDescription | undefined): void {
  const stream = v.deliveryStream;
  if (!r || !stream || r.kind === "none") return;
  const rule = "LF6";
  const fn = `the function ${r.constructPath}`;
  if (r.kind === "firehose") {
    if (stream.sourceKind !== "DirectPut") {
      v.error(`${path}.reingest`, rule, `${fn} re-ingests overflow with firehose:PutRecordBatch (Direct PUT), but this stream reads from ${stream.sourceKind} and Firehose refuses PutRecordBatch on it: use reingest { kind: "kinesis", streamArn } of the source stream`, r.kind);
    } else if (r.deliveryStreamName !== undefined && !isUnresolved(r.deliveryStreamName) && !isUnresolved(stream.name) && r.deliveryStreamName !== stream.name) {
      v.error(`${path}.reingest.deliveryStreamName`, rule, `${fn} re-ingests overflow into delivery stream "${r.deliveryStreamName}", but it is attached to delivery stream "${stream.name}": its records would leave this pipeline`, r.deliveryStreamName);
    }
  } else if (r.kind === "kinesis") {
    if (stream.sourceKind !== "KinesisStreamAsSource") {
      v.error(`${path}.reingest`, rule, `${fn} re-ingests overflow into a Kinesis data stream, but this stream's source is ${stream.sourceKind}: use reingest { kind: "firehose", ... } for Direct PUT streams (or "none" for MSK)`, r.kind);
    } else if (r.streamArn !== undefined && stream.sourceStreamArn !== undefined && !isUnresolved(r.streamArn) && !isUnresolved(stream.sourceStreamArn) && r.streamArn !== stream.sourceStreamArn) {
      v.error(`${path}.reingest.streamArn`, rule, `${fn} re-ingests overflow into ${r.streamArn}, but this delivery stream reads from ${stream.sourceStreamArn}: its records would leave this pipeline`, r.streamArn);
    }
  }
}

export interface MetadataExtractionProcessorProps {
  /**
   * Partition keys and the jq expression computing each, e.g. `{ source: ".source", tenant: ".tenant.id" }`.
   * Exactly one of `partitionKeys` and `query`.
   */
  readonly partitionKeys?: Record<string, string>;
  /** A complete JQ-1.6 object expression such as `{source:.source}`. */
  readonly query?: string;
}

/**
 * Extracts dynamic-partitioning keys inline with JQ 1.6 (rule DP10). The keys it produces must be exactly the
 * `!{partitionKeyFromQuery:...}` keys of the S3 prefix (rule DP6).
 */
export class MetadataExtractionProcessor implements IProcessor {
  public readonly type = "MetadataExtraction" as const;
  /** The query Firehose runs. */
  public readonly query: string;

  constructor(public readonly props: MetadataExtractionProcessorProps) {
    this.query = props.query ?? buildJqObjectQuery(props.partitionKeys ?? {});
  }

  /** Keys the query produces, or undefined when they cannot be known statically (computed keys, tokens). */
  public get keys(): string[] | undefined {
    if (this.props.partitionKeys) return Object.keys(this.props.partitionKeys);
    if (isUnresolved(this.query)) return undefined;
    return topLevelObjectKeys(this.query);
  }

  public validate(v: Validator, path: string): void {
    const { partitionKeys, query } = this.props;
    if ((partitionKeys === undefined) === (query === undefined)) {
      v.error(path, "DP10", "give exactly one of partitionKeys and query", { partitionKeys, query });
      return;
    }
    if (partitionKeys) {
      validateQueryKeyCount(v, `${path}.partitionKeys`, Object.keys(partitionKeys).length, partitionKeys);
      for (const [k, expr] of Object.entries(partitionKeys)) {
        v.require(/^[A-Za-z_][A-Za-z0-9_]*$/.test(k), `${path}.partitionKeys.${k}`, "DP10", "partition key names must be identifiers ([A-Za-z_][A-Za-z0-9_]*)", k);
        v.require(typeof expr === "string" && expr.trim().length > 0, `${path}.partitionKeys.${k}`, "DP10", "the jq expression must not be empty", expr);
      }
      // Firehose runs jq 1.6: each expression must compile with it (a real jq 1.6, not a look-alike parser).
      validateJqPartitionKeys(v, `${path}.partitionKeys`, partitionKeys);
      // The query built from the keys is a parameter value too (rule L6).
      validateProcessorParameterValue(v, `${path}.partitionKeys`, this.query);
    } else {
      validateMetadataExtractionParameters(v, { query: `${path}.query`, engine: `${path}.query` }, { query, querySet: true, engine: "JQ-1.6", engineSet: true });
    }
  }

  public bind(): RenderedProcessor {
    return {
      type: "MetadataExtraction",
      parameters: [
        { parameterName: "MetadataExtractionQuery", parameterValue: this.query },
        { parameterName: "JsonParsingEngine", parameterValue: "JQ-1.6" },
      ],
    };
  }
}

export interface RecordDeAggregationProcessorProps {
  /** `JSON` for concatenated/JSON-lines objects (not arrays), `DELIMITED` for records split by `delimiter`. */
  readonly subRecordType: "JSON" | "DELIMITED";
  /** The delimiter as plain text (e.g. `####`); it is base64-encoded for the API. Required with DELIMITED. */
  readonly delimiter?: string;
}

/** Splits aggregated records into sub-records before partitioning (rule DP11). */
export class RecordDeAggregationProcessor implements IProcessor {
  public readonly type = "RecordDeAggregation" as const;
  constructor(public readonly props: RecordDeAggregationProcessorProps) {}

  public validate(v: Validator, path: string): void {
    const { subRecordType, delimiter } = this.props;
    validateDeAggregationParameters(v, { subRecordType: `${path}.subRecordType`, delimiter: `${path}.delimiter` }, {
      subRecordType,
      delimiterSet: !!delimiter,
      // The API takes the delimiter base64-encoded; bind() encodes the text given here.
      delimiterBase64: typeof delimiter === "string" && !isUnresolved(delimiter) ? encodeDelimiter(delimiter) : undefined,
      delimiterGiven: delimiter,
    });
  }

  public bind(): RenderedProcessor {
    return {
      type: "RecordDeAggregation",
      parameters: [
        { parameterName: "SubRecordType", parameterValue: this.props.subRecordType },
        ...(this.props.delimiter ? [{ parameterName: "Delimiter", parameterValue: encodeDelimiter(this.props.delimiter) }] : []),
      ],
    };
  }
}

/** Adds a newline after every record (rule DP12): de-aggregation strips the newlines. */
export class AppendDelimiterToRecordProcessor implements IProcessor {
  public readonly type = "AppendDelimiterToRecord" as const;
  public validate(): void {}
  public bind(): RenderedProcessor {
    return { type: "AppendDelimiterToRecord" };
  }
}

/** Decompresses GZIP records (e.g. CloudWatch Logs subscriptions) without a Lambda function (rule DP12). */
export class DecompressionProcessor implements IProcessor {
  public readonly type = "Decompression" as const;
  public validate(): void {}
  public bind(): RenderedProcessor {
    return { type: "Decompression", parameters: [{ parameterName: "CompressionFormat", parameterValue: "GZIP" }] };
  }
}

/** Extracts the log messages of decompressed CloudWatch Logs records; needs a Decompression processor (rule DP12). */
export class CloudWatchLogProcessingProcessor implements IProcessor {
  public readonly type = "CloudWatchLogProcessing" as const;
  public validate(): void {}
  public bind(): RenderedProcessor {
    return { type: "CloudWatchLogProcessing", parameters: [{ parameterName: "DataMessageExtraction", parameterValue: "true" }] };
  }
}

/** `{ a: ".x", b: ".y.z" }` → `{a:.x,b:.y.z}`; each expression is parenthesised when it contains a pipe or comma. */
export function buildJqObjectQuery(keys: Record<string, string>): string {
  const parts = Object.entries(keys).map(([k, expr]) => {
    const e = expr.trim();
    return `${k}:${/^\.[A-Za-z0-9_.]*$/.test(e) ? e : `(${e})`}`;
  });
  return `{${parts.join(",")}}`;
}

/**
 * Names of the keys of a jq object construction `{k1: e1, "k2": e2, k3}` at top level. Returns undefined when the
 * query is not an object construction or a key is computed (`(expr): v`, `$var`), since those cannot be known here.
 */
export function topLevelObjectKeys(query: string): string[] | undefined {
  const q = query.trim();
  if (!q.startsWith("{") || !q.endsWith("}")) return undefined;
  const body = q.slice(1, -1);
  const entries: string[] = [];
  let depth = 0;
  let current = "";
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      current += c;
      if (c === "\\") current += body[++i] ?? "";
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
    if (depth < 0) return undefined;
    if (c === "," && depth === 0) {
      entries.push(current);
      current = "";
    } else current += c;
  }
  if (depth !== 0 || inString) return undefined;
  if (current.trim() !== "") entries.push(current);
  const keys: string[] = [];
  for (const entry of entries) {
    const m = /^\s*(?:([A-Za-z_][A-Za-z0-9_]*)|"((?:[^"\\]|\\.)*)")\s*(?::|$)/.exec(entry);
    if (!m) return undefined;
    keys.push(m[1] ?? JSON.parse(`"${m[2]}"`));
  }
  return keys;
}

/** The longest a transformation function may run: Firehose waits at most 5 minutes per invocation (rule L8). */
const MAX_TRANSFORM_TIMEOUT_SECONDS = 300;

/** Rule L8: a transformation function timeout over 5 minutes only delays failure. Shared by processor props and the rendered stream. */
export function validateTransformTimeout(v: Validator, path: string, seconds: number | undefined): void {
  if (seconds === undefined || isUnresolved(seconds) || typeof seconds !== "number") return;
  if (seconds > MAX_TRANSFORM_TIMEOUT_SECONDS) {
    v.warn(path, "L8", "Firehose waits at most 5 minutes for a transformation function; a longer timeout only delays failure", seconds);
  }
}

/** A de-aggregation delimiter as the API takes it: base64 of its UTF-8 text. */
function encodeDelimiter(delimiter: string): string {
  return Buffer.from(delimiter, "utf8").toString("base64");
}

/** Rule L6: a processor parameter value is 1-5120 characters. Shared by the processors and the rendered stream. */
export function validateProcessorParameterValue(v: Validator, path: string, value: string | undefined): void {
  v.length(value, 1, 5120, path, "L6", "processor parameter value");
}

/** What rules L1-L4 read of a Lambda processor: the props, or the rendered parameters (numbers parsed). */
export interface LambdaProcessorParameterValues {
  /** LambdaArn; undefined when not set or not known. */
  readonly functionArn?: string;
  /** Whether LambdaArn is given (known or not). */
  readonly functionArnSet: boolean;
  readonly bufferSizeMB?: number;
  readonly bufferIntervalSeconds?: number;
  readonly numberOfRetries?: number;
}

/** The props of {@link LambdaProcessor} that rules L1-L4 check. */
export type LambdaProcessorParameter = "functionArn" | "bufferSizeMB" | "bufferIntervalSeconds" | "numberOfRetries";

/** The API parameter each {@link LambdaProcessor} prop renders to. */
export const LAMBDA_PROCESSOR_PARAMETERS: Record<LambdaProcessorParameter, string> = {
  functionArn: "LambdaArn",
  bufferSizeMB: "BufferSizeInMBs",
  bufferIntervalSeconds: "BufferIntervalInSeconds",
  numberOfRetries: "NumberOfRetries",
};

/**
 * Rules L1 (LambdaArn: a function ARN), L2 (buffer 0.2-3 MB), L3 (interval 0-900 s, under 60 s warned), L4 (retries a
 * non-negative integer, over 300 warned) and L6 on the ARN. Shared by {@link LambdaProcessor} and the rendered stream;
 * `pathOf` names each value where the user wrote it. Unknown values (undefined, tokens) are skipped.
 */
export function validateLambdaProcessorParameters(v: Validator, pathOf: (field: LambdaProcessorParameter) => string, p: LambdaProcessorParameterValues): void {
  if (!p.functionArnSet) v.error(pathOf("functionArn"), "L1", "a Lambda processor needs the function ARN (LambdaArn)", p.functionArn);
  else {
    v.pattern(p.functionArn, Patterns.LAMBDA_FUNCTION_ARN, pathOf("functionArn"), "L1", "Lambda function ARN");
    validateProcessorParameterValue(v, pathOf("functionArn"), p.functionArn);
  }
  validateLambdaProcessorBuffering(v, pathOf, p);
}

/**
 * Rules L2 (buffer 0.2-3 MB), L3 (interval 0-900 s, under 60 s warned) and L4 (retries a non-negative integer, over
 * 300 warned) of a Lambda processor. `warn: false` leaves the warnings to the delivery stream the processor is
 * attached to (for a function construct that builds the processor).
 */
export function validateLambdaProcessorBuffering(
  v: Validator,
  pathOf: (field: "bufferSizeMB" | "bufferIntervalSeconds" | "numberOfRetries") => string,
  p: Pick<LambdaProcessorParameterValues, "bufferSizeMB" | "bufferIntervalSeconds" | "numberOfRetries">,
  opts: { readonly warn?: boolean } = {},
): void {
  const warn = opts.warn !== false;
  v.range(p.bufferSizeMB, 0.2, 3, pathOf("bufferSizeMB"), "L2", "Lambda processor buffer size", { integer: false, unit: "MB" });
  v.range(p.bufferIntervalSeconds, 0, 900, pathOf("bufferIntervalSeconds"), "L3", "Lambda processor buffer interval", { unit: "seconds" });
  if (warn && p.bufferIntervalSeconds !== undefined && !isUnresolved(p.bufferIntervalSeconds) && p.bufferIntervalSeconds < 60) {
    v.warn(pathOf("bufferIntervalSeconds"), "L3", "intervals under 60 s were refused by older Firehose quotas; check your region accepts it", p.bufferIntervalSeconds);
  }
  if (p.numberOfRetries !== undefined && !isUnresolved(p.numberOfRetries)) {
    v.require(Number.isInteger(p.numberOfRetries) && p.numberOfRetries >= 0, pathOf("numberOfRetries"), "L4", "numberOfRetries must be a non-negative integer", p.numberOfRetries);
    if (warn && p.numberOfRetries > 300) v.warn(pathOf("numberOfRetries"), "L4", "no documented maximum; values over 300 are unusual", p.numberOfRetries);
  }
}

/** Rule DP9: a MetadataExtraction query produces at least one key; more than 50 is warned (a CDK limit AWS does not document). */
function validateQueryKeyCount(v: Validator, path: string, count: number, value: unknown): void {
  if (count === 0) v.error(path, "DP9", "a MetadataExtraction query needs at least one key", value);
  else if (count > 50) v.warn(path, "DP9", "more than 50 keys in one MetadataExtraction query", count);
}

/** What rules DP9, DP10 and L6 read of a MetadataExtraction processor's parameters. */
export interface MetadataExtractionParameterValues {
  /** MetadataExtractionQuery; undefined when not set or not known. */
  readonly query?: string;
  readonly querySet: boolean;
  /** JsonParsingEngine; undefined when not set or not known. */
  readonly engine?: string;
  readonly engineSet: boolean;
}

/**
 * Rules DP10 (a jq 1.6 object construction that compiles with jq 1.6, JsonParsingEngine JQ-1.6), DP9 (at least one key)
 * and L6 on a MetadataExtraction query. Shared by {@link MetadataExtractionProcessor} (its `query` prop) and the
 * rendered stream. Queries with computed keys (`{(.k): .v}`) are accepted: their keys are not known statically.
 */
export function validateMetadataExtractionParameters(v: Validator, paths: { readonly query: string; readonly engine: string }, p: MetadataExtractionParameterValues): void {
  if (!p.querySet) v.error(paths.query, "DP10", "MetadataExtraction needs the MetadataExtractionQuery parameter", undefined);
  if (!p.engineSet) v.error(paths.engine, "DP10", "MetadataExtraction needs the JsonParsingEngine parameter (JQ-1.6)", undefined);
  v.oneOf(p.engine, ["JQ-1.6"], paths.engine, "DP10", "JsonParsingEngine");
  const query = p.query;
  if (query === undefined || isUnresolved(query)) return;
  if (typeof query !== "string") {
    v.error(paths.query, "DP10", "the MetadataExtractionQuery must be a string: a jq object construction such as {source:.source}", query);
    return;
  }
  validateProcessorParameterValue(v, paths.query, query);
  const trimmed = query.trim();
  if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) {
    v.error(paths.query, "DP10", "the MetadataExtractionQuery must be a jq object construction such as {source:.source}", query);
    return;
  }
  const keys = topLevelObjectKeys(query);
  if (keys !== undefined) validateQueryKeyCount(v, paths.query, keys.length, query);
  const error = jqCompileError(query);
  if (error !== undefined) v.error(paths.query, "DP10", `the MetadataExtractionQuery does not compile with jq 1.6 (the engine Firehose runs): ${error}`, query);
}

/** What rule DP11 reads of a RecordDeAggregation processor. */
export interface DeAggregationParameterValues {
  /** SubRecordType; undefined when not set or not known. */
  readonly subRecordType?: string;
  /** Whether a delimiter is given (known or not). */
  readonly delimiterSet: boolean;
  /** The Delimiter as the API takes it (base64), when known. */
  readonly delimiterBase64?: string;
  /** The delimiter as the user wrote it, for messages. */
  readonly delimiterGiven?: unknown;
}

/**
 * Rule DP11: SubRecordType JSON or DELIMITED; DELIMITED needs a Delimiter (base64 in the API), JSON takes none; and L6
 * on the Delimiter. Shared by {@link RecordDeAggregationProcessor} and the rendered stream.
 */
export function validateDeAggregationParameters(v: Validator, paths: { readonly subRecordType: string; readonly delimiter: string }, p: DeAggregationParameterValues): void {
  v.oneOf(p.subRecordType, ["JSON", "DELIMITED"], paths.subRecordType, "DP11", "subRecordType");
  if (p.subRecordType === "DELIMITED" && !p.delimiterSet) {
    v.error(paths.delimiter, "DP11", "a DELIMITED de-aggregation needs a delimiter", p.delimiterGiven);
  } else if (p.subRecordType === "JSON" && p.delimiterSet) {
    v.error(paths.delimiter, "DP11", "delimiter applies to DELIMITED sub-records only", p.delimiterGiven);
  }
  v.pattern(p.delimiterBase64, Patterns.BASE64, paths.delimiter, "DP11", "Delimiter");
  validateProcessorParameterValue(v, paths.delimiter, p.delimiterBase64);
}
