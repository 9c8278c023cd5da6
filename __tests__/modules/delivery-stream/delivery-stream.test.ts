import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { KinesisFirehoseDeliveryStream } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Testing } from "cdktf";
import {
  ExtendedS3Destination,
  FirehoseDeliveryStream,
  KinesisStreamSource,
  LambdaProcessor,
  MetadataExtractionProcessor,
  MskSource,
  hivePartitionPrefix,
  partitionErrorPrefix,
} from "../../../modules";
import { ServiceRole } from "../../../modules/core/iam";
import { onlyResource, resourcesOf, synthJson, testStack } from "../../helpers/stack";
import { onlyPolicyStatements, Statement } from "../../helpers/iam";

const BUCKET = "arn:aws:s3:::acme-lake";
const KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const FN = "arn:aws:lambda:eu-west-1:111122223333:function:enrich";

function partitionedDestination(overrides: Partial<ConstructorParameters<typeof ExtendedS3Destination>[0]> = {}) {
  return new ExtendedS3Destination({
    bucket: { bucketArn: BUCKET, kmsKeyArn: KEY },
    dynamicPartitioning: { enabled: true },
    processors: [new MetadataExtractionProcessor({ partitionKeys: { source: ".source" } })],
    prefix: hivePartitionPrefix("raw/", ["source"], "partitionKeyFromQuery"),
    errorOutputPrefix: partitionErrorPrefix("errors/"),
    ...overrides,
  });
}

const policyStatements = onlyPolicyStatements;

