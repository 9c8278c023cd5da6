import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KinesisFirehoseDeliveryStream } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { EncryptionChoice, EncryptionKeyRef, resolveEncryptionKey, validateEncryptionChoice } from "../core/encryption";
import { ExistingRole, IRoleLike, PolicyStatement, ServiceRole } from "../core/iam";
import { isUnresolved, requireProps, Validator } from "../core/validation";
import { DestinationInfo, IDestination } from "./destination";
import { LoggingTarget, StreamLoggingTarget } from "./private/logging";
import { DirectPutSource, ISource, KinesisStreamSource, ServerSideEncryptionFields, SourceKind, validateServerSideEncryption } from "./sources";
import { StreamPlacement, validateLogRetention, validateStreamName, validateUniqueStreamName } from "./validation";
import { RenderedChecks } from "../checks/aspect";
import * as Patterns from "../core/patterns";
import { deliveryMetricPrefix, describeMetric, freshnessMetricName, IMonitorable, MetricDescription, MetricOptions, MonitoringTarget } from "../monitoring/metric";

/** What {@link FirehoseDeliveryStream.grantPutRecords} granted. */
export interface GrantResult {
  /** False when the role cannot be changed (an imported role without a name): nothing was granted, you own its permissions. */
  readonly success: boolean;
  /** The statements added to the role's inline policy (empty when `success` is false). */
  readonly statements: readonly PolicyStatement[];
  /**
   * The inline policy resource holding them, when the role has one (a created `ServiceRole`, or an `ExistingRole`
   * with a name): make a producer `dependsOn` it so it never writes before the grant exists.
   */
  readonly policy?: IamRolePolicy;
}

/**
 * A delivery stream that producers can be granted on and metrics read from: a {@link FirehoseDeliveryStream}, or one
 * created elsewhere ({@link FirehoseDeliveryStream.fromDeliveryStreamName}, {@link FirehoseDeliveryStream.fromDeliveryStreamArn}).
 */
export interface IDeliveryStreamRef {
  /** The stream name (a Terraform reference for a created stream, the literal for an imported one). */
  readonly streamName: string;
  readonly streamArn: string;
  /** Customer-managed SSE key, when the stream has one (producers need kms:GenerateDataKey and kms:Decrypt on it). */
  readonly sseKmsKeyArn?: string;
  /** Allows `role` firehose:PutRecord and PutRecordBatch on this stream (and its SSE key, when customer-managed). */
  grantPutRecords(role: IRoleLike): GrantResult;
  /** Any `AWS/Firehose` metric of this stream (dimension `DeliveryStreamName`). @default statistic Sum, period 300 s */
  metric(metricName: string, opts?: MetricOptions): MetricDescription;
  /** `IncomingRecords` (Sum): records producers put (Direct PUT). */
  metricIncomingRecords(opts?: MetricOptions): MetricDescription;
  /** `IncomingBytes` (Sum): bytes producers put (Direct PUT). */
  metricIncomingBytes(opts?: MetricOptions): MetricDescription;
  /** `ThrottledRecords` (Sum): records refused over the stream's per-second limits. */
  metricThrottledRecords(opts?: MetricOptions): MetricDescription;
}

/** The `AWS/Firehose` metric helpers shared by created and imported streams. */
function firehoseMetric(streamName: string, metricName: string, statistic: MetricDescription["statistic"] & string, opts?: MetricOptions): MetricDescription {
  return describeMetric("AWS/Firehose", metricName, { DeliveryStreamName: streamName }, statistic, opts);
}

/** Grants PutRecord/PutRecordBatch on `streamArn` (and the SSE key) to `role`, and reports what was granted. */
function grantPut(role: IRoleLike, streamArn: string, sseKmsKeyArn: string | undefined): GrantResult {
  const put: PolicyStatement = { sid: "PutRecordsToDeliveryStream", actions: ["firehose:PutRecord", "firehose:PutRecordBatch"], resources: [streamArn] };
  if (!role.addToPolicy(put)) return { success: false, statements: [] };
  const statements = [put];
  if (sseKmsKeyArn) {
    const kms: PolicyStatement = { sid: "EncryptRecordsForDeliveryStream", actions: ["kms:GenerateDataKey", "kms:Decrypt"], resources: [sseKmsKeyArn] };
    role.addToPolicy(kms);
    statements.push(kms);
  }
  const policy = (role as { policy?: unknown }).policy;
  return { success: true, statements, policy: policy instanceof IamRolePolicy ? policy : undefined };
}

