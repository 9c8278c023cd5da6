/**
 * The encryption switch at environment level: prod chooses customer-managed keys, dev and staging AWS-owned ones.
 * The prod stack is checked the way checkov checks four families (its terraform checks, re-implemented here since
 * checkov is not installed):
 * - CKV_AWS_158 (CloudWatchLogGroupKMSKey): every aws_cloudwatch_log_group has a non-empty kms_key_id.
 * - CKV_AWS_173 (LambdaEnvironmentEncryptionSettings): a function with an `environment` block has a non-empty
 *   kms_key_arn; a function without one must not set kms_key_arn.
 * - CKV_AWS_241 (KinesisFirehoseDeliveryStreamUsesCMK): a delivery stream with kinesis_source_configuration is not
 *   judged; any other has server_side_encryption with enabled = true, key_type = CUSTOMER_MANAGED_CMK and a key_arn.
 * - CKV_AWS_21 (S3 versioning): every aws_s3_bucket has versioning enabled, inline (`versioning.enabled`) or through
 *   an aws_s3_bucket_versioning resource naming the bucket with status "Enabled" (how checkov reads provider ≥ 4).
 */
import * as fs from "fs";
import * as path from "path";
import { buildApp } from "../../main";
import { tempDir } from "../helpers/terraform";

type Resource = Record<string, unknown>;
interface StackJson {
  resource: Record<string, Record<string, Resource>>;
}

const outdir = tempDir("encryption");
buildApp({ outdir }).synth();
const stacks: Record<string, StackJson> = Object.fromEntries(
  ["dev", "staging", "prod"].map((env) => [env, JSON.parse(fs.readFileSync(path.join(outdir, "stacks", env, "cdk.tf.json"), "utf8")) as StackJson]),
);
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

const resources = (json: StackJson, type: string): [string, Resource][] => Object.entries(json.resource[type] ?? {});
/** A nested block as cdktf renders it: an object, or a one-element list. */
const block = (value: unknown): Record<string, unknown> | undefined => (Array.isArray(value) ? value[0] : (value as Record<string, unknown> | undefined));
const nonEmpty = (value: unknown): boolean => value !== undefined && value !== null && value !== "" && !(Array.isArray(value) && value.length === 0);

function ckvAws158(json: StackJson): string[] {
  return resources(json, "aws_cloudwatch_log_group")
    .filter(([, r]) => !nonEmpty(r.kms_key_id))
    .map(([id]) => id);
}

function ckvAws173(json: StackJson): string[] {
  return resources(json, "aws_lambda_function")
    .filter(([, r]) => {
      const hasEnvironment = block(r.environment) !== undefined;
      if (hasEnvironment) return !nonEmpty(r.kms_key_arn);
      return "kms_key_arn" in r && nonEmpty(r.kms_key_arn);
    })
    .map(([id]) => id);
}

function ckvAws241(json: StackJson): string[] {
  return resources(json, "aws_kinesis_firehose_delivery_stream")
    .filter(([, r]) => {
      if (block(r.kinesis_source_configuration)) return false; // UNKNOWN for checkov: not a finding
      const sse = block(r.server_side_encryption);
      return !(sse && sse.enabled === true && sse.key_type === "CUSTOMER_MANAGED_CMK" && nonEmpty(sse.key_arn));
    })
    .map(([id]) => id);
}

function ckvAws21(json: StackJson): string[] {
  const enabledBy = resources(json, "aws_s3_bucket_versioning")
    .filter(([, r]) => block(r.versioning_configuration)?.status === "Enabled")
    .map(([, r]) => String(r.bucket));
  return resources(json, "aws_s3_bucket")
    .filter(([id, r]) => {
      if (block(r.versioning)?.enabled === true) return false;
      const refs = [`\${aws_s3_bucket.${id}.id}`, `\${aws_s3_bucket.${id}.bucket}`, String(r.bucket)];
      return !enabledBy.some((b) => refs.includes(b));
    })
    .map(([id]) => id);
}

