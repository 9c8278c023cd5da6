/**
 * Re-ingestion of overflow records: chunked by count AND bytes, retrying only the entries that failed, with
 * exponential backoff and full jitter, bounded by the invocation's remaining time. Never throws: the caller gets the
 * set of records that were accepted and turns every other one into `ProcessingFailed`.
 *
 * Limits (Firehose API reference "PutRecordBatch"; Kinesis API reference "PutRecords"):
 * - PutRecordBatch: 500 records, 4 MiB per call, 1,000 KiB per record. A 200 answer can carry `FailedPutCount > 0`
 *   with a per-entry `ErrorCode` (e.g. ServiceUnavailableException): only those entries are retried.
 * - PutRecords: 500 records, 5 MiB per call including partition keys, 1 MiB per record including its partition key;
 *   `FailedRecordCount` / per-entry `ErrorCode` (ProvisionedThroughputExceededException, InternalFailure).
 * Backoff: "Exponential Backoff And Jitter" (AWS Architecture Blog), full jitter: sleep = random(0, min(cap, base*2^n)).
 */
import type { FirehoseClient } from "@aws-sdk/client-firehose";
import type { KinesisClient } from "@aws-sdk/client-kinesis";

export interface ReingestItem {
  /** Caller's key (the record index). Several items may share a key (split records). */
  readonly key: number;
  readonly data: Buffer;
  readonly partitionKey?: string;
}

export interface ReingestTarget {
  readonly kind: "Firehose" | "Kinesis";
  readonly maxRecords: number;
  readonly maxBatchBytes: number;
  readonly maxRecordBytes: number;
  /** Bytes an item counts for against the per-call and per-record limits. */
  sizeOf(item: ReingestItem): number;
  /** Sends one chunk; returns per-item success. Throws when the whole call failed. */
  send(items: readonly ReingestItem[], abortSignal: AbortSignal | undefined): Promise<boolean[]>;
}

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  /** Milliseconds left before re-ingestion must stop (remaining invocation time minus the safety margin). */
  readonly timeLeftMs: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
}

export interface ReingestReport {
  /** Items accepted by the service (by position in the input array). */
  readonly accepted: boolean[];
  /** Reason per item that was not accepted. */
  readonly errors: (string | undefined)[];
  readonly calls: number;
  readonly retriedEntries: number;
}

/** Errors a retry cannot fix: stop at once for that chunk. */
const NON_RETRYABLE = new Set([
  "ResourceNotFoundException",
  "AccessDeniedException",
  "AccessDeniedExceptionException",
  "InvalidArgumentException",
  "ValidationException",
  "UnrecognizedClientException",
  "InvalidKMSResourceException",
  "KMSDisabledException",
  "KMSNotFoundException",
  "KMSAccessDeniedException",
]);

export const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Splits items into chunks bounded by record count and total bytes, preserving order. */
export function chunkItems<T>(items: readonly T[], maxRecords: number, maxBytes: number, sizeOf: (t: T) => number): T[][] {
  const chunks: T[][] = [];
  let cur: T[] = [];
  let curBytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (cur.length > 0 && (cur.length >= maxRecords || curBytes + size > maxBytes)) {
      chunks.push(cur);
      cur = [];
      curBytes = 0;
    }
    cur.push(item);
    curBytes += size;
  }
  if (cur.length > 0) chunks.push(cur);
  return chunks;
}

function errorName(err: unknown): string {
  const e = err as { name?: string; code?: string } | undefined;
  return e?.name ?? e?.code ?? "Error";
}

