/**
 * Property-based tests of the shared core over random batches: tiny and huge records, corrupt base64/gzip/JSON,
 * throwing transforms, intentional drops, overflow, partial PutRecordBatch/PutRecords failures, throttling thrown by
 * the SDK, fatal errors, slow responses against the remaining time, for Direct PUT, Kinesis and MSK sources.
 * The response budget is made small so that overflow happens with small, fast batches; full-size cases are in
 * cloudwatch-logs.test.ts.
 */
import fc from "fast-check";
import { gzipSync } from "node:zlib";
import { parseJson, RecordError, RecordProcessor, InvocationSourceKind } from "../../lambda/shared";
import { CallBehaviour, checkInvariants, decodeOk, makeEvent, run } from "./harness";
import { propertyRuns } from "../helpers/property";

type Kind = "json" | "huge" | "badBase64" | "badGzip" | "badJson" | "throw" | "drop";
interface Spec {
  kind: Kind;
  pad: number;
  expand: number;
  gzip: boolean;
}

/** Test processor: `{i, pad}` → `{"i":..,"pad":pad×expand}\n`; `throw` throws, `drop` is an intentional Dropped. */
function echoProcessor(calls: string[]): RecordProcessor {
  return {
    name: "echo",
    process(payload, ctx) {
      calls.push(ctx.recordId);
      const doc = parseJson(payload) as { i: number; pad: string; expand: number; throw?: boolean; drop?: boolean };
      if (doc.throw) throw new Error("transform blew up");
      if (doc.drop) return { result: "Dropped", reason: "filtered" };
      return { result: "Ok", data: expected(doc) };
    },
  };
}
const expected = (doc: { i: number; pad: string; expand: number }): string => `${JSON.stringify({ i: doc.i, pad: doc.pad.repeat(doc.expand) })}\n`;

const specArb: fc.Arbitrary<Spec> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ kind: fc.constant<Kind>("json"), pad: fc.nat(40), expand: fc.constant(1), gzip: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant<Kind>("huge"), pad: fc.integer({ min: 200, max: 4000 }), expand: fc.integer({ min: 1, max: 4 }), gzip: fc.boolean() }) },
  ...(["badBase64", "badGzip", "badJson", "throw", "drop"] as Kind[]).map((kind) => ({
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant(kind), pad: fc.nat(20), expand: fc.constant(1), gzip: fc.boolean() }),
  })),
);

const behaviourArb: fc.Arbitrary<CallBehaviour> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<CallBehaviour>({ kind: "ok" }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("partial" as const), seed: fc.nat() }) },
  { weight: 2, arbitrary: fc.constant<CallBehaviour>({ kind: "throttle" }) },
  { weight: 1, arbitrary: fc.constant<CallBehaviour>({ kind: "fatal" }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("slow" as const),
      ms: fc.integer({ min: 100, max: 8000 }),
      then: fc.constantFrom("ok" as const, "partial" as const),
      seed: fc.nat(),
    }),
  },
);

function payloadOf(spec: Spec, i: number): Buffer {
  const doc = { i, pad: "x".repeat(spec.pad), expand: spec.expand, throw: spec.kind === "throw", drop: spec.kind === "drop" };
  if (spec.kind === "badJson") return Buffer.from(`{"i":${i},"pad":`);
  if (spec.kind === "badGzip") return Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.from(`corrupt-${i}`)]);
  const raw = Buffer.from(JSON.stringify(doc));
  return spec.gzip ? gzipSync(raw) : raw;
}

/** What the random runs actually exercised; asserted at the end so the properties cannot pass vacuously. */
const seen = { ok: 0, reingested: 0, failedAfterReingest: 0, partialAccepted: 0, overflowRuns: 0, callsOverTime: 0 };

