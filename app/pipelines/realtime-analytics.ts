import { TerraformOutput } from "cdktf";
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
    const name = ctx.naming.name(c.name);
    const d = c.domain;
    const preset = PRESETS[c.preset ?? "low-latency"];
    const domainName = ctx.naming.dnsName(28, c.name);
    const analytics = new RealtimeAnalytics(scope, "RealtimeAnalytics", {
      ...ctx.encryption,
      streamName: name,
      domain: d
        ? {
            domainName,
            masterUserArn: d.masterUserArn,
            accessPrincipalArns: d.accessPrincipalArns,
            instanceType: d.instanceType,
            instanceCount: d.instanceCount,
            zoneAwareness: d.availabilityZones ? { availabilityZoneCount: d.availabilityZones } : undefined,
            dedicatedMaster: d.dedicatedMasterInstanceType ? { instanceType: d.dedicatedMasterInstanceType } : undefined,
            ebs: d.volumeSizeGiB !== undefined ? { volumeSizeGiB: d.volumeSizeGiB } : undefined,
            engineVersion: d.engineVersion,
            logRetentionDays: c.logRetentionDays,
          }
        : undefined,
      existingDomain: c.existingDomain,
      indexName: c.indexName ?? c.name,
      indexRotation: c.indexRotation,
      retryDurationSeconds: c.retryDurationSeconds,
      buffering: {
        bufferingSizeMiB: c.bufferingSizeMiB ?? preset.bufferingSizeMiB,
        bufferingIntervalSeconds: c.bufferingIntervalSeconds ?? preset.bufferingIntervalSeconds,
      },
      backupMode: c.backupMode,
      backupBucketName: ctx.naming.dnsName(63, c.name, "os-backup"),
      backupBucketLifecycle: c.lifecycle,
      forceDestroy: c.forceDestroy,
      transform: c.transformFunctionArn ? new LambdaProcessor({ functionArn: c.transformFunctionArn }) : undefined,
      formatter: c.formatter ? { ...(c.formatter === true ? {} : c.formatter), functionName: ctx.naming.name(c.name, "formatter"), region: ctx.env.region } : undefined,
      logging: { retentionDays: c.logRetentionDays },
      accountId: ctx.env.accountId,
    });
    // Exactly what fine-grained access control needs before Firehose can deliver (the AuthFailure alarm fires until
    // then); `npm run opensearch:map-role -- --mapping "$(terraform output -raw <this output>)"` applies it.
    const m = analytics.roleMapping;
    const mapping = new TerraformOutput(scope, "OpenSearchRoleMapping", {
      value: JSON.stringify({ endpoint: `https://${analytics.domainEndpoint}`, region: ctx.env.region, roleName: m.roleName, role: m.role, mapping: m.mapping }),
      description:
        `Fine-grained access control: as the master user, create OpenSearch role ${m.roleName} (bulk and monitor on the cluster, ` +
        `create_index/manage/crud on ${c.indexName ?? c.name}*) and map the delivery role to it as a backend role; until then Firehose gets 403. ` +
        "Apply with: npm run opensearch:map-role -- --mapping \"$(terraform output -raw <this output>)\"",
    });
    mapping.overrideLogicalId(`${c.name.replace(/[^A-Za-z0-9_-]/g, "_")}_opensearch_role_mapping`);
  },
};
