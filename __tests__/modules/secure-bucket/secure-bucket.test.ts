import { SecureBucket } from "../../../modules/secure-bucket";
import { errorOf, onlyResource, resourcesOf, synthJson, testStack } from "../../helpers/stack";

type Res = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function synth(props: ConstructorParameters<typeof SecureBucket>[2]) {
  const stack = testStack();
  const bucket = new SecureBucket(stack, "Bucket", props);
  return { json: synthJson(stack), bucket };
}

const byBucket = (json: ReturnType<typeof synthJson>, type: string, bucketRef: RegExp) => resourcesOf(json, type).find((r) => bucketRef.test(String((r as Res).bucket))) as Res;

describe("SecureBucket", () => {
  test("SSE-KMS with a bucket key and a created key with rotation", () => {
    const { json, bucket } = synth({ bucketName: "acme-data" });
    expect(onlyResource<Res>(json, "aws_kms_key")).toEqual(expect.objectContaining({ enable_key_rotation: true, deletion_window_in_days: 30 }));
    expect(onlyResource<Res>(json, "aws_kms_alias").name).toBe("alias/s3/acme-data");
    const sse = byBucket(json, "aws_s3_bucket_server_side_encryption_configuration", /aws_s3_bucket\.Bucket_[A-F0-9]+\./);
    expect(sse.rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\..*\.arn\}$/) }, bucket_key_enabled: true }]);
    expect(bucket.kmsKey).toBeDefined();
  });

  test("a bucket name with dots gives a valid KMS alias (aliases allow letters, digits, '/', '_' and '-')", () => {
    const { json } = synth({ bucketName: "acme.data.lake" });
    expect(onlyResource<Res>(json, "aws_kms_alias").name).toBe("alias/s3/acme-data-lake");
  });

  test("a given key is used instead of creating one", () => {
    const key = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const { json, bucket } = synth({ bucketName: "acme-data", kmsKeyArn: key });
    expect(resourcesOf(json, "aws_kms_key")).toHaveLength(0);
    expect(byBucket(json, "aws_s3_bucket_server_side_encryption_configuration", /aws_s3_bucket\.Bucket_[A-F0-9]+\./).rule[0].apply_server_side_encryption_by_default.kms_master_key_id).toBe(key);
    expect(bucket.kmsKeyArn).toBe(key);
  });

  test("versioning, all public access blocked, BucketOwnerEnforced, on the data and the log bucket", () => {
    const { json } = synth({ bucketName: "acme-data" });
    expect(byBucket(json, "aws_s3_bucket_versioning", /aws_s3_bucket\.Bucket_[A-F0-9]+\./).versioning_configuration).toEqual({ status: "Enabled" });
    for (const ref of [/aws_s3_bucket\.Bucket_[A-F0-9]+\./, /AccessLogBucket/]) {
      expect(byBucket(json, "aws_s3_bucket_public_access_block", ref)).toEqual(expect.objectContaining({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true }));
      expect(byBucket(json, "aws_s3_bucket_ownership_controls", ref).rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
    }
  });

  test("the bucket policy denies every non-TLS request, after the public access block exists", () => {
    const { json } = synth({ bucketName: "acme-data", extraPolicyStatements: [{ sid: "Reader", principals: { AWS: "arn:aws:iam::111122223333:root" }, actions: ["s3:GetObject"], resources: ["arn:aws:s3:::acme-data/*"] }] });
    const policy = byBucket(json, "aws_s3_bucket_policy", /aws_s3_bucket\.Bucket_[A-F0-9]+\./);
    const doc = JSON.parse(policy.policy);
    expect(doc.Statement[0]).toEqual({
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: "s3:*",
      Resource: [expect.stringMatching(/\.arn\}$/), expect.stringMatching(/\.arn\}\/\*$/)],
      Condition: { Bool: { "aws:SecureTransport": false } },
    });
    expect(doc.Statement[1].Sid).toBe("Reader");
    expect(policy.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_public_access_block\./)]);
  });

  test("lifecycle: transitions, noncurrent-version expiry and aborted multipart uploads, with defaults and overrides", () => {
    const rule = (json: ReturnType<typeof synthJson>) => byBucket(json, "aws_s3_bucket_lifecycle_configuration", /aws_s3_bucket\.Bucket_[A-F0-9]+\./).rule[0];
    expect(rule(synth({ bucketName: "acme-data" }).json)).toEqual(
      expect.objectContaining({
        status: "Enabled",
        transition: [{ days: 30, storage_class: "STANDARD_IA" }, { days: 90, storage_class: "GLACIER_IR" }],
        noncurrent_version_expiration: [{ noncurrent_days: 90 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      }),
    );
    const custom = rule(synth({ bucketName: "acme-data", lifecycle: { transitionToInfrequentAccessDays: 0, transitionToGlacierDays: 0, expirationDays: 30, noncurrentVersionExpirationDays: 5, abortIncompleteMultipartUploadDays: 1 } }).json);
    expect(custom.transition).toEqual([]);
    expect(custom.expiration).toEqual([{ days: 30 }]);
    expect(custom.noncurrent_version_expiration).toEqual([{ noncurrent_days: 5 }]);
  });

  test("server access logging to a created SSE-S3 log bucket that only S3 logging may write to", () => {
    const { json, bucket } = synth({ bucketName: "acme-data" });
    expect(bucket.accessLogBucket).toBeDefined();
    expect(resourcesOf(json, "aws_s3_bucket").map((b) => (b as Res).bucket).sort()).toEqual(["acme-data", "acme-data-access-logs"]);
    expect(onlyResource<Res>(json, "aws_s3_bucket_logging")).toEqual(expect.objectContaining({ target_bucket: expect.stringContaining("AccessLogBucket"), target_prefix: "acme-data/" }));
    expect(byBucket(json, "aws_s3_bucket_server_side_encryption_configuration", /AccessLogBucket/).rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: "AES256" });
    const logPolicy = JSON.parse(byBucket(json, "aws_s3_bucket_policy", /AccessLogBucket/).policy);
    expect(logPolicy.Statement[1]).toEqual(expect.objectContaining({ Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject", Condition: { ArnLike: { "aws:SourceArn": expect.stringMatching(/aws_s3_bucket\.Bucket_[A-F0-9]+\.arn/) } } }));
 
    // With the account id, the logging service principal is also scoped by aws:SourceAccount.
    const scoped = JSON.parse(byBucket(synth({ bucketName: "acme-data", accountId: "111122223333" }).json, "aws_s3_bucket_policy", /AccessLogBucket/).policy);
    expect(scoped.Statement[1].Condition).toEqual({ ArnLike: { "aws:SourceArn": expect.stringMatching(/aws_s3_bucket\.Bucket_[A-F0-9]+\.arn/) }, StringEquals: { "aws:SourceAccount": "111122223333" } });
    expect(errorOf(() => new SecureBucket(testStack(), "Bucket", { bucketName: "acme-data", accountId: "1111" }))).toContain('accountId: account id must be 12 digits (pattern ^\\d{12}$) (rule A1; received "1111")');
  });

  test("logging to an existing bucket, or none", () => {
    const existing = synth({ bucketName: "acme-data", accessLogging: { targetBucketName: "acme-logs", targetPrefix: "s3/acme-data/" } }).json;
    expect(resourcesOf(existing, "aws_s3_bucket")).toHaveLength(1);
    expect(onlyResource<Res>(existing, "aws_s3_bucket_logging")).toEqual(expect.objectContaining({ target_bucket: "acme-logs", target_prefix: "s3/acme-data/" }));
    expect(resourcesOf(synth({ bucketName: "acme-data", accessLogging: false }).json, "aws_s3_bucket_logging")).toHaveLength(0);
  });

  test("bad names and lifecycles fail with their message", () => {
    const msg = errorOf(() => new SecureBucket(testStack(), "Bucket", { bucketName: "Acme_Data", lifecycle: { transitionToInfrequentAccessDays: 10, transitionToGlacierDays: 5, expirationDays: 3 } }));
    expect(msg).toContain("[test/Bucket] bucketName: bucket name must use lowercase letters, digits, '.' and '-' and start and end with a letter or digit (rule N-S3; received \"Acme_Data\")");
    expect(msg).toContain("lifecycle.transitionToInfrequentAccessDays: STANDARD_IA transition (S3 minimum 30 days) must be an integer between 30 and 36500 days (rule S3-LIFECYCLE; received 10)");
    expect(msg).toContain("lifecycle.transitionToGlacierDays: the Glacier transition must come at least 30 days after the STANDARD_IA transition (10 days), i.e. at 40 days or later (rule S3-LIFECYCLE; received 5)");
    // S3 refuses GLACIER_IR less than 30 days after STANDARD_IA; exactly 30 days later is accepted.
    expect(errorOf(() => new SecureBucket(testStack(), "Bucket", { bucketName: "acme-data", lifecycle: { transitionToInfrequentAccessDays: 30, transitionToGlacierDays: 45 } }))).toContain(
      "lifecycle.transitionToGlacierDays: the Glacier transition must come at least 30 days after the STANDARD_IA transition (30 days), i.e. at 60 days or later (rule S3-LIFECYCLE; received 45)",
    );
    expect(() => new SecureBucket(testStack(), "Bucket", { bucketName: "acme-data", lifecycle: { transitionToInfrequentAccessDays: 30, transitionToGlacierDays: 60 } })).not.toThrow();
    expect(msg).toContain("lifecycle.expirationDays: expiration must come after every transition (rule S3-LIFECYCLE; received 3)");
    expect(errorOf(() => new SecureBucket(testStack(), "Bucket", { bucketName: `${"a".repeat(55)}` }))).toContain('accessLogging (created bucket name): bucket name must be 3-63 characters long (got 67)');
  });
});
