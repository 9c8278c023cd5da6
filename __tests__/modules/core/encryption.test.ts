/**
 * The construct-level encryption switch: `encryption: "customer-managed"` puts a customer-managed key on log groups,
 * Lambda environment variables, Direct PUT SSE and SQS queues; the default keeps AWS-owned/managed keys.
 */
import {
  EventIngestion,
  ExtendedS3Destination,
  FirehoseDeliveryStream,
  KinesisStreamSource,
  PipelineKey,
  SecureBucket,
} from "../../../modules";
import { FirehoseLambdaProcessor } from "../../../modules/lambda-function";
import { errorOf, onlyResource, resourcesOf, synthJson, testStack } from "../../helpers/stack";

type Res = Record<string, unknown>;
const BUCKET = "arn:aws:s3:::acme-lake";
const SOURCE = "arn:aws:kinesis:eu-west-1:111122223333:stream/clicks";
const s3 = () => new ExtendedS3Destination({ bucket: { bucketArn: BUCKET } });

function keyPolicy(json: ReturnType<typeof synthJson>): { Sid: string; Principal: Record<string, string>; Condition?: Record<string, Record<string, string>> }[] {
  // Terraform interpolations (the region read from the key's ARN) hold quotes: shown as <expression> to parse.
  const policy = String(onlyResource<Res>(json, "aws_kms_key_policy").policy).replace(/\$\{([^}]*)\}/g, (_, e: string) => `<${e.replace(/"/g, "'")}>`);
  return JSON.parse(policy).Statement;
}

describe('encryption: "customer-managed" on a FirehoseDeliveryStream', () => {
  test("Direct PUT: a created key (rotation on) encrypts the stream (CUSTOMER_MANAGED_CMK) and its log group, which waits for the key policy", () => {
    const stack = testStack();
    new FirehoseDeliveryStream(stack, "S", { name: "acme-events", destination: s3(), encryption: "customer-managed", accountId: "111122223333" });
    const json = synthJson(stack);
    const key = onlyResource<Res>(json, "aws_kms_key");
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    const keyArn = `\${aws_kms_key.${Object.keys(json.resource.aws_kms_key)[0]}.arn}`;
    expect(Object.keys(json.resource.aws_kms_key)[0]).toMatch(/^S_EncryptionKey_/);
    const stream = onlyResource<Res>(json, "aws_kinesis_firehose_delivery_stream");
    expect(stream.server_side_encryption).toEqual({ enabled: true, key_type: "CUSTOMER_MANAGED_CMK", key_arn: keyArn });
    const group = onlyResource<Res>(json, "aws_cloudwatch_log_group");
    expect(group.kms_key_id).toBe(keyArn);
    expect(group.depends_on).toEqual([expect.stringMatching(/^aws_kms_key_policy\.S_EncryptionKey_Policy_/)]);
    const statements = keyPolicy(json);
    expect(statements.find((s) => s.Sid === "CloudWatchLogsEncrypt")).toMatchObject({
      Principal: { Service: expect.stringMatching(/^logs\.<element\(split\(':', aws_kms_key\.S_EncryptionKey_\w+\.arn\), 3\)>\.amazonaws\.com$/) },
      Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": expect.stringMatching(/:log-group:\*$/) } },
    });
  });

  test("Kinesis source: no SSE (the data stream is encrypted at its source), the log group still gets the key", () => {
    const stack = testStack();
    const key = new PipelineKey(stack, "Key", { description: "shared", region: "eu-west-1", accountId: "111122223333" });
    new FirehoseDeliveryStream(stack, "S", { name: "acme-clicks", source: new KinesisStreamSource({ streamArn: SOURCE }), destination: s3(), encryption: "customer-managed", encryptionKey: key });
    const json = synthJson(stack);
    expect(onlyResource<Res>(json, "aws_kinesis_firehose_delivery_stream").server_side_encryption).toBeUndefined();
    expect(onlyResource<Res>(json, "aws_cloudwatch_log_group").kms_key_id).toEqual(expect.stringMatching(/^\$\{aws_kms_key\.Key_\w+\.arn\}$/));
    expect(resourcesOf(json, "aws_kms_key")).toHaveLength(1);
  });

  test("the default stays AWS-owned: AWS_OWNED_CMK SSE, no key on the log group, no key created", () => {
    const stack = testStack();
    new FirehoseDeliveryStream(stack, "S", { name: "acme-events", destination: s3() });
    const json = synthJson(stack);
    expect(onlyResource<Res>(json, "aws_kinesis_firehose_delivery_stream").server_side_encryption).toEqual({ enabled: true, key_type: "AWS_OWNED_CMK" });
    expect(onlyResource<Res>(json, "aws_cloudwatch_log_group").kms_key_id).toBeUndefined();
    expect(resourcesOf(json, "aws_kms_key")).toHaveLength(0);
  });

  test("bad choices are refused", () => {
    expect(errorOf(() => new FirehoseDeliveryStream(testStack(), "S", { name: "acme", destination: s3(), encryption: "customer_managed" as never }))).toContain(
      '[test/S] encryption: encryption must be one of customer-managed, aws-owned (rule ENCRYPTION; received "customer_managed")',
    );
    expect(
      errorOf(() => new FirehoseDeliveryStream(testStack(), "S", { name: "acme", destination: s3(), encryption: "aws-owned", encryptionKey: { keyArn: "arn:aws:kms:eu-west-1:111122223333:key/abc" } })),
    ).toContain('[test/S] encryptionKey: encryptionKey is used only with encryption: "customer-managed" (rule ENCRYPTION; received "aws-owned")');
  });
});

