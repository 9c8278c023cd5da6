/**
 * Exact byte accounting of the serialized response.
 *
 * The Lambda runtime serializes the handler's return value with `JSON.stringify` and Firehose rejects responses over
 * 6,291,556 bytes (the 6 MB synchronous payload limit; reference: AWS Lambda quotas, "Invocation payload (request and
 * response)"). The AWS blueprint budgets on `len(data) + len(recordId)` only and so overshoots for many small records.
 * Here every byte of `{"records":[...]}` is counted: braces, keys, quotes, commas, metadata. Sizes are derived from
 * `JSON.stringify` of template entries so they cannot drift from the real serialization; the property tests assert
 * `computed === Buffer.byteLength(JSON.stringify(response))`.
 */
import type { FirehoseOutputRecord, PartitionKeys } from "./types";

/** Hard Firehose limit on the serialized response, in bytes. */
export const FIREHOSE_RESPONSE_LIMIT_BYTES = 6_291_556;

const bytes = (s: string): number => Buffer.byteLength(s, "utf8");
const EMPTY_ID = bytes(JSON.stringify("")); // 2: the quotes, counted again in each id's own JSON length

/** `{"records":[]}` */
export const WRAPPER_BYTES = bytes(JSON.stringify({ records: [] }));

const FIXED = {
  Dropped: bytes(JSON.stringify({ recordId: "", result: "Dropped" })) - EMPTY_ID,
  ProcessingFailed: bytes(JSON.stringify({ recordId: "", result: "ProcessingFailed" })) - EMPTY_ID,
  OkData: bytes(JSON.stringify({ recordId: "", result: "Ok", data: "" })) - EMPTY_ID,
  OkKafka: bytes(JSON.stringify({ recordId: "", result: "Ok", kafkaRecordValue: "" })) - EMPTY_ID,
  // `,"metadata":{"partitionKeys":` + `}` around the keys' own JSON
  Metadata:
    bytes(JSON.stringify({ metadata: { partitionKeys: {} } })) - bytes(JSON.stringify({})) - bytes(JSON.stringify({})) + 1,
};

/** Characters `JSON.stringify` escapes (controls, `"`, `\\`) and everything that is not one UTF-8 byte. */
const NOT_PLAIN_ASCII = /[\u0000-\u001f"\\\u007f-\uffff]/;

/**
 * Exact byte length of `JSON.stringify(s)` in UTF-8, without serializing in the common case: a string of printable
 * ASCII other than `"` and `\` is serialized as itself between two quotes. Anything else (escapes, multi-byte
 * characters, lone surrogates, non-strings) is measured by serializing it.
 */
export function jsonStringBytes(s: string): number {
  return typeof s === "string" && !NOT_PLAIN_ASCII.test(s) ? s.length + 2 : bytes(JSON.stringify(s));
}

/** Byte length of `JSON.stringify(recordId)` (ids are ASCII in practice, but escapes and UTF-8 are handled). */
export function idJsonBytes(recordId: string): number {
  return jsonStringBytes(recordId);
}

/**
 * Byte length of `JSON.stringify(keys)` (0 when there are none). Also the check that every value is a string, as
 * Firehose requires: throws otherwise.
 */
export function partitionKeysJsonBytes(keys: PartitionKeys | undefined): number {
  if (keys === undefined) return 0;
  const names = Object.keys(keys);
  let total = 2 + Math.max(0, names.length - 1); // braces and commas
  for (const name of names) {
    const value: unknown = keys[name];
    if (typeof value !== "string") throw new Error(`partition key ${name} is not a string`);
    total += jsonStringBytes(name) + 1 + jsonStringBytes(value); // "name":"value"
  }
  return total;
}

/** Size of a `Dropped` / `ProcessingFailed` entry (no payload: Firehose keeps the original bytes itself). */
export function fallbackEntryBytes(idBytes: number, result: "Dropped" | "ProcessingFailed"): number {
  return FIXED[result] + idBytes;
}

/** Size of an `Ok` entry whose payload encodes to `b64Bytes` base64 characters. */
export function okEntryBytes(idBytes: number, b64Bytes: number, msk: boolean, partitionKeysBytes = 0): number {
  return (
    (msk ? FIXED.OkKafka : FIXED.OkData) + idBytes + b64Bytes + (partitionKeysBytes > 0 ? FIXED.Metadata + partitionKeysBytes : 0)
  );
}

/**
 * Exact serialized size of one response entry as the pipeline builds it (`{ recordId, result, data | kafkaRecordValue,
 * metadata? }`, lambda/shared/pipeline.ts).
 */
export function entryBytes(e: FirehoseOutputRecord): number {
  const id = idJsonBytes(e.recordId);
  if (e.result !== "Ok") return fallbackEntryBytes(id, e.result);
  const payload = e.kafkaRecordValue ?? e.data ?? "";
  return okEntryBytes(id, payload.length, e.kafkaRecordValue !== undefined, partitionKeysJsonBytes(e.metadata?.partitionKeys));
}

/**
 * Tracks the size the response WILL have. Every record starts reserved at its largest non-Ok size (ProcessingFailed,
 * which is larger than Dropped), because every id must be in the response whatever happens to it; committing a record
 * as Ok swaps its reservation for its real entry size. The total can therefore only shrink when a reserved record
 * later turns out Dropped, so `total <= limit` holds for the final response.
 */
export class ResponseBudget {
  private total: number;
  private readonly reserved: number[];

  constructor(
    readonly limitBytes: number,
    readonly idBytes: readonly number[],
  ) {
    this.reserved = idBytes.map((id) => fallbackEntryBytes(id, "ProcessingFailed"));
    const commas = Math.max(0, idBytes.length - 1);
    this.total = WRAPPER_BYTES + commas + this.reserved.reduce((a, b) => a + b, 0);
  }

  /** Upper bound of the final serialized size given the decisions so far. */
  get bytes(): number {
    return this.total;
  }

  /** True when even the minimal response (every record reserved) exceeds the limit: pathological ids. */
  get overcommitted(): boolean {
    return this.total > this.limitBytes;
  }

  /** Commits record `i` as Ok with an entry of `okBytes` if it fits; returns false (and changes nothing) otherwise. */
  tryCommit(i: number, okBytes: number): boolean {
    const next = this.total - this.reserved[i] + okBytes;
    if (next > this.limitBytes) return false;
    this.total = next;
    this.reserved[i] = okBytes;
    return true;
  }

  /** Whether an Ok entry of `okBytes` could fit in a response containing nothing else. */
  fitsAlone(okBytes: number): boolean {
    return WRAPPER_BYTES + okBytes <= this.limitBytes;
  }
}
