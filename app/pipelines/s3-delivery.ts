import { Construct } from "constructs";
import { Validator } from "../../modules/core/validation";
import { FirehoseDeliveryStream, MetadataExtractionProcessor } from "../../modules/delivery-stream";
import { hivePartitionPrefix, partitionErrorPrefix } from "../../modules/delivery-stream/prefixes";
import { ExtendedS3Destination, S3Compression } from "../../modules/destinations";
import { SecureBucket, SecureBucketLifecycleProps } from "../../modules/secure-bucket";
import { PipelineContext, PipelineKind } from "./types";

/** A Direct PUT stream into a hardened bucket, optionally partitioned by inline JQ keys. */
export interface S3DeliveryPipelineConfig {
  readonly kind: "s3-delivery";
  /** Pipeline name: the stream is `<namingPrefix>-<name>`. */
  readonly name: string;
  /** Dynamic partitioning keys and their jq expressions, e.g. `{ source: ".source" }`. */
  readonly partitionKeys?: Record<string, string>;
  /** @default `<name>/` + a `key=value/` folder per partition key + `year=/month=/day=/hour=/` */
  readonly prefix?: string;
  /** @default `errors/<name>/!{firehose:error-output-type}/year=.../` */
  readonly errorOutputPrefix?: string;
  readonly bufferingSizeMiB?: number;
  readonly bufferingIntervalSeconds?: number;
  readonly compression?: S3Compression;
  readonly fileExtension?: string;
  readonly customTimeZone?: string;
  /** @default 30 */
  readonly logRetentionDays?: number;
  /** Lifecycle of the data bucket. @default IA at 30 days, Glacier IR at 90, noncurrent versions expire at 90 */
  readonly lifecycle?: SecureBucketLifecycleProps;
  /** @default false */
  readonly forceDestroy?: boolean;
}

export const s3DeliveryPipeline: PipelineKind<S3DeliveryPipelineConfig> = {
  kind: "s3-delivery",
  validate(v: Validator, c: S3DeliveryPipelineConfig, path: string) {
    if (c.partitionKeys !== undefined) {
      v.require(typeof c.partitionKeys === "object" && Object.keys(c.partitionKeys).length > 0, `${path}.partitionKeys`, "C2", "partitionKeys must map at least one key to a jq expression", c.partitionKeys);
    }
  },
  build(scope: Construct, c: S3DeliveryPipelineConfig, ctx: PipelineContext) {
    const name = ctx.naming.name(c.name);
    const bucket = new SecureBucket(scope, "Bucket", {
      accountId: ctx.env.accountId,
      bucketName: ctx.naming.dnsName(63, c.name, "data"),
      lifecycle: c.lifecycle,
      forceDestroy: c.forceDestroy,
    });
    const keys = c.partitionKeys;
    new FirehoseDeliveryStream(scope, "DeliveryStream", {
      ...ctx.encryption,
      name,
      accountId: ctx.env.accountId,
      logging: { retentionDays: c.logRetentionDays },
      destination: new ExtendedS3Destination({
        bucket,
        prefix: c.prefix ?? hivePartitionPrefix(`${c.name}/`, keys ? Object.keys(keys) : [], "partitionKeyFromQuery"),
        errorOutputPrefix: c.errorOutputPrefix ?? partitionErrorPrefix(`errors/${c.name}/`),
        bufferingSizeMiB: c.bufferingSizeMiB,
        bufferingIntervalSeconds: c.bufferingIntervalSeconds,
        compression: c.compression,
        fileExtension: c.fileExtension,
        customTimeZone: c.customTimeZone,
        dynamicPartitioning: keys ? { enabled: true } : undefined,
        processors: keys ? [new MetadataExtractionProcessor({ partitionKeys: keys })] : undefined,
      }),
    });
  },
};