describe("prod: customer-managed keys everywhere (checkov families 158, 173, 241, 21)", () => {
  const prod = stacks.prod;

  test("the checks have something to check (no vacuous pass)", () => {
    expect(resources(prod, "aws_cloudwatch_log_group").length).toBeGreaterThanOrEqual(10);
    expect(resources(prod, "aws_lambda_function").length).toBeGreaterThanOrEqual(1);
    expect(resources(prod, "aws_kinesis_firehose_delivery_stream").filter(([, r]) => !r.kinesis_source_configuration).length).toBeGreaterThanOrEqual(2);
    expect(resources(prod, "aws_s3_bucket").length).toBeGreaterThanOrEqual(8);
  });

  test("CKV_AWS_158: every log group is encrypted with a KMS key", () => {
    expect(ckvAws158(prod)).toEqual([]);
  });

  test("CKV_AWS_173: every function with environment variables encrypts them with a KMS key", () => {
    expect(ckvAws173(prod)).toEqual([]);
  });

  test("CKV_AWS_241: every Direct PUT delivery stream uses a customer-managed key", () => {
    expect(ckvAws241(prod)).toEqual([]);
  });

  test("CKV_AWS_21: every bucket is versioned, access-log targets included", () => {
    expect(ckvAws21(prod)).toEqual([]);
  });

  test("the checks find what they look for (each fails on a stack without the switch)", () => {
    const dev = stacks.dev;
    expect(ckvAws158(dev).length).toBe(resources(dev, "aws_cloudwatch_log_group").length);
    expect(ckvAws158(dev).length).toBeGreaterThan(0);
    const fixture: StackJson = {
      resource: {
        aws_lambda_function: { withEnv: { environment: { variables: { A: "1" } } }, keyNoEnv: { kms_key_arn: "arn:aws:kms:us-east-1:111122223333:key/x" }, ok: {} },
        aws_kinesis_firehose_delivery_stream: {
          owned: { server_side_encryption: { enabled: true, key_type: "AWS_OWNED_CMK" } },
          none: {},
          fromKinesis: { kinesis_source_configuration: { kinesis_stream_arn: "x" } },
        },
        aws_s3_bucket: { versioned: {}, suspended: {}, bare: {} },
        aws_s3_bucket_versioning: {
          v1: { bucket: "${aws_s3_bucket.versioned.id}", versioning_configuration: { status: "Enabled" } },
          v2: { bucket: "${aws_s3_bucket.suspended.id}", versioning_configuration: { status: "Suspended" } },
        },
      },
    };
    expect(ckvAws173(fixture)).toEqual(["withEnv", "keyNoEnv"]);
    expect(ckvAws241(fixture)).toEqual(["owned", "none"]);
    expect(ckvAws21(fixture)).toEqual(["suspended", "bare"]);
  });

  test("one key for the environment; its policy lets CloudWatch Logs of the region use it for this account's log groups only", () => {
    const aliases = resources(prod, "aws_kms_alias").map(([, r]) => r.name);
    expect(aliases).toContain("alias/fhp-prod/pipelines");
    const [policyId, keyPolicy] = resources(prod, "aws_kms_key_policy").find(([, r]) => String(r.key_id).includes("aws_kms_key.EncryptionKey_"))!;
    const statements = JSON.parse(String(keyPolicy.policy)).Statement as { Sid: string; Principal: Record<string, string>; Action: string[]; Condition?: Record<string, Record<string, string>> }[];
    expect(statements.map((s) => s.Sid)).toEqual(["AccountAdministers", "CloudWatchLogsEncrypt", "CloudWatchAlarmsToEncryptedTopic", "EventBridgeToEncryptedQueue"]);
    const logs = statements[1];
    expect(logs.Principal).toEqual({ Service: "logs.us-east-1.amazonaws.com" });
    expect(logs.Action).toEqual(["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]);
    expect(logs.Condition?.ArnLike["kms:EncryptionContext:aws:logs:arn"]).toBe("arn:aws:logs:us-east-1:210987654321:log-group:*");
    expect(statements[0].Principal).toEqual({ AWS: "arn:aws:iam::210987654321:root" });
    expect(statements[2]).toMatchObject({ Principal: { Service: "cloudwatch.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": "210987654321" } } });
    expect(statements[3]).toMatchObject({ Principal: { Service: "events.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": "210987654321" } } });
    // CloudWatch Logs checks the key policy when a group is associated with the key: every group waits for it.
    for (const [, group] of resources(prod, "aws_cloudwatch_log_group")) {
      expect(group.kms_key_id).toMatch(/^\$\{aws_kms_key\.EncryptionKey_[A-Z0-9]+\.arn\}$/);
      expect(group.depends_on).toContain(`aws_kms_key_policy.${policyId}`);
    }
  });

  test("the function's role may decrypt its environment; keys that existed before keep their place (no re-encryption of stored data)", () => {
    const policies = resources(prod, "aws_iam_role_policy").map(([, r]) => JSON.parse(String(r.policy)) as { Statement: { Sid: string; Action: string | string[]; Resource: string | string[] }[] });
    const decrypt = policies.flatMap((p) => p.Statement).filter((s) => s.Sid === "DecryptEnvironment");
    expect(decrypt).toEqual([expect.objectContaining({ Action: "kms:Decrypt", Resource: expect.stringMatching(/aws_kms_key\.EncryptionKey_/) })]);
    const descriptions = resources(prod, "aws_kms_key").map(([, r]) => String(r.description));
    for (const kept of ["Encrypts s3://fhp-prod-app-events-data", "Encrypts Kinesis data stream fhp-prod-orders-fanout", "Encrypts Firehose stream fhp-prod-app-events at rest", "Encrypts the alarm topic fhp-prod-alarms"]) {
      expect(descriptions).toContain(kept);
    }
  });

  test("server access-log buckets stay SSE-S3 (S3 cannot deliver logs to SSE-KMS buckets) and are versioned", () => {
    const logBuckets = resources(prod, "aws_s3_bucket").filter(([, r]) => String(r.bucket).endsWith("-access-logs"));
    expect(logBuckets.length).toBe(4);
    for (const [id] of logBuckets) {
      const ref = `\${aws_s3_bucket.${id}.id}`;
      const sse = resources(prod, "aws_s3_bucket_server_side_encryption_configuration").find(([, r]) => r.bucket === ref)![1];
      expect(sse.rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }]);
      expect(resources(prod, "aws_s3_bucket_versioning").some(([, r]) => r.bucket === ref && block(r.versioning_configuration)?.status === "Enabled")).toBe(true);
      const lifecycle = resources(prod, "aws_s3_bucket_lifecycle_configuration").find(([, r]) => r.bucket === ref)![1];
      expect((lifecycle.rule as Record<string, unknown>[])[0]).toMatchObject({ expiration: [{ days: 365 }], noncurrent_version_expiration: [{ noncurrent_days: 7 }] });
    }
  });
});

