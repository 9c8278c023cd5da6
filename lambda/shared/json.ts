/** Small JSON-object helpers shared by the processors (dotted paths, flattening). */
import { parseJson } from "./codec";
import type { ProcessOutcome, RecordContext, RecordProcessor } from "./types";

export type JsonObject = Record<string, unknown>;

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

export function isPlainObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

const UNSAFE_PARTS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * A dotted field path (`a.b.c`), split once at configuration time instead of on every record. An own key spelled
 * with dots (`"a.b"`) wins over the nested walk.
 *
 * Removal does not use `delete`: deleting a property turns a V8 object into a slow "dictionary" object, which made
 * the later `JSON.stringify` of every record ~50% slower. `remove` sets the field to `undefined` instead, which
 * `JSON.stringify` omits. JSON documents never hold `undefined`, so every helper here reads an own `undefined` field
 * as absent, and `set` really deletes such a field first so that a re-added field goes to the end, exactly where it
 * would be had it been deleted. (`__tests__/lambda/json-paths.property.test.ts` checks the output against `delete`.)
 */
export class FieldPath {
  private readonly parts: readonly string[];
  private readonly last: string;
  private readonly unsafe: boolean;

  constructor(readonly path: string) {
    this.parts = path.split(".");
    this.last = this.parts[this.parts.length - 1];
    this.unsafe = this.parts.some((p) => UNSAFE_PARTS.has(p));
  }

  /** Value at the path; `undefined` when absent. */
  get(obj: JsonObject): unknown {
    const own = obj[this.path];
    if (own !== undefined && hasOwn(obj, this.path)) return own;
    let cur: unknown = obj;
    for (const part of this.parts) {
      if (!isPlainObject(cur) || !hasOwn(cur, part)) return undefined;
      cur = cur[part];
    }
    return cur;
  }

  /** Removes the value at the path (see the class comment); returns it (undefined when absent). */
  remove(obj: JsonObject): unknown {
    const own = obj[this.path];
    if (own !== undefined && hasOwn(obj, this.path)) {
      obj[this.path] = undefined;
      return own;
    }
    const parts = this.parts;
    let cur: unknown = obj;
    for (let i = 0; i < parts.length - 1; i++) {
      // Own properties only: a path such as `__proto__.toString` must never reach Object.prototype.
      if (!isPlainObject(cur) || !hasOwn(cur, parts[i])) return undefined;
      cur = cur[parts[i]];
    }
    if (!isPlainObject(cur) || !hasOwn(cur, this.last)) return undefined;
    const v = cur[this.last];
    if (v !== undefined) cur[this.last] = undefined;
    return v;
  }

  /** Sets the value at the path, creating intermediate objects. Refuses prototype-polluting keys. */
  set(obj: JsonObject, value: unknown): void {
    if (this.unsafe) throw new Error(`refusing to set ${this.path}`);
    const parts = this.parts;
    let cur = obj;
    for (let i = 0; i < parts.length - 1; i++) {
      const next = cur[parts[i]];
      if (!isPlainObject(next)) setNew(cur, parts[i], {});
      cur = cur[parts[i]] as JsonObject;
    }
    setNew(cur, this.last, value);
  }
}

/** `obj[key] = value`, a removed (own, undefined) field being re-added at the end as if it had been deleted. */
function setNew(obj: JsonObject, key: string, value: unknown): void {
  if (obj[key] === undefined && hasOwn(obj, key)) delete obj[key];
  obj[key] = value;
}

/** Removes the value at a dotted path; returns it (undefined when absent). */
export function deletePath(obj: JsonObject, path: string): unknown {
  return new FieldPath(path).remove(obj);
}

/** True when `v` has at least one own field that is not `undefined` (removed fields do not count). */
function hasFields(v: JsonObject): boolean {
  for (const k in v) if (v[k] !== undefined && hasOwn(v, k)) return true;
  return false;
}

/**
 * `${prefix}.${key}`, remembered: the records of a batch share their field names, and a remembered name is a string
 * V8 has already interned, so storing it as a property skips building and hashing the new name. Bounded, so
 * documents with ever-new field names only cost the plain concatenation once the cache is full.
 */
const joinedKeys = new Map<string, Map<string, string>>();
let joinedCount = 0;
const MAX_JOINED_KEYS = 10_000;
function joinKey(prefix: string, key: string): string {
  let byKey = joinedKeys.get(prefix);
  const known = byKey?.get(key);
  if (known !== undefined) return known;
  const joined = `${prefix}.${key}`;
  if (joinedCount < MAX_JOINED_KEYS) {
    if (byKey === undefined) joinedKeys.set(prefix, (byKey = new Map()));
    byKey.set(key, joined);
    joinedCount++;
  }
  return joined;
}

/**
 * Flattens nested objects into dotted keys up to `maxDepth` levels of nesting (depth 1 = only the top level is
 * expanded one level). Objects deeper than that, and arrays, are kept as values.
 */
export function flatten(obj: JsonObject, maxDepth: number, prefix = "", out: JsonObject = {}): JsonObject {
  const keys = Object.keys(obj);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const v = obj[k];
    if (v === undefined) continue; // a removed field
    const key = prefix === "" ? k : joinKey(prefix, k);
    if (maxDepth > 0 && isPlainObject(v) && hasFields(v)) flatten(v, maxDepth - 1, key, out);
    // JSON.parse makes "__proto__" an own field; plain assignment would set the prototype and lose the field.
    else if (key === "__proto__") Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
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
