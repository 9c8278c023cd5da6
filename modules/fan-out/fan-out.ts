import { Token } from "cdktf";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import { kmsAliasName } from "../core/naming";
import { EncryptionProps, resolveEncryptionKey, validateEncryptionChoice } from "../core/encryption";
import { isUnresolved, requireProps, ValidationProblem, Validator } from "../core/validation";
import { FirehoseDeliveryStream, StreamLoggingProps } from "../delivery-stream/delivery-stream";
import { IDestination } from "../delivery-stream/destination";
import { IProcessor } from "../delivery-stream/processors";
import { KinesisStreamSource } from "../delivery-stream/sources";
import { validateStreamName } from "../delivery-stream/validation";
import { BucketRef, S3BackupProps, S3Compression } from "../destinations/common";
import { HttpEndpointDestination, HttpEndpointDestinationProps } from "../destinations/http-endpoint";
import { RedshiftDestination, RedshiftDestinationProps } from "../destinations/redshift";
import { ExtendedS3Destination } from "../destinations/s3";
import { isSecretRef, SecretSource } from "../destinations/secrets";
import { SplunkDestination, SplunkDestinationProps } from "../destinations/splunk";
import { KinesisDataStream, KinesisDataStreamProps, validateKinesisStreamProps } from "../kinesis-stream/kinesis-stream";
import { KINESIS_SHARD_LIMITS, validateFirehoseConsumerCount } from "../kinesis-stream/validation";
import { SecureBucket, SecureBucketProps, validateBucketName } from "../secure-bucket/secure-bucket";

/** Where one destination writes its backups (or Redshift its intermediate files). Unset fields use the fan-out's bucket. */
export type FanOutBackupProps = Partial<S3BackupProps>;

export interface FanOutDestinationBase {
  /** Destination name: the delivery stream is `<fan-out name>-<name>`. Letters, digits, '_', '.', '-'. */
  readonly name: string;
  /** Name of the delivery stream instead of `<fan-out name>-<name>` (1-64 of `[a-zA-Z0-9_.-]`). Changing it replaces the stream. */
  readonly streamName?: string;
  /** @default the fan-out's backup bucket, prefix `<name>/` */
  readonly backup?: FanOutBackupProps;
}

/**
 * Redshift: `backup` is where the COPY staging files go (`<backup prefix>staging/`, expired after
 * `stagingExpirationDays`, default 7); `sourceBackup: true` also keeps the source records.
 */
export interface FanOutRedshift extends FanOutDestinationBase, Omit<RedshiftDestinationProps, "intermediateBucket" | "s3Backup"> {
  readonly kind: "redshift";
  /**
   * Backs up source records under `<backup prefix>source-backup/`. Without processors it only repeats what an
   * `s3-backup` destination of the same fan-out already keeps (a warning says so). @default false
   */
  readonly sourceBackup?: boolean;
}

export interface FanOutHttpEndpoint extends FanOutDestinationBase, Omit<HttpEndpointDestinationProps, "s3Backup" | "name"> {
  readonly kind: "http-endpoint";
  /** Endpoint display name (1-256). @default the destination name */
  readonly endpointName?: string;
}

export interface FanOutSplunk extends FanOutDestinationBase, Omit<SplunkDestinationProps, "s3Backup"> {
  readonly kind: "splunk";
}

/** A raw copy of the stream in S3, with large buffers for few, big objects. */
export interface FanOutS3Backup extends FanOutDestinationBase {
  readonly kind: "s3-backup";
  /** 1-128 MiB (B1). @default 128 */
  readonly bufferingSizeMiB?: number;
  /** 0-900 s (B1). @default 900 */
  readonly bufferingIntervalSeconds?: number;
  /** @default "GZIP" */
  readonly compression?: S3Compression;
  readonly processors?: IProcessor[];
}

/** One delivery stream of a fan-out, by kind. */
export type FanOutDestination = FanOutRedshift | FanOutHttpEndpoint | FanOutSplunk | FanOutS3Backup;

