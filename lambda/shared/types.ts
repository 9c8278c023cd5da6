/**
 * Event and response types shared by every processor.
 *
 * `@types/aws-lambda` models Direct PUT and Kinesis-sourced events; MSK-sourced delivery streams send the payload in
 * `kafkaRecordValue` instead of `data` and expect it back under the same name (Firehose developer guide,
 * "Required parameters for data transformation", https://docs.aws.amazon.com/firehose/latest/dev/data-transformation-status-model.html).
 */
import type {
  FirehoseRecordMetadata,
  FirehoseRecordTransformationStatus,
  FirehoseTransformationEvent,
  FirehoseTransformationEventRecord,
  FirehoseTransformationMetadata,
} from "aws-lambda";

/** Metadata Firehose attaches to records read from an MSK topic. */
export interface KafkaRecordMetadata {
  topic?: string;
  partition?: number | string;
  offset?: number | string;
  timestamp?: number;
  timestampType?: string;
  [key: string]: unknown;
}

/** One input record: `data` for Direct PUT / Kinesis sources, `kafkaRecordValue` for MSK sources. */
export interface FirehoseInputRecord extends Omit<FirehoseTransformationEventRecord, "data"> {
  data?: string;
  kafkaRecordValue?: string;
  kinesisRecordMetadata?: FirehoseRecordMetadata;
  kafkaRecordMetadata?: KafkaRecordMetadata;
}

export interface FirehoseInputEvent extends Omit<FirehoseTransformationEvent, "records"> {
  sourceMSKArn?: string;
  records: FirehoseInputRecord[];
}

/** One response entry; exactly one of `data` / `kafkaRecordValue` is set for `Ok` entries. */
export interface FirehoseOutputRecord {
  recordId: string;
  result: FirehoseRecordTransformationStatus;
  data?: string;
  kafkaRecordValue?: string;
  metadata?: FirehoseTransformationMetadata;
}

export interface FirehoseOutputResponse {
  records: FirehoseOutputRecord[];
}

/** Where the records of this invocation come from; decides how (and whether) overflow can be re-ingested. */
export type InvocationSourceKind = "DirectPut" | "Kinesis" | "MSK";

export type PartitionKeys = Record<string, string>;

/** What a processor hands back for one record. Throwing is equivalent to `{ result: "ProcessingFailed" }`. */
export type ProcessOutcome =
  | { result: "Ok"; data: Buffer | string; partitionKeys?: PartitionKeys }
  | { result: "Dropped"; reason: string }
  | { result: "ProcessingFailed"; error: string };

/** Everything a processor may look at besides the (decoded, decompressed) payload. */
export interface RecordContext {
  readonly recordId: string;
  readonly approximateArrivalTimestamp: number;
  readonly source: InvocationSourceKind;
  readonly kinesisRecordMetadata?: FirehoseRecordMetadata;
  readonly kafkaRecordMetadata?: KafkaRecordMetadata;
  /** Invocation start time (epoch ms), e.g. for "processed at" fields: one clock read per batch. */
  readonly invocationTime: number;
}

export interface RecordProcessor {
  /** Used as the Powertools service name and in logs. */
  readonly name: string;
  /** Transforms one record. `payload` is base64-decoded and, when it starts with the gzip magic, gunzipped. */
  process(payload: Buffer, ctx: RecordContext): ProcessOutcome;
  /**
   * Optional: splits a record whose output can never fit into a response into smaller records in the ORIGINAL input
   * format (to be re-ingested). Each part must be strictly "smaller" by a measure that cannot decrease forever
   * (e.g. number of log events) — that is the loop guard. Return `undefined` when it cannot be split further.
   */
  split?(payload: Buffer, ctx: RecordContext): Buffer[] | undefined;
}