/** Where an imported stream lives, for {@link FirehoseDeliveryStream.fromDeliveryStreamName}. */
export interface DeliveryStreamImportProps {
  /** AWS Region code, e.g. `eu-west-1` (rule A3). */
  readonly region: string;
  /** 12-digit account id (rule A1). */
  readonly accountId: string;
  /** @default "aws" */
  readonly partition?: string;
  /** The stream's customer-managed SSE key ARN, when it has one: `grantPutRecords` then grants it too. */
  readonly sseKmsKeyArn?: string;
}

const FIREHOSE_STREAM_ARN = new RegExp(`^arn:(aws[a-z-]*):firehose:([a-z0-9-]+):(\\d{12}):deliverystream/(.+)$`);

/**
 * What a delivery stream created here and one imported by name or ARN share: the put grant and the metric helpers.
 * Subclasses say which literal name the metrics' `DeliveryStreamName` dimension carries.
 */
export abstract class DeliveryStreamBase extends Construct implements IDeliveryStreamRef {
  public abstract readonly streamName: string;
  public abstract readonly streamArn: string;
  public abstract readonly sseKmsKeyArn?: string;
  /** The stream's name as a literal, for metric dimensions (a created stream's `streamName` is a reference). */
  protected abstract readonly metricStreamName: string;

  /**
   * Allows `role` to put records into this stream only. With a customer-managed SSE key, also `kms:GenerateDataKey`
   * and `kms:Decrypt` on that key: Firehose requires them of PutRecord/PutRecordBatch callers on streams created
   * from 2026-04-20 on.
   */
  public grantPutRecords(role: IRoleLike): GrantResult {
    return grantPut(role, this.streamArn, this.sseKmsKeyArn);
  }

  /** Any `AWS/Firehose` metric of this stream, dimension `DeliveryStreamName`. @default statistic Sum, period 300 s */
  public metric(metricName: string, opts?: MetricOptions): MetricDescription {
    return firehoseMetric(this.metricStreamName, metricName, "Sum", opts);
  }

  /** `IncomingRecords` (Sum): records producers put (Direct PUT). */
  public metricIncomingRecords(opts?: MetricOptions): MetricDescription {
    return this.metric("IncomingRecords", opts);
  }

  /** `IncomingBytes` (Sum): bytes producers put (Direct PUT). */
  public metricIncomingBytes(opts?: MetricOptions): MetricDescription {
    return this.metric("IncomingBytes", opts);
  }

  /** `ThrottledRecords` (Sum): records refused over the stream's per-second limits (Direct PUT). */
  public metricThrottledRecords(opts?: MetricOptions): MetricDescription {
    return this.metric("ThrottledRecords", opts);
  }
}

/** A delivery stream created elsewhere: grants and metrics on it, no resource created. */
class ImportedDeliveryStream extends DeliveryStreamBase {
  constructor(
    scope: Construct,
    id: string,
    public readonly streamName: string,
    public readonly streamArn: string,
    public readonly sseKmsKeyArn: string | undefined,
  ) {
    super(scope, id);
  }

  protected get metricStreamName(): string {
    return this.streamName;
  }
}

/** Server-side encryption of data at rest inside Firehose (Direct PUT sources only, rule S2). */
export type StreamEncryption =
  | { readonly type: "AWS_OWNED" }
  | { readonly type: "CUSTOMER_MANAGED"; readonly keyArn: string }
  | { readonly type: "NONE" };

export interface StreamLoggingProps {
  /** @default true */
  readonly enabled?: boolean;
  /** One of the CloudWatch Logs retention values. @default 30 */
  readonly retentionDays?: number;
  /** KMS key for the log group (its key policy must allow logs.<region>.amazonaws.com). @default AWS-managed encryption */
  readonly kmsKeyArn?: string;
}

