/**
 * The built-in partitioner Lambda (lambda/partitioner) as an option of `DataLakeIngestion`: its deployment, its
 * environment-variable protocol and the partitioning it gives the stream.
 */
import { Construct } from "constructs";
import type { EncryptionKeyRef } from "../core/encryption";
import { Validator } from "../core/validation";
import type { LambdaProcessorProps } from "../delivery-stream/processors";
import { FirehoseLambdaProcessor } from "../lambda-function/lambda-function";
import { ownStreamReingest } from "../lambda-function/reingest";

/** Time keys the partitioner can return, from the event time (or the arrival time). */
export type PartitionerTimeKey = "year" | "month" | "day" | "hour" | "minute";

/** Every {@link PartitionerTimeKey}. */
export const PARTITIONER_TIME_KEYS: readonly PartitionerTimeKey[] = ["year", "month", "day", "hour", "minute"];

const DEFAULT_TIME_KEYS: readonly PartitionerTimeKey[] = ["year", "month", "day", "hour"];

/**
 * The built-in `partitioner` Lambda (lambda/partitioner: gunzips when needed, extracts keys from fields and
 * year/month/day/hour from the event time, falling back to the arrival time), deployed as the stream's partitioning
 * function. Its keys become `key=!{partitionKeyFromLambda:key}/` folders, the time keys included (no arrival-time
 * folders then), and it ends every record with a newline itself. Not with `partitioning.lambda` or `transform`.
 */
export interface DataLakePartitionerProps {
  /** Partition key → dotted field path of the (decompressed) JSON record, e.g. `{ database: "db", table: "meta.table" }`. */
  readonly fields: Record<string, string>;
  /** Dotted path of the event time; records without it use their arrival time. @default arrival time */
  readonly eventTimeField?: string;
  /** `auto`, `iso8601`, `epoch_seconds`, `epoch_millis` or a pattern such as `yyyy-MM-dd HH:mm:ss`. @default "auto" */
  readonly eventTimeFormat?: string;
  /** Time keys returned after the field keys. @default ["year", "month", "day", "hour"] */
  readonly timeKeys?: PartitionerTimeKey[];
  /** Records per invocation, 0.2-3 MB (rule L2); keep it low for gzip input that expands. @default 1 */
  readonly bufferSizeMB?: number;
  /** @default 1024 */
  readonly memorySizeMB?: number;
  /** @default `<streamName>-partitioner` */
  readonly functionName?: string;
  /**
   * Region of the stream. With the construct's `accountId`, overflow records are re-ingested into the stream (its
   * exact ARN is needed for the grant); without either, overflow becomes ProcessingFailed and lands in the error prefix.
   */
  readonly region?: string;
  /** Retention of the function's log group. @default the stream's `logging.retentionDays` */
  readonly logRetentionDays?: number;
}

/** The keys the partitioner returns, in folder order: the field keys, then the time keys. */
export function partitionerKeys(p: DataLakePartitionerProps): string[] {
  return [...Object.keys(p.fields ?? {}), ...(p.timeKeys ?? DEFAULT_TIME_KEYS)];
}

/** The props shape `withPartitioner` completes (a part of `DataLakeIngestionProps`). */
interface PartitionerHost {
  readonly partitioner?: DataLakePartitionerProps;
  readonly partitioning?: {
    readonly partitionKeys?: Record<string, string>;
    readonly lambda?: LambdaProcessorProps & { readonly partitionKeys: string[] };
    readonly timeFolders?: string;
  };
  readonly appendDelimiter?: boolean;
}

/**
 * The props with the partitioner turned into partitioning by `functionArn`: Lambda keys, no arrival-time folders when
 * it returns time keys, no second newline. Unchanged without `partitioner`. Pure: the preview uses it too.
 */
export function withPartitioner<P extends PartitionerHost>(props: P, functionArn = "(partitioner function)"): P {
  const p = props.partitioner;
  if (!p) return props;
  const keys = partitionerKeys(p);
  const { partitioner: _done, ...rest } = props;
  return {
    ...(rest as P),
    partitioning: {
      ...props.partitioning,
      lambda: { functionArn, partitionKeys: keys, bufferSizeMB: p.bufferSizeMB },
      // The partitioner returns the time keys from the event time: arrival-time folders would contradict them.
      timeFolders: keys.some((k) => (PARTITIONER_TIME_KEYS as readonly string[]).includes(k)) ? "" : props.partitioning?.timeFolders,
    },
    // The partitioner ends every record with "\n" itself (OUTPUT_MODE newline): no second delimiter.
    appendDelimiter: props.appendDelimiter ?? false,
  };
}

/** Checks the `partitioner` prop (messages name `partitioner.<field>`). */
export function validatePartitioner(v: Validator, props: PartitionerHost & { readonly transform?: unknown }): void {
  const p = props.partitioner;
  if (p === undefined) return;
  if (props.partitioning?.lambda !== undefined) v.error("partitioner", "X1", "give either partitioner (the built-in function) or partitioning.lambda (your function), not both", props.partitioning.lambda.functionArn);
  if (props.transform !== undefined) v.error("partitioner", "P1", "Firehose runs one Lambda processor per stream: give partitioner or transform, not both", true);
  validatePartitionerFields(v, p, "partitioner", "X1");
}

/**
 * Checks the field and time keys of partitioner settings, under `<at>.fields` and `<at>.timeKeys` with `rule`: the
 * construct's `partitioner` prop (X1), or a pipeline's `partitioner` in an environment config (C2).
 */
export function validatePartitionerFields(v: Validator, p: Pick<DataLakePartitionerProps, "fields" | "timeKeys">, at: string, rule: string): void {
  v.require(p.fields !== null && typeof p.fields === "object" && Object.keys(p.fields).length > 0, `${at}.fields`, rule, "the partitioner needs at least one field key, e.g. { table: \"meta.table\" }", p.fields);
  for (const k of p.timeKeys ?? []) v.oneOf(k, PARTITIONER_TIME_KEYS, `${at}.timeKeys`, rule, "time key");
}

/** What `createPartitioner` needs of the data-lake props. */
export interface PartitionerStream {
  readonly streamName: string;
  readonly accountId?: string;
  readonly encryptionKey?: EncryptionKeyRef;
  readonly logging?: { readonly retentionDays?: number };
}

/**
 * Deploys the partitioner function for a stream: re-ingestion into that stream (see `region`), its settings as the
 * handler's environment variables, and the stream's `encryptionKey` (when given) for its environment and logs.
 */
export function createPartitioner(scope: Construct, id: string, p: DataLakePartitionerProps, stream: PartitionerStream): FirehoseLambdaProcessor {
  return new FirehoseLambdaProcessor(scope, id, {
    functionName: p.functionName ?? `${stream.streamName}-partitioner`,
    handler: "partitioner",
    ...(stream.encryptionKey ? { encryption: "customer-managed" as const, encryptionKey: stream.encryptionKey } : {}),
    reingest: ownStreamReingest(stream.streamName, { region: p.region, accountId: stream.accountId }),
    memorySizeMB: p.memorySizeMB,
    logRetentionDays: p.logRetentionDays ?? stream.logging?.retentionDays,
    environment: {
      PARTITION_KEYS: JSON.stringify(p.fields),
      TIME_PARTITION_KEYS: (p.timeKeys ?? DEFAULT_TIME_KEYS).join(","),
      ...(p.eventTimeField ? { EVENT_TIME_FIELD: p.eventTimeField } : {}),
      ...(p.eventTimeFormat ? { EVENT_TIME_FORMAT: p.eventTimeFormat } : {}),
    },
  });
}
