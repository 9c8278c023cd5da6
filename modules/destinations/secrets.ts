/**
 * Credentials of the Redshift, HTTP endpoint and Splunk destinations, kept out of Terraform state: Firehose reads
 * them from AWS Secrets Manager (`secrets_manager_configuration`, rule SM). The secret is either
 * referenced by ARN or created here as an empty, KMS-encrypted secret whose value you put yourself, e.g.
 *
 *   aws secretsmanager put-secret-value --secret-id <arn> --secret-string '{"username":"firehose","password":"..."}'
 *
 * Terraform never sees the value, so it is in neither the plan, the state nor the synthesized JSON.
 * Note: `secrets_manager_configuration.enabled` is ForceNew in provider 5.100.0: switching a
 * stream between plaintext credentials and Secrets Manager replaces it.
 */
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { Construct } from "constructs";
import { kmsAliasName } from "../core/naming";
import { IRoleLike } from "../core/iam";
import { isUnresolved, Validator } from "../core/validation";
import * as Patterns from "../core/patterns";

/** An existing secret. */
export interface SecretRef {
  /** `arn:aws:secretsmanager:<region>:<account>:secret:<name>-<suffix>`, same region as the stream. */
  readonly secretArn: string;
  /** Customer-managed key encrypting the secret: the role gets kms:Decrypt on it. @default the AWS-managed key */
  readonly kmsKeyArn?: string;
}

/** Props of a secret created for a destination (its value is put outside Terraform). */
export interface DestinationSecretProps {
  /** Secret name, 1-512 of `[a-zA-Z0-9/_+=.@-]`. @default `firehose/<stream name>/<destination>` */
  readonly name?: string;
  /** Use this customer-managed key instead of creating one (key ARN). */
  readonly kmsKeyArn?: string;
  /** Days Secrets Manager keeps a deleted secret (0 = immediately, else 7-30). @default 30 */
  readonly recoveryWindowInDays?: number;
  readonly tags?: Record<string, string>;
}

/** Pass an existing secret (`{ secretArn }`) or props to create one (`{}` creates one with the default name). */
export type SecretSource = SecretRef | DestinationSecretProps;

export function isSecretRef(s: SecretSource): s is SecretRef {
  return (s as SecretRef).secretArn !== undefined;
}

const SECRET_ARN = Patterns.SECRET_ARN.re;
/**
 * A complete secret ARN ends in `-` and six random characters (CreateSecret: "The ARN includes the name of the secret
 * followed by six random characters"; a partial ARN omits them). IAM resources and the SecretARN encryption context
 * match the complete ARN only.
 */
const COMPLETE_SECRET_ARN = /:secret:.+-[A-Za-z0-9]{6}$/;

/** What a destination's secret must hold and how its plaintext fallback is called. */
export interface CredentialSpec {
  /** Destination name for messages, e.g. "Redshift". */
  readonly destination: string;
  /** JSON keys the secret value must contain (rule SM). */
  readonly secretKeys: string[];
  /** Prop name of the plaintext fallback, e.g. "password". */
  readonly plaintextProp: string;
  /** Prop name of the explicit opt-in, e.g. "allowPlaintextPassword". */
  readonly allowProp: string;
  /** Rule id of the messages. */
  readonly rule: string;
  /** True when the destination cannot work without a credential. */
  readonly required: boolean;
  /** The rendered block's plaintext credential attributes, all needed without a secret, e.g. `["username", "password"]`. */
  readonly terraformPlaintext: readonly string[];
}

/**
 * Where a destination's credentials are: the construct's `secret` prop and its plaintext prop, or the rendered block's
 * `secrets_manager_configuration` and plaintext attributes.
 */
export interface CredentialFields {
  readonly secret: string;
  readonly plaintext: readonly string[];
  /** Rendered Terraform: the plaintext attributes are the user's own configuration, with no opt-in prop. */
  readonly rendered: boolean;
}

/** The rendered block's credential fields of a destination. */
export function credentialTerraformFields(spec: CredentialSpec): CredentialFields {
  return { secret: "secrets_manager_configuration", plaintext: spec.terraformPlaintext, rendered: true };
}

/**
 * The destination's rule (REDSHIFT, SPLUNK): a destination that cannot work without credentials gets a secret, or
 * every plaintext credential. `given` says which are there (an unknown value counts as given); shared by the props
 * ({@link validateCredentials}) and the rendered block.
 */
export function validateCredentialsGiven(v: Validator, path: string, spec: CredentialSpec, given: { secret: boolean; plaintext: readonly boolean[] }, fields: CredentialFields): void {
  if (!spec.required || given.secret) return;
  const missing = fields.plaintext.findIndex((_, i) => !given.plaintext[i]);
  if (missing < 0) return;
  if (fields.rendered) {
    const names = fields.plaintext.join(" and ");
    v.error(`${path}.${fields.plaintext[missing]}`, spec.rule, `${spec.destination} needs credentials: give ${names}, or a ${fields.secret} with enabled = true`, undefined);
  } else {
    const keys = spec.secretKeys.map((k) => `"${k}"`).join(", ");
    v.error(`${path}.${fields.secret}`, spec.rule, `${spec.destination} needs credentials: pass ${fields.secret} ({ secretArn } of a secret holding ${keys}, or {} to create one)`, undefined);
  }
}

