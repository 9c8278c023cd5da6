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
    v.require(typeof p.functionArn === "string" && p.functionArn.length > 0, `${path}.functionArn`, "L1", "a Lambda processor needs the function ARN (LambdaArn)", p.functionArn);
    v.pattern(p.functionArn, Patterns.LAMBDA_FUNCTION_ARN, `${path}.functionArn`, "L1", "Lambda function ARN");
    v.range(p.bufferSizeMB, 0.2, 3, `${path}.bufferSizeMB`, "L2", "Lambda processor buffer size", { integer: false, unit: "MB" });
    v.range(p.bufferIntervalSeconds, 0, 900, `${path}.bufferIntervalSeconds`, "L3", "Lambda processor buffer interval", { unit: "seconds" });
    if (p.bufferIntervalSeconds !== undefined && !isUnresolved(p.bufferIntervalSeconds) && p.bufferIntervalSeconds < 60) {
      v.warn(`${path}.bufferIntervalSeconds`, "L3", "intervals under 60 s were refused by older Firehose quotas; check your region accepts it", p.bufferIntervalSeconds);
    }
    if (p.numberOfRetries !== undefined && !isUnresolved(p.numberOfRetries)) {
      v.require(Number.isInteger(p.numberOfRetries) && p.numberOfRetries >= 0, `${path}.numberOfRetries`, "L4", "numberOfRetries must be a non-negative integer", p.numberOfRetries);
      if (p.numberOfRetries > 300) v.warn(`${path}.numberOfRetries`, "L4", "no documented maximum; values over 300 are unusual", p.numberOfRetries);
    }
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
      const keys = Object.keys(partitionKeys);
      v.require(keys.length > 0, `${path}.partitionKeys`, "DP9", "at least one partition key is required", partitionKeys);
      if (keys.length > 50) v.warn(`${path}.partitionKeys`, "DP9", "more than 50 keys in one MetadataExtraction query", keys.length);
      for (const [k, expr] of Object.entries(partitionKeys)) {
        v.require(/^[A-Za-z_][A-Za-z0-9_]*$/.test(k), `${path}.partitionKeys.${k}`, "DP10", "partition key names must be identifiers ([A-Za-z_][A-Za-z0-9_]*)", k);
        v.require(typeof expr === "string" && expr.trim().length > 0, `${path}.partitionKeys.${k}`, "DP10", "the jq expression must not be empty", expr);
      }
      // Firehose runs jq 1.6: each expression must compile with it (a real jq 1.6, not a look-alike parser).
      validateJqPartitionKeys(v, `${path}.partitionKeys`, partitionKeys);
    } else if (query !== undefined && !isUnresolved(query)) {
      const keys = topLevelObjectKeys(query);
      v.require(keys !== undefined && keys.length > 0, `${path}.query`, "DP10", "the MetadataExtractionQuery must be a jq object construction such as {source:.source}", query);
      if (keys && keys.length > 50) v.warn(`${path}.query`, "DP9", "more than 50 keys in one MetadataExtraction query", keys.length);
      const error = jqCompileError(query);
      if (error !== undefined) v.error(`${path}.query`, "DP10", `the MetadataExtractionQuery does not compile with jq 1.6 (the engine Firehose runs): ${error}`, query);
    }
    v.require(this.query.length <= 5120, `${path}.query`, "L6", "a processor parameter value is at most 5120 characters", this.query.length);
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
    v.oneOf(this.props.subRecordType, ["JSON", "DELIMITED"], `${path}.subRecordType`, "DP11", "subRecordType");
    if (this.props.subRecordType === "DELIMITED") {
      v.require(!!this.props.delimiter, `${path}.delimiter`, "DP11", "a DELIMITED de-aggregation needs a delimiter", this.props.delimiter);
    } else if (this.props.delimiter !== undefined) {
      v.error(`${path}.delimiter`, "DP11", "delimiter applies to DELIMITED sub-records only", this.props.delimiter);
    }
  }

  public bind(): RenderedProcessor {
    return {
      type: "RecordDeAggregation",
      parameters: [
        { parameterName: "SubRecordType", parameterValue: this.props.subRecordType },
        ...(this.props.delimiter ? [{ parameterName: "Delimiter", parameterValue: Buffer.from(this.props.delimiter, "utf8").toString("base64") }] : []),
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
