/** Test harness for the Lambda processors: fake clock, SDK mocks with scripted behaviour, invariant checks. */
import { gzipSync } from "node:zlib";
import { mockClient } from "aws-sdk-client-mock";
import { FirehoseClient, PutRecordBatchCommand } from "@aws-sdk/client-firehose";
import { KinesisClient, PutRecordsCommand } from "@aws-sdk/client-kinesis";
import {
  createFirehoseHandler,
  CoreConfig,
  FirehoseInputEvent,
  FirehoseInputRecord,
  FirehoseOutputResponse,
  HandlerDeps,
  MetricName,
  MetricsLike,
  RecordProcessor,
  silentLogger,
  InvocationSourceKind,
} from "../../lambda/shared";

export const DELIVERY_STREAM_ARN = "arn:aws:firehose:us-east-1:123456789012:deliverystream/test-stream";
export const SOURCE_STREAM_ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/source-stream";

export const firehoseMock = mockClient(FirehoseClient);
export const kinesisMock = mockClient(KinesisClient);

/** What the scripted service does on one call. */
export type CallBehaviour =
  | { kind: "ok" }
  | { kind: "partial"; seed: number } // HTTP 200 with some entries carrying an ErrorCode
  | { kind: "throttle" } // the SDK throws a retryable error
  | { kind: "fatal" } // the SDK throws a non-retryable error
  | { kind: "slow"; ms: number; then: "ok" | "partial"; seed: number }; // the call takes `ms` of (fake) time

export interface SentEntry {
  data: Buffer;
  partitionKey?: string;
  accepted: boolean;
}

/** A fake clock shared by the Lambda context, the injected sleep and the scripted service. */
export class FakeInvocation {
  t = 0;
  sleeps: number[] = [];
  constructor(readonly remainingMs: number) {}
  context = { getRemainingTimeInMillis: (): number => this.remainingMs - this.t };
  sleep = async (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.t += ms;
  };
}

export class RecordingMetrics implements MetricsLike {
  values: Partial<Record<MetricName, number>> = {};
  flushes = 0;
  count(name: MetricName, value: number): void {
    this.values[name] = (this.values[name] ?? 0) + value;
  }
  flush(): void {
    this.flushes++;
  }
}

/** Scripts both SDK mocks: call k follows `script[k]` (then "ok"); records every entry sent and whether it was accepted. */
export function scriptServices(script: CallBehaviour[], clock: FakeInvocation): { sent: SentEntry[]; calls: () => number } {
  const sent: SentEntry[] = [];
  let call = 0;
  const decide = async (n: number): Promise<boolean[]> => {
    const b = script[call++] ?? { kind: "ok" };
    const mask = (seed: number): boolean[] => Array.from({ length: n }, (_, j) => ((seed >>> (j % 31)) & 1) === 0);
    switch (b.kind) {
      case "ok":
        return Array(n).fill(true);
      case "partial":
        return mask(b.seed);
      case "throttle":
        throw Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException", $retryable: { throttling: true } });
      case "fatal":
        throw Object.assign(new Error("not found"), { name: "ResourceNotFoundException" });
      case "slow":
        clock.t += b.ms;
        return b.then === "ok" ? Array(n).fill(true) : mask(b.seed);
    }
  };
  firehoseMock.reset();
  kinesisMock.reset();
  firehoseMock.on(PutRecordBatchCommand).callsFake(async (input) => {
    const records = input.Records ?? [];
    const ok = await decide(records.length);
    records.forEach((r: { Data: Uint8Array }, j: number) => sent.push({ data: Buffer.from(r.Data), accepted: ok[j] }));
    return {
      FailedPutCount: ok.filter((x) => !x).length,
      RequestResponses: ok.map((x, j) => (x ? { RecordId: `fh-${call}-${j}` } : { ErrorCode: "ServiceUnavailableException", ErrorMessage: "Slow down." })),
    };
  });
  kinesisMock.on(PutRecordsCommand).callsFake(async (input) => {
    const records = input.Records ?? [];
    const ok = await decide(records.length);
    records.forEach((r: { Data: Uint8Array; PartitionKey: string }, j: number) =>
      sent.push({ data: Buffer.from(r.Data), partitionKey: r.PartitionKey, accepted: ok[j] }),
    );
    return {
      FailedRecordCount: ok.filter((x) => !x).length,
      Records: ok.map((x, j) =>
        x ? { SequenceNumber: `${call}${j}`, ShardId: "shardId-000000000000" } : { ErrorCode: "ProvisionedThroughputExceededException", ErrorMessage: "Rate exceeded" },
      ),
    };
  });
  return { sent, calls: () => call };
}

