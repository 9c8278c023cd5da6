import { TerraformOutput, Token } from "cdktf";
import { Construct } from "constructs";
import { EncryptionChoice, EncryptionKeyRef, resolveEncryptionKey, validateEncryptionChoice } from "../core/encryption";
import * as Patterns from "../core/patterns";
import { requireProps, Validator } from "../core/validation";
import { FirehoseDeliveryStream, StreamEncryption, StreamLoggingProps, validateStreamEncryption } from "../delivery-stream/delivery-stream";
import { LambdaProcessor } from "../delivery-stream/processors";
import { ISource } from "../delivery-stream/sources";
import { PathMap, PathMappedValidator, validateStreamName } from "../delivery-stream/validation";
import { BucketRef } from "../destinations/common";
import { OpenSearchBackupMode, OpenSearchDestination, OpenSearchDestinationProps, OpenSearchDocumentIdFormat, OpenSearchIndexRotation, OpenSearchVpcProps } from "../destinations/opensearch";
import type { MonitoredDomain } from "../monitoring/alarms";
import { SecureBucket, SecureBucketLifecycleProps, validateBucketName } from "../secure-bucket/secure-bucket";
import { SecureOpenSearchDomain, SecureOpenSearchDomainProps, validateOpenSearchDomainProps } from "./domain";
import { REALTIME_LOW_LATENCY, RealtimeBufferingPreset } from "./presets";
import { firehoseRoleMapping, OpenSearchRoleMapping } from "./role-mapping";
import type { FirehoseLambdaProcessor } from "../lambda-function/lambda-function";
import { grantReingestKey } from "../lambda-function/reingest";
import { createFormatter, OpenSearchFormatterProps, validateFormatter } from "./formatter";

/** An OpenSearch domain created elsewhere. */
export interface ExistingOpenSearchDomain {
  /** `arn:aws:es:<region>:<account>:domain/<name>`: the delivery role's `es:` grants name it. */
  readonly domainArn: string;
  /** The domain's endpoint (for consumers; delivery uses the ARN). Its access policy must admit the delivery role. */
  readonly endpoint: string;
}

/**
 * A Terraform output holding {@link RealtimeAnalytics.roleMapping} as JSON (`endpoint`, `region`, `roleName`, `role`,
 * `mapping`): what `npm run opensearch:map-role -- --mapping "$(terraform output -raw <name>)"` applies.
 */
export interface RoleMappingOutputProps {
  /** Region of the domain, for the signed Security API requests (rule A3). */
  readonly region: string;
  /** Output name: a letter or `_`, then letters, digits, `_` or `-` (rule TF-OUTPUT). @default `<streamName>_opensearch_role_mapping`, other characters replaced by `_` */
  readonly outputName?: string;
}

