/** Partitioner, transform and OpenSearch formatter on realistic fixtures (Kinesis-sourced and MSK events included). */
import fc from "fast-check";
import { gzipSync } from "node:zlib";
import { createPartitionerProcessor, readPartitionerConfig } from "../../lambda/partitioner/processor";
import { createTransformProcessor, readTransformConfig } from "../../lambda/transform/processor";
import { createOpenSearchFormatterProcessor, readOpenSearchFormatterConfig } from "../../lambda/opensearch-formatter/processor";
import { ConfigError, FirehoseInputEvent } from "../../lambda/shared";
import { checkInvariants, decodeOk, makeEvent, run } from "./harness";
import kinesisFixture from "./fixtures/kinesis-source-event.json";
import mskFixture from "./fixtures/msk-event.json";
import { propertyRuns } from "../helpers/property";

const json = (o: object): Buffer => Buffer.from(JSON.stringify(o));
const clone = <T>(o: T): T => JSON.parse(JSON.stringify(o));

describe("partitioner", () => {
  const partitioner = createPartitionerProcessor(
    readPartitionerConfig({ PARTITION_KEYS: '{"database":"db","table":"table"}', EVENT_TIME_FIELD: "event_time", EVENT_TIME_FORMAT: "iso8601" }),
  );

  it("Kinesis-sourced event: keys from the record, time from the event field or the arrival time, all strings (UTC)", async () => {
    const event = clone(kinesisFixture) as FirehoseInputEvent;
    const { response } = await run(partitioner, event);
    expect(response.records[0]).toMatchObject({
      result: "Ok",
      metadata: { partitionKeys: { database: "sales", table: "orders", year: "2024", month: "02", day: "29", hour: "23" } },
    });
    // Second record has no event_time: approximateArrivalTimestamp 1495072949460 = 2017-05-18T02:02:29Z.
    expect(response.records[1].metadata).toEqual({ partitionKeys: { database: "sales", table: "refunds", year: "2017", month: "05", day: "18", hour: "02" } });
    expect(decodeOk(response, 0)).toBe('{"db":"sales","table":"orders","event_time":"2024-02-29T23:59:59Z","amount":42}\n');
  });

  it("MSK event: answers under kafkaRecordValue", async () => {
    const { response } = await run(partitioner, clone(mskFixture) as FirehoseInputEvent);
    expect(response.records[0].result).toBe("Ok");
    expect(response.records[0].data).toBeUndefined();
    expect(Buffer.from(response.records[0].kafkaRecordValue!, "base64").toString()).toMatch(/"orders"/);
  });

  it("decompresses gzip input; missing keys, bad times and non-scalar keys fail only their record", async () => {
    const good = { db: "a", table: "b", event_time: "2024-01-01T05:00:00+02:00" };
    const event = makeEvent([
      gzipSync(json(good)),
      json({ db: "a" }),
      json({ ...good, event_time: "yesterday" }),
      json({ ...good, table: { x: 1 } }),
      json({ ...good, db: "" }),
      json({ ...good, db: 7 }),
    ]);
    const { response } = await run(partitioner, event);
    expect(response.records.map((r) => r.result)).toEqual(["Ok", "ProcessingFailed", "ProcessingFailed", "ProcessingFailed", "ProcessingFailed", "Ok"]);
    expect(response.records[0].metadata!.partitionKeys).toMatchObject({ year: "2024", month: "01", day: "01", hour: "03" });
    expect(decodeOk(response, 0)).toBe(`${JSON.stringify(good)}\n`);
    expect(response.records[5].metadata!.partitionKeys.database).toBe("7");
  });

  it("reads epoch and pattern formats in UTC (property: partition keys equal the UTC fields of the event time)", async () => {
    const epoch = createPartitionerProcessor(readPartitionerConfig({ EVENT_TIME_FIELD: "ts", EVENT_TIME_FORMAT: "epoch_seconds", TIME_PARTITION_KEYS: "year,month,day,hour,minute" }));
    const pattern = createPartitionerProcessor(readPartitionerConfig({ EVENT_TIME_FIELD: "ts", EVENT_TIME_FORMAT: "yyyy-MM-dd HH:mm:ss" }));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 4_102_444_800 }), async (sec) => {
        const d = new Date(sec * 1000);
        const text = d.toISOString().slice(0, 19).replace("T", " ");
        const a = await run(epoch, makeEvent([json({ ts: sec })]));
        const b = await run(pattern, makeEvent([json({ ts: text })]));
        const expected = { year: String(d.getUTCFullYear()).padStart(4, "0"), month: String(d.getUTCMonth() + 1).padStart(2, "0"), day: String(d.getUTCDate()).padStart(2, "0"), hour: String(d.getUTCHours()).padStart(2, "0") };
        expect(a.response.records[0].metadata!.partitionKeys).toEqual({ ...expected, minute: String(d.getUTCMinutes()).padStart(2, "0") });
        expect(b.response.records[0].metadata!.partitionKeys).toEqual(expected);
      }),
      { numRuns: propertyRuns(200) },
    );
  });

  it("metadata counts in the response budget (property with overflow)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ maxLength: 30 }), { maxLength: 40 }), fc.integer({ min: 0, max: 3000 }), async (tables, extra) => {
        const event = makeEvent(tables.map((t, i) => json({ db: `db${i}`, table: t || "empty", event_time: "2024-03-01T00:00:00Z" })), "Kinesis");
        const minimal = Buffer.byteLength(JSON.stringify({ records: event.records.map((r) => ({ recordId: r.recordId, result: "ProcessingFailed" })) }));
        const res = await run(partitioner, event, { config: { responseLimitBytes: minimal + extra, responseMarginBytes: 0 } });
        checkInvariants(event, res, minimal + extra);
      }),
      { numRuns: propertyRuns(150) },
    );
  });

  it("rejects invalid configuration", () => {
    expect(() => readPartitionerConfig({ PARTITION_KEYS: '{"db":1}' })).toThrow(ConfigError);
    expect(() => readPartitionerConfig({ TIME_PARTITION_KEYS: "year,week" })).toThrow(ConfigError);
    expect(() => readPartitionerConfig({ OUTPUT_MODE: "xml" })).toThrow(ConfigError);
  });
});