export function makeEvent(payloads: Buffer[], source: InvocationSourceKind = "DirectPut", idPrefix = "49546986683135544286507457936321625675700192471156785"): FirehoseInputEvent {
  const records: FirehoseInputRecord[] = payloads.map((p, i) => {
    const recordId = `${idPrefix}${String(i).padStart(6, "0")}`;
    const base = { recordId, approximateArrivalTimestamp: 1_700_000_000_000 + i };
    if (source === "MSK") return { ...base, kafkaRecordValue: p.toString("base64"), kafkaRecordMetadata: { topic: "t", partition: 0, offset: i } };
    const r: FirehoseInputRecord = { ...base, data: p.toString("base64") };
    if (source === "Kinesis") {
      r.kinesisRecordMetadata = {
        shardId: "shardId-000000000000",
        partitionKey: `pk-${i % 7}`,
        approximateArrivalTimestamp: base.approximateArrivalTimestamp,
        sequenceNumber: `4954511524349098501828006771497314458218006259324420${i}`,
        subsequenceNumber: "0",
      };
    }
    return r;
  });
  return {
    invocationId: "invocation-1",
    deliveryStreamArn: DELIVERY_STREAM_ARN,
    region: "us-east-1",
    ...(source === "Kinesis" ? { sourceKinesisStreamArn: SOURCE_STREAM_ARN } : {}),
    ...(source === "MSK" ? { sourceMSKArn: "arn:aws:kafka:us-east-1:123456789012:cluster/c/uuid" } : {}),
    records,
  };
}

export interface RunOptions {
  config?: Partial<CoreConfig>;
  remainingMs?: number;
  script?: CallBehaviour[];
  now?: number;
}

export interface RunResult {
  response: FirehoseOutputResponse;
  sent: SentEntry[];
  calls: number;
  metrics: RecordingMetrics;
  clock: FakeInvocation;
}

/** Runs `processor` on `event` with mocked services and a fake clock. */
export async function run(processor: RecordProcessor, event: FirehoseInputEvent, opts: RunOptions = {}): Promise<RunResult> {
  const clock = new FakeInvocation(opts.remainingMs ?? 60_000);
  const services = scriptServices(opts.script ?? [], clock);
  const metrics = new RecordingMetrics();
  const deps: HandlerDeps = {
    env: {},
    config: { safetyMarginMs: 1000, backoffBaseMs: 20, backoffMaxMs: 1000, ...opts.config },
    firehoseClient: new FirehoseClient({ region: "us-east-1" }),
    kinesisClient: new KinesisClient({ region: "us-east-1" }),
    logger: silentLogger,
    metrics,
    sleep: clock.sleep,
    random: () => 0.5,
    now: () => opts.now ?? 1_709_251_200_000,
  };
  const handler = createFirehoseHandler(processor, deps);
  const response = await handler(event, clock.context);
  return { response, sent: services.sent, calls: services.calls(), metrics, clock };
}

export const gz = (s: string | object): Buffer => gzipSync(typeof s === "string" ? s : JSON.stringify(s));

export function decodeOk(response: FirehoseOutputResponse, i: number): string {
  const r = response.records[i];
  return Buffer.from((r.data ?? r.kafkaRecordValue)!, "base64").toString("utf8");
}

/**
 * The invariants every response must satisfy, whatever the input and the service did:
 * ids exactly once and in order; serialized size under the budget and equal to what the core reported; each record Ok,
 * intentionally Dropped, re-ingested (its original bytes, or all of its split parts, accepted by the service) or
 * ProcessingFailed; a ProcessingFailed record was not fully re-ingested (no duplicate by Firehose retry).
 */
export function checkInvariants(
  event: FirehoseInputEvent,
  res: RunResult,
  budgetBytes: number,
  opts: { intentionalDrops?: Set<number>; splitOf?: (original: Buffer) => boolean } = {},
): void {
  const { response, sent, metrics } = res;
  const ids = response.records.map((r) => r.recordId);
  expect(ids).toEqual(event.records.map((r) => r.recordId));
  const size = Buffer.byteLength(JSON.stringify(response));
  expect(size).toBeLessThanOrEqual(budgetBytes);
  expect(metrics.values.ResponseBytes).toBe(size);
  const msk = event.records.some((r) => r.kafkaRecordValue !== undefined);
  const acceptedOriginals = new Set(sent.filter((s) => s.accepted).map((s) => s.data.toString("base64")));
  let reingested = 0;
  response.records.forEach((r, i) => {
    const original = (msk ? event.records[i].kafkaRecordValue : event.records[i].data)!;
    expect(["Ok", "Dropped", "ProcessingFailed"]).toContain(r.result);
    if (r.result === "Ok") {
      expect(typeof (msk ? r.kafkaRecordValue : r.data)).toBe("string");
      expect(msk ? r.data : r.kafkaRecordValue).toBeUndefined();
    } else {
      expect(r.data).toBeUndefined();
      expect(r.kafkaRecordValue).toBeUndefined();
    }
    if (r.result === "Dropped" && !opts.intentionalDrops?.has(i)) {
      // Re-ingested: never for MSK; the original bytes (or the split parts) were accepted by the service.
      expect(msk).toBe(false);
      reingested++;
      if (!acceptedOriginals.has(original)) expect(opts.splitOf?.(Buffer.from(original, "base64"))).toBe(true);
    }
    if (r.result === "ProcessingFailed") expect(acceptedOriginals.has(original)).toBe(false);
  });
  expect(metrics.values.RecordsReingested ?? 0).toBe(reingested);
  if (msk) expect(sent).toHaveLength(0);
  for (const s of sent) expect(s.data.length).toBeLessThanOrEqual(1000 * 1024);
}
