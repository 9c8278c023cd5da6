import { Construct } from "constructs";
import { Validator } from "../../modules/core/validation";
import { EventDataLake } from "../../modules/event-ingestion";
import { PipelineContext, PipelineKind } from "./types";
import type { EventIngestionPipelineConfig } from "../config/pipelines";

export type { EventIngestionPipelineConfig };

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
    new EventDataLake(scope, "EventLake", {
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
  },
};
