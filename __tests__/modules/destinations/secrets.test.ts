import { ServiceRole } from "../../../modules/core/iam";
import { Validator } from "../../../modules/core/validation";
import { bindDestinationSecret, bindSecret, CredentialSpec, isSecretRef, secretDescription, validateCredentials, validateSecretSource } from "../../../modules/destinations/secrets";
import { onlyPolicyStatements } from "../../helpers/iam";
import { onlyResource, resourcesOf, synthJson, testStack } from "../../helpers/stack";

type Res = Record<string, unknown>;
const SECRET = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:firehose/warehouse-AbCdEf";
const KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const SPEC: CredentialSpec = { destination: "Redshift", secretKeys: ["username", "password"], plaintextProp: "password", allowProp: "allowPlaintextPassword", rule: "REDSHIFT", required: true, terraformPlaintext: ["username", "password"] };

function problems(fn: (v: Validator) => void): { errors: string[]; warnings: string[] } {
  const v = new Validator(undefined, "p");
  fn(v);
  return { errors: v.problems.map((p) => `${p.propertyPath} ${p.rule} ${p.message}`), warnings: v.warnings.map((p) => `${p.propertyPath} ${p.rule}`) };
}

describe("validateCredentials", () => {
  test("a secret alone is fine; plaintext needs the explicit opt-in and then warns; both together are refused", () => {
    expect(problems((v) => validateCredentials(v, "d", SPEC, { secret: { secretArn: SECRET } }))).toEqual({ errors: [], warnings: [] });
    expect(problems((v) => validateCredentials(v, "d", SPEC, { plaintext: "pw", allowPlaintext: true }))).toEqual({ errors: [], warnings: ["d.password REDSHIFT"] });
    const refused = problems((v) => validateCredentials(v, "d", SPEC, { plaintext: "pw" }));
    expect(refused.errors).toEqual([expect.stringContaining("d.password REDSHIFT a plaintext password ends up in Terraform state")]);
    expect(problems((v) => validateCredentials(v, "d", SPEC, { plaintext: "pw", secret: {} })).errors).toEqual([
      "d.password REDSHIFT give either secret (Secrets Manager) or password, not both",
    ]);
  });

  test("no credential at all: refused when required, accepted when optional", () => {
    expect(problems((v) => validateCredentials(v, "d", SPEC, {})).errors).toEqual([
      'd.secret REDSHIFT Redshift needs credentials: pass secret ({ secretArn } of a secret holding "username", "password", or {} to create one)',
    ]);
    expect(problems((v) => validateCredentials(v, "d", { ...SPEC, required: false }, {})).errors).toEqual([]);
  });

  test("a plaintext credential is never echoed in a problem", () => {
    const v = new Validator(undefined, "p");
    validateCredentials(v, "d", SPEC, { plaintext: "hunter2" });
    expect(JSON.stringify(v.problems)).not.toContain("hunter2");
  });
});