export interface RealtimeAnalyticsProps {
  /** Delivery stream name: 1-64 of `[a-zA-Z0-9_.-]`. */
  readonly streamName: string;
  /** Create a hardened domain with these props. Exactly one of `domain` and `existingDomain`. */
  readonly domain?: SecureOpenSearchDomainProps;
  /** Deliver to this domain instead of creating one. Exactly one of `domain` and `existingDomain`. */
  readonly existingDomain?: ExistingOpenSearchDomain;
  /** Index name, 1-80 lowercase characters. */
  readonly indexName: string;
  /** @default "OneDay" */
  readonly indexRotation?: OpenSearchIndexRotation;
  /** @default Firehose's default (FIREHOSE_DEFAULT) */
  readonly documentIdFormat?: OpenSearchDocumentIdFormat;
  /** 0-7200 s. @default 300 */
  readonly retryDurationSeconds?: number;
  /** Buffering, rule B4. Spread a preset and override fields as needed. @default REALTIME_LOW_LATENCY (1 MiB / 60 s) */
  readonly buffering?: RealtimeBufferingPreset;
  /** `FailedDocumentsOnly` or `AllDocuments`; changing it replaces the stream (ForceNew). @default "FailedDocumentsOnly" */
  readonly backupMode?: OpenSearchBackupMode;
  /** Bucket receiving failed (or all) documents. Exactly one of `backupBucket` and `backupBucketName`. */
  readonly backupBucket?: BucketRef;
  /** Name of the `SecureBucket` created for backups. Exactly one of `backupBucket` and `backupBucketName`. */
  readonly backupBucketName?: string;
  /** Lifecycle of the created backup bucket. @default SecureBucket's (IA 30 d, Glacier IR 90 d) */
  readonly backupBucketLifecycle?: SecureBucketLifecycleProps;
  /** Key prefix of backed-up documents. @default Firehose's `yyyy/MM/dd/HH/` */
  readonly backupPrefix?: string;
  /** Lets `terraform destroy` delete the created backup bucket when not empty. @default false */
  readonly forceDestroy?: boolean;
  /** Transformation Lambda (e.g. the `opensearch-formatter` processor) that shapes records into documents. */
  readonly transform?: LambdaProcessor;
  /** Deploy the built-in `opensearch-formatter` processor as the transform (see {@link OpenSearchFormatterProps}). Not with `transform`. @default none */
  readonly formatter?: OpenSearchFormatterProps;
  /**
   * VPC delivery: Firehose reaches the domain through ENIs in these subnets. With a created domain that has
   * `domain.vpc`, give the same security groups or ones allowed by the domain's.
   * @default public endpoint
   */
  readonly deliveryVpc?: OpenSearchVpcProps;
  /** @default DirectPutSource */
  readonly source?: ISource;
  /** @default AWS_OWNED for Direct PUT */
  readonly encryption?: StreamEncryption | EncryptionChoice;
  /** The key of `encryption: "customer-managed"` (stream SSE, its log group, the created domain's log groups). @default one created for this pipeline */
  readonly encryptionKey?: EncryptionKeyRef;
  /** @default enabled, 30 days */
  readonly logging?: StreamLoggingProps;
  /** Account id for confused-deputy guards on the delivery role and the log resource policy. */
  readonly accountId?: string;
  readonly tags?: Record<string, string>;
  /** Output the OpenSearch role and mapping the delivery role needs (see {@link RoleMappingOutputProps}). @default no output */
  readonly roleMappingOutput?: RoleMappingOutputProps;
}

/**
 * Low-latency search and dashboards: a Firehose stream into an Amazon OpenSearch Service domain (created hardened, or
 * given), failed documents kept in a `SecureBucket`, an optional transformation Lambda.
 *
 * With a created domain, fine-grained access control is on: Firehose gets 403 until the delivery role is mapped to an
 * OpenSearch role allowed to write the index. `roleMapping` is exactly that role and mapping;
 * `scripts/opensearch-role-mapping.ts` applies it signed as the master user, and the `AuthFailure` alarm of
 * `PipelineMonitoring` fires while it is missing.
 */
export class RealtimeAnalytics extends Construct {
  public readonly deliveryStream: FirehoseDeliveryStream;
  /** The created domain, when this construct created it. */
  public readonly domain?: SecureOpenSearchDomain;
  public readonly domainArn: string;
  public readonly domainEndpoint: string;
  /** The created backup bucket, when this construct created it. */
  public readonly backupBucket?: SecureBucket;
  public readonly backupBucketArn: string;
  public readonly deliveryRoleArn: string;
  /**
   * What `PipelineMonitoring` watches for the created domain (`resources.domains`): its name and node volume, from which
   * the `FreeStorageSpace` threshold is derived.
   */
  public readonly monitoredDomain?: MonitoredDomain;
  /** The OpenSearch role and backend-role mapping the delivery role needs under fine-grained access control. */
  public readonly roleMapping: OpenSearchRoleMapping;
  /** The built-in formatter function, when `formatter` is given. */
  public readonly formatter?: FirehoseLambdaProcessor;
  /** The role-mapping output, when `roleMappingOutput` is given. */
  public readonly roleMappingOutput?: TerraformOutput;

