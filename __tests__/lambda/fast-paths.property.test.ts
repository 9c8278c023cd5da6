/**
 * The performance shortcuts of the core and the processors give exactly the results of the straightforward code
 * they replace (kept here as the reference): exact JSON sizes without serializing, field removal without `delete`,
 * cached time formatting, and the hand-written CloudWatch Logs JSON lines.
 */
import fc from "fast-check";
import {
  cachedIsoUtc,
  cachedUtcParts,
  encodeBase64,
  FieldPath,
  flatten,
  idJsonBytes,
  jsonStringBytes,
  partitionKeysJsonBytes,
  RecordContext,
  toIsoUtc,
  utcParts,
} from "../../lambda/shared";
import { createCloudWatchLogsProcessor } from "../../lambda/cloudwatch-logs/processor";
import { propertyRuns } from "../helpers/property";

type Obj = Record<string, unknown>;
const bytes = (s: string): number => Buffer.byteLength(s, "utf8");

/** Any UTF-16 code unit, lone surrogates and control characters included. */
const anyString = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 });
const mostlyAscii = fc.oneof(fc.string({ maxLength: 40 }), anyString);

describe("exact JSON sizes without serializing", () => {
  it("jsonStringBytes / idJsonBytes equal the UTF-8 length of JSON.stringify (property)", () => {
    fc.assert(
      fc.property(mostlyAscii, (s) => {
        expect(jsonStringBytes(s)).toBe(bytes(JSON.stringify(s)));
        expect(idJsonBytes(s)).toBe(bytes(JSON.stringify(s)));
      }),
      { numRuns: propertyRuns(2000) },
    );
  });

  it("encodeBase64 of a string is the base64 of its UTF-8 bytes, ASCII or not (property)", () => {
    fc.assert(
      fc.property(mostlyAscii, (s) => {
        expect(encodeBase64(s, bytes(s))).toBe(Buffer.from(s, "utf8").toString("base64"));
        expect(encodeBase64(Buffer.from(s), bytes(s))).toBe(Buffer.from(s, "utf8").toString("base64"));
      }),
      { numRuns: propertyRuns(1000) },
    );
  });

  it("partitionKeysJsonBytes equals the size of JSON.stringify(keys) and refuses non-string values", () => {
    fc.assert(
      fc.property(fc.dictionary(mostlyAscii, mostlyAscii, { maxKeys: 6 }), (keys) => {
        expect(partitionKeysJsonBytes(keys)).toBe(bytes(JSON.stringify(keys)));
      }),
      { numRuns: propertyRuns(1000) },
    );
    expect(partitionKeysJsonBytes(undefined)).toBe(0);
    expect(partitionKeysJsonBytes({})).toBe(2);
    expect(() => partitionKeysJsonBytes({ year: 2024 } as unknown as Record<string, string>)).toThrow("partition key year is not a string");
  });
});

// The dotted-path helpers as they were before `FieldPath` (with `delete`): the reference.
const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
const plain = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const ref = {
  get(obj: Obj, path: string): unknown {
    if (own(obj, path)) return obj[path];
    let cur: unknown = obj;
    for (const part of path.split(".")) {
      if (!plain(cur) || !own(cur, part)) return undefined;
      cur = cur[part];
    }
    return cur;
  },
  remove(obj: Obj, path: string): unknown {
    if (own(obj, path)) {
      const v = obj[path];
      delete obj[path];
      return v;
    }
    const parts = path.split(".");
    let cur: unknown = obj;
    for (let i = 0; i < parts.length - 1; i++) {
      if (!plain(cur)) return undefined;
      cur = cur[parts[i]];
    }
    const last = parts[parts.length - 1];
    if (!plain(cur) || !own(cur, last)) return undefined;
    const v = cur[last];
    delete cur[last];
    return v;
  },
  set(obj: Obj, path: string, value: unknown): void {
    const parts = path.split(".");
    if (parts.some((p) => p === "__proto__" || p === "constructor" || p === "prototype")) throw new Error(`refusing to set ${path}`);
    let cur = obj;
    for (let i = 0; i < parts.length - 1; i++) {
      if (!plain(cur[parts[i]])) cur[parts[i]] = {};
      cur = cur[parts[i]] as Obj;
    }
    cur[parts[parts.length - 1]] = value;
  },
  flatten(obj: Obj, maxDepth: number, prefix = "", out: Obj = {}): Obj {
    for (const [k, v] of Object.entries(obj)) {
      const key = prefix === "" ? k : `${prefix}.${k}`;
      if (maxDepth > 0 && plain(v) && Object.keys(v).length > 0) ref.flatten(v, maxDepth - 1, key, out);
      else out[key] = v;
    }
    return out;
  },
};