describe("dev and staging choose AWS-owned keys", () => {
  test.each(["dev", "staging"])("%s: no environment key; log groups and functions use the services' keys", (env) => {
    const json = stacks[env];
    expect(resources(json, "aws_kms_alias").map(([, r]) => r.name)).not.toContain(`alias/fhp-${env}/pipelines`);
    expect(resources(json, "aws_kms_key_policy").filter(([, r]) => String(r.key_id).includes("aws_kms_key.EncryptionKey_"))).toEqual([]);
    for (const [, group] of resources(json, "aws_cloudwatch_log_group")) expect(group.kms_key_id).toBeUndefined();
    for (const [, fn] of resources(json, "aws_lambda_function")) expect(fn.kms_key_arn).toBeUndefined();
  });

  test("their configs say so explicitly", () => {
    for (const env of ["dev", "staging"]) {
      const source = fs.readFileSync(path.join(__dirname, "..", "..", "environments", env, "config.ts"), "utf8");
      expect(source).toMatch(/^\s*encryption: "aws-owned",$/m);
    }
    expect(fs.readFileSync(path.join(__dirname, "..", "..", "environments", "prod", "config.ts"), "utf8")).toMatch(/^\s*encryption: "customer-managed",$/m);
  });
});

describe("producers of customer-managed streams", () => {
  /** Statements of every inline role policy of a stack, with the policy's address. */
  function statements(json: StackJson): { address: string; actions: string[]; resources: string[] }[] {
    return resources(json, "aws_iam_role_policy").flatMap(([id, r]) => {
      const doc = JSON.parse(r.policy as string) as { Statement: { Action: string | string[]; Resource: string | string[] }[] };
      return doc.Statement.map((s) => ({ address: id, actions: [s.Action].flat(), resources: [s.Resource].flat() }));
    });
  }

  test("every role that puts records into a stream with a customer-managed key may use that key (Lambda re-ingest included)", () => {
    const json = stacks.prod;
    const cmkStreams = resources(json, "aws_kinesis_firehose_delivery_stream")
      .map(([, r]) => ({ name: r.name as string, sse: block(r.server_side_encryption) }))
      .filter((s) => s.sse?.key_type === "CUSTOMER_MANAGED_CMK");
    expect(cmkStreams.length).toBeGreaterThan(0);
    const all = statements(json);
    let producers = 0;
    for (const stream of cmkStreams) {
      const putters = all.filter((s) => s.actions.includes("firehose:PutRecordBatch") && s.resources.some((r) => r.endsWith(`deliverystream/${stream.name}`) || r.includes(`.${stream.name.replace(/[^a-zA-Z0-9]/g, "")}`)));
      for (const p of putters) {
        producers++;
        const kms = all.filter((s) => s.address === p.address && s.resources.includes(stream.sse!.key_arn as string));
        expect({ policy: p.address, stream: stream.name, actions: kms.flatMap((s) => s.actions) }).toEqual({
          policy: p.address,
          stream: stream.name,
          actions: expect.arrayContaining(["kms:GenerateDataKey", "kms:Decrypt"]),
        });
      }
    }
    // prod re-ingests into search-events (formatter) and its data lakes (partitioner): at least one producer is checked.
    expect(producers).toBeGreaterThan(0);
  });
});