export interface FanOutProps extends EncryptionProps {
  /** Base name: the created data stream's name and the prefix of every delivery stream name. */
  readonly name: string;
  /** Props of the data stream to create (name defaults to `name`). Give this OR `existingStream`. @default on-demand, customer-managed key */
  readonly stream?: Omit<KinesisDataStreamProps, "name"> & { readonly name?: string };
  /** An existing data stream: its ARN and, when it uses a customer-managed key, that key's ARN. */
  readonly existingStream?: { readonly streamArn: string; readonly kmsKeyArn?: string };
  /** The delivery streams, at least one. */
  readonly destinations: FanOutDestination[];
  /** Bucket for backups and intermediate files. Give this OR `backupBucketProps`. */
  readonly backupBucket?: BucketRef;
  /** Props of the SecureBucket to create for backups (created once, shared by every destination through prefixes). */
  readonly backupBucketProps?: SecureBucketProps;
  /** Error logging of every delivery stream. @default enabled, 30 days */
  readonly logging?: StreamLoggingProps;
  /** Confused-deputy guard of the delivery roles (see FirehoseDeliveryStream). */
  readonly accountId?: string;
  /**
   * Expected producer write rate in MiB/s. With a PROVISIONED stream, a warning at synth when the shards cannot take
   * it (1 MiB/s per shard) or cannot serve it to every delivery stream (each one reads all of it, and a shard serves
   * 2 MiB/s shared by all consumers). @default not checked
   */
  readonly expectedWriteMiBPerSecond?: number;
  readonly tags?: Record<string, string>;
}

/** The `kind`s a fan-out destination can have. */
export const FAN_OUT_DESTINATION_KINDS: readonly FanOutDestination["kind"][] = ["redshift", "http-endpoint", "splunk", "s3-backup"];
const KINDS: readonly string[] = FAN_OUT_DESTINATION_KINDS;

/**
 * One Kinesis data stream fanned out to any number of Firehose delivery streams (Redshift, HTTP endpoint, Splunk, an
 * S3 backup copy), each with its own backup prefix in one shared hardened bucket. Every delivery stream reads the
 * stream with its own role (read actions on that stream + kms:Decrypt on its key). Kinesis-sourced delivery streams
 * cannot use SSE (rule S2): the data stream is encrypted instead. Secrets created for destinations share one key.
 */
export class FanOut extends Construct {
  /** The created data stream (undefined with `existingStream`). */
  public readonly stream?: KinesisDataStream;
  public readonly streamArn: string;
  /** The data stream's name, when this construct created it. */
  public readonly streamName?: string;
  public readonly backupBucket: BucketRef;
  /** The created backup bucket, if any. */
  public readonly createdBackupBucket?: SecureBucket;
  /** The key encrypting the secrets this fan-out created, if any. */
  public readonly secretsKey?: KmsKey;
  /** Delivery streams by destination name, in the order given. */
  public readonly deliveryStreams: Record<string, FirehoseDeliveryStream> = {};
  /** The destinations as bound, by destination name (to reach e.g. `createdSecret`). */
  public readonly destinations: Record<string, IDestination> = {};

  constructor(scope: Construct, id: string, props: FanOutProps) {
    super(scope, id);
    const v = new Validator(this);
    requireProps(v, props);
    // The backup bucket this fan-out creates does not exist yet: its ARN is unresolved, so its checks are skipped.
    this.validate(v, props, props.backupBucket ?? { bucketArn: Token.asString({ notCreatedYet: true }), kmsKeyArn: undefined });
    v.throwIfErrors();

    if (props.existingStream) {
      this.streamArn = props.existingStream.streamArn;
    } else {
      this.stream = new KinesisDataStream(this, "Stream", { ...props.stream, name: props.stream?.name ?? props.name, tags: props.stream?.tags ?? props.tags });
      this.streamArn = this.stream.streamArn;
      this.streamName = this.stream.streamName;
    }
    const kmsKeyArn = this.stream ? this.stream.kmsKeyArn : props.existingStream?.kmsKeyArn;
    const encryptionKey = resolveEncryptionKey(this, props, `Encrypts the logs of fan-out ${props.name}`, { accountId: props.accountId, tags: props.tags });

    if (props.backupBucket) {
      this.backupBucket = props.backupBucket;
    } else {
      this.createdBackupBucket = new SecureBucket(this, "BackupBucket", { tags: props.tags, accountId: props.accountId, ...props.backupBucketProps! });
      this.backupBucket = this.createdBackupBucket;
    }

    if (props.destinations.some((d) => needsSecretsKey(d))) {
      this.secretsKey = new KmsKey(this, "SecretsKey", { description: `Encrypts the destination secrets of fan-out ${props.name}`, enableKeyRotation: true, deletionWindowInDays: 30, tags: props.tags });
      new KmsAlias(this, "SecretsKeyAlias", { name: kmsAliasName("secrets", props.name), targetKeyId: this.secretsKey.keyId });
    }

    for (const d of props.destinations) {
      const destination = this.buildDestination(d, this.backupBucket, this.secretsKey?.arn);
      // The scope id carries the fan-out id so stack outputs keyed on the stream's parent stay unique.
      const holder = new Construct(this, `${id}-${d.name}`);
      this.deliveryStreams[d.name] = new FirehoseDeliveryStream(holder, "DeliveryStream", {
        name: deliveryStreamName(props, d),
        source: new KinesisStreamSource({ streamArn: this.streamArn, kmsKeyArn }),
        destination,
        logging: props.logging,
        accountId: props.accountId,
        tags: props.tags,
        // Kinesis-fed streams have no SSE of their own (the data stream is encrypted): the key goes on their logs.
        ...(encryptionKey ? { encryption: "customer-managed" as const, encryptionKey } : {}),
      });
      this.destinations[d.name] = destination;
    }
  }