describe("transform", () => {
  const transform = createTransformProcessor(
    readTransformConfig({
      REQUIRED_FIELDS: "id,user.email",
      DROP_FIELDS: "password,user.ssn",
      RENAME_FIELDS: '{"user.email":"email","ts":"event_time"}',
      STATIC_FIELDS: '{"environment":"prod"}',
    }),
  );

  it("validates, drops, renames, enriches and writes newline-delimited JSON", async () => {
    const event = makeEvent([
      json({ id: 1, ts: 5, password: "x", user: { email: "a@b.c", ssn: "123" } }),
      json({ id: 2, user: {} }),
      gzipSync(json({ id: 3, user: { email: "d@e.f" }, environment: "dev" })),
      Buffer.from("not json"),
    ]);
    const { response } = await run(transform, event, { now: Date.UTC(2024, 2, 1, 12) });
    expect(response.records.map((r) => r.result)).toEqual(["Ok", "ProcessingFailed", "Ok", "ProcessingFailed"]);
    expect(decodeOk(response, 0)).toBe(`${JSON.stringify({ id: 1, user: {}, email: "a@b.c", event_time: 5, environment: "prod", processed_at: "2024-03-01T12:00:00.000Z" })}\n`);
    expect(JSON.parse(decodeOk(response, 2)).environment).toBe("dev");
  });
});

describe("opensearch-formatter", () => {
  const formatter = createOpenSearchFormatterProcessor(readOpenSearchFormatterConfig({ FLATTEN_MAX_DEPTH: "2", ID_SOURCE_FIELDS: "request.id" }));

  it("flattens to a depth, normalises timestamps to ISO-8601 UTC and adds a deterministic id", async () => {
    const doc = { timestamp: 1_709_251_200, request: { id: "r-1", http: { status: 200, headers: { a: 1 } } }, tags: ["x"] };
    const event = makeEvent([json(doc), json({ ...doc, timestamp: "2024-03-01 01:00:00+01:00" }), json({ ...doc, timestamp: "soon" })]);
    const { response } = await run(formatter, event);
    const out = JSON.parse(decodeOk(response, 0));
    expect(out).toEqual({
      timestamp: "2024-03-01T00:00:00.000Z",
      "@timestamp": "2024-03-01T00:00:00.000Z",
      "request.id": "r-1",
      "request.http.status": 200,
      "request.http.headers": { a: 1 },
      tags: ["x"],
      doc_id: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    const second = JSON.parse(decodeOk(response, 1));
    expect(second.timestamp).toBe("2024-03-01T00:00:00.000Z");
    expect(second.doc_id).toBe(out.doc_id); // same request.id ⇒ same id
    expect(response.records[2].result).toBe("ProcessingFailed");
  });

  it("uses the arrival time when the document has no timestamp", async () => {
    const { response } = await run(formatter, makeEvent([json({ a: { b: 1 } })]));
    expect(JSON.parse(decodeOk(response, 0))).toMatchObject({ "a.b": 1, "@timestamp": new Date(1_700_000_000_000).toISOString() });
  });
});
