/**
 * The registry of pipeline kinds an environment can use. To add a kind: add its config type to
 * `app/config/pipelines.ts` (and to `PipelineConfig`), write `app/pipelines/<kind>.ts` exporting a `PipelineKind`
 * that validates the config and maps it to construct props, and add it to `PIPELINE_KINDS`.
 */
import { Validator } from "../../modules/core/validation";
import { dataLakePipeline } from "./data-lake";
import { eventIngestionPipeline } from "./event-ingestion";
import { fanOutPipeline } from "./fan-out";
import { realtimeAnalyticsPipeline } from "./realtime-analytics";
import { PipelineKind } from "./types";
import type { PipelineConfig } from "../config/pipelines";

export * from "./types";

export type { PipelineConfig };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const PIPELINE_KINDS: PipelineKind<any>[] = [dataLakePipeline, fanOutPipeline, eventIngestionPipeline, realtimeAnalyticsPipeline];

export function pipelineKind(kind: string): PipelineKind<PipelineConfig> | undefined {
  return PIPELINE_KINDS.find((k) => k.kind === kind);
}

/** Kind known, names unique and well-formed, then each kind's own checks. */
export function validatePipelines(v: Validator, pipelines: PipelineConfig[]): void {
  const seen = new Set<string>();
  pipelines.forEach((p, i) => {
    const path = `pipelines[${i}]`;
    const kind = pipelineKind(p?.kind);
    if (!kind) {
      v.error(`${path}.kind`, "C2", `unknown pipeline kind; known kinds: ${PIPELINE_KINDS.map((k) => k.kind).join(", ")}`, p?.kind);
      return;
    }
    if (!v.require(typeof p.name === "string" && /^[a-z][a-z0-9-]{0,23}$/.test(p.name), `${path}.name`, "C2", "pipeline names are 1-24 lowercase letters, digits or '-', starting with a letter", p.name)) return;
    v.require(!seen.has(p.name), `${path}.name`, "C2", "pipeline names must be unique in an environment", p.name);
    seen.add(p.name);
    kind.validate(v, p, path);
  });
}
