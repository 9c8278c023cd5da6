/**
 * The processing core shared by every processor: `createFirehoseHandler(processor, deps)` returns the Lambda handler.
 *
 * One invocation, in two phases:
 * 1. Decide, in input order, what happens to each record. Each record is decoded (strict base64), gunzipped when it
 *    starts with the gzip magic, and given to the processor inside its own try/catch: any failure there is that
 *    record's `ProcessingFailed`, never the batch's. The Ok output is measured BEFORE base64-encoding it (the encoded
 *    length is 4*ceil(n/3)) and committed only if the exact serialized response still fits the budget, with every
 *    not-yet-decided record reserved at its largest possible non-Ok entry (see `ResponseBudget`).
 *    - Wasted work is bounded: at the first record that does not fit, the batch switches to overflow mode and every
 *      later record is re-ingested WITHOUT being decoded further or transformed. So at most one transformation per
 *      invocation is thrown away (plus oversize records, which have to be transformed to know they are oversize and
 *      whose split parts are made from the already-decoded payload). Records after the overflow point would mostly not
 *      fit either, and re-ingested records are processed on a later invocation, so nothing is transformed twice.
 *    - A record whose output could not fit even in a response of its own is never re-ingested unchanged (that was
 *      the blueprint's infinite loop): the processor may split it into strictly smaller records in the input format
 *      (`RecordProcessor.split`, e.g. half the CloudWatch Logs events each), otherwise it is `ProcessingFailed`.
 *      The same applies to a record that does not fit while nothing has been committed Ok yet. Hard loop guard: in
 *      every invocation the first record that reaches the budget is committed, split or failed, and records are
 *      re-ingested unchanged only after it. With weight 2·events−1 per pending record, splitting lowers the total
 *      (2e−1 > (2a−1)+(2b−1) for a+b=e) and a single event is never split, so re-feeding an invocation's
 *      re-ingested records into the next one always terminates (tested in cloudwatch-logs.test.ts).
 * 2. Re-ingest the overflow: the ORIGINAL bytes, with PutRecordBatch into the same delivery stream (Direct PUT) or
 *    Kinesis PutRecords into the source stream with the original partition key (Kinesis source; Firehose refuses
 *    PutRecordBatch on such streams). MSK sources cannot be written to, so their overflow is `ProcessingFailed` and
 *    lands in the S3 error output. Accepted records are `Dropped`; anything not accepted in time is
 *    `ProcessingFailed`. Nothing after phase 1 throws, so a Firehose retry never duplicates a re-ingested record.
 *
 * `Dropped`/`ProcessingFailed` entries carry no payload (as the AWS blueprints do): Firehose keeps the original bytes
 * and writes them to the error output for `ProcessingFailed`, so sending them back would only spend response budget.
 */
import type { Context } from "aws-lambda";
import type { FirehoseClient } from "@aws-sdk/client-firehose";
import type { KinesisClient } from "@aws-sdk/client-kinesis";
import { base64Length, decodeBase64Strict, encodeBase64, maybeGunzip } from "./codec";
import { CoreConfig, Env, readCoreConfig } from "./config";
import { LoggerLike, MetricsLike, powertoolsLogger, powertoolsMetrics } from "./observability";
import {
  deliveryStreamNameFromArn,
  firehoseTarget,
  kinesisTarget,
  defaultSleep,
  reingest,
  ReingestItem,
  ReingestReport,
} from "./reingest";
import { fallbackEntryBytes, idJsonBytes, okEntryBytes, partitionKeysJsonBytes, ResponseBudget } from "./response";
import type {
  FirehoseInputEvent,
  FirehoseInputRecord,
  FirehoseOutputRecord,
  FirehoseOutputResponse,
  ProcessOutcome,
  RecordContext,
  RecordProcessor,
  InvocationSourceKind,
} from "./types";

