import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KinesisFirehoseDeliveryStream } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { EncryptionChoice, EncryptionKeyRef, resolveEncryptionKey, validateEncryptionChoice } from "../core/encryption";
import { ExistingRole, IRoleLike, ServiceRole } from "../core/iam";
import { isUnresolved, requireProps, Validator } from "../core/validation";
import { DestinationInfo, IDestination } from "./destination";
import { LoggingTarget, StreamLoggingTarget } from "./private/logging";
import { DirectPutSource, ISource, KinesisStreamSource, SourceKind } from "./sources";
import { validateLogRetention, validateStreamName } from "./validation";
import { RenderedChecks } from "../checks/aspect";
import * as Patterns from "../core/patterns";

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

const VALID_ENCRYPTION = ["AWS_OWNED", "CUSTOMER_MANAGED", "NONE"];

/**
 * An Amazon Data Firehose delivery stream with its role, error logging and encryption, validated at synth against
 * the rules AWS otherwise enforces only at apply time.
 */
export class FirehoseDeliveryStream extends Construct {
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
    let encryption = choice === undefined ? this.validateEncryption(v, props as FirehoseDeliveryStreamProps & { encryption?: StreamEncryption }, source.kind) : undefined;
    validateLogRetention(v, props.logging?.retentionDays, "logging.retentionDays");
    if (props.role) v.pattern(props.role.roleArn, Patterns.IAM_ROLE_ARN.re, "role.roleArn", "A2", "role ARN (arn:aws:iam::<account>:role/<name>)");
    if (props.role && props.roleName) v.error("roleName", "X1", "give either role (existing) or roleName (created), not both", props.roleName);
    if (props.accountId !== undefined) v.pattern(props.accountId, Patterns.ACCOUNT_ID.re, "accountId", "A1", "account id");
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

  /**
   * Allows `role` to put records into this stream only. With a customer-managed SSE key, also `kms:GenerateDataKey`
   * and `kms:Decrypt` on that key: Firehose requires them of PutRecord/PutRecordBatch callers on streams created
   * from 2026-04-20 on.
   */
  public grantPutRecords(role: IRoleLike): boolean {
    const granted = role.addToPolicy({ sid: "PutRecordsToDeliveryStream", actions: ["firehose:PutRecord", "firehose:PutRecordBatch"], resources: [this.streamArn] });
    if (granted && this.sseKmsKeyArn) {
      role.addToPolicy({ sid: "EncryptRecordsForDeliveryStream", actions: ["kms:GenerateDataKey", "kms:Decrypt"], resources: [this.sseKmsKeyArn] });
    }
    return granted;
  }

  private validateEncryption(v: Validator, props: { encryption?: StreamEncryption }, kind: SourceKind) {
    const enc = props.encryption;
    if (enc !== undefined) {
      v.oneOf(enc.type, VALID_ENCRYPTION, "encryption.type", "S3", "encryption type");
      if (enc.type !== "NONE" && kind !== "DirectPut") {
        v.error("encryption", "S2", `server-side encryption is only available for Direct PUT streams; encrypt the source instead (source is ${kind})`, enc);
      }
      if (enc.type === "CUSTOMER_MANAGED") {
        v.require(!!enc.keyArn, "encryption.keyArn", "S3", "CUSTOMER_MANAGED encryption needs keyArn", enc.keyArn);
        if (enc.keyArn && !isUnresolved(enc.keyArn)) {
          v.pattern(enc.keyArn, Patterns.KMS_KEY_OR_ALIAS_ARN.re, "encryption.keyArn", "S3", "KMS key ARN");
        }
      }
    }
    const effective = enc ?? (kind === "DirectPut" ? { type: "AWS_OWNED" as const } : { type: "NONE" as const });
    if (effective.type === "NONE") return undefined;
    return {
      enabled: true,
      keyType: effective.type === "AWS_OWNED" ? "AWS_OWNED_CMK" : "CUSTOMER_MANAGED_CMK",
      keyArn: effective.type === "CUSTOMER_MANAGED" ? effective.keyArn : undefined,
    };
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

/** Region and account of a stack's default AWS provider, when they are literals. */
function deploymentOf(c: IConstruct): { stack: TerraformStack; region?: string; account?: string } {
  const stack = TerraformStack.of(c);
  const provider = stack.node.findAll().find((x): x is AwsProvider => x instanceof AwsProvider && !x.alias);
  const region = provider?.region;
  const accounts = provider?.allowedAccountIds;
  return {
    stack,
    region: region !== undefined && !isUnresolved(region) ? region : undefined,
    account: accounts?.length === 1 && !isUnresolved(accounts[0]) ? accounts[0] : undefined,
  };
}

/**
 * Firehose stream names are unique per account and region: a second stream of the same name fails at apply
 * (ResourceInUseException), or worse, two stacks fight over one stream. Refused in one stack, and across the stacks of
 * one app unless their providers name different regions or accounts. Returns the app's list to register in.
 */
function checkUniqueName(v: Validator, self: FirehoseDeliveryStream, name: string): FirehoseDeliveryStream[] | undefined {
  if (typeof name !== "string" || isUnresolved(name)) return undefined;
  const root = self.node.root;
  let streams = STREAMS_BY_APP.get(root);
  if (!streams) STREAMS_BY_APP.set(root, (streams = []));
  const twins = streams.filter((s) => s.physicalName === name);
  if (twins.length === 0) return streams;
  const here = deploymentOf(self);
  for (const other of twins) {
    const there = deploymentOf(other);
    if (there.stack === here.stack) {
      v.error("name", "N-FIREHOSE-UNIQUE", `delivery stream name "${name}" is already used by ${other.node.path} in the same stack; names are unique per account and region`, name);
      return streams;
    }
    const differentRegion = here.region !== undefined && there.region !== undefined && here.region !== there.region;
    const differentAccount = here.account !== undefined && there.account !== undefined && here.account !== there.account;
    if (!differentRegion && !differentAccount) {
      v.error(
        "name",
        "N-FIREHOSE-UNIQUE",
        `delivery stream name "${name}" is already used by ${other.node.path} in stack ${there.stack.node.id} of the same app, with ${here.region && here.region === there.region ? `the same region ${here.region}` : "no region that tells them apart"} and ${here.account && here.account === there.account ? `the same account ${here.account}` : "no account that tells them apart"}; names are unique per account and region`,
        name,
      );
      return streams;
    }
  }
  return streams;
}