  private validate(v: Validator, props: FanOutProps, bucket: BucketRef): void {
    v.required(props.name, "name", "string", "the fan-out name (it prefixes the stream, role and bucket names)");
    validateEncryptionChoice(v, "encryption", props.encryption, props.encryptionKey, "encryptionKey");
    if (props.destinations !== undefined) v.required(props.destinations, "destinations", "array", "the destinations of the fan-out");
    if (props.stream && props.existingStream) v.error("existingStream", "FANOUT", "give either stream (created) or existingStream, not both", props.existingStream.streamArn);
    if (!props.existingStream) {
      // The stream's name is `name` unless stream.name is given: its problems then name `name`, the prop written.
      const streamCheck = new Validator(this);
      validateKinesisStreamProps(streamCheck, { ...props.stream, name: props.stream?.name ?? props.name }, "stream");
      const rename = (p: ValidationProblem): ValidationProblem => (props.stream?.name === undefined && p.propertyPath === "stream.name" ? { ...p, propertyPath: "name" } : p);
      v.problems.push(...streamCheck.problems.map(rename));
      v.warnings.push(...streamCheck.warnings.map(rename));
    }
    if (props.existingStream) new KinesisStreamSource(props.existingStream).validate(v, "existingStream");
    if (props.backupBucket && props.backupBucketProps) v.error("backupBucketProps", "FANOUT", "give either backupBucket (existing) or backupBucketProps (created), not both", props.backupBucketProps.bucketName);
    if (props.backupBucketProps?.bucketName !== undefined && !props.backupBucket) validateBucketName(v, props.backupBucketProps.bucketName, "backupBucketProps.bucketName");
    if (!props.backupBucket && !props.backupBucketProps) v.error("backupBucket", "FANOUT", "a fan-out needs backupBucket or backupBucketProps (backups and intermediate files)", undefined);
    if (!Array.isArray(props.destinations) || props.destinations.length === 0) {
      v.error("destinations", "FANOUT", "a fan-out needs at least one destination", props.destinations);
      return;
    }
    this.validateReadCapacity(v, props);
    const seen = new Set<string>();
    props.destinations.forEach((d, i) => {
      const path = `destinations[${i}]`;
      if (!KINDS.includes(d.kind)) {
        v.error(`${path}.kind`, "FANOUT", `unknown destination kind; known kinds: ${KINDS.join(", ")}`, d.kind);
        return;
      }
      v.require(!seen.has(d.name), `${path}.name`, "FANOUT", "destination names must be unique in a fan-out", d.name);
      seen.add(d.name);
      validateStreamName(v, deliveryStreamName(props, d), d.streamName !== undefined ? `${path}.streamName` : `${path}.name`);
      // Every destination's own rules, up front, so one run reports the problems of all of them.
      this.buildDestination(d, bucket, undefined).validate({ validator: v, path, source: "KinesisStreamAsSource" });
      if (d.kind === "redshift" && d.sourceBackup && (d.processors ?? []).length === 0 && props.destinations.some((o) => o.kind === "s3-backup")) {
        v.warn(
          `${path}.sourceBackup`,
          "FANOUT",
          "nothing transforms these records, and the s3-backup destination already keeps every record of the stream: the source backup stores them a second time",
          true,
        );
      }
    });
  }