describe("validateSecretSource", () => {
  test("a partial secret ARN (without the 6 random characters) and a malformed one are refused", () => {
    expect(problems((v) => validateSecretSource(v, "s", { secretArn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:firehose/warehouse" })).errors).toEqual([
      expect.stringContaining("s.secretArn SM give the complete secret ARN"),
    ]);
    expect(problems((v) => validateSecretSource(v, "s", { secretArn: "firehose/warehouse" })).errors).toEqual(["s.secretArn SM Secrets Manager secret ARN must be arn:aws:secretsmanager:<region>:<account>:secret:<name> (pattern ^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[a-zA-Z0-9\\-/_+=.@!]+$)"]);
    expect(problems((v) => validateSecretSource(v, "s", { secretArn: SECRET, kmsKeyArn: "alias/x" })).errors).toEqual(["s.kmsKeyArn SM KMS key ARN must be arn:aws:kms:<region>:<account>:key/<key id> (pattern ^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key\\/[a-zA-Z0-9-]+$)"]);
  });

  test("created secrets: name 1-512 of the allowed characters, recovery window 0 or 7-30 days", () => {
    expect(problems((v) => validateSecretSource(v, "s", { name: "firehose/ok_name+=.@-", recoveryWindowInDays: 0 })).errors).toEqual([]);
    expect(problems((v) => validateSecretSource(v, "s", { recoveryWindowInDays: 7 })).errors).toEqual([]);
    expect(problems((v) => validateSecretSource(v, "s", { name: "bad name!", recoveryWindowInDays: 3 })).errors).toEqual([
      "s.name SM secret name must be letters, digits or the characters / _ + = . @ - (pattern ^[a-zA-Z0-9/_+=.@-]+$)",
      expect.stringContaining("s.recoveryWindowInDays SM recovery window (0, or 7-30) must be an integer between 7 and 30 days"),
    ]);
    expect(problems((v) => validateSecretSource(v, "s", { name: "x".repeat(513) })).errors).toEqual([expect.stringContaining("s.name SM secret name must be 1-512 characters long, got 513")]);
  });
});

describe("bindSecret", () => {
  test("an existing secret: GetSecretValue on exactly it, kms:Decrypt on its key for that secret only", () => {
    const stack = testStack();
    const role = new ServiceRole(stack, "R", { name: "acme-role", service: "firehose.amazonaws.com" });
    const { config, created } = bindSecret(stack, role, { secretArn: SECRET, kmsKeyArn: KEY }, { name: "unused", description: "d" });
    expect(created).toBeUndefined();
    expect(config).toEqual({ enabled: true, secretArn: SECRET, roleArn: role.roleArn });
    const json = synthJson(stack);
    expect(resourcesOf(json, "aws_secretsmanager_secret")).toEqual([]);
    expect(onlyPolicyStatements(json)).toEqual([
      { Sid: "ReadDestinationSecret", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: SECRET },
      { Sid: "DecryptDestinationSecret", Effect: "Allow", Action: "kms:Decrypt", Resource: KEY, Condition: { StringEquals: { "kms:EncryptionContext:SecretARN": SECRET } } },
    ]);
  });

  test("props: an empty secret under a rotated customer-managed key with a sanitized alias, and no secret version", () => {
    const stack = testStack();
    const role = new ServiceRole(stack, "R", { name: "acme-role", service: "firehose.amazonaws.com" });
    const { created } = bindSecret(stack, role, { recoveryWindowInDays: 7 }, { name: "firehose/acme.orders/warehouse", description: secretDescription("Redshift", ["username", "password"], "acme.orders") });
    expect(created).toBeDefined();
    const json = synthJson(stack);
    const secret = onlyResource<Res>(json, "aws_secretsmanager_secret");
    expect(secret).toMatchObject({
      name: "firehose/acme.orders/warehouse",
      recovery_window_in_days: 7,
      description: 'Redshift credentials of Firehose stream acme.orders: JSON with "username", "password" (value set outside Terraform)',
    });
    expect(secret.kms_key_id).toMatch(/^\$\{aws_kms_key\..*\.arn\}$/);
    expect(onlyResource<Res>(json, "aws_kms_key")).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(onlyResource<Res>(json, "aws_kms_alias").name).toBe("alias/secrets/firehose/acme-orders/warehouse");
    expect(resourcesOf(json, "aws_secretsmanager_secret_version")).toEqual([]);
  });

  test("bindDestinationSecret: nothing without a secret; otherwise the default name firehose/<stream>/<slug>", () => {
    const stack = testStack();
    const role = new ServiceRole(stack, "R", { name: "acme-role", service: "firehose.amazonaws.com" });
    expect(bindDestinationSecret(stack, { role, streamName: "acme-orders" }, undefined, SPEC, "warehouse")).toEqual({});
    const bound = bindDestinationSecret(stack, { role, streamName: "acme-orders" }, {}, SPEC, "warehouse");
    expect(bound.config?.enabled).toBe(true);
    expect(onlyResource<Res>(synthJson(stack), "aws_secretsmanager_secret").name).toBe("firehose/acme-orders/warehouse");
  });

  test("isSecretRef tells a reference from props", () => {
    expect(isSecretRef({ secretArn: SECRET })).toBe(true);
    expect(isSecretRef({})).toBe(false);
    expect(isSecretRef({ name: "n" })).toBe(false);
  });
});