  constructor(scope: Construct, id: string, props: RealtimeAnalyticsProps) {
    super(scope, id);
    const v = new Validator(this);
    requireProps(v, props);
    v.required(props.streamName, "streamName", "string", "the delivery stream name");
    v.required(props.indexName, "indexName", "string", "the OpenSearch index documents go to");
    if ((props.domain === undefined) === (props.existingDomain === undefined)) {
      v.error("domain", "X1", `give exactly one of domain (create) and existingDomain (use) (got ${props.domain ? "both" : "neither"})`, {
        domain: props.domain?.domainName,
        existingDomain: props.existingDomain?.domainArn,
      });
    }
    if (props.domain) validateOpenSearchDomainProps(v, "domain", { accountId: props.accountId, ...props.domain });
    // Rules of the inner stream, destination and bucket, reported under the props written here.
    validateStreamName(v, props.streamName, "streamName");
    if (props.backupBucketName !== undefined && props.backupBucket === undefined) validateBucketName(v, props.backupBucketName, "backupBucketName");
    if (props.existingDomain) {
      v.require(!!props.existingDomain.endpoint, "existingDomain.endpoint", "X1", "an existing domain needs its endpoint", props.existingDomain.endpoint);
    }
    if ((props.backupBucket === undefined) === (props.backupBucketName === undefined)) {
      v.error("backupBucket", "X1", `give exactly one of backupBucket (existing) and backupBucketName (created) (got ${props.backupBucket ? "both" : "neither"})`, props.backupBucketName);
    }
    if (typeof props.encryption === "string" || props.encryptionKey !== undefined) {
      validateEncryptionChoice(v, "encryption", typeof props.encryption === "string" ? props.encryption : undefined, props.encryptionKey, "encryptionKey");
    } else if (props.encryption !== undefined) {
      validateStreamEncryption(v, { encryption: props.encryption }, props.source?.kind ?? "DirectPut");
    }
    // The destination's rules (index, buffering, retry, backup, transform, VPC) run now, on the props written here and
    // reported under them (`indexName`, not `destination.indexName`). The domain and bucket this construct creates do
    // not exist yet: their ARNs are unresolved, so the checks of those two values are skipped, as for any token.
    new OpenSearchDestination(this.destinationProps(props, props.existingDomain?.domainArn ?? NOT_CREATED_YET, props.backupBucket ?? { bucketArn: NOT_CREATED_YET }, props.transform)).validate({
      validator: new PathMappedValidator(v, DESTINATION_PATHS),
      path: "destination",
      source: props.source?.kind ?? "DirectPut",
    });
    validateFormatter(v, props);
    if (props.roleMappingOutput !== undefined) {
      v.pattern(props.roleMappingOutput.region, Patterns.REGION, "roleMappingOutput.region", "A3", "AWS Region");
      if (props.roleMappingOutput.outputName !== undefined) v.pattern(props.roleMappingOutput.outputName, TERRAFORM_OUTPUT_NAME, "roleMappingOutput.outputName", "TF-OUTPUT", "Terraform output name");
    }
    v.throwIfErrors();
    const key = typeof props.encryption === "string" ? resolveEncryptionKey(this, { encryption: props.encryption, encryptionKey: props.encryptionKey }, `Encrypts pipeline ${props.streamName}: stream and logs`, { accountId: props.accountId, tags: props.tags }) : undefined;

    if (props.domain) {
      this.domain = new SecureOpenSearchDomain(this, "Domain", { accountId: props.accountId, tags: props.tags, ...props.domain, ...(key ? { encryption: "customer-managed", encryptionKey: key } : {}) });
      this.domainArn = this.domain.domainArn;
      this.domainEndpoint = this.domain.endpoint;
      this.monitoredDomain = { domainName: props.domain.domainName, volumeSizeGiB: this.domain.volumeSizeGiB };
    } else {
      this.domainArn = props.existingDomain!.domainArn;
      this.domainEndpoint = props.existingDomain!.endpoint;
    }

    let bucket: BucketRef;
    if (props.backupBucket) {
      bucket = props.backupBucket;
    } else {
      this.backupBucket = new SecureBucket(this, "BackupBucket", {
        bucketName: props.backupBucketName!,
        lifecycle: props.backupBucketLifecycle,
        forceDestroy: props.forceDestroy,
        accountId: props.accountId,
        tags: props.tags,
      });
      bucket = this.backupBucket;
    }
    this.backupBucketArn = bucket.bucketArn;

    if (props.formatter) this.formatter = createFormatter(this, "Formatter", props.formatter, { ...props, encryptionKey: key });
    this.deliveryStream = new FirehoseDeliveryStream(this, "DeliveryStream", {
      name: props.streamName,
      source: props.source,
      encryption: props.encryption,
      encryptionKey: key,
      logging: props.logging,
      accountId: props.accountId,
      tags: props.tags,
      destination: new OpenSearchDestination(this.destinationProps(props, this.domainArn, bucket, this.formatter?.processor() ?? props.transform)),
    });
    if (this.formatter) grantReingestKey(this.formatter, this.deliveryStream.sseKmsKeyArn);
    this.deliveryRoleArn = this.deliveryStream.role.roleArn;
    this.roleMapping = firehoseRoleMapping({ streamName: props.streamName, indexName: props.indexName, deliveryRoleArn: this.deliveryRoleArn });
    this.domain?.grantWrite(this.deliveryRoleArn);
    if (props.roleMappingOutput) this.roleMappingOutput = this.createRoleMappingOutput(props, props.roleMappingOutput);
  }

