import { Construct } from "constructs";
import { Validator } from "../../modules/core/validation";
import { LambdaProcessor } from "../../modules/delivery-stream/processors";
import { REALTIME_COST_OPTIMIZED, REALTIME_LOW_LATENCY, RealtimeAnalytics } from "../../modules/realtime-analytics";
import { PipelineContext, PipelineKind } from "./types";
import type { RealtimeAnalyticsPipelineConfig } from "../config/pipelines";

export type { RealtimeAnalyticsPipelineConfig };

const PRESETS = { "low-latency": REALTIME_LOW_LATENCY, "cost-optimized": REALTIME_COST_OPTIMIZED } as const;

export const realtimeAnalyticsPipeline: PipelineKind<RealtimeAnalyticsPipelineConfig> = {
  kind: "realtime-analytics",
  validate(v: Validator, c: RealtimeAnalyticsPipelineConfig, path: string) {
    if (c.preset !== undefined) v.oneOf(c.preset, Object.keys(PRESETS), `${path}.preset`, "C2", "preset");
    v.require((c.domain === undefined) !== (c.existingDomain === undefined), `${path}.domain`, "C2", "give exactly one of domain (create) and existingDomain (use)", c.domain ?? c.existingDomain);
    if (c.formatter && c.transformFunctionArn !== undefined) {
      v.error(`${path}.formatter`, "C2", "give either formatter (deploy opensearch-formatter) or transformFunctionArn (an existing function), not both", c.transformFunctionArn);
    }
  },
  build(scope: Construct, c: RealtimeAnalyticsPipelineConfig, ctx: PipelineContext) {
    const d = c.domain;
    const preset = PRESETS[c.preset ?? "low-latency"];
    new RealtimeAnalytics(scope, "RealtimeAnalytics", {
      ...ctx.encryption,
      streamName: ctx.naming.name(c.name),
      domain: d && {
        domainName: ctx.naming.dnsName(28, c.name),
        masterUserArn: d.masterUserArn, accessPrincipalArns: d.accessPrincipalArns, instanceType: d.instanceType, instanceCount: d.instanceCount, engineVersion: d.engineVersion,
        zoneAwareness: d.availabilityZones ? { availabilityZoneCount: d.availabilityZones } : undefined,
        dedicatedMaster: d.dedicatedMasterInstanceType ? { instanceType: d.dedicatedMasterInstanceType } : undefined,
        ebs: d.volumeSizeGiB !== undefined ? { volumeSizeGiB: d.volumeSizeGiB } : undefined,
        logRetentionDays: c.logRetentionDays,
      },
      existingDomain: c.existingDomain, indexName: c.indexName ?? c.name, indexRotation: c.indexRotation, retryDurationSeconds: c.retryDurationSeconds,
      buffering: { bufferingSizeMiB: c.bufferingSizeMiB ?? preset.bufferingSizeMiB, bufferingIntervalSeconds: c.bufferingIntervalSeconds ?? preset.bufferingIntervalSeconds },
      backupMode: c.backupMode, backupBucketName: ctx.naming.dnsName(63, c.name, "os-backup"), backupBucketLifecycle: c.lifecycle, forceDestroy: c.forceDestroy,
      transform: c.transformFunctionArn ? new LambdaProcessor({ functionArn: c.transformFunctionArn }) : undefined,
      formatter: c.formatter ? { ...(c.formatter === true ? {} : c.formatter), region: ctx.env.region } : undefined,
      logging: { retentionDays: c.logRetentionDays },
      accountId: ctx.env.accountId,
      // `npm run opensearch:map-role -- --mapping "$(terraform output -raw <pipeline>_opensearch_role_mapping)"` applies it.
      roleMappingOutput: { region: ctx.env.region, outputName: `${c.name}_opensearch_role_mapping` },
    });
  },
};
