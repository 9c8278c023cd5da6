/**
 * The encryption switch: `encryption: "customer-managed"` puts a customer-managed KMS key on everything of a
 * pipeline that otherwise uses an AWS-owned or AWS-managed key (log groups, Lambda environment variables, Firehose
 * server-side encryption of Direct PUT streams, SQS dead-letter queues). Buckets, Kinesis data streams, the alarm
 * topic and OpenSearch domains already have their own customer-managed key in either mode.
 */
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { KmsKeyPolicy } from "@cdktf/provider-aws/lib/kms-key-policy";
import { Fn, ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { policyDocument, PolicyStatement } from "./iam";
import { isUnresolved, Validator } from "./validation";
import * as Patterns from "./patterns";

/**
 * - `customer-managed`: a KMS key you own (rotation on, 30-day deletion window, key policy scoped per service)
 *   encrypts log groups, Lambda environment variables, Direct PUT stream SSE and SQS queues.
 * - `aws-owned`: those use the service's own key (CloudWatch Logs encryption, `aws/lambda`, `AWS_OWNED_CMK`,
 *   SSE-SQS). Nothing else changes: buckets, Kinesis data streams, the alarm topic and OpenSearch domains keep the
 *   customer-managed key they always had.
 */
export type EncryptionChoice = "customer-managed" | "aws-owned";
export const ENCRYPTION_CHOICES: readonly EncryptionChoice[] = ["customer-managed", "aws-owned"];

/** A customer-managed key to share between constructs (a {@link PipelineKey}, or your own key). */
export interface EncryptionKeyRef {
  readonly keyArn: string;
  /**
   * What must exist before the key can be used (the key policy of a created key): a log group associated with a
   * key whose policy does not yet allow CloudWatch Logs fails to create.
   */
  readonly dependables?: ITerraformDependable[];
}

/** The switch as constructs take it. */
export interface EncryptionProps {
  /** @default "aws-owned" (see {@link EncryptionChoice}) */
  readonly encryption?: EncryptionChoice;
  /**
   * The key to use with `customer-managed`. A key you bring must allow what {@link PipelineKey} allows.
   * @default a {@link PipelineKey} created by the construct
   */
  readonly encryptionKey?: EncryptionKeyRef;
}

const KMS_KEY_ARN = Patterns.KMS_KEY_ARN;

export function validateEncryptionChoice(v: Validator, path: string, choice: unknown, key: EncryptionKeyRef | undefined, keyPath: string): void {
  if (choice !== undefined) v.oneOf(choice as EncryptionChoice, ENCRYPTION_CHOICES, path, "ENCRYPTION", "encryption");
  if (key !== undefined) {
    if (v.required(key, keyPath, "object", "the key ({ keyArn })") && v.required(key.keyArn, `${keyPath}.keyArn`, "string", "the KMS key ARN")) {
      v.pattern(key.keyArn, KMS_KEY_ARN, `${keyPath}.keyArn`, "ENCRYPTION", "KMS key ARN");
    }
    if (choice !== "customer-managed") v.error(keyPath, "ENCRYPTION", 'encryptionKey is used only with encryption: "customer-managed"', choice);
  }
}

export interface PipelineKeyProps {
  /** What the key encrypts (the key's description). */
  readonly description: string;
  /** Alias without `alias/`, e.g. `fhp-prod/pipelines`. @default none */
  readonly alias?: string;
  /** Account id; @default read from the key's own ARN (no data source, plans stay offline) */
  readonly accountId?: string;
  /** Region; @default read from the key's own ARN */
  readonly region?: string;
  readonly tags?: Record<string, string>;
}

/**
 * A customer-managed key with rotation, for one stack or one pipeline. Its policy:
 * - the account administers the key, which lets IAM policies grant it: the Firehose delivery role, the Lambda
 *   execution role and producers use it through their own policies (Firehose and Lambda also create KMS grants on
 *   behalf of the principal that configures them);
 * - CloudWatch Logs of this region may use it for this account's log groups only (the encryption-context condition
 *   of the CloudWatch Logs user guide, "Encrypt log data in CloudWatch Logs using AWS KMS");
 * - CloudWatch (alarm notifications to an encrypted SNS topic) and EventBridge (events to an encrypted SQS
 *   dead-letter queue) may generate data keys and decrypt, for this account only (`aws:SourceAccount`).
 */
export class PipelineKey extends Construct implements EncryptionKeyRef {
  public readonly key: KmsKey;
  public readonly policy: KmsKeyPolicy;
  public readonly keyArn: string;
  public readonly dependables: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: PipelineKeyProps) {
    super(scope, id);
    this.key = new KmsKey(this, "Key", { description: props.description, enableKeyRotation: true, deletionWindowInDays: 30, tags: props.tags });
    if (props.alias) new KmsAlias(this, "Alias", { name: `alias/${props.alias}`, targetKeyId: this.key.keyId });
    const arnPart = (i: number) => Fn.element(Fn.split(":", this.key.arn), i);
    const regionKnown = props.region !== undefined && !isUnresolved(props.region);
    const region = regionKnown ? props.region! : arnPart(3);
    const partition = regionKnown ? partitionOf(region) : arnPart(1);
    const account = props.accountId ?? arnPart(4);
    this.policy = new KmsKeyPolicy(this, "Policy", { keyId: this.key.keyId, policy: policyDocument(pipelineKeyStatements(partition, region, account)) });
    this.keyArn = this.key.arn;
    this.dependables = [this.policy];
  }
}

function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

function pipelineKeyStatements(partition: string, region: string, account: string): PolicyStatement[] {
  const sourceAccount = { StringEquals: { "aws:SourceAccount": account } };
  return [
    { sid: "AccountAdministers", actions: ["kms:*"], resources: ["*"], principals: { AWS: `arn:${partition}:iam::${account}:root` } },
    {
      sid: "CloudWatchLogsEncrypt",
      principals: { Service: `logs.${region}.amazonaws.com` },
      actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      resources: ["*"],
      conditions: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${region}:${account}:log-group:*` } },
    },
    { sid: "CloudWatchAlarmsToEncryptedTopic", principals: { Service: "cloudwatch.amazonaws.com" }, actions: ["kms:Decrypt", "kms:GenerateDataKey*"], resources: ["*"], conditions: sourceAccount },
    { sid: "EventBridgeToEncryptedQueue", principals: { Service: "events.amazonaws.com" }, actions: ["kms:Decrypt", "kms:GenerateDataKey*"], resources: ["*"], conditions: sourceAccount },
  ];
}

/**
 * The key a construct uses: the given one, a {@link PipelineKey} it creates under `scope` (id `EncryptionKey`), or
 * none with `aws-owned`.
 */
export function resolveEncryptionKey(scope: Construct, props: EncryptionProps, description: string, opts: { accountId?: string; tags?: Record<string, string> } = {}): EncryptionKeyRef | undefined {
  if (props.encryption !== "customer-managed") return undefined;
  return props.encryptionKey ?? new PipelineKey(scope, "EncryptionKey", { description, accountId: opts.accountId, tags: opts.tags });
}
