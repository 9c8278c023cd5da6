import { Construct } from "constructs";
import type { EncryptionProps } from "../core/encryption";
import { Validator } from "../core/validation";
import { DataLakeIngestion, DataLakeIngestionProps } from "../data-lake-ingestion/data-lake-ingestion";
import type { FirehoseDeliveryStream } from "../delivery-stream/delivery-stream";
import { EventIngestion, EventIngestionProps } from "./event-ingestion";

/** Partition keys of every EventBridge event (jq 1.6; `detail-type` needs the quoted form). */
export const EVENT_PARTITION_KEYS: Readonly<Record<string, string>> = Object.freeze({ source: ".source", detail_type: '."detail-type"' });

export interface EventDataLakeProps extends EncryptionProps {
  /**
   * The data lake the events land in (stream, bucket, buffering, conversion, ...). Its partitioning is set here: by
   * `source` and `detail_type`, a newline appended to each event. `transform` (a Lambda that cleanses or enriches the
   * events) runs before the partition keys are read: the records it returns must keep `source` and `detail-type`, and
   * with JSON output not end with a newline (the stream appends one).
   * @default data prefix "events/", error prefix "errors/"
   */
  readonly lake: Omit<DataLakeIngestionProps, "partitioning" | "partitioner" | "encryption" | "encryptionKey" | "accountId">;
  /** The rule (pattern or schedule, bus, archive, retries, dead-letter queue); it targets the lake's stream. */
  readonly events: Omit<EventIngestionProps, "deliveryStreams" | "newlineDelimiter" | "encryption" | "encryptionKey" | "accountId">;
  /**
   * Other delivery streams the rule sends the same events to, after the lake's stream (e.g. a `RealtimeAnalytics`
   * stream): at most 4, a rule having at most 5 targets (rule E5). An extended S3 stream among them must append the
   * newline itself (`AppendDelimiterToRecord`). @default none
   */
  readonly additionalDeliveryStreams?: readonly FirehoseDeliveryStream[];
  /** Scopes the service roles' trust to this account (confused-deputy guard). */
  readonly accountId?: string;
}

/**
 * EventBridge events into a partitioned S3 data lake: an `EventIngestion` rule targeting a `DataLakeIngestion`
 * Direct PUT stream that partitions by `source` and `detail-type` (`source=.../detail_type=.../year=.../`) and
 * appends a newline to each event, so that Athena and Glue read one event per line.
 */
export class EventDataLake extends Construct {
  public readonly lake: DataLakeIngestion;
  public readonly events: EventIngestion;
  /** The lake's delivery stream (the rule's first target). */
  public readonly deliveryStream: FirehoseDeliveryStream;

  constructor(scope: Construct, id: string, props: EventDataLakeProps) {
    super(scope, id);
    const more = props.additionalDeliveryStreams;
    if (more !== undefined) {
      const v = new Validator(this);
      if (v.required(more, "additionalDeliveryStreams", "array", "the other delivery streams the rule targets")) {
        v.require(more.length <= 4, "additionalDeliveryStreams", "E5", `a rule has at most 5 targets: the lake's stream and at most 4 others, got ${more.length} others`, more.length);
        more.forEach((s, i) => {
          if (typeof (s as Partial<FirehoseDeliveryStream> | undefined)?.grantPutRecords !== "function") v.error(`additionalDeliveryStreams[${i}]`, "X2", "must be a FirehoseDeliveryStream", s);
        });
      }
      v.throwIfErrors();
    }
    const encryption = { encryption: props.encryption, encryptionKey: props.encryptionKey };
    this.lake = new DataLakeIngestion(this, "DataLake", {
      dataPrefix: props.lake.prefix === undefined ? "events/" : undefined,
      errorPrefix: props.lake.errorOutputPrefix === undefined ? "errors/" : undefined,
      ...props.lake,
      ...encryption,
      accountId: props.accountId,
      // The stream appends the newline (AppendDelimiterToRecord): it works with dynamic partitioning and keeps each
      // event unchanged for the jq keys (EventIngestion's `newlineDelimiter: "processor"`).
      partitioning: { partitionKeys: { ...EVENT_PARTITION_KEYS }, appendDelimiter: true },
    });
    this.deliveryStream = this.lake.stream;
    this.events = new EventIngestion(this, "Events", { ...props.events, ...encryption, accountId: props.accountId, deliveryStreams: [this.lake.stream, ...(more ?? [])] });
  }
}
