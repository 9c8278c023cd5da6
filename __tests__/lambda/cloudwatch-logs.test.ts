/** The CloudWatch Logs processor on realistic subscription payloads, oversize splitting, and the 6 MB regressions. */
import fc from "fast-check";
import { gunzipSync } from "node:zlib";
import { createCloudWatchLogsProcessor } from "../../lambda/cloudwatch-logs/processor";
import { FIREHOSE_RESPONSE_LIMIT_BYTES, InvocationSourceKind } from "../../lambda/shared";
import { checkInvariants, decodeOk, gz, makeEvent, run } from "./harness";
import dataMessage from "./fixtures/cloudwatch-logs-data-message.json";
import controlMessage from "./fixtures/cloudwatch-logs-control-message.json";
import { propertyRuns } from "../helpers/property";

const messages = createCloudWatchLogsProcessor({ outputFormat: "message" });
const jsonLines = createCloudWatchLogsProcessor({ outputFormat: "json" });

let nextId = 0;
function cwl(events: string[], group = "/aws/lambda/app"): Buffer {
  return gz({
    messageType: "DATA_MESSAGE",
    owner: "123456789012",
    logGroup: group,
    logStream: `2024/03/01/[$LATEST]0123456789abcdef-${nextId++}`,
    subscriptionFilters: ["to-firehose"],
    logEvents: events.map((message) => ({ id: String(nextId++).padStart(56, "3"), timestamp: 1_709_251_200_000 + nextId, message })),
  });
}

const eventsOf = (payload: Buffer): { id: string; message: string }[] => JSON.parse(gunzipSync(payload).toString()).logEvents;

describe("cloudwatch-logs processor", () => {
  it("turns a real-format DATA_MESSAGE into newline-delimited messages and drops the CONTROL_MESSAGE", async () => {
    const event = makeEvent([gz(dataMessage), gz(controlMessage)]);
    const { response, sent } = await run(messages, event);
    expect(response.records.map((r) => r.result)).toEqual(["Ok", "Dropped"]);
    expect(decodeOk(response, 0)).toBe(dataMessage.logEvents.map((e) => `${e.message}\n`).join(""));
    expect(sent).toHaveLength(0); // a control message is dropped, not re-ingested
  });

  it("emits JSON lines with log group, stream, ISO timestamp and id", async () => {
    const { response } = await run(jsonLines, makeEvent([gz(dataMessage)]));
    const lines = decodeOk(response, 0).trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({
      logGroup: "CloudTrail/logs",
      logStream: "111111111111_CloudTrail/logs_us-east-1",
      timestamp: "2015-05-28T15:27:35.000Z",
      id: "31953106606966983378809025079804211143289615424298221568",
      message: '{"eventVersion":"1.03","userIdentity":{"type":"Root"}',
    });
    expect(lines).toHaveLength(3);
  });

  it("isolates a corrupt gzip record, a plain-text record and a non-CWL JSON record", async () => {
    const corrupt = Buffer.concat([gz(dataMessage).subarray(0, 20), Buffer.from("garbage")]);
    const plainCwl = Buffer.from(JSON.stringify(dataMessage)); // accepted uncompressed
    const event = makeEvent([corrupt, plainCwl, Buffer.from('{"hello":1}'), gz(dataMessage)]);
    const { response } = await run(messages, event);
    expect(response.records.map((r) => r.result)).toEqual(["ProcessingFailed", "Ok", "ProcessingFailed", "Ok"]);
  });

  it("splits an oversize record into two halves by log events and re-ingests them (gzip, original format)", async () => {
    const big = cwl(Array.from({ length: 10 }, (_, i) => `${i}`.repeat(400)));
    const event = makeEvent([big]);
    const res = await run(messages, event, { config: { responseLimitBytes: 3000, responseMarginBytes: 0 } });
    expect(res.response.records[0].result).toBe("Dropped");
    expect(res.metrics.values.RecordsSplit).toBe(1);
    const parts = res.sent.map((s) => eventsOf(s.data));
    expect(parts.map((p) => p.length)).toEqual([5, 5]);
    expect(parts.flat()).toEqual(eventsOf(big));
  });

  it("fails a single log event too large for any response instead of looping", async () => {
    const res = await run(messages, makeEvent([cwl(["x".repeat(5000)])]), { config: { responseLimitBytes: 3000, responseMarginBytes: 0 } });
    expect(res.response.records[0].result).toBe("ProcessingFailed");
    expect(res.sent).toHaveLength(0);
  });

  it("loop guard: feeding re-ingested records back always terminates, each event delivered once or failed", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.integer({ min: 1, max: 1500 }), { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 8 }), async (batches) => {
        let pending = batches.map((sizes) => cwl(sizes.map((n) => "m".repeat(n))));
        const all = pending.flatMap(eventsOf).map((e) => e.id);
        const delivered: string[] = [];
        const failed: string[] = [];
        let rounds = 0;
        while (pending.length > 0) {
          rounds++;
          expect(rounds).toBeLessThan(64);
          const event = makeEvent(pending, "DirectPut", `r${rounds}-`);
          const res = await run(jsonLines, event, { config: { responseLimitBytes: 4000, responseMarginBytes: 0 } });
          res.response.records.forEach((r, i) => {
            if (r.result === "Ok") delivered.push(...decodeOk(res.response, i).trimEnd().split("\n").map((l) => JSON.parse(l).id));
            if (r.result === "ProcessingFailed") failed.push(...eventsOf(pending[i]).map((e) => e.id));
          });
          pending = res.sent.filter((s) => s.accepted).map((s) => s.data);
        }
        expect([...delivered, ...failed].sort()).toEqual([...all].sort());
      }),
      { numRuns: propertyRuns(150) },
    );
  });

  it.each(["DirectPut", "Kinesis"] as InvocationSourceKind[])("%s: properties over random CloudWatch Logs batches", async (source) => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            { weight: 8, arbitrary: fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 10 }) },
            { weight: 1, arbitrary: fc.array(fc.integer({ min: 500, max: 3000 }), { minLength: 1, maxLength: 6 }) },
            { weight: 1, arbitrary: fc.constant("control" as const) },
          ),
          { maxLength: 30 },
        ),
        fc.integer({ min: 2000, max: 12000 }),
        fc.integer({ min: 0, max: 5 }),
        async (records, extra, failingCalls) => {
          const payloads = records.map((r) => (r === "control" ? gz({ ...controlMessage, logStream: `s${nextId++}` }) : cwl(r.map((n) => "e".repeat(n)))));
          const event = makeEvent(payloads, source);
          const script = Array.from({ length: failingCalls }, (_, k) => (k % 2 === 0 ? { kind: "throttle" as const } : { kind: "partial" as const, seed: k * 7919 }));
          const res = await run(messages, event, { config: { responseLimitBytes: extra, responseMarginBytes: 0 }, script });
          // Control messages and empty DATA_MESSAGEs are dropped on purpose when reached, re-ingested when not.
          const acceptedRaw = new Set(res.sent.filter((s) => s.accepted).map((s) => s.data.toString("base64")));
          const controls = new Set(
            records.flatMap((r, i) =>
              (r === "control" || r.length === 0) && res.response.records[i].result === "Dropped" && !acceptedRaw.has(event.records[i].data!) ? [i] : [],
            ),
          );
          const acceptedIds = new Set(res.sent.filter((s) => s.accepted).flatMap((s) => eventsOf(s.data).map((e) => e.id)));
          checkInvariants(event, res, extra, {
            intentionalDrops: controls,
            splitOf: (original) => eventsOf(original).every((e) => acceptedIds.has(e.id)),
          });
        },
      ),
      { numRuns: propertyRuns(250) },
    );
  });
});