async function checkBatch(
  specs: Spec[],
  source: InvocationSourceKind,
  extra: number,
  margin: number,
  remainingMs: number,
  maxAttempts: number,
  script: CallBehaviour[],
): Promise<void> {
  const event = makeEvent(specs.map(payloadOf), source);
  const key = source === "MSK" ? "kafkaRecordValue" : "data";
  specs.forEach((s, i) => {
    if (s.kind === "badBase64") {
      const v = event.records[i][key]!;
      // Either an invalid character or a truncated (non multiple of 4) string.
      event.records[i][key] = i % 2 === 0 ? `$${v.slice(1)}` : v.slice(0, -1);
    }
  });
  // The smallest possible response (every record ProcessingFailed) is always below the real limit, because each
  // request entry is larger than its ProcessingFailed entry and the request is itself limited to 6 MB; the tiny
  // test budgets are placed above it likewise.
  const minimal = Buffer.byteLength(JSON.stringify({ records: event.records.map((r) => ({ recordId: r.recordId, result: "ProcessingFailed" })) }));
  const limit = minimal + margin + extra;
  const calls: string[] = [];
  const res = await run(echoProcessor(calls), event, {
    config: { responseLimitBytes: limit, responseMarginBytes: margin, reingestMaxAttempts: maxAttempts },
    remainingMs,
    script,
  });
  const { response, sent } = res;
  // A "drop" record is intentionally Dropped when the processor saw it, re-ingested otherwise.
  const drops = new Set(specs.flatMap((s, i) => (s.kind === "drop" && calls.includes(event.records[i].recordId) ? [i] : [])));
  checkInvariants(event, res, limit - margin, { intentionalDrops: drops });

  // No record is transformed twice, and nothing after a re-ingested (overflow) record is transformed at all.
  expect(new Set(calls).size).toBe(calls.length);
  const calledIdx = calls.map((id) => event.records.findIndex((r) => r.recordId === id));
  response.records.forEach((r, i) => {
    const reingested = r.result === "Dropped" && !drops.has(i);
    if (reingested) expect(calledIdx.every((c) => c <= i)).toBe(true);
  });

  specs.forEach((s, i) => {
    const r = response.records[i];
    if (s.kind === "badBase64") expect(r.result).toBe("ProcessingFailed");
    if (["badGzip", "badJson", "throw"].includes(s.kind)) expect(r.result).not.toBe("Ok");
    if (s.kind === "drop") expect(r.result).not.toBe("Ok");
    if (r.result === "Ok") expect(decodeOk(response, i)).toBe(expected({ i, pad: "x".repeat(s.pad), expand: s.expand }));
    // A record the processor failed must be ProcessingFailed, not re-ingested, when it was reached.
    if (["badGzip", "badJson", "throw"].includes(s.kind) && calls.includes(event.records[i].recordId)) {
      expect(r.result).toBe("ProcessingFailed");
    }
  });

  seen.ok += res.metrics.values.RecordsOk ?? 0;
  seen.reingested += res.metrics.values.RecordsReingested ?? 0;
  seen.failedAfterReingest += res.metrics.values.RecordsReingestFailed ?? 0;
  if (sent.some((s) => s.accepted) && sent.some((s) => !s.accepted)) seen.partialAccepted++;
  if (sent.length > 0) seen.overflowRuns++;
  if (res.clock.t > remainingMs - 1000 && res.calls > 0) seen.callsOverTime++;

  if (source === "Kinesis") {
    const pkByData = new Map(event.records.map((r) => [r.data!, r.kinesisRecordMetadata!.partitionKey]));
    for (const s of sent) expect(s.partitionKey).toBe(pkByData.get(s.data.toString("base64")));
  }
  // Time: every call and backoff starts with time left before the deadline minus the 1 s safety margin; only the
  // last call in flight (scripted at most 8 s slow) can run past it.
  expect(res.clock.t).toBeLessThanOrEqual(Math.max(0, remainingMs - 1000) + 8000);
}

describe("shared core: properties over random batches", () => {
  it.each(["DirectPut", "Kinesis", "MSK"] as InvocationSourceKind[])("%s: every record accounted for, response under budget, no throw", async (source) => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(specArb, { maxLength: 70, size: "max" }),
        fc.integer({ min: 0, max: 6_000 }),
        fc.nat(300),
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(behaviourArb, { maxLength: 12, size: "max" }),
        (specs, extra, margin, remainingMs, maxAttempts, script) => checkBatch(specs, source, extra, margin, remainingMs, maxAttempts, script),
      ),
      { numRuns: propertyRuns(source === "MSK" ? 300 : 650) },
    );
  });

  it("exercised Ok, re-ingestion, partial failures and time exhaustion", () => {
    // The floors are for the full 1600 runs, scaled to the runs made (FHP_PROPERTY_RUNS; reduced outside CI).
    const scale = (2 * propertyRuns(650) + propertyRuns(300)) / 1600;
    expect(seen.ok).toBeGreaterThan(1000 * scale);
    expect(seen.reingested).toBeGreaterThan(1000 * scale);
    expect(seen.failedAfterReingest).toBeGreaterThan(500 * scale);
    expect(seen.partialAccepted).toBeGreaterThan(50 * scale);
    expect(seen.overflowRuns).toBeGreaterThan(150 * scale);
    // Running out of time is rare (a few per hundred runs): checked from half the full runs up.
    if (scale >= 0.5) expect(seen.callsOverTime).toBeGreaterThan(5 * scale);
  });

  it("a batch of only small valid records that fits is returned entirely Ok with no service call", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(30), { minLength: 1, maxLength: 40 }), async (pads) => {
        const specs: Spec[] = pads.map((pad) => ({ kind: "json", pad, expand: 1, gzip: pad % 2 === 0 }));
        const event = makeEvent(specs.map(payloadOf));
        const res = await run(echoProcessor([]), event, { config: { responseLimitBytes: 1_000_000, responseMarginBytes: 0 } });
        expect(res.response.records.every((r) => r.result === "Ok")).toBe(true);
        expect(res.calls).toBe(0);
      }),
      { numRuns: propertyRuns(200) },
    );
  });

  it("returns every id (all non-Ok) without throwing when even the minimal response exceeds the budget", async () => {
    const event = makeEvent(Array.from({ length: 50 }, (_, i) => Buffer.from(`{"i":${i},"pad":"","expand":1}`)));
    const res = await run(echoProcessor([]), event, { config: { responseLimitBytes: 1000, responseMarginBytes: 0 } });
    expect(res.response.records.map((r) => r.recordId)).toEqual(event.records.map((r) => r.recordId));
    expect(res.response.records.some((r) => r.result === "Ok")).toBe(false);
    // Nothing could be Ok, so everything was re-ingested (Direct PUT) rather than lost.
    expect(res.response.records.every((r) => r.result === "Dropped")).toBe(true);
    expect(res.sent).toHaveLength(50);
  });

  it("keeps RecordError messages per record and never fails the batch for a throwing processor", async () => {
    const boom: RecordProcessor = {
      name: "boom",
      process(_p, ctx) {
        if (ctx.recordId.endsWith("1")) throw new RecordError("bad");
        throw new TypeError("bug");
      },
    };
    const res = await run(boom, makeEvent([Buffer.from("a"), Buffer.from("b")]));
    expect(res.response.records.map((r) => r.result)).toEqual(["ProcessingFailed", "ProcessingFailed"]);
    expect(res.metrics.values.RecordsProcessingFailed).toBe(2);
  });
});
