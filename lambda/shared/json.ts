/** Small JSON-object helpers shared by the processors (dotted paths, flattening). */
import { parseJson } from "./codec";
import type { ProcessOutcome, RecordContext, RecordProcessor } from "./types";

export type JsonObject = Record<string, unknown>;

export function isPlainObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Value at a dotted path (`a.b.c`); an own key spelled with dots (`"a.b"`) wins over the nested walk. */
export function getPath(obj: JsonObject, path: string): unknown {
  if (Object.prototype.hasOwnProperty.call(obj, path)) return obj[path];
  let cur: unknown = obj;
  for (const part of path.split(".")) {
    if (!isPlainObject(cur) || !Object.prototype.hasOwnProperty.call(cur, part)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/** Removes the value at a dotted path; returns it (undefined when absent). */
export function deletePath(obj: JsonObject, path: string): unknown {
  if (Object.prototype.hasOwnProperty.call(obj, path)) {
    const v = obj[path];
    delete obj[path];
    return v;
  }
  const parts = path.split(".");
  let cur: unknown = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[parts[i]];
  }
  const last = parts[parts.length - 1];
  if (!isPlainObject(cur) || !Object.prototype.hasOwnProperty.call(cur, last)) return undefined;
  const v = cur[last];
  delete cur[last];
  return v;
}

/** Sets the value at a dotted path, creating intermediate objects. Refuses prototype-polluting keys. */
export function setPath(obj: JsonObject, path: string, value: unknown): void {
  const parts = path.split(".");
  if (parts.some((p) => p === "__proto__" || p === "constructor" || p === "prototype")) {
    throw new Error(`refusing to set ${path}`);
  }
  let cur = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = cur[parts[i]];
    if (!isPlainObject(next)) cur[parts[i]] = {};
    cur = cur[parts[i]] as JsonObject;
  }
  cur[parts[parts.length - 1]] = value;
}

/**
 * Flattens nested objects into dotted keys up to `maxDepth` levels of nesting (depth 1 = only the top level is
 * expanded one level). Objects deeper than that, and arrays, are kept as values.
 */
export function flatten(obj: JsonObject, maxDepth: number, prefix = "", out: JsonObject = {}): JsonObject {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix === "" ? k : `${prefix}.${k}`;
    if (maxDepth > 0 && isPlainObject(v) && Object.keys(v).length > 0) flatten(v, maxDepth - 1, key, out);
    else out[key] = v;
  }
  return out;
}

/** A processor of one JSON object per record: the core decodes/gunzips, this parses, `fn` does the rest. */
export function jsonRecordProcessor(
  name: string,
  fn: (doc: JsonObject, ctx: RecordContext, payload: Buffer) => ProcessOutcome,
): RecordProcessor {
  return { name, process: (payload, ctx) => fn(parseJson(payload), ctx, payload) };
}

/** One JSON document per line: compact serialization plus `\n`. */
export function jsonLine(doc: unknown): string {
  return `${JSON.stringify(doc)}\n`;
}
