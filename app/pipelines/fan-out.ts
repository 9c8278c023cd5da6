import { Construct } from "constructs";
import { Validator } from "../../modules/core/validation";
import { FAN_OUT_DESTINATION_KINDS, FanOut, FanOutDestination } from "../../modules/fan-out";
import { KinesisDataStreamProps } from "../../modules/kinesis-stream";
import { SecureBucketLifecycleProps } from "../../modules/secure-bucket";
import { PipelineContext, PipelineKind } from "./types";

/**
 * A Kinesis data stream `<namingPrefix>-<name>` fanned out to delivery streams `<namingPrefix>-<name>-<destination>`
 * (Redshift, HTTP endpoint, Splunk, S3 backup copy), with one backup bucket `<namingPrefix>-<name>-backup`.
 * Secrets created for the destinations (`secret: {}`) are empty: put their values after the first apply.
 */
export interface FanOutPipelineConfig {
  readonly kind: "fan-out";
  /** Pipeline name: the data stream is `<namingPrefix>-<name>`. */
  readonly name: string;
  /** The data stream. @default ON_DEMAND, 24 h retention, customer-managed key */
  readonly stream?: Omit<KinesisDataStreamProps, "name" | "tags">;
  /** The delivery streams, at least one; destination names are 1-24 lowercase letters, digits or '-'. */
  readonly destinations: FanOutDestination[];
  /** Expected producer write rate in MiB/s: with a PROVISIONED stream, synth warns when the shards cannot serve it to every destination. */
  readonly expectedWriteMiBPerSecond?: number;
  /** Error-log retention of every delivery stream. @default 30 */
  readonly logRetentionDays?: number;
  /** Lifecycle of the backup bucket. @default SecureBucket's (IA at 30 days, Glacier IR at 90) */
  readonly backupLifecycle?: SecureBucketLifecycleProps;
  /** @default false */
  readonly forceDestroy?: boolean;
}

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
    const fanOut = new FanOut(scope, c.name, {
      ...ctx.encryption,
      name: ctx.naming.name(c.name),
      stream: c.stream ?? {},
      destinations: c.destinations,
      backupBucketProps: { bucketName: ctx.naming.dnsName(63, c.name, "backup"), lifecycle: c.backupLifecycle, forceDestroy: c.forceDestroy },
      logging: { retentionDays: c.logRetentionDays },
      accountId: ctx.env.accountId,
      expectedWriteMiBPerSecond: c.expectedWriteMiBPerSecond,
    });
    ctx.resources.deliveryStreams.push(...Object.values(fanOut.deliveryStreams));
    ctx.resources.kinesisStreams.push({ streamName: fanOut.streamName! });
  },
};