describe("6 MB response limit (real size)", () => {
  // Firehose record ids are 56+ digit strings; the AWS blueprint's budget ignores the JSON around each entry and
  // overflows the limit with this kind of batch.
  it("6,000 small records produce a response under 6,291,556 bytes, filled close to the budget", async () => {
    const payloads = Array.from({ length: 6000 }, (_, i) => cwl([`${i} `.padEnd(800, "l")]));
    const event = makeEvent(payloads);
    const res = await run(messages, event);
    const size = Buffer.byteLength(JSON.stringify(res.response));
    expect(size).toBeLessThanOrEqual(FIREHOSE_RESPONSE_LIMIT_BYTES - 16_384);
    const ok = res.response.records.filter((r) => r.result === "Ok").length;
    const dropped = res.response.records.filter((r) => r.result === "Dropped").length;
    expect(ok + dropped).toBe(6000);
    expect(dropped).toBeGreaterThan(0);
    // Every Dropped record went back to the stream, with its original bytes.
    const sent = new Set(res.sent.map((s) => s.data.toString("base64")));
    res.response.records.forEach((r, i) => r.result === "Dropped" && expect(sent.has(event.records[i].data!)).toBe(true));
    // The budget is used: less than two Ok entries' worth of space is left unused, besides the 9 bytes per record
    // reserved as "ProcessingFailed" that ended up as the shorter "Dropped".
    expect(size + dropped * 9).toBeGreaterThan(FIREHOSE_RESPONSE_LIMIT_BYTES - 16_384 - 2 * 1200);
  });

  it("6,000 tiny records that all fit are all Ok", async () => {
    const res = await run(messages, makeEvent(Array.from({ length: 6000 }, (_, i) => cwl([`event ${i}`]))));
    expect(res.response.records.every((r) => r.result === "Ok")).toBe(true);
    expect(res.calls).toBe(0);
  });
});
