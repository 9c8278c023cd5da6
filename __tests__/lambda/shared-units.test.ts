/** Units of the shared core: strict base64, gzip detection, exact entry sizes, time parsing, configuration. */
import fc from "fast-check";
import { gzipSync } from "node:zlib";
import {
  base64Length,
  deletePath,
  FieldPath,
  flatten,
  ConfigError,
  decodeBase64Strict,
  entryBytes,
  FirehoseOutputRecord,
  maybeGunzip,
  readCoreConfig,
  RecordError,
  timeParser,
} from "../../lambda/shared";
import { propertyRuns } from "../helpers/property";

const base64DecodedLength = (s: string): number => (s.length / 4) * 3 - (s.match(/=*$/)![0].length);

describe("codec", () => {
  it("decodes valid base64 exactly and refuses corrupt input (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(), fc.constantFrom("$", "*", " ", "=", "\n"), (bytes, pos, bad) => {
        const b64 = Buffer.from(bytes).toString("base64");
        expect(decodeBase64Strict(b64).equals(Buffer.from(bytes))).toBe(true);
        expect(base64Length(bytes.length)).toBe(b64.length);
        if (b64.length > 0) {
          const p = pos % b64.length;
          const corrupt = b64.slice(0, p) + bad + b64.slice(p + 1);
          // Oracle: the RFC 4648 alphabet with padding only at the end (e.g. "AAAA" → "AAA=" is still valid).
          if (/^[A-Za-z0-9+/]*={0,2}$/.test(corrupt) && corrupt.length % 4 === 0) expect(decodeBase64Strict(corrupt).length).toBe(base64DecodedLength(corrupt));
          else expect(() => decodeBase64Strict(corrupt)).toThrow(RecordError);
          expect(() => decodeBase64Strict(b64.slice(0, -1))).toThrow(RecordError);
        }
      }),
      { numRuns: propertyRuns(500) },
    );
  });

  it("gunzips by magic bytes, passes plain input through, refuses corrupt gzip and bombs", () => {
    expect(maybeGunzip(gzipSync("hello"), 100).toString()).toBe("hello");
    expect(maybeGunzip(Buffer.from("hello"), 100).toString()).toBe("hello");
    expect(() => maybeGunzip(Buffer.from([0x1f, 0x8b, 1, 2, 3]), 100)).toThrow(RecordError);
    expect(() => maybeGunzip(gzipSync(Buffer.alloc(10_000)), 1024)).toThrow(RecordError);
  });
});

describe("response sizing", () => {
  it("entry sizes equal the JSON.stringify byte length (property, unicode ids and keys included)", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 80 }),
        fc.constantFrom("Ok", "Dropped", "ProcessingFailed"),
        fc.uint8Array({ maxLength: 100 }),
        fc.boolean(),
        fc.option(fc.dictionary(fc.string({ unit: "grapheme", maxLength: 10 }), fc.string({ unit: "grapheme", maxLength: 10 }), { maxKeys: 4 })),
        (recordId, result, data, msk, keys) => {
          const e: FirehoseOutputRecord = { recordId, result: result as FirehoseOutputRecord["result"] };
          if (result === "Ok") {
            e[msk ? "kafkaRecordValue" : "data"] = Buffer.from(data).toString("base64");
            if (keys && Object.keys(keys).length > 0) e.metadata = { partitionKeys: keys };
          }
          expect(entryBytes(e)).toBe(Buffer.byteLength(JSON.stringify(e)));
        },
      ),
      { numRuns: propertyRuns(500) },
    );
  });
});

describe("time and configuration", () => {
  it("reads date-times without an offset as UTC and epoch values by magnitude", () => {
    const auto = timeParser("auto");
    expect(auto("2024-03-01T00:00:00")).toBe(Date.UTC(2024, 2, 1));
    expect(auto("2024-03-01 02:00:00+02:00")).toBe(Date.UTC(2024, 2, 1));
    expect(auto(1_709_251_200)).toBe(Date.UTC(2024, 2, 1));
    expect(auto(1_709_251_200_000)).toBe(Date.UTC(2024, 2, 1));
    expect(auto("1709251200000000")).toBe(Date.UTC(2024, 2, 1));
    expect(() => timeParser({ pattern: "yyyy-MM-dd" })("2024-02-30")).toThrow(RecordError);
  });

  it("validates the core settings", () => {
    expect(readCoreConfig({}).responseLimitBytes).toBe(6_291_556);
    expect(() => readCoreConfig({ RESPONSE_LIMIT_BYTES: "7000000" })).toThrow(ConfigError);
    expect(() => readCoreConfig({ RESPONSE_MARGIN_BYTES: "-1" })).toThrow(ConfigError);
    expect(() => readCoreConfig({ REINGEST_MAX_ATTEMPTS: "two" })).toThrow(ConfigError);
  });
});

describe("hostile field names", () => {
  test('a document field named "__proto__" survives flattening (JSON.parse makes it an own field)', () => {
    const doc = JSON.parse('{"__proto__":{"polluted":1},"a":{"__proto__":"x","b":2}}');
    const flat = flatten(doc, 3);
    expect(JSON.parse(JSON.stringify(flat))).toEqual(JSON.parse('{"__proto__.polluted":1,"a.__proto__":"x","a.b":2}'));
    const shallow = flatten(JSON.parse('{"__proto__":"kept"}'), 0);
    expect(JSON.stringify(shallow)).toBe('{"__proto__":"kept"}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test("a removal path through __proto__ never reaches Object.prototype", () => {
    const before = Object.prototype.toString;
    expect(new FieldPath("__proto__.toString").remove({ a: 1 })).toBeUndefined();
    expect(deletePath({ a: 1 }, "constructor.prototype.toString")).toBeUndefined();
    expect(Object.prototype.toString).toBe(before);
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, "toString")).toBe(true);
  });
});