export interface FirehoseDeliveryStreamProps {
  /** Stream name: 1-64 of `[a-zA-Z0-9_.-]` (rule N-FIREHOSE). Changing it replaces the stream. */
  readonly name: string;
  /** @default DirectPutSource */
  readonly source?: ISource;
  readonly destination: IDestination;
  /**
   * Server-side encryption. Refused with a Kinesis or MSK source (encrypt the source instead).
   * The switch `"customer-managed"` puts a customer-managed key (`encryptionKey`, or one created) on the stream's
   * SSE when it is Direct PUT (other sources are encrypted at their source) and on its log group; `"aws-owned"`
   * keeps the defaults.
   * @default AWS_OWNED for Direct PUT, none for other sources
   */
  readonly encryption?: StreamEncryption | EncryptionChoice;
  /**
   * The key of `encryption: "customer-managed"`. With an explicit `encryption` object (SSE set by you), it encrypts
   * the log group only. @default with "customer-managed", a {@link PipelineKey} created for this stream
   */
  readonly encryptionKey?: EncryptionKeyRef;
  /** Error logging to `/aws/kinesisfirehose/<name>`. @default enabled, 30 days */
  readonly logging?: StreamLoggingProps;
  /**
   * Use this role instead of creating one. With `roleName`, the grants are attached to it as an inline policy;
   * without it you own its permissions.
   */
  readonly role?: { readonly roleArn: string; readonly roleName?: string };
  /** Name of the created role. @default `<name>-firehose` */
  readonly roleName?: string;
  /** Account id: when given, the role trusts Firehose only on behalf of this account (confused-deputy guard). */
  readonly accountId?: string;
  readonly tags?: Record<string, string>;
}

/** The `encryption` prop's fields for the server-side encryption rules (S2, S3) shared with the rendered stream. */
const SSE_PROP_FIELDS: ServerSideEncryptionFields = {
  enabled: "encryption",
  keyType: "encryption.type",
  keyArn: "encryption.keyArn",
  keyTypes: ["AWS_OWNED", "CUSTOMER_MANAGED", "NONE"],
  awsOwned: "AWS_OWNED",
  customerManaged: "CUSTOMER_MANAGED",
};

/**
 * An Amazon Data Firehose delivery stream with its role, error logging and encryption, validated at synth against
 * the rules AWS otherwise enforces only at apply time.
 */
export class FirehoseDeliveryStream extends DeliveryStreamBase implements IMonitorable {
  /**
   * An existing delivery stream by name, in `region` and `accountId` (its ARN is built from them): grant producers on
   * it and read its metrics. Nothing is created. The name (rule N-FIREHOSE), region (A3), account (A1) and partition
   * (A4) are checked at synth.
   */
  public static fromDeliveryStreamName(scope: Construct, id: string, name: string, props: DeliveryStreamImportProps): IDeliveryStreamRef {
    const v = new Validator(scope);
    v.required(name, "name", "string", "the delivery stream name");
    validateStreamName(v, name);
    if (v.required(props, "props", "object", "{ region, accountId }")) {
      v.required(props.region, "region", "string", "the Region of the stream");
      v.required(props.accountId, "accountId", "string", "the account of the stream");
      v.pattern(props.region, Patterns.REGION, "region", "A3", "AWS Region");
      v.pattern(props.accountId, Patterns.ACCOUNT_ID, "accountId", "A1", "account id");
      v.pattern(props.partition, Patterns.PARTITION_NAME, "partition", "A4", "partition");
      v.pattern(props.sseKmsKeyArn, Patterns.KMS_KEY_OR_ALIAS_ARN, "sseKmsKeyArn", "A2", "KMS key ARN");
    }
    v.throwIfErrors();
    const arn = `arn:${props.partition ?? "aws"}:firehose:${props.region}:${props.accountId}:deliverystream/${name}`;
    return new ImportedDeliveryStream(scope, id, name, arn, props.sseKmsKeyArn);
  }

