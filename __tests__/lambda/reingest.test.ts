/** Unit tests of re-ingestion: chunk bounds, retrying only failed entries, backoff within time, non-retryable errors. */
import fc from "fast-check";
import { chunkItems, reingest, ReingestItem, ReingestTarget, RetryPolicy } from "../../lambda/shared";
import { propertyRuns } from "../helpers/property";

function target(kind: "Firehose" | "Kinesis", behaviour: (items: readonly ReingestItem[], call: number) => boolean[] | Error) {
  const calls: ReingestItem[][] = [];
  const t: ReingestTarget = {
    kind,
    maxRecords: 500,
    maxBatchBytes: kind === "Firehose" ? 4 * 1024 * 1024 : 5 * 1024 * 1024,
    maxRecordBytes: kind === "Firehose" ? 1000 * 1024 : 1024 * 1024,
    sizeOf: (i) => i.data.length + (kind === "Kinesis" ? Buffer.byteLength(i.partitionKey ?? "") : 0),
    async send(items) {
      calls.push([...items]);
      const r = behaviour(items, calls.length);
      if (r instanceof Error) throw r;
      return r;
    },
  };
  return { t, calls };
}

function policy(timeMs: number, over: Partial<RetryPolicy> = {}) {
  let now = 0;
  const sleeps: number[] = [];
  const p: RetryPolicy = {
    maxAttempts: 8,
    backoffBaseMs: 50,
    backoffMaxMs: 2000,
    timeLeftMs: () => timeMs - now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    random: () => 1,
    ...over,
  };
  return { p, sleeps, advance: (ms: number) => (now += ms) };
}

const item = (key: number, size: number, partitionKey?: string): ReingestItem => ({ key, data: Buffer.alloc(size, key % 251), partitionKey });

describe("chunkItems", () => {
  it("never exceeds the count or byte bound and keeps order (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 300 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 5000, max: 20000 }), (sizes, maxN, maxB) => {
        const chunks = chunkItems(sizes, maxN, maxB, (s) => s);
        expect(chunks.flat()).toEqual(sizes);
        for (const c of chunks) {
          expect(c.length).toBeLessThanOrEqual(maxN);
          expect(c.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(maxB);
          expect(c.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it("splits 1,200 records into 500/500/200 and 5 × 1 MiB Firehose records by the 4 MiB bound", async () => {
    const a = target("Firehose", (items) => items.map(() => true));
    await reingest(Array.from({ length: 1200 }, (_, i) => item(i, 10)), a.t, policy(10_000).p);
    expect(a.calls.map((c) => c.length)).toEqual([500, 500, 200]);
    const b = target("Firehose", (items) => items.map(() => true));
    await reingest(Array.from({ length: 5 }, (_, i) => item(i, 1000 * 1024)), b.t, policy(10_000).p);
    expect(b.calls.map((c) => c.length)).toEqual([4, 1]);
    const k = target("Kinesis", (items) => items.map(() => true));
    await reingest(Array.from({ length: 6 }, (_, i) => item(i, 1000 * 1024, "pk")), k.t, policy(10_000).p);
    expect(k.calls.map((c) => c.length)).toEqual([5, 1]);
  });
});

describe("reingest", () => {
  it("retries only the entries that failed in a 200 answer", async () => {
    const { t, calls } = target("Firehose", (items, call) => items.map((i) => call > 1 || i.key % 2 === 0));
    const r = await reingest([0, 1, 2, 3, 4].map((k) => item(k, 5)), t, policy(10_000).p);
    expect(r.accepted).toEqual([true, true, true, true, true]);
    expect(calls[1].map((i) => i.key)).toEqual([1, 3]);
    expect(r.calls).toBe(2);
  });

  it("backs off exponentially with full jitter, capped, and gives up after maxAttempts", async () => {
    const { t } = target("Firehose", () => Object.assign(new Error("x"), { name: "ServiceUnavailableException" }));
    const pol = policy(1_000_000, { random: () => 0.999999 });
    const r = await reingest([item(0, 5)], t, pol.p);
    expect(r.accepted).toEqual([false]);
    expect(r.calls).toBe(8);
    expect(pol.sleeps).toEqual([99, 199, 399, 799, 1599, 1999, 1999]);
    expect(r.errors[0]).toMatch(/ServiceUnavailableException/);
  });

  it("stops at once on a non-retryable error", async () => {
    const { t, calls } = target("Kinesis", () => Object.assign(new Error("gone"), { name: "ResourceNotFoundException" }));
    const r = await reingest([item(0, 5, "a")], t, policy(10_000).p);
    expect(calls).toHaveLength(1);
    expect(r.accepted).toEqual([false]);
  });

  it("does not sleep or call past the remaining time", async () => {
    const pol = policy(1000, { random: () => 1, backoffBaseMs: 300 });
    const { t, calls } = target("Firehose", (items) => {
      pol.advance(200);
      return items.map(() => false);
    });
    const r = await reingest([item(0, 5)], t, pol.p);
    // call at 0 (→200), sleep 600 (→800), call (→1000), next sleep would be 1200 > 0 left.
    expect(calls).toHaveLength(2);
    expect(r.accepted).toEqual([false]);
    expect(r.errors[0]).toMatch(/rejected/);
  });

  it("makes no call when no time is left and explains why", async () => {
    const { t, calls } = target("Firehose", (items) => items.map(() => true));
    const r = await reingest([item(0, 5), item(1, 5)], t, policy(0).p);
    expect(calls).toHaveLength(0);
    expect(r.errors).toEqual(["re-ingestion not attempted: out of time", "re-ingestion not attempted: out of time"]);
  });

  it("refuses records over the per-record limit without calling", async () => {
    const { t, calls } = target("Firehose", (items) => items.map(() => true));
    const r = await reingest([item(0, 1000 * 1024 + 1), item(1, 10)], t, policy(1000).p);
    expect(r.accepted).toEqual([false, true]);
    expect(calls[0].map((i) => i.key)).toEqual([1]);
  });
});
