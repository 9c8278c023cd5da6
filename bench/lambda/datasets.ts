/** Realistic benchmark batches, generated deterministically (seeded), as Firehose would send them. */
import { gzipSync } from "node:zlib";
import type { FirehoseInputEvent, FirehoseInputRecord } from "../../lambda/shared";

/** Small deterministic PRNG (mulberry32) so every run measures the same data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PATHS = ["/api/orders", "/api/orders/{id}", "/api/users/{id}", "/health", "/api/cart", "/api/search?q=shoes"];
const LEVELS = ["INFO", "INFO", "INFO", "WARN", "ERROR", "DEBUG"];

/** A log line as applications write them: a JSON access log or a Lambda runtime line. */
function logLine(rnd: () => number, t: number): string {
  if (rnd() < 0.6) {
    return JSON.stringify({
      time: new Date(t).toISOString(),
      level: LEVELS[Math.floor(rnd() * LEVELS.length)],
      requestId: `${Math.floor(rnd() * 1e9).toString(16)}-${Math.floor(rnd() * 1e9).toString(16)}`,
      method: rnd() < 0.7 ? "GET" : "POST",
      path: PATHS[Math.floor(rnd() * PATHS.length)],
      status: rnd() < 0.9 ? 200 : 500,
      latencyMs: Math.round(rnd() * 900),
      userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
    });
  }
  return `${new Date(t).toISOString()}\t${Math.floor(rnd() * 1e12).toString(16)}\tINFO\tprocessed batch of ${Math.floor(rnd() * 500)} items in ${Math.round(rnd() * 3000)} ms`;
}

let counter = 0;
function recordId(): string {
  return `49546986683135544286507457936321625675700192471156${String(counter++).padStart(12, "0")}`;
}

function event(records: FirehoseInputRecord[]): FirehoseInputEvent {
  return {
    invocationId: "bench",
    deliveryStreamArn: "arn:aws:firehose:us-east-1:123456789012:deliverystream/bench",
    region: "us-east-1",
    records,
  };
}

/** Gzip CloudWatch Logs subscription records (20-120 events each) until the request reaches `targetBytes`. */
export function cloudWatchLogsBatch(targetBytes: number, seed: number): FirehoseInputEvent {
  const rnd = prng(seed);
  const records: FirehoseInputRecord[] = [];
  let size = 0;
  let t = 1_709_251_200_000;
  while (size < targetBytes) {
    const n = 20 + Math.floor(rnd() * 100);
    const logEvents = Array.from({ length: n }, () => {
      t += Math.floor(rnd() * 50);
      return { id: `${t}${Math.floor(rnd() * 1e9)}`.padEnd(56, "0"), timestamp: t, message: logLine(rnd, t) };
    });
    const doc = {
      messageType: "DATA_MESSAGE",
      owner: "123456789012",
      logGroup: `/aws/lambda/service-${Math.floor(rnd() * 8)}`,
      logStream: `2024/03/01/[$LATEST]${Math.floor(rnd() * 1e16).toString(16)}`,
      subscriptionFilters: ["to-firehose"],
      logEvents,
    };
    const data = gzipSync(JSON.stringify(doc)).toString("base64");
    const rec = { recordId: recordId(), approximateArrivalTimestamp: t, data };
    size += Buffer.byteLength(JSON.stringify(rec)) + 1;
    records.push(rec);
  }
  return event(records);
}

/** Many small plain JSON records (~150-400 bytes) until the request reaches `targetBytes`. */
export function smallJsonBatch(targetBytes: number, seed: number): FirehoseInputEvent {
  const rnd = prng(seed);
  const records: FirehoseInputRecord[] = [];
  let size = 0;
  let t = 1_709_251_200_000;
  while (size < targetBytes) {
    t += Math.floor(rnd() * 20);
    const doc = {
      id: `evt-${counter}`,
      db: ["sales", "marketing", "ops"][Math.floor(rnd() * 3)],
      table: ["orders", "refunds", "clicks", "sessions"][Math.floor(rnd() * 4)],
      event_time: new Date(t).toISOString(),
      user: { id: Math.floor(rnd() * 1e6), email: `u${Math.floor(rnd() * 1e6)}@example.com`, geo: { country: "DE", city: "Berlin" } },
      amount: Math.round(rnd() * 10000) / 100,
      password: "redacted",
      tags: ["a", "b"].slice(0, Math.floor(rnd() * 3)),
    };
    const data = Buffer.from(JSON.stringify(doc)).toString("base64");
    const rec = { recordId: recordId(), approximateArrivalTimestamp: t, data };
    size += Buffer.byteLength(JSON.stringify(rec)) + 1;
    records.push(rec);
  }
  return event(records);
}