  /**
   * An existing delivery stream by ARN (`arn:aws:firehose:<region>:<account>:deliverystream/<name>`, rule A2; the
   * name part, rule N-FIREHOSE). Nothing is created.
   */
  public static fromDeliveryStreamArn(scope: Construct, id: string, arn: string, opts: { readonly sseKmsKeyArn?: string } = {}): IDeliveryStreamRef {
    const v = new Validator(scope);
    let name = "";
    if (v.required(arn, "arn", "string", "the delivery stream ARN")) {
      if (isUnresolved(arn)) {
        v.error("arn", "A2", "must be a literal ARN: the stream name (the metrics' dimension) is read from it", arn);
      } else {
        const m = FIREHOSE_STREAM_ARN.exec(arn);
        if (!m) v.error("arn", "A2", "must be a delivery stream ARN arn:aws:firehose:<region>:<account>:deliverystream/<name>", arn);
        else {
          name = m[4];
          validateStreamName(v, name, "arn");
        }
      }
    }
    v.pattern(opts.sseKmsKeyArn, Patterns.KMS_KEY_OR_ALIAS_ARN, "sseKmsKeyArn", "A2", "KMS key ARN");
    v.throwIfErrors();
    return new ImportedDeliveryStream(scope, id, name, arn, opts.sseKmsKeyArn);
  }

  public readonly stream: KinesisFirehoseDeliveryStream;
  /** The stream's name as a Terraform reference (use it to create dependencies). */
  public readonly streamName: string;
  /** The name as given in props (a literal unless you passed a token). */
  public readonly physicalName: string;
  public readonly streamArn: string;
  /** The role Firehose assumes (created or imported). */
  public readonly role: IRoleLike;
  /** The created role, when this construct created it. */
  public readonly serviceRole?: ServiceRole;
  public readonly logGroup?: CloudwatchLogGroup;
  /** The key of `encryption: "customer-managed"` (SSE of a Direct PUT stream and the log group). */
  public readonly encryptionKey?: EncryptionKeyRef;
  public readonly sourceKind: SourceKind;
  public readonly destinationInfo: DestinationInfo;
  /** `destination` argument of the resource (`extended_s3`, `opensearch`, ...). */
  public readonly destinationType: string;
  /**
   * Whether the stream ends every record with a newline (an `AppendDelimiterToRecord` processor on an extended S3
   * destination): `true`/`false` when known at synth, undefined for other destinations or a processor list given as a token.
   */
  public readonly appendsRecordDelimiter?: boolean;
  /**
   * The customer-managed key of the stream's server-side encryption, when it has one. Producers calling
   * PutRecord/PutRecordBatch need `kms:GenerateDataKey` and `kms:Decrypt` on it ({@link grantPutRecords} adds them).
   */
  public readonly sseKmsKeyArn?: string;