const KEYS = ["a", "b", "c", "a.b", "b.c"];
const PATHS = [...KEYS, "a.b.c", "a.c", "c.a.b", "x", "constructor.a"];
const doc: fc.Arbitrary<Obj> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, fc.integer(), fc.string({ maxLength: 3 }), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }), tie("obj")),
  obj: fc.dictionary(fc.constantFrom(...KEYS), tie("value"), { maxKeys: 4 }),
})).obj as fc.Arbitrary<Obj>;
const op = fc.record({ kind: fc.constantFrom("get", "remove", "set"), path: fc.constantFrom(...PATHS), value: fc.oneof(fc.integer(), fc.constant({})) });

describe("FieldPath (removal without delete)", () => {
  it("any sequence of get/remove/set gives the values, JSON and flattened JSON of the delete-based helpers (property)", () => {
    fc.assert(
      fc.property(doc, fc.array(op, { maxLength: 8 }), fc.integer({ min: 0, max: 3 }), (d, ops, depth) => {
        const expected = structuredClone(d);
        const actual = structuredClone(d);
        for (const o of ops) {
          const path = new FieldPath(o.path);
          if (o.kind === "get") expect(path.get(actual)).toEqual(ref.get(expected, o.path));
          else if (o.kind === "remove") expect(path.remove(actual)).toEqual(ref.remove(expected, o.path));
          else {
            let refError: unknown;
            try {
              ref.set(expected, o.path, structuredClone(o.value));
            } catch (err) {
              refError = err;
            }
            if (refError) expect(() => path.set(actual, structuredClone(o.value))).toThrow((refError as Error).message);
            else path.set(actual, structuredClone(o.value));
          }
        }
        expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
        expect(JSON.stringify(flatten(actual, depth))).toBe(JSON.stringify(ref.flatten(expected, depth)));
      }),
      { numRuns: propertyRuns(1500) },
    );
  });
});

describe("flatten", () => {
  it("gives the same result once its cache of dotted names is full", () => {
    const wide = (p: string): Obj => Object.fromEntries(Array.from({ length: 6000 }, (_, i) => [`k${i}`, { [p]: i }]));
    for (const d of [wide("x"), wide("y"), wide("x")]) expect(JSON.stringify(flatten(d, 2))).toBe(JSON.stringify(ref.flatten(d, 2)));
  });
});

describe("cached time formatting", () => {
  const time = fc.oneof(
    fc.integer({ min: 1_709_251_200_000 - 5000, max: 1_709_251_200_000 + 5000 }),
    fc.integer({ min: -5000, max: 5000 }),
    fc.double({ min: -8.7e15, max: 8.7e15, noNaN: true }),
    fc.constantFrom(8.64e15, 8.64e15 + 1, -8.64e15, -8.64e15 - 1, -0, 0.5, -0.5, -1.5, NaN, Infinity),
  );
  const outcome = <T>(f: () => T): T | string => {
    try {
      return f();
    } catch (err) {
      return `throws ${(err as Error).name}`;
    }
  };

  it("cachedIsoUtc and cachedUtcParts agree with toIsoUtc and utcParts on any sequence of times (property)", () => {
    fc.assert(
      fc.property(fc.array(time, { maxLength: 30 }), (times) => {
        const iso = cachedIsoUtc();
        const parts = cachedUtcParts();
        for (const t of times) {
          expect(outcome(() => iso(t))).toEqual(outcome(() => toIsoUtc(t)));
          expect(parts(t)).toEqual(utcParts(t));
        }
      }),
      { numRuns: propertyRuns(1000) },
    );
  });
});

describe("cloudwatch-logs JSON lines", () => {
  const ctx = {} as RecordContext;
  it("the hand-written lines are the bytes of JSON.stringify of each event's object (property)", () => {
    const processor = createCloudWatchLogsProcessor({ outputFormat: "json" });
    const event = fc.record({
      id: fc.oneof(mostlyAscii, fc.integer()),
      timestamp: fc.oneof(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.double({ min: 0, max: 4e12, noNaN: true })),
      message: fc.oneof(mostlyAscii, fc.constant(undefined)),
    });
    fc.assert(
      fc.property(fc.oneof(mostlyAscii, fc.constant(undefined)), mostlyAscii, fc.array(event, { minLength: 1, maxLength: 5 }), (logGroup, logStream, logEvents) => {
        const message = { messageType: "DATA_MESSAGE", logGroup, logStream, logEvents };
        const expected = logEvents
          .map((e) => `${JSON.stringify({ logGroup, logStream, timestamp: new Date(e.timestamp).toISOString(), id: e.id, message: e.message })}\n`)
          .join("");
        const out = processor.process(Buffer.from(JSON.stringify(message)), ctx);
        expect(out).toEqual({ result: "Ok", data: expected });
      }),
      { numRuns: propertyRuns(500) },
    );
  });
});