  /** Shard math of a PROVISIONED stream (see {@link KINESIS_SHARD_LIMITS}). */
  private validateReadCapacity(v: Validator, props: FanOutProps): void {
    const rate = props.expectedWriteMiBPerSecond;
    if (rate !== undefined) v.range(rate, 0, Number.MAX_SAFE_INTEGER, "expectedWriteMiBPerSecond", "FANOUT-CAPACITY", "expected write rate", { unit: "MiB/s", integer: false });
    if (props.existingStream || props.stream?.mode !== "PROVISIONED") return;
    const consumers = props.destinations.length;
    validateFirehoseConsumerCount(v, "destinations", props.stream.mode, consumers);
    const shards = props.stream.shardCount;
    if (rate === undefined || typeof rate !== "number" || shards === undefined || isUnresolved(shards) || isUnresolved(rate)) return;
    const writeCapacity = shards * KINESIS_SHARD_LIMITS.writeMiBPerSecond;
    const readCapacity = shards * KINESIS_SHARD_LIMITS.readMiBPerSecond;
    if (rate > writeCapacity) {
      v.warn("expectedWriteMiBPerSecond", "FANOUT-CAPACITY", `${shards} shards take ${writeCapacity} MiB/s of writes (1 MiB/s each): producers would be throttled; use at least ${Math.ceil(rate / KINESIS_SHARD_LIMITS.writeMiBPerSecond)} shards`, rate);
    }
    if (rate * consumers > readCapacity) {
      const needed = Math.ceil((rate * consumers) / KINESIS_SHARD_LIMITS.readMiBPerSecond);
      v.warn(
        "expectedWriteMiBPerSecond",
        "FANOUT-CAPACITY",
        `${consumers} delivery streams each read ${rate} MiB/s (${rate * consumers} MiB/s in all) but ${shards} shards serve ${readCapacity} MiB/s (2 MiB/s each, shared): the delivery streams would fall behind; use at least ${needed} shards or fewer destinations`,
        rate,
      );
    }
  }

  private buildDestination(d: FanOutDestination, bucket: BucketRef, secretsKeyArn: string | undefined): IDestination {
    const backup = (suffix = ""): S3BackupProps => ({
      ...d.backup,
      bucket: d.backup?.bucket ?? bucket,
      prefix: `${d.backup?.prefix ?? `${d.name}/`}${suffix}`,
    });
    switch (d.kind) {
      case "redshift": {
        const { kind: _k, name: _n, streamName: _s, backup: _b, sourceBackup, secret, ...rest } = d;
        return new RedshiftDestination({
          ...rest,
          secret: withKey(secret, secretsKeyArn),
          // Staging files under their own prefix, so their expiration never reaches the source backup.
          intermediateBucket: { compression: "UNCOMPRESSED", ...backup("staging/") },
          s3Backup: sourceBackup ? { compression: "GZIP", ...backup("source-backup/"), errorOutputPrefix: undefined } : undefined,
        });
      }
      case "http-endpoint": {
        const { kind: _k, name, streamName: _s, backup: _b, endpointName, secret, ...rest } = d;
        return new HttpEndpointDestination({ ...rest, name: endpointName ?? name, secret: withKey(secret, secretsKeyArn), s3Backup: backup() });
      }
      case "splunk": {
        const { kind: _k, name: _n, streamName: _s, backup: _b, secret, ...rest } = d;
        return new SplunkDestination({ ...rest, secret: withKey(secret, secretsKeyArn), s3Backup: backup() });
      }
      case "s3-backup": {
        const b = backup();
        return new ExtendedS3Destination({
          bucket: b.bucket,
          prefix: b.prefix,
          errorOutputPrefix: b.errorOutputPrefix ?? `${b.prefix}errors/!{firehose:error-output-type}/`,
          // Large buffers: few, big objects for an archive copy (B1 maxima).
          bufferingSizeMiB: d.bufferingSizeMiB ?? 128,
          bufferingIntervalSeconds: d.bufferingIntervalSeconds ?? 900,
          compression: d.compression ?? "GZIP",
          processors: d.processors,
        });
      }
    }
  }
}

function needsSecretsKey(d: FanOutDestination): boolean {
  if (d.kind === "s3-backup") return false;
  return d.secret !== undefined && !isSecretRef(d.secret) && d.secret.kmsKeyArn === undefined;
}

/** Created secrets without their own key use the fan-out's secrets key. */
function withKey(secret: SecretSource | undefined, keyArn: string | undefined): SecretSource | undefined {
  if (secret === undefined || isSecretRef(secret) || secret.kmsKeyArn !== undefined || keyArn === undefined) return secret;
  return { ...secret, kmsKeyArn: keyArn };
}

function deliveryStreamName(props: FanOutProps, d: FanOutDestination): string {
  return d.streamName ?? `${props.name}-${d.name}`;
}