describe('encryption: "customer-managed" on other constructs', () => {
  test("FirehoseLambdaProcessor: the key encrypts the environment variables (kms_key_arn) and the log group; the role may decrypt", () => {
    const stack = testStack();
    const key = new PipelineKey(stack, "Key", { description: "shared", region: "eu-west-1", accountId: "111122223333" });
    new FirehoseLambdaProcessor(stack, "Fn", { functionName: "acme-fn", handler: "transform", reingest: { kind: "none" }, encryption: "customer-managed", encryptionKey: key });
    const json = synthJson(stack);
    expect(onlyResource<Res>(json, "aws_lambda_function").kms_key_arn).toEqual(expect.stringMatching(/^\$\{aws_kms_key\.Key_\w+\.arn\}$/));
    expect(onlyResource<Res>(json, "aws_cloudwatch_log_group")).toMatchObject({ kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\.Key_\w+\.arn\}$/), depends_on: [expect.stringMatching(/^aws_kms_key_policy\.Key_Policy_\w+$/)] });
    const statements = JSON.parse(String(onlyResource<Res>(json, "aws_iam_role_policy").policy)).Statement as Res[];
    expect(statements).toContainEqual({ Sid: "DecryptEnvironment", Effect: "Allow", Action: "kms:Decrypt", Resource: expect.stringMatching(/^\$\{aws_kms_key\.Key_\w+\.arn\}$/) });
  });

  test("EventIngestion: the created dead-letter queue uses the key (EventBridge may use it), not SSE-SQS", () => {
    const stack = testStack();
    const stream = new FirehoseDeliveryStream(stack, "S", { name: "acme-events", destination: s3() });
    new EventIngestion(stack, "Ev", { ruleName: "acme-events", eventPattern: { source: ["acme"] }, deliveryStreams: [stream], newlineDelimiter: "template", encryption: "customer-managed" });
    const json = synthJson(stack);
    const queue = onlyResource<Res>(json, "aws_sqs_queue");
    expect(queue.kms_master_key_id).toMatch(/^\$\{aws_kms_key\.Ev_EncryptionKey_\w+\.arn\}$/);
    expect(queue.sqs_managed_sse_enabled).toBeUndefined();
    expect(keyPolicy(json).find((s) => s.Sid === "EventBridgeToEncryptedQueue")?.Principal).toEqual({ Service: "events.amazonaws.com" });
  });

  test("SecureBucket: the access-log target bucket stays SSE-S3 and is versioned, with noncurrent logs expired", () => {
    const stack = testStack();
    new SecureBucket(stack, "B", { bucketName: "acme-data" });
    const json = synthJson(stack);
    const ids = Object.keys(json.resource.aws_s3_bucket);
    const logBucket = ids.find((id) => id.startsWith("B_AccessLogBucket_"))!;
    const ref = (id: string) => `\${aws_s3_bucket.${id}.id}`;
    const versioning = resourcesOf(json, "aws_s3_bucket_versioning").map((r) => [r.bucket, (r.versioning_configuration as Res).status]);
    expect(versioning).toEqual(expect.arrayContaining(ids.map((id) => [ref(id), "Enabled"])));
    expect(ids).toHaveLength(2);
    const logSse = resourcesOf(json, "aws_s3_bucket_server_side_encryption_configuration").find((r) => r.bucket === ref(logBucket));
    expect(logSse?.rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }]);
  });
});