export interface HandlerDeps {
  /** Environment to read the core settings from (default `process.env`). */
  env?: Env;
  /** Overrides applied on top of the environment. */
  config?: Partial<CoreConfig>;
  firehoseClient?: FirehoseClient;
  kinesisClient?: KinesisClient;
  logger?: LoggerLike;
  metrics?: MetricsLike;
  /** Injected for tests (no real sleeps). */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

/** The part of the Lambda context the core uses. */
export type InvocationContext = Pick<Context, "getRemainingTimeInMillis"> & Partial<Context>;

export type FirehoseProcessorHandler = (event: FirehoseInputEvent, context: InvocationContext) => Promise<FirehoseOutputResponse>;

export interface InvocationSummary {
  ok: number;
  dropped: number;
  processingFailed: number;
  reingested: number;
  reingestFailed: number;
  split: number;
  responseBytes: number;
}

export function sourceKindOf(event: FirehoseInputEvent): InvocationSourceKind {
  if (event.sourceKinesisStreamArn) return "Kinesis";
  if (event.sourceMSKArn || event.records.some((r) => r.kafkaRecordValue !== undefined)) return "MSK";
  return "DirectPut";
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function createFirehoseHandler(processor: RecordProcessor, deps: HandlerDeps = {}): FirehoseProcessorHandler {
  const config: CoreConfig = { ...readCoreConfig(deps.env ?? process.env), ...deps.config };
  const logger = deps.logger ?? powertoolsLogger(processor.name);
  const metrics = deps.metrics ?? powertoolsMetrics(processor.name);
  const sleep = deps.sleep ?? defaultSleep;
  const random = deps.random ?? Math.random;
  const now = deps.now ?? Date.now;

  // SDK clients are created (and the SDK modules loaded) only when an invocation has to re-ingest: faster cold starts.
  // `maxAttempts: 1` because our own loop retries, only the failed entries, within the invocation's time.
  let firehose: Promise<FirehoseClient> | undefined;
  let kinesis: Promise<KinesisClient> | undefined;
  const getFirehose = (region: string): Promise<FirehoseClient> =>
    (firehose ??= deps.firehoseClient
      ? Promise.resolve(deps.firehoseClient)
      : import("@aws-sdk/client-firehose").then((m) => new m.FirehoseClient({ region, maxAttempts: 1 })));
  const getKinesis = (region: string): Promise<KinesisClient> =>
    (kinesis ??= deps.kinesisClient
      ? Promise.resolve(deps.kinesisClient)
      : import("@aws-sdk/client-kinesis").then((m) => new m.KinesisClient({ region, maxAttempts: 1 })));

  return async function handler(event, context) {
    const records: FirehoseInputRecord[] = event.records ?? [];
    const n = records.length;
    const source = sourceKindOf(event);
    const msk = source === "MSK";
    const payloadKey = msk ? "kafkaRecordValue" : "data";
    const invocationTime = now();
    const idBytes = records.map((r) => idJsonBytes(r.recordId));
    const budget = new ResponseBudget(config.responseLimitBytes - config.responseMarginBytes, idBytes);
    const out: FirehoseOutputRecord[] = new Array(n);
    const items: ReingestItem[] = [];
    const summary: InvocationSummary = { ok: 0, dropped: 0, processingFailed: 0, reingested: 0, reingestFailed: 0, split: 0, responseBytes: 0 };
    let controlDropped = 0;
    let loggedFailures = 0;

    const fail = (i: number, reason: string): void => {
      out[i] = { recordId: records[i].recordId, result: "ProcessingFailed" };
      summary.processingFailed++;
      if (loggedFailures++ < config.maxLoggedFailures) logger.warn("record failed", { recordId: records[i].recordId, reason });
    };
    /** Queues the original bytes of record i (or `parts` made from it) for re-ingestion, or fails it when impossible. */
    const queue = (i: number, raw: Buffer | undefined, parts?: Buffer[]): void => {
      if (msk) return fail(i, "does not fit in the response and MSK sources cannot re-ingest");
      let data: Buffer[];
      try {
        data = parts ?? [raw ?? decodeBase64Strict(records[i][payloadKey])];
      } catch (err) {
        return fail(i, errorText(err));
      }
      const partitionKey = source === "Kinesis" ? (records[i].kinesisRecordMetadata?.partitionKey ?? records[i].recordId) : undefined;
      for (const d of data) items.push({ key: i, data: d, partitionKey });
    };

    // Phase 1: decide. If even the minimal response is over budget (absurd record ids), nothing can be Ok.
    let overflowing = budget.overcommitted;
    if (overflowing) logger.error("record ids alone exceed the response budget", { records: n, bytes: budget.bytes });
    for (let i = 0; i < n; i++) {
      const record = records[i];
      if (overflowing) {
        queue(i, undefined);
        continue;
      }
      let raw: Buffer | undefined;
      let payload: Buffer | undefined;
      let outcome: ProcessOutcome;
      let ctx: RecordContext | undefined;
      let keysBytes = 0;
      try {
        raw = decodeBase64Strict(record[payloadKey]);
        payload = maybeGunzip(raw, config.maxDecompressedBytes);
        ctx = {
          recordId: record.recordId,
          approximateArrivalTimestamp: record.approximateArrivalTimestamp,
          source,
          kinesisRecordMetadata: record.kinesisRecordMetadata,
          kafkaRecordMetadata: record.kafkaRecordMetadata,
          invocationTime,
        };
        outcome = processor.process(payload, ctx);
        // Measures the keys' JSON and throws (record failure) when a value is not a string.
        if (outcome.result === "Ok") keysBytes = partitionKeysJsonBytes(outcome.partitionKeys);
      } catch (err) {
        outcome = { result: "ProcessingFailed", error: errorText(err) };
      }
      if (outcome.result === "Dropped") {
        out[i] = { recordId: record.recordId, result: "Dropped" };
        summary.dropped++;
        controlDropped++;
        continue;
      }
      if (outcome.result === "ProcessingFailed") {
        fail(i, outcome.error);
        continue;
      }
      // Measured without encoding (a string's UTF-8 length, then the base64 length by formula); encoded once committed.
      const data = outcome.data;
      const dataBytes = typeof data === "string" ? Buffer.byteLength(data, "utf8") : data.length;
      const keys = outcome.partitionKeys;
      const size = okEntryBytes(idBytes[i], base64Length(dataBytes), msk, keysBytes);
      if (budget.tryCommit(i, size)) {
        const b64 = encodeBase64(data, dataBytes);
        const entry: FirehoseOutputRecord = msk
          ? { recordId: record.recordId, result: "Ok", kafkaRecordValue: b64 }
          : { recordId: record.recordId, result: "Ok", data: b64 };
        if (keys !== undefined) entry.metadata = { partitionKeys: keys };
        out[i] = entry;
        summary.ok++;
      } else if (!budget.fitsAlone(size) || summary.ok === 0) {
        // Oversize: never re-ingest unchanged (loop guard). Split into strictly smaller input-format records, or fail.
        // "Oversize" also covers a record that does not fit although nothing has been committed yet: only the
        // reservations of the records after it stand in its way, and an identical batch could come back forever.
        let parts: Buffer[] | undefined;
        try {
          parts = msk || !processor.split ? undefined : processor.split(payload!, ctx!);
        } catch (err) {
          logger.warn("split failed", { recordId: record.recordId, reason: errorText(err) });
        }
        if (parts && parts.length > 1) {
          summary.split++;
          queue(i, raw, parts);
        } else {
          fail(i, `output of ${dataBytes} bytes can never fit in a response and cannot be split`);
        }
      } else {
        // Something was committed before this record, so this invocation made progress: re-ingest it unchanged.
        overflowing = true;
        queue(i, raw);
      }
    }

    // Phase 2: re-ingest. Never throws; what is not accepted becomes ProcessingFailed.
    let report: ReingestReport | undefined;
    if (items.length > 0) {
      try {
        const target =
          source === "Kinesis"
            ? kinesisTarget(event.sourceKinesisStreamArn!, () => getKinesis(event.region))
            : firehoseTarget(deliveryStreamNameFromArn(event.deliveryStreamArn), () => getFirehose(event.region));
        report = await reingest(items, target, {
          maxAttempts: config.reingestMaxAttempts,
          backoffBaseMs: config.backoffBaseMs,
          backoffMaxMs: config.backoffMaxMs,
          timeLeftMs: () => context.getRemainingTimeInMillis() - config.safetyMarginMs,
          sleep,
          random,
        });
      } catch (err) {
        logger.error("re-ingestion failed unexpectedly", { error: errorText(err) });
      }
      const accepted = new Map<number, boolean>();
      const reason = new Map<number, string>();
      items.forEach((item, j) => {
        const ok = report?.accepted[j] === true;
        accepted.set(item.key, (accepted.get(item.key) ?? true) && ok);
        if (!ok && !reason.has(item.key)) reason.set(item.key, report?.errors[j] ?? "re-ingestion failed");
      });
      for (const [i, ok] of accepted) {
        if (ok) {
          out[i] = { recordId: records[i].recordId, result: "Dropped" };
          summary.dropped++;
          summary.reingested++;
        } else {
          // Note for split records: parts already accepted will be delivered AND the whole original lands in the
          // error output: a duplicate of part of the data is the price of never losing any.
          fail(i, `re-ingestion failed: ${reason.get(i)}`);
          summary.reingestFailed++;
        }
      }
    }

    // Final size: the budget reserved ProcessingFailed for every non-Ok record; Dropped entries are smaller.
    const savedPerDropped = fallbackEntryBytes(0, "ProcessingFailed") - fallbackEntryBytes(0, "Dropped");
    summary.responseBytes = budget.bytes - summary.dropped * savedPerDropped;

    metrics.count("RecordsOk", summary.ok);
    metrics.count("RecordsDropped", summary.dropped);
    metrics.count("RecordsControlDropped", controlDropped);
    metrics.count("RecordsProcessingFailed", summary.processingFailed);
    metrics.count("RecordsReingested", summary.reingested);
    metrics.count("RecordsReingestFailed", summary.reingestFailed);
    metrics.count("RecordsSplit", summary.split);
    metrics.count("ReingestCalls", report?.calls ?? 0);
    metrics.count("ResponseBytes", summary.responseBytes, "Bytes");
    metrics.flush();
    logger.info("batch processed", {
      invocationId: event.invocationId,
      source,
      records: n,
      ...summary,
      reingestCalls: report?.calls ?? 0,
      reingestRetriedEntries: report?.retriedEntries ?? 0,
      unloggedFailures: Math.max(0, loggedFailures - config.maxLoggedFailures),
    });
    return { records: out };
  };
}