  /** Exactly what fine-grained access control needs before Firehose can deliver (the AuthFailure alarm fires until then). */
  private createRoleMappingOutput(props: RealtimeAnalyticsProps, o: RoleMappingOutputProps): TerraformOutput {
    const m = this.roleMapping;
    const output = new TerraformOutput(this, "OpenSearchRoleMapping", {
      value: JSON.stringify({ endpoint: `https://${this.domainEndpoint}`, region: o.region, roleName: m.roleName, role: m.role, mapping: m.mapping }),
      description:
        `Fine-grained access control: as the master user, create OpenSearch role ${m.roleName} (bulk and monitor on the cluster, ` +
        `create_index/manage/crud on ${props.indexName}*) and map the delivery role to it as a backend role; until then Firehose gets 403. ` +
        "Apply with: npm run opensearch:map-role -- --mapping \"$(terraform output -raw <this output>)\"",
    });
    output.overrideLogicalId(o.outputName ?? `${props.streamName.replace(/[^A-Za-z0-9_-]/g, "_")}_opensearch_role_mapping`);
    return output;
  }

  private destinationProps(props: RealtimeAnalyticsProps, domainArn: string, bucket: BucketRef, transform: LambdaProcessor | undefined): OpenSearchDestinationProps {
    const buffering = props.buffering ?? REALTIME_LOW_LATENCY;
    return {
      domainArn,
      indexName: props.indexName,
      indexRotation: props.indexRotation,
      documentIdFormat: props.documentIdFormat,
      retryDurationSeconds: props.retryDurationSeconds,
      bufferingSizeMiB: buffering.bufferingSizeMiB,
      bufferingIntervalSeconds: buffering.bufferingIntervalSeconds,
      backup: { bucket, mode: props.backupMode, prefix: props.backupPrefix },
      processors: transform ? [transform] : undefined,
      vpc: props.deliveryVpc,
    };
  }
}

/** Terraform identifiers: a letter or `_`, then letters, digits, `_` or `-`. */
const TERRAFORM_OUTPUT_NAME: Patterns.Pattern = { re: /^[A-Za-z_][A-Za-z0-9_-]*$/, what: "a letter or '_', then letters, digits, '_' or '-'" };

/** A value this construct creates later: unresolved while its props are checked. */
const NOT_CREATED_YET = Token.asString({ notCreatedYet: true });

/** Where the OpenSearch destination's property paths are in this construct's props (see {@link PathMap}). */
const DESTINATION_PATHS: PathMap = [
  ["destination", ""],
  ["destination.domainArn", "existingDomain.domainArn"],
  ["destination.bufferingSizeMiB", "buffering.bufferingSizeMiB"],
  ["destination.bufferingIntervalSeconds", "buffering.bufferingIntervalSeconds"],
  ["destination.backup", "backupMode"],
  ["destination.backup.mode", "backupMode"],
  ["destination.backup.prefix", "backupPrefix"],
  ["destination.backup.bucket", "backupBucket"],
  ["destination.processors", "transform"],
  ["destination.processors[0]", "transform"],
  ["destination.vpc", "deliveryVpc"],
];
