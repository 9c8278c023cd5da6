/** Decoding helpers: strict base64, gzip-by-magic, JSON. Every failure throws a `RecordError` (record-level failure). */
import { gunzipSync, gzipSync } from "node:zlib";

/** A failure that concerns one record only: the core turns it into `ProcessingFailed` for that record. */
export class RecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RecordError";
  }
}

/**
 * Strict base64 decoding. `Buffer.from(s, "base64")` silently skips invalid characters and stops at a misplaced `=`,
 * so a corrupt payload would be decoded into different bytes. Firehose always sends padded base64; we check the
 * decoded length against the length implied by the input, which catches skipped characters and early padding
 * without a regex pass over megabytes of input.
 */
export function decodeBase64Strict(s: string | undefined): Buffer {
  if (typeof s !== "string") throw new RecordError("record has no base64 payload");
  const len = s.length;
  if (len % 4 !== 0) throw new RecordError("invalid base64: length is not a multiple of 4");
  let pad = 0;
  if (len > 0 && s.charCodeAt(len - 1) === 61 /* = */) pad = s.charCodeAt(len - 2) === 61 ? 2 : 1;
  const buf = Buffer.from(s, "base64");
  if (buf.length !== (len / 4) * 3 - pad) throw new RecordError("invalid base64: unexpected characters or padding");
  return buf;
}

/** Length of the padded base64 encoding of `n` bytes, without encoding. */
export function base64Length(n: number): number {
  return 4 * Math.ceil(n / 3);
}

/**
 * Base64 of `data`, a string being encoded as UTF-8; `utf8Bytes` is its UTF-8 byte length (the caller has it for the
 * size budget). A string whose UTF-8 length equals its length is ASCII (every other UTF-16 unit takes 2-3 bytes), and
 * `btoa` encodes it directly, without an intermediate Buffer.
 */
export function encodeBase64(data: Buffer | string, utf8Bytes: number): string {
  if (typeof data !== "string") return data.toString("base64");
  return utf8Bytes === data.length ? btoa(data) : Buffer.from(data, "utf8").toString("base64");
}

export function isGzip(buf: Buffer): boolean {
  return buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;
}

/**
 * Gunzips `buf` when it starts with the gzip magic bytes 0x1f 0x8b (RFC 1952 §2.3.1), otherwise returns it unchanged
 * (plain input is accepted). `maxOutputBytes` bounds memory against decompression bombs.
 */
export function maybeGunzip(buf: Buffer, maxOutputBytes: number): Buffer {
  if (!isGzip(buf)) return buf;
  try {
    return gunzipSync(buf, { maxOutputLength: maxOutputBytes });
  } catch (err) {
    throw new RecordError(`invalid gzip payload: ${(err as Error).message}`);
  }
}

export function gzip(data: Buffer | string): Buffer {
  return gzipSync(data);
}

/** Parses a JSON document; `expectObject` rejects arrays and scalars. */
export function parseJson(buf: Buffer | string, expectObject = true): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(typeof buf === "string" ? buf : buf.toString("utf8"));
  } catch (err) {
    throw new RecordError(`invalid JSON: ${(err as Error).message}`);
  }
  if (expectObject && (value === null || typeof value !== "object" || Array.isArray(value))) {
    throw new RecordError("JSON payload is not an object");
  }
  return value as Record<string, unknown>;
}