/**
 * Checks one destination's credentials: a secret (reference or props), or a plaintext value only with the explicit
 * opt-in (then a warning), never both.
 */
export function validateCredentials(
  v: Validator,
  path: string,
  spec: CredentialSpec,
  input: { secret?: SecretSource; plaintext?: string; allowPlaintext?: boolean },
): void {
  const { secret, plaintext, allowPlaintext } = input;
  if (secret !== undefined && plaintext !== undefined) {
    v.error(`${path}.${spec.plaintextProp}`, spec.rule, `give either secret (Secrets Manager) or ${spec.plaintextProp}, not both`, "(redacted)");
  }
  validateCredentialsGiven(v, path, spec, { secret: secret !== undefined, plaintext: [plaintext !== undefined] }, { secret: "secret", plaintext: [spec.plaintextProp], rendered: false });
  if (plaintext !== undefined && secret === undefined) {
    if (allowPlaintext !== true) {
      // The value is not echoed: it is a credential.
      v.error(
        `${path}.${spec.plaintextProp}`,
        spec.rule,
        `a plaintext ${spec.plaintextProp} ends up in Terraform state; use secret (Secrets Manager), or set ${spec.allowProp}: true to accept that`,
        "(redacted)",
      );
    } else {
      v.warn(`${path}.${spec.plaintextProp}`, spec.rule, `${spec.plaintextProp} is stored in plain text in Terraform state; prefer secret (Secrets Manager)`, "(redacted)");
    }
  }
  if (secret !== undefined) validateSecretSource(v, `${path}.secret`, secret);
}

/** Where a Secrets Manager configuration's fields are: a destination's `secret` prop, or the rendered block. */
export interface SecretsManagerFields {
  readonly secretArn: string;
  readonly roleArn: string;
}

const SECRET_PROP_FIELDS: SecretsManagerFields = { secretArn: "secretArn", roleArn: "roleArn" };
export const SECRET_TERRAFORM_FIELDS: SecretsManagerFields = { secretArn: "secret_arn", roleArn: "role_arn" };

/** The known values of a Secrets Manager configuration (undefined: not set, or not known) and what is set at all. */
export interface SecretsManagerValues {
  readonly enabled?: boolean;
  readonly secretArn?: string;
  readonly secretArnGiven: boolean;
  readonly roleArnGiven: boolean;
}

/**
 * Rule SM on a destination's Secrets Manager configuration (API SecretsManagerConfiguration): when enabled, a secret
 * ARN, and for destinations that need it (Splunk) the role. Shared by the destinations' `secret` props (their
 * rendered block is always enabled, with the stream's role) and the rendered `secrets_manager_configuration`.
 */
export function validateSecretsManagerConfiguration(v: Validator, path: string, values: SecretsManagerValues, opts: { needsRole?: boolean; fields?: SecretsManagerFields } = {}): void {
  if (values.enabled !== true) return;
  const f = opts.fields ?? SECRET_PROP_FIELDS;
  if (!values.secretArnGiven) v.error(`${path}.${f.secretArn}`, "SM", `an enabled Secrets Manager configuration needs ${f.secretArn}`, undefined);
  v.pattern(values.secretArn, Patterns.SECRET_ARN, `${path}.${f.secretArn}`, "SM", "Secrets Manager secret ARN");
  if (opts.needsRole && !values.roleArnGiven) v.error(`${path}.${f.roleArn}`, "SM", `the secret needs ${f.roleArn} for this destination`, undefined);
}

export function validateSecretSource(v: Validator, path: string, secret: SecretSource): void {
  if (isSecretRef(secret)) {
    // bindSecret renders an enabled configuration with the stream's role.
    validateSecretsManagerConfiguration(v, path, { enabled: true, secretArn: secret.secretArn, secretArnGiven: true, roleArnGiven: true });
    if (typeof secret.secretArn === "string" && !isUnresolved(secret.secretArn) && SECRET_ARN.test(secret.secretArn) && !COMPLETE_SECRET_ARN.test(secret.secretArn)) {
      v.error(
        `${path}.secretArn`,
        "SM",
        "give the complete secret ARN, ending in '-' and the 6 characters Secrets Manager appends: the role's secretsmanager:GetSecretValue grant and its kms:Decrypt condition (kms:EncryptionContext:SecretARN) name this exact ARN, which the secret's real ARN would not match",
        secret.secretArn,
      );
    }
    if (secret.kmsKeyArn !== undefined) v.pattern(secret.kmsKeyArn, Patterns.KMS_KEY_ARN, `${path}.kmsKeyArn`, "SM", "KMS key ARN");
    return;
  }
  if (secret.name !== undefined) {
    v.length(secret.name, 1, 512, `${path}.name`, "SM", "secret name");
    v.pattern(secret.name, Patterns.SECRET_NAME, `${path}.name`, "SM", "secret name");
  }
  if (secret.kmsKeyArn !== undefined) v.pattern(secret.kmsKeyArn, Patterns.KMS_KEY_ARN, `${path}.kmsKeyArn`, "SM", "KMS key ARN");
  const days = secret.recoveryWindowInDays;
  if (days !== undefined && !isUnresolved(days) && days !== 0) v.range(days, 7, 30, `${path}.recoveryWindowInDays`, "SM", "recovery window (0, or 7-30)", { unit: "days" });
}