  constructor(scope: Construct, id: string, props: FirehoseDeliveryStreamProps) {
    super(scope, id);
    RenderedChecks.enable(this);
    // Validate everything before creating anything (plain JavaScript callers may omit required props).
    const v = new Validator(this);
    requireProps(v, props);
    this.physicalName = props.name;
    const sourceGiven = props.source === undefined || isPart(v, props.source, "source", "validate", "a source (new KinesisStreamSource(...), new MskSource(...))");
    const source = sourceGiven && props.source ? props.source : new DirectPutSource();
    this.sourceKind = source.kind;

    v.required(props.name, "name", "string", "the delivery stream name");
    validateStreamName(v, props.name);
    v.deliveryStream = { name: props.name, sourceKind: source.kind, sourceStreamArn: source instanceof KinesisStreamSource ? source.props?.streamArn : undefined };
    source.validate(v, "source");
    if (isPart(v, props.destination, "destination", "validate", "a destination (new ExtendedS3Destination(...), new OpenSearchDestination(...), ...)")) {
      props.destination.validate({ validator: v, path: "destination", source: source.kind });
    }
    const choice = typeof props.encryption === "string" ? props.encryption : undefined;
    const explicitSse = props.encryption !== undefined && typeof props.encryption === "object";
    if (typeof props.encryption === "string" || props.encryptionKey !== undefined) {
      validateEncryptionChoice(v, "encryption", explicitSse ? "customer-managed" : choice, props.encryptionKey, "encryptionKey");
    }
    let encryption = choice === undefined ? validateStreamEncryption(v, props as FirehoseDeliveryStreamProps & { encryption?: StreamEncryption }, source.kind) : undefined;
    validateLogRetention(v, props.logging?.retentionDays, "logging.retentionDays");
    if (props.role) v.pattern(props.role.roleArn, Patterns.IAM_ROLE_ARN, "role.roleArn", "A2", "role ARN");
    if (props.role && props.roleName) v.error("roleName", "X1", "give either role (existing) or roleName (created), not both", props.roleName);
    if (props.accountId !== undefined) v.pattern(props.accountId, Patterns.ACCOUNT_ID, "accountId", "A1", "account id");
    const registry = checkUniqueName(v, this, props.name);
    v.throwIfErrors();
    registry?.push(this);

    let grantsPolicy: IamRolePolicy | undefined;
    if (props.role) {
      const existing = new ExistingRole(this, "Role", { roleArn: props.role.roleArn, roleName: props.role.roleName, policyName: `${props.name}-firehose` });
      this.role = existing;
      grantsPolicy = existing.policy;
    } else {
      this.serviceRole = new ServiceRole(this, "Role", {
        name: props.roleName ?? `${props.name}-firehose`.slice(0, 64),
        service: "firehose.amazonaws.com",
        description: `Delivery role of Firehose stream ${props.name}`,
        trustConditions: props.accountId ? { StringEquals: { "sts:ExternalId": props.accountId } } : undefined,
      });
      this.role = this.serviceRole;
      grantsPolicy = this.serviceRole.policy;
    }

    const key = explicitSse
      ? props.encryptionKey
      : resolveEncryptionKey(this, { encryption: choice, encryptionKey: props.encryptionKey }, `Encrypts Firehose stream ${props.name} and its logs`, { accountId: props.accountId, tags: props.tags });
    this.encryptionKey = key;
    if (key && !explicitSse && source.kind === "DirectPut") encryption = { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: key.keyArn };
    this.sseKmsKeyArn = encryption?.keyType === "CUSTOMER_MANAGED_CMK" ? encryption.keyArn : undefined;

    let logging: LoggingTarget | undefined;
    if (props.logging?.enabled !== false) {
      const logKey = props.logging?.kmsKeyArn ?? key?.keyArn;
      this.logGroup = new CloudwatchLogGroup(this, "LogGroup", {
        name: `/aws/kinesisfirehose/${props.name}`,
        retentionInDays: props.logging?.retentionDays ?? 30,
        kmsKeyId: logKey,
        tags: props.tags,
        // CloudWatch Logs checks the key policy when the group is associated with the key.
        dependsOn: props.logging?.kmsKeyArn === undefined && key?.dependables?.length ? key.dependables : undefined,
      });
      logging = new StreamLoggingTarget(this, this.logGroup.name, this.logGroup.arn, this.role);
    }

    const sourceBinding = source.bind(this.role);
    const binding = props.destination.bind(this, { role: this.role, streamName: props.name, source: source.kind, logging });
    this.destinationInfo = binding.info;
    this.destinationType = binding.destination;
    this.appendsRecordDelimiter = appendsRecordDelimiter(binding.destination, binding.config.extendedS3Configuration?.processingConfiguration);

    this.stream = new KinesisFirehoseDeliveryStream(this, "Stream", {
      name: props.name,
      destination: binding.destination,
      ...binding.config,
      ...sourceBinding,
      serverSideEncryption: encryption,
      tags: props.tags,
      // Firehose checks its permissions when the stream is created: the policy we attach must exist first, on a
      // created role and on a given one alike.
      dependsOn: grantsPolicy ? [grantsPolicy] : undefined,
    });
    this.streamName = this.stream.name;
    this.streamArn = this.stream.arn;
  }

  /** Monitoring watches this stream: alarms chosen by its destination's facts, source and features. */
  public monitoringTargets(): MonitoringTarget[] {
    return [{ type: "deliveryStream", stream: this }];
  }

  /** Metrics name the stream given in props (a literal, unlike {@link streamName}). */
  protected get metricStreamName(): string {
    return this.physicalName;
  }

  /** `DeliveryTo<kind>.Success` (Average), the destination's delivery success ratio. */
  public metricDeliverySuccess(opts?: MetricOptions): MetricDescription {
    return this.metric(`${deliveryMetricPrefix(this.destinationInfo)}.Success`, { statistic: "Average", ...opts });
  }

