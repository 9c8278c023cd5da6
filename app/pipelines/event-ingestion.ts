import { Construct } from "constructs";
import { Validator } from "../../modules/core/validation";
import { S3Compression } from "../../modules/destinations";
import { EventDataLake, EventRetryPolicy } from "../../modules/event-ingestion";
import { SecureBucketLifecycleProps } from "../../modules/secure-bucket";
import { PipelineContext, PipelineKind } from "./types";

/**
 * EventBridge events into the data lake: a rule on the default or a custom bus sends matching events to
 * a Direct PUT stream that partitions them by `source` and `detail-type`, one event per line.
 */
export interface EventIngestionPipelineConfig {
  readonly kind: "event-ingestion";
  /** Pipeline name: the rule and stream are `<namingPrefix>-<name>`. */
  readonly name: string;
  /** Event pattern, e.g. `{ source: [{ prefix: "com.acme." }] }`. Exactly one of eventPattern and scheduleExpression. */
  readonly eventPattern?: Record<string, unknown>;
  readonly scheduleExpression?: string;
  /** Listen on this existing bus. @default "default" */
  readonly eventBusName?: string;
  /** Create a custom bus `<namingPrefix>-<name>` instead. @default false */
  readonly createEventBus?: boolean;
  /** Archive the matching events for replay, `retentionDays` 0 = forever. @default no archive */
  readonly archive?: { readonly retentionDays?: number };
  readonly retryPolicy?: EventRetryPolicy;
  /** ≥64 MiB (dynamic partitioning, rule B9). @default 128 */
  readonly bufferingSizeMiB?: number;
  /** 60-900 s (rule B10). @default 300 */
  readonly bufferingIntervalSeconds?: number;
  readonly compression?: S3Compression;
  /** @default 30 */
  readonly logRetentionDays?: number;
  readonly lifecycle?: SecureBucketLifecycleProps;
  /** @default false */
  readonly forceDestroy?: boolean;
}

export const eventIngestionPipeline: PipelineKind<EventIngestionPipelineConfig> = {
  kind: "event-ingestion",
  validate(v: Validator, c: EventIngestionPipelineConfig, path: string) {
    v.require((c.eventPattern === undefined) !== (c.scheduleExpression === undefined), `${path}.eventPattern`, "EB-RULE", "give exactly one of eventPattern and scheduleExpression", {
      eventPattern: c.eventPattern,
      scheduleExpression: c.scheduleExpression,
    });
    if (c.createEventBus && c.eventBusName !== undefined) {
      v.error(`${path}.createEventBus`, "EB-BUS", "give either eventBusName (existing bus) or createEventBus, not both", c.eventBusName);
    }
  },
  build(scope: Construct, c: EventIngestionPipelineConfig, ctx: PipelineContext) {
    const name = ctx.naming.name(c.name);
    const pipeline = new EventDataLake(scope, "EventLake", {
      ...ctx.encryption,
      accountId: ctx.env.accountId,
      lake: {
        streamName: name,
        logging: { retentionDays: c.logRetentionDays },
        bucketProps: { bucketName: ctx.naming.dnsName(63, c.name, "events"), lifecycle: c.lifecycle, forceDestroy: c.forceDestroy },
        bufferingSizeMiB: c.bufferingSizeMiB,
        bufferingIntervalSeconds: c.bufferingIntervalSeconds,
        compression: c.compression,
      },
      events: {
        ruleName: name,
        description: `Events of pipeline ${c.name} into ${name}`,
        eventPattern: c.eventPattern,
        scheduleExpression: c.scheduleExpression,
        eventBusName: c.eventBusName,
        createEventBus: c.createEventBus ? { name } : undefined,
        archive: c.archive,
        retryPolicy: c.retryPolicy,
      },
    });
    ctx.resources.deliveryStreams.push(pipeline.deliveryStream);
    const events = pipeline.events;
    ctx.resources.rules.push({ ruleName: events.ruleName, eventBusName: c.createEventBus ? name : (c.eventBusName ?? "default"), deadLetterQueueName: events.deadLetterQueueName });
  },
};