/**
 * An empty Secrets Manager secret encrypted with a customer-managed key (created with rotation, or given). Terraform
 * creates no secret version: put the value yourself (see the module comment), so it never reaches Terraform state.
 */
export class DestinationSecret extends Construct implements SecretRef {
  public readonly secret: SecretsmanagerSecret;
  public readonly secretArn: string;
  public readonly kmsKeyArn: string;
  public readonly kmsKey?: KmsKey;

  constructor(scope: Construct, id: string, props: DestinationSecretProps & { readonly name: string; readonly description: string }) {
    super(scope, id);
    if (props.kmsKeyArn) {
      this.kmsKeyArn = props.kmsKeyArn;
    } else {
      this.kmsKey = new KmsKey(this, "Key", { description: `Encrypts secret ${props.name}`, enableKeyRotation: true, deletionWindowInDays: 30, tags: props.tags });
      new KmsAlias(this, "KeyAlias", { name: kmsAliasName("secrets", props.name), targetKeyId: this.kmsKey.keyId });
      this.kmsKeyArn = this.kmsKey.arn;
    }
    this.secret = new SecretsmanagerSecret(this, "Secret", {
      name: props.name,
      description: props.description,
      kmsKeyId: this.kmsKeyArn,
      recoveryWindowInDays: props.recoveryWindowInDays,
      tags: props.tags,
    });
    this.secretArn = this.secret.arn;
  }
}

/** The rendered `secrets_manager_configuration` block. */
export interface RenderedSecretsManagerConfiguration {
  readonly enabled: boolean;
  readonly secretArn: string;
  readonly roleArn: string;
}

/**
 * Resolves the secret (creating it under `scope` when given props), grants the role `secretsmanager:GetSecretValue`
 * on exactly that secret and `kms:Decrypt` on its key for that secret only, and renders the block. `role_arn` is
 * always set: Splunk requires it (API SecretsManagerConfiguration.RoleARN), the others accept it.
 */
export function bindSecret(
  scope: Construct,
  role: IRoleLike,
  secret: SecretSource,
  defaults: { name: string; description: string },
): { config: RenderedSecretsManagerConfiguration; ref: SecretRef; created?: DestinationSecret } {
  const created = isSecretRef(secret) ? undefined : new DestinationSecret(scope, "Secret", { ...secret, name: secret.name ?? defaults.name, description: defaults.description });
  const ref: SecretRef = created ?? (secret as SecretRef);
  role.addToPolicy({ sid: "ReadDestinationSecret", actions: ["secretsmanager:GetSecretValue"], resources: [ref.secretArn] });
  if (ref.kmsKeyArn) {
    role.addToPolicy({
      sid: "DecryptDestinationSecret",
      actions: ["kms:Decrypt"],
      resources: [ref.kmsKeyArn],
      // Secrets Manager encrypts with the secret ARN as encryption context: the key opens this secret only.
      conditions: { StringEquals: { "kms:EncryptionContext:SecretARN": ref.secretArn } },
    });
  }
  return { config: { enabled: true, secretArn: ref.secretArn, roleArn: role.roleArn }, ref, created };
}

/** Describes the JSON a secret must hold, for the created secret's description. */
export function secretDescription(destination: string, keys: string[], streamName: string): string {
  return `${destination} credentials of Firehose stream ${streamName}: JSON with ${keys.map((k) => `"${k}"`).join(", ")} (value set outside Terraform)`;
}

/**
 * `bindSecret` for a destination whose secret is optional: the default name is `firehose/<stream>/<slug>` and the
 * description lists the JSON keys of `spec`. Returns an empty object without a secret.
 */
export function bindDestinationSecret(
  scope: Construct,
  ctx: { readonly role: IRoleLike; readonly streamName: string },
  secret: SecretSource | undefined,
  spec: CredentialSpec,
  slug: string,
): { config?: RenderedSecretsManagerConfiguration; created?: DestinationSecret } {
  if (secret === undefined) return {};
  const bound = bindSecret(scope, ctx.role, secret, {
    name: `firehose/${ctx.streamName}/${slug}`,
    description: secretDescription(spec.destination, spec.secretKeys, ctx.streamName),
  });
  return { config: bound.config, created: bound.created };
}