  /**
   * The destination's data freshness (Maximum, seconds): the metric its destination declares (e.g. Redshift's
   * `DeliveryToS3.DataFreshness`), else `DeliveryTo<kind>.DataFreshness`.
   */
  public metricDataFreshness(opts?: MetricOptions): MetricDescription {
    return this.metric(freshnessMetricName(this.destinationInfo), { statistic: "Maximum", ...opts });
  }

}

/** A required part given as an object with the method `method` (a destination, a source). */
function isPart(v: Validator, value: unknown, path: string, method: string, what: string): boolean {
  if (!v.required(value, path, "object", what)) return false;
  if (typeof (value as Record<string, unknown>)[method] !== "function") {
    v.error(path, "X2", `must be ${what}, not a plain object`, value);
    return false;
  }
  return true;
}

/** Delivery streams created so far in each app (keyed by the root construct). */
const STREAMS_BY_APP = new WeakMap<IConstruct, FirehoseDeliveryStream[]>();

/** Where a stream is deployed: its stack, and the region and account of the stack's default AWS provider when literal. */
function placementOf(s: FirehoseDeliveryStream): StreamPlacement {
  const stack = TerraformStack.of(s);
  const provider = stack.node.findAll().find((x): x is AwsProvider => x instanceof AwsProvider && !x.alias);
  const region = provider?.region;
  const accounts = provider?.allowedAccountIds;
  return {
    name: s.physicalName,
    label: s.node.path,
    group: stack,
    groupName: `stack ${stack.node.id} of the same app`,
    region: region !== undefined && !isUnresolved(region) ? region : undefined,
    account: accounts?.length === 1 && !isUnresolved(accounts[0]) ? accounts[0] : undefined,
  };
}

/**
 * Rule N-FIREHOSE-UNIQUE across the streams of one app (see {@link validateUniqueStreamName}): refused in one stack,
 * and across stacks unless their providers name different regions or accounts. Returns the app's list to register in.
 */
function checkUniqueName(v: Validator, self: FirehoseDeliveryStream, name: string): FirehoseDeliveryStream[] | undefined {
  if (typeof name !== "string" || isUnresolved(name)) return undefined;
  const root = self.node.root;
  let streams = STREAMS_BY_APP.get(root);
  if (!streams) STREAMS_BY_APP.set(root, (streams = []));
  const twins = streams.filter((s) => s.physicalName === name);
  if (twins.length > 0) validateUniqueStreamName(v, "name", { ...placementOf(self), name }, twins.map(placementOf), "the same stack");
  return streams;
}

/** See `FirehoseDeliveryStream.appendsRecordDelimiter`. */
function appendsRecordDelimiter(destination: string, processing: unknown): boolean | undefined {
  if (destination !== "extended_s3") return undefined;
  if (processing === undefined) return false;
  const processors = (processing as { processors?: unknown }).processors;
  if (isUnresolved(processing) || !Array.isArray(processors)) return undefined;
  return processors.some((x: { type?: string }) => x.type === "AppendDelimiterToRecord");
}

/**
 * Checks a stream's server-side encryption props (rules S2, S3) and returns the rendered setting. Constructs that
 * build a stream from their own props call it up front, so its problems come with theirs.
 */
export function validateStreamEncryption(v: Validator, props: { encryption?: StreamEncryption }, kind: SourceKind) {
  const enc = props.encryption;
  if (enc !== undefined) {
    const keyArn = (enc as { keyArn?: string }).keyArn;
    validateServerSideEncryption(
      v,
      { enabled: enc.type !== "NONE", keyType: enc.type, keyTypeGiven: true, keyArn, keyArnGiven: keyArn !== undefined, received: enc },
      kind,
      SSE_PROP_FIELDS,
    );
  }
  const effective = enc ?? (kind === "DirectPut" ? { type: "AWS_OWNED" as const } : { type: "NONE" as const });
  if (effective.type === "NONE") return undefined;
  return {
    enabled: true,
    keyType: effective.type === "AWS_OWNED" ? "AWS_OWNED_CMK" : "CUSTOMER_MANAGED_CMK",
    keyArn: effective.type === "CUSTOMER_MANAGED" ? effective.keyArn : undefined,
  };
}
