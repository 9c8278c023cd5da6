import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { KinesisFirehoseDeliveryStream } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import { Construct } from "constructs";
import { ExistingRole, IRoleLike, ServiceRole } from "../core/iam";
import { isUnresolved, Validator } from "../core/validation";
import { DestinationInfo, IDestination } from "./destination";
import { LoggingTarget } from "./logging";
import { DirectPutSource, ISource, SourceKind } from "./sources";
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
   * @default AWS_OWNED for Direct PUT, none for other sources
   */
  readonly encryption?: StreamEncryption;
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
  public readonly sourceKind: SourceKind;
  public readonly destinationInfo: DestinationInfo;
  /** `destination` argument of the resource (`extended_s3`, `opensearch`, ...). */
  public readonly destinationType: string;

  constructor(scope: Construct, id: string, props: FirehoseDeliveryStreamProps) {
    super(scope, id);
    RenderedChecks.enable(this);
    this.physicalName = props.name;
    const source = props.source ?? new DirectPutSource();
    this.sourceKind = source.kind;

    // Validate everything before creating anything.
    const v = new Validator(this);
    validateStreamName(v, props.name);
    source.validate(v, "source");
    props.destination.validate({ validator: v, path: "destination", source: source.kind });
    const encryption = this.validateEncryption(v, props, source.kind);
    validateLogRetention(v, props.logging?.retentionDays, "logging.retentionDays");
    if (props.role) v.pattern(props.role.roleArn, Patterns.IAM_ROLE_ARN.re, "role.roleArn", "A2", "role ARN (arn:aws:iam::<account>:role/<name>)");
    if (props.role && props.roleName) v.error("roleName", "X1", "give either role (existing) or roleName (created), not both", props.roleName);
    if (props.accountId !== undefined) v.pattern(props.accountId, Patterns.ACCOUNT_ID.re, "accountId", "A1", "account id");
    v.throwIfErrors();

    if (props.role) {
      this.role = new ExistingRole(this, "Role", { roleArn: props.role.roleArn, roleName: props.role.roleName, policyName: `${props.name}-firehose` });
    } else {
      this.serviceRole = new ServiceRole(this, "Role", {
        name: props.roleName ?? `${props.name}-firehose`.slice(0, 64),
        service: "firehose.amazonaws.com",
        description: `Delivery role of Firehose stream ${props.name}`,
        trustConditions: props.accountId ? { StringEquals: { "sts:ExternalId": props.accountId } } : undefined,
      });
      this.role = this.serviceRole;
    }

    let logging: LoggingTarget | undefined;
    if (props.logging?.enabled !== false) {
      this.logGroup = new CloudwatchLogGroup(this, "LogGroup", {
        name: `/aws/kinesisfirehose/${props.name}`,
        retentionInDays: props.logging?.retentionDays ?? 30,
        kmsKeyId: props.logging?.kmsKeyArn,
        tags: props.tags,
      });
      logging = new LoggingTarget(this, this.logGroup.name, this.logGroup.arn, this.role);
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
      // Firehose checks its permissions when the stream is created: the policy must exist first.
      dependsOn: this.serviceRole ? [this.serviceRole.policy] : undefined,
    });
    this.streamName = this.stream.name;
    this.streamArn = this.stream.arn;
  }

  /** Allows `role` to put records into this stream only. */
  public grantPutRecords(role: IRoleLike): boolean {
    return role.addToPolicy({ sid: "PutRecordsToDeliveryStream", actions: ["firehose:PutRecord", "firehose:PutRecordBatch"], resources: [this.streamArn] });
  }

  private validateEncryption(v: Validator, props: FirehoseDeliveryStreamProps, kind: SourceKind) {
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