describe("FirehoseDeliveryStream with an extended S3 destination", () => {
  const stack = testStack();
  const stream = new FirehoseDeliveryStream(stack, "Events", { name: "acme-events", destination: partitionedDestination() });
  const json = synthJson(stack);
  const synthesized = Testing.synth(stack);

  test("renders a Direct PUT stream with dynamic partitioning by inline JQ and a timestamp prefix", () => {
    expect(synthesized).toHaveResourceWithProperties(KinesisFirehoseDeliveryStream, {
      name: "acme-events",
      destination: "extended_s3",
      extended_s3_configuration: expect.objectContaining({
        bucket_arn: BUCKET,
        kms_key_arn: KEY,
        prefix: "raw/source=!{partitionKeyFromQuery:source}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/",
        error_output_prefix: "errors/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/",
        buffering_size: 128,
        buffering_interval: 300,
        compression_format: "GZIP",
        dynamic_partitioning_configuration: { enabled: true, retry_duration: 300 },
        processing_configuration: {
          enabled: true,
          processors: [
            {
              type: "MetadataExtraction",
              parameters: [
                { parameter_name: "MetadataExtractionQuery", parameter_value: "{source:.source}" },
                { parameter_name: "JsonParsingEngine", parameter_value: "JQ-1.6" },
              ],
            },
          ],
        },
      }),
    });
    const raw = onlyResource<Record<string, unknown>>(json, "aws_kinesis_firehose_delivery_stream");
    expect(raw.kinesis_source_configuration).toBeUndefined();
    expect(raw.msk_source_configuration).toBeUndefined();
  });

  test("encrypts with an AWS-owned key by default", () => {
    expect(synthesized).toHaveResourceWithProperties(KinesisFirehoseDeliveryStream, {
      server_side_encryption: { enabled: true, key_type: "AWS_OWNED_CMK" },
    });
  });

  test("creates the error log group with retention and logs to a named stream", () => {
    expect(synthesized).toHaveResourceWithProperties(CloudwatchLogGroup, { name: "/aws/kinesisfirehose/acme-events", retention_in_days: 30 });
    const dest = (onlyResource<Record<string, Record<string, unknown>>>(json, "aws_kinesis_firehose_delivery_stream").extended_s3_configuration);
    expect(dest.cloudwatch_logging_options).toEqual({ enabled: true, log_group_name: expect.stringContaining("aws_cloudwatch_log_group"), log_stream_name: "DestinationDelivery" });
    expect(resourcesOf(json, "aws_cloudwatch_log_stream")).toEqual([expect.objectContaining({ name: "DestinationDelivery" })]);
  });

  test("creates a role trusted by Firehose only", () => {
    const role = onlyResource<{ assume_role_policy: string }>(json, "aws_iam_role");
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      { Effect: "Allow", Principal: { Service: "firehose.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
    expect(stream.serviceRole).toBeInstanceOf(ServiceRole);
  });

  test("grants least privilege: the exact bucket, the key for that bucket only, and the log stream", () => {
    const statements = policyStatements(json);
    const s3 = statements.find((s) => s.Sid === "WriteBucketDestination")!;
    expect(s3.Resource).toEqual([BUCKET, `${BUCKET}/*`]);
    expect(s3.Action).toEqual(expect.arrayContaining(["s3:PutObject", "s3:GetBucketLocation", "s3:AbortMultipartUpload"]));
    expect(s3.Action).not.toContain("s3:*");
    const kms = statements.find((s) => s.Sid === "EncryptBucketDestination")!;
    expect(kms.Resource).toBe(KEY);
    expect(kms.Condition).toEqual({ StringLike: { "kms:EncryptionContext:aws:s3:arn": [BUCKET, `${BUCKET}/*`] } });
    const logs = statements.find((s) => s.Sid === "WriteErrorLogsDestinationDelivery")!;
    expect(logs.Action).toBe("logs:PutLogEvents");
    expect(logs.Resource).toMatch(/^\$\{aws_cloudwatch_log_group\.[^}]+\.arn\}:log-stream:DestinationDelivery$/);
    for (const s of statements) {
      for (const r of ([] as string[]).concat(s.Resource)) expect(r).not.toBe("*");
    }
  });

  test("the stream waits for its policy (Firehose checks permissions at creation)", () => {
    const raw = onlyResource<{ depends_on: string[] }>(json, "aws_kinesis_firehose_delivery_stream");
    expect(raw.depends_on).toEqual([expect.stringMatching(/^aws_iam_role_policy\./)]);
  });

  test("exposes what it creates", () => {
    expect(stream.stream).toBeInstanceOf(KinesisFirehoseDeliveryStream);
    expect(stream.logGroup).toBeDefined();
    expect(stream.destinationInfo).toEqual(
      expect.objectContaining({ kind: "S3", dynamicPartitioning: true, bufferingIntervalSeconds: 300, bufferingSizeMiB: 128, backupToS3: false }),
    );
  });
});

describe("FirehoseDeliveryStream options", () => {
  test("grantPutRecords allows PutRecord and PutRecordBatch on this stream only", () => {
    const stack = testStack();
    const stream = new FirehoseDeliveryStream(stack, "Events", { name: "acme-events", destination: partitionedDestination() });
    const producer = new ServiceRole(stack, "Producer", { name: "producer", service: "lambda.amazonaws.com" });
    stream.grantPutRecords(producer);
    const json = synthJson(stack);
    const producerPolicy = resourcesOf(json, "aws_iam_role_policy")
      .map((p) => JSON.parse((p as { policy: string }).policy).Statement)
      .find((st: Statement[]) => st.some((s) => s.Sid === "PutRecordsToDeliveryStream"));
    expect(producerPolicy).toEqual([
      {
        Sid: "PutRecordsToDeliveryStream",
        Effect: "Allow",
        Action: ["firehose:PutRecord", "firehose:PutRecordBatch"],
        Resource: expect.stringMatching(/^\$\{aws_kinesis_firehose_delivery_stream\.[^}]+\.arn\}$/),
      },
    ]);
  });

  test("a customer-managed SSE key and an account-scoped trust policy", () => {
    const stack = testStack();
    new FirehoseDeliveryStream(stack, "Events", {
      name: "acme-events",
      accountId: "111122223333",
      encryption: { type: "CUSTOMER_MANAGED", keyArn: KEY },
      destination: partitionedDestination(),
    });
    const json = synthJson(stack);
    expect(onlyResource<Record<string, unknown>>(json, "aws_kinesis_firehose_delivery_stream").server_side_encryption).toEqual({
      enabled: true,
      key_type: "CUSTOMER_MANAGED_CMK",
      key_arn: KEY,
    });
    const trust = JSON.parse(onlyResource<{ assume_role_policy: string }>(json, "aws_iam_role").assume_role_policy);
    expect(trust.Statement[0].Condition).toEqual({ StringEquals: { "sts:ExternalId": "111122223333" } });
  });

  test("a Kinesis source: no SSE, and the role reads exactly that stream and decrypts with its key", () => {
    const stack = testStack();
    const streamArn = "arn:aws:kinesis:eu-west-1:111122223333:stream/orders";
    new FirehoseDeliveryStream(stack, "Events", {
      name: "orders-to-s3",
      source: new KinesisStreamSource({ streamArn, kmsKeyArn: KEY }),
      destination: new ExtendedS3Destination({ bucket: { bucketArn: BUCKET } }),
    });
    const json = synthJson(stack);
    const raw = onlyResource<Record<string, unknown>>(json, "aws_kinesis_firehose_delivery_stream");
    expect(raw.server_side_encryption).toBeUndefined();
    expect(raw.kinesis_source_configuration).toEqual({ kinesis_stream_arn: streamArn, role_arn: expect.stringContaining("aws_iam_role") });
    const statements = policyStatements(json);
    expect(statements.find((s) => s.Sid === "ReadSourceStream")).toEqual(
      expect.objectContaining({
        Action: ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:ListShards"],
        Resource: streamArn,
      }),
    );
    expect(statements.find((s) => s.Sid === "DecryptSourceStream")).toEqual(expect.objectContaining({ Action: "kms:Decrypt", Resource: KEY }));
  });

  test("an MSK source reads the topic with IAM authentication", () => {
    const stack = testStack();
    const clusterArn = "arn:aws:kafka:eu-west-1:111122223333:cluster/events/0123abcd-0123-abcd-0123-0123abcd0123-1";
    new FirehoseDeliveryStream(stack, "Events", {
      name: "msk-to-s3",
      source: new MskSource({ clusterArn, topicName: "orders.v1" }),
      destination: new ExtendedS3Destination({ bucket: { bucketArn: BUCKET } }),
    });
    const json = synthJson(stack);
    expect(onlyResource<Record<string, unknown>>(json, "aws_kinesis_firehose_delivery_stream").msk_source_configuration).toEqual(
      expect.objectContaining({ msk_cluster_arn: clusterArn, topic_name: "orders.v1", authentication_configuration: expect.objectContaining({ connectivity: "PRIVATE" }) }),
    );
    const read = policyStatements(json).find((s) => s.Sid === "ReadMskTopic")!;
    expect(read.Resource).toBe("arn:aws:kafka:eu-west-1:111122223333:topic/events/0123abcd-0123-abcd-0123-0123abcd0123-1/orders.v1");
    expect(policyStatements(json).find((s) => s.Sid === "MskConsumerGroup")!.Resource).toBe(
      "arn:aws:kafka:eu-west-1:111122223333:group/events/0123abcd-0123-abcd-0123-0123abcd0123-1/*",
    );
  });

  test("a Lambda processor is invocable by the role and its parameters are rendered", () => {
    const stack = testStack();
    new FirehoseDeliveryStream(stack, "Events", {
      name: "acme-events",
      destination: new ExtendedS3Destination({
        bucket: { bucketArn: BUCKET },
        processors: [new LambdaProcessor({ functionArn: FN, bufferSizeMB: 0.25, bufferIntervalSeconds: 60, numberOfRetries: 3 })],
      }),
    });
    const json = synthJson(stack);
    const dest = onlyResource<{ extended_s3_configuration: { processing_configuration: unknown } }>(json, "aws_kinesis_firehose_delivery_stream").extended_s3_configuration;
    expect(dest.processing_configuration).toEqual({
      enabled: true,
      processors: [
        {
          type: "Lambda",
          parameters: [
            { parameter_name: "LambdaArn", parameter_value: FN },
            { parameter_name: "BufferSizeInMBs", parameter_value: "0.25" },
            { parameter_name: "BufferIntervalInSeconds", parameter_value: "60" },
            { parameter_name: "NumberOfRetries", parameter_value: "3" },
          ],
        },
      ],
    });
    expect(policyStatements(json).find((s) => s.Sid === "InvokeProcessor")).toEqual(
      expect.objectContaining({ Action: ["lambda:InvokeFunction", "lambda:GetFunctionConfiguration"], Resource: FN }),
    );
  });

  test("source-record backup goes to its own bucket and log stream", () => {
    const stack = testStack();
    new FirehoseDeliveryStream(stack, "Events", {
      name: "acme-events",
      destination: new ExtendedS3Destination({
        bucket: { bucketArn: BUCKET },
        sourceBackup: { bucket: { bucketArn: "arn:aws:s3:::acme-backup" }, prefix: "source/" },
      }),
    });
    const json = synthJson(stack);
    const dest = onlyResource<{ extended_s3_configuration: Record<string, unknown> }>(json, "aws_kinesis_firehose_delivery_stream").extended_s3_configuration;
    expect(dest.s3_backup_mode).toBe("Enabled");
    expect(dest.s3_backup_configuration).toEqual(
      expect.objectContaining({ bucket_arn: "arn:aws:s3:::acme-backup", prefix: "source/", compression_format: "GZIP", cloudwatch_logging_options: expect.objectContaining({ log_stream_name: "BackupDelivery" }) }),
    );
    expect(policyStatements(json).find((s) => s.Sid === "WriteBucketBackup")!.Resource).toEqual(["arn:aws:s3:::acme-backup", "arn:aws:s3:::acme-backup/*"]);
  });

  test("an existing role with its name gets the grants as an inline policy, and no role is created", () => {
    const stack = testStack();
    new FirehoseDeliveryStream(stack, "Events", {
      name: "acme-events",
      role: { roleArn: "arn:aws:iam::111122223333:role/existing", roleName: "existing" },
      destination: partitionedDestination(),
    });
    const json = synthJson(stack);
    expect(resourcesOf(json, "aws_iam_role")).toHaveLength(0);
    expect(onlyResource<{ role: string }>(json, "aws_iam_role_policy").role).toBe("existing");
    expect(Testing.synth(stack)).not.toHaveResource(IamRole);
    // Firehose checks its permissions at CreateDeliveryStream: the policy we attach to the given role must exist first.
    const policyAddress = Object.keys(json.resource.aws_iam_role_policy)[0];
    expect(onlyResource<{ depends_on?: string[] }>(json, "aws_kinesis_firehose_delivery_stream").depends_on).toEqual([`aws_iam_role_policy.${policyAddress}`]);
  });

  test("an existing role without its name: nothing to attach, so nothing to wait for", () => {
    const stack = testStack();
    new FirehoseDeliveryStream(stack, "Events", { name: "acme-events", role: { roleArn: "arn:aws:iam::111122223333:role/existing" }, destination: partitionedDestination() });
    const json = synthJson(stack);
    expect(resourcesOf(json, "aws_iam_role_policy")).toHaveLength(0);
    expect(onlyResource<{ depends_on?: string[] }>(json, "aws_kinesis_firehose_delivery_stream").depends_on).toBeUndefined();
  });

  test("grantPutRecords on a stream with a customer-managed SSE key adds kms:GenerateDataKey and kms:Decrypt on that key", () => {
    const stack = testStack();
    const stream = new FirehoseDeliveryStream(stack, "Events", { name: "acme-events", encryption: { type: "CUSTOMER_MANAGED", keyArn: KEY }, destination: partitionedDestination() });
    const other = new FirehoseDeliveryStream(stack, "Other", { name: "acme-other", encryption: { type: "CUSTOMER_MANAGED", keyArn: KEY.replace("1234abcd", "9999abcd") }, destination: partitionedDestination() });
    const producer = new ServiceRole(stack, "Producer", { name: "producer", service: "lambda.amazonaws.com" });
    expect(stream.sseKmsKeyArn).toBe(KEY);
    stream.grantPutRecords(producer);
    other.grantPutRecords(producer);
    const json = synthJson(stack);
    const statements: Statement[] = resourcesOf(json, "aws_iam_role_policy")
      .map((p) => JSON.parse((p as { policy: string }).policy).Statement as Statement[])
      .find((st) => st.some((s) => s.Sid === "PutRecordsToDeliveryStream"))!;
    expect(statements).toContainEqual({ Sid: "EncryptRecordsForDeliveryStream", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: KEY });
    // Two streams, two keys: each grant is its own statement, and Sids stay unique within the policy.
    expect(statements.filter((s) => JSON.stringify(s.Action) === JSON.stringify(["kms:GenerateDataKey", "kms:Decrypt"])).map((s) => s.Resource)).toEqual([KEY, KEY.replace("1234abcd", "9999abcd")]);
    const sids = statements.map((s) => s.Sid);
    expect(new Set(sids).size).toBe(sids.length);
  });

  test("grantPutRecords on an AWS-owned-key stream grants no KMS action", () => {
    const stack = testStack();
    const stream = new FirehoseDeliveryStream(stack, "Events", { name: "acme-events", destination: partitionedDestination() });
    const producer = new ServiceRole(stack, "Producer", { name: "producer", service: "lambda.amazonaws.com" });
    stream.grantPutRecords(producer);
    expect(stream.sseKmsKeyArn).toBeUndefined();
    expect(Testing.synth(stack)).not.toContain("EncryptRecordsForDeliveryStream");
  });

  test("logging can be turned off explicitly", () => {
    const stack = testStack();
    new FirehoseDeliveryStream(stack, "Events", { name: "acme-events", logging: { enabled: false }, destination: partitionedDestination() });
    const json = synthJson(stack);
    expect(resourcesOf(json, "aws_cloudwatch_log_group")).toHaveLength(0);
    const dest = onlyResource<{ extended_s3_configuration: Record<string, unknown> }>(json, "aws_kinesis_firehose_delivery_stream").extended_s3_configuration;
    expect(dest.cloudwatch_logging_options).toEqual({ enabled: false });
  });

  test("two instances fit in one stack", () => {
    const stack = testStack();
    new FirehoseDeliveryStream(stack, "A", { name: "stream-a", destination: partitionedDestination() });
    new FirehoseDeliveryStream(stack, "B", { name: "stream-b", destination: partitionedDestination() });
    expect(resourcesOf(synthJson(stack), "aws_kinesis_firehose_delivery_stream")).toHaveLength(2);
  });

  test("warnings go to annotations, not errors", () => {
    const stack = testStack();
    const stream = new FirehoseDeliveryStream(stack, "Events", {
      name: "acme-events",
      destination: new ExtendedS3Destination({ bucket: { bucketArn: BUCKET }, processors: [new LambdaProcessor({ functionArn: FN, functionTimeoutSeconds: 600 })] }),
    });
    const warnings = stream.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    expect(warnings).toEqual([expect.stringContaining("functionTimeoutSeconds: Firehose waits at most 5 minutes")]);
    expect(warnings[0]).toContain("(rule L8; received 600)");
    // Not an error: no error annotation, and the stream is synthesized.
    expect(stream.node.metadata.filter((m) => m.type === "@cdktf/error")).toEqual([]);
    expect(resourcesOf(synthJson(stack), "aws_kinesis_firehose_delivery_stream")).toHaveLength(1);
  });
});