export async function reingest(items: readonly ReingestItem[], target: ReingestTarget, policy: RetryPolicy): Promise<ReingestReport> {
  const accepted = items.map(() => false);
  const errors: (string | undefined)[] = items.map(() => undefined);
  let calls = 0;
  let retriedEntries = 0;

  const sendable: number[] = [];
  items.forEach((item, i) => {
    if (target.sizeOf(item) > target.maxRecordBytes) {
      errors[i] = `record of ${target.sizeOf(item)} bytes exceeds the ${target.kind} per-record limit`;
    } else {
      sendable.push(i);
    }
  });

  const chunks = chunkItems(sendable, target.maxRecords, target.maxBatchBytes, (i) => target.sizeOf(items[i]));
  for (const chunk of chunks) {
    let pending = chunk;
    for (let attempt = 0; pending.length > 0 && attempt < policy.maxAttempts; attempt++) {
      if (attempt > 0) {
        const delay = Math.floor(policy.random() * Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** attempt));
        if (policy.timeLeftMs() <= delay) break;
        await policy.sleep(delay);
        retriedEntries += pending.length;
      }
      const left = policy.timeLeftMs();
      if (left <= 0) break;
      calls++;
      let ok: boolean[];
      try {
        // Abort a call that would outlive the time we have; AbortSignal.timeout's timer does not keep the process alive.
        ok = await target.send(
          pending.map((i) => items[i]),
          AbortSignal.timeout(Math.max(1, Math.floor(left))),
        );
      } catch (err) {
        const name = errorName(err);
        for (const i of pending) errors[i] = `${target.kind} call failed: ${name}`;
        if (NON_RETRYABLE.has(name)) break;
        continue;
      }
      const stillPending: number[] = [];
      pending.forEach((i, j) => {
        if (ok[j] === true) {
          accepted[i] = true;
          errors[i] = undefined;
        } else {
          errors[i] = `${target.kind} rejected the entry`;
          stillPending.push(i);
        }
      });
      pending = stillPending;
    }
    for (const i of pending) errors[i] ??= "re-ingestion not attempted: out of time";
  }
  // Chunks never reached (time ran out) keep an explanation too.
  items.forEach((_, i) => {
    if (!accepted[i]) errors[i] ??= "re-ingestion not attempted: out of time";
  });
  return { accepted, errors, calls, retriedEntries };
}

/** Firehose PutRecordBatch into the invoking delivery stream (Direct PUT sources). */
export function firehoseTarget(deliveryStreamName: string, getClient: () => Promise<FirehoseClient>): ReingestTarget {
  return {
    kind: "Firehose",
    maxRecords: 500,
    maxBatchBytes: 4 * 1024 * 1024,
    maxRecordBytes: 1000 * 1024,
    sizeOf: (item) => item.data.length,
    async send(items, abortSignal) {
      const [client, { PutRecordBatchCommand }] = await Promise.all([getClient(), import("@aws-sdk/client-firehose")]);
      const out = await client.send(
        new PutRecordBatchCommand({ DeliveryStreamName: deliveryStreamName, Records: items.map((i) => ({ Data: i.data })) }),
        { abortSignal },
      );
      const responses = out.RequestResponses ?? [];
      return items.map((_, j) => (responses[j] !== undefined ? !responses[j].ErrorCode : out.FailedPutCount === 0));
    },
  };
}

/** Kinesis PutRecords into the source stream, with each record's original partition key (Kinesis sources). */
export function kinesisTarget(streamArn: string, getClient: () => Promise<KinesisClient>): ReingestTarget {
  return {
    kind: "Kinesis",
    maxRecords: 500,
    maxBatchBytes: 5 * 1024 * 1024,
    maxRecordBytes: 1024 * 1024,
    sizeOf: (item) => item.data.length + Buffer.byteLength(item.partitionKey ?? "", "utf8"),
    async send(items, abortSignal) {
      const [client, { PutRecordsCommand }] = await Promise.all([getClient(), import("@aws-sdk/client-kinesis")]);
      const out = await client.send(
        new PutRecordsCommand({
          StreamARN: streamArn,
          Records: items.map((i) => ({ Data: i.data, PartitionKey: i.partitionKey ?? "reingest" })),
        }),
        { abortSignal },
      );
      const results = out.Records ?? [];
      return items.map((_, j) => (results[j] !== undefined ? !results[j].ErrorCode : out.FailedRecordCount === 0));
    },
  };
}

/** `arn:aws:firehose:region:account:deliverystream/NAME` → `NAME`. */
export function deliveryStreamNameFromArn(arn: string): string {
  const i = arn.indexOf(":deliverystream/");
  if (i < 0) throw new Error(`not a delivery stream ARN: ${arn}`);
  return arn.slice(i + ":deliverystream/".length);
}
