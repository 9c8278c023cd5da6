import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { Validator } from "../../modules/core/validation";
import { LambdaProcessor } from "../../modules/delivery-stream/processors";
import { OpenSearchBackupMode, OpenSearchIndexRotation } from "../../modules/destinations/opensearch";
import { REALTIME_COST_OPTIMIZED, REALTIME_LOW_LATENCY, RealtimeAnalytics } from "../../modules/realtime-analytics";
import { SecureBucketLifecycleProps } from "../../modules/secure-bucket";
import { PipelineContext, PipelineKind } from "./types";

/** Size of the domain this pipeline creates. */
export interface RealtimeDomainConfig {
  /** IAM role/user ARN of the fine-grained access control master user (maps the delivery role in OpenSearch). */
  readonly masterUserArn: string;
  /** Other IAM principals allowed through the domain access policy. */
  readonly accessPrincipalArns?: string[];
  /** @default "r7g.large.search" */
  readonly instanceType?: string;
  /** @default the zone count, or 1 */
  readonly instanceCount?: number;
  /** Zone awareness over 2 or 3 Availability Zones. @default off */
  readonly availabilityZones?: 2 | 3;
  /** Dedicated master nodes of this type (3 of them). @default none */
  readonly dedicatedMasterInstanceType?: string;
  /** gp3 volume per data node. @default 20 */
  readonly volumeSizeGiB?: number;
  /** @default OPENSEARCH_DEFAULT_ENGINE_VERSION */
  readonly engineVersion?: string;
}

/** Events into OpenSearch within a minute, failed documents kept in a hardened bucket. */
export interface RealtimeAnalyticsPipelineConfig {
  readonly kind: "realtime-analytics";
  /** Pipeline name: the stream is `<namingPrefix>-<name>`, the domain `<namingPrefix>-<name>` (≤28 characters). */
  readonly name: string;
  /** Create a domain of this size. Exactly one of `domain` and `existingDomain`. */
  readonly domain?: RealtimeDomainConfig;
  /** Deliver to this domain instead. Exactly one of `domain` and `existingDomain`. */
  readonly existingDomain?: { readonly domainArn: string; readonly endpoint: string };
  /** @default the pipeline name */
  readonly indexName?: string;
  /** @default "OneDay" */
  readonly indexRotation?: OpenSearchIndexRotation;
  /** Buffering preset; `bufferingSizeMiB`/`bufferingIntervalSeconds` override its fields. @default "low-latency" */
  readonly preset?: "low-latency" | "cost-optimized";
  readonly bufferingSizeMiB?: number;
  readonly bufferingIntervalSeconds?: number;
  /** @default 300 */
  readonly retryDurationSeconds?: number;
  /** @default "FailedDocumentsOnly" (changing it replaces the stream) */
  readonly backupMode?: OpenSearchBackupMode;
  /**
   * Deploy the built-in `opensearch-formatter` processor (lambda/opensearch-formatter: ISO-8601 timestamps, bounded
   * flattening, deterministic document ids) as the transform, named `<namingPrefix>-<name>-formatter`. `true` or its
   * settings (environment variables of the handler, memory). Overflow records are re-ingested into the stream when
   * the environment has an `accountId` (the exact stream ARN is needed for the grant), else they go to the backup.
   * Exclusive with `transformFunctionArn`. @default off
   */
  readonly formatter?: boolean | { readonly environment?: Record<string, string>; readonly memorySizeMB?: number };
  /** ARN of a transformation function already deployed. Exclusive with `formatter`. @default none */
  readonly transformFunctionArn?: string;
  /** Retention of the stream's error logs and the domain's logs. @default 30 */
  readonly logRetentionDays?: number;
  /** Lifecycle of the backup bucket. @default SecureBucket's */
  readonly lifecycle?: SecureBucketLifecycleProps;
  /** @default false */
  readonly forceDestroy?: boolean;
}

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
    ctx.resources.deliveryStreams.push(analytics.deliveryStream);
    // The literal name, not the resource attribute: monitoring uses it in alarm names and dimensions.
    if (analytics.formatter) ctx.resources.functions.push({ functionName: ctx.naming.name(c.name, "formatter"), timeoutSeconds: analytics.formatter.timeoutSeconds });
    // The literal name, not the resource attribute: monitoring uses it in alarm names and dimensions.
    if (analytics.monitoredDomain) ctx.resources.domains.push(analytics.monitoredDomain);
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
