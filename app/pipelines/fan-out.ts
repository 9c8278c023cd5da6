import { Construct } from "constructs";
import { Validator } from "../../modules/core/validation";
import { FAN_OUT_DESTINATION_KINDS, FanOut } from "../../modules/fan-out/fan-out";
import { PipelineContext, PipelineKind } from "./types";
import type { FanOutPipelineConfig } from "../config/pipelines";

export type { FanOutPipelineConfig };

export const fanOutPipeline: PipelineKind<FanOutPipelineConfig> = {
  kind: "fan-out",
  validate(v: Validator, c: FanOutPipelineConfig, path: string) {
    if (!v.require(Array.isArray(c.destinations) && c.destinations.length > 0, `${path}.destinations`, "C2", "a fan-out pipeline needs at least one destination", c.destinations)) return;
    const seen = new Set<string>();
    c.destinations.forEach((d, i) => {
      v.oneOf(d?.kind, FAN_OUT_DESTINATION_KINDS, `${path}.destinations[${i}].kind`, "C2", "destination kind");
      if (v.require(typeof d?.name === "string" && /^[a-z][a-z0-9-]{0,23}$/.test(d.name), `${path}.destinations[${i}].name`, "C2", "destination names are 1-24 lowercase letters, digits or '-', starting with a letter", d?.name)) {
        v.require(!seen.has(d.name), `${path}.destinations[${i}].name`, "C2", "destination names must be unique in a fan-out pipeline", d.name);
        seen.add(d.name);
      }
    });
  },
  build(scope: Construct, c: FanOutPipelineConfig, ctx: PipelineContext) {
    new FanOut(scope, c.name, {
      ...ctx.encryption,
      name: ctx.naming.name(c.name),
      stream: c.stream ?? {},
      destinations: c.destinations,
      backupBucketProps: { bucketName: ctx.naming.dnsName(63, c.name, "backup"), lifecycle: c.backupLifecycle, forceDestroy: c.forceDestroy },
      logging: { retentionDays: c.logRetentionDays },
      accountId: ctx.env.accountId,
      expectedWriteMiBPerSecond: c.expectedWriteMiBPerSecond,
    });
  },
};
