import { KinesisStream } from "@cdktf/provider-aws/lib/kinesis-stream";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Testing } from "cdktf";
import { ExtendedS3Destination, FirehoseDeliveryStream, KinesisDataStream } from "../../../modules";
import { ServiceRole } from "../../../modules/core/iam";
import { errorOf, resourcesOf, synthJson, testStack } from "../../helpers/stack";
import { statementsOf } from "../../helpers/iam";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";


describe("KinesisDataStream", () => {
  test("defaults to ON_DEMAND, 24 h retention and a created customer-managed key with rotation", () => {
    const stack = testStack();
    new KinesisDataStream(stack, "Orders", { name: "acme-orders" });
    const synthesized = Testing.synth(stack);
    const json = synthJson(stack);
    const stream = resourcesOf(json, "aws_kinesis_stream")[0];
    expect(stream).toEqual(
      expect.objectContaining({
        name: "acme-orders",
        stream_mode_details: { stream_mode: "ON_DEMAND" },
        retention_period: 24,
        encryption_type: "KMS",
        kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\.Orders_Key_[0-9A-F]+\.arn\}$/),
      }),
    );
    expect(stream.shard_count).toBeUndefined();
    expect(synthesized).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true });
    expect(resourcesOf(json, "aws_kms_alias")[0]).toEqual(expect.objectContaining({ name: "alias/kinesis/acme-orders" }));
  });

  test("a stream name with '.' (valid for Kinesis) gets a KMS alias without it (aliases allow only [a-zA-Z0-9/_-])", () => {
    const stack = testStack();
    new KinesisDataStream(stack, "Dotted", { name: "acme.orders.v2" });
    const json = synthJson(stack);
    expect(resourcesOf(json, "aws_kinesis_stream")[0].name).toBe("acme.orders.v2");
    expect(resourcesOf(json, "aws_kms_alias").map((a) => a.name)).toEqual(["alias/kinesis/acme-orders-v2"]);
  });

  test("PROVISIONED with shards, retention, shard-level metrics and the AWS-managed key", () => {
    const stack = testStack();
    const s = new KinesisDataStream(stack, "Orders", {
      name: "acme-orders",
      mode: "PROVISIONED",
      shardCount: 4,
      retentionPeriodHours: 168,
      shardLevelMetrics: ["IncomingBytes", "IteratorAgeMilliseconds"],
      encryption: { type: "AWS_MANAGED" },
    });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(KinesisStream, {
      name: "acme-orders",
      stream_mode_details: { stream_mode: "PROVISIONED" },
      shard_count: 4,
      retention_period: 168,
      shard_level_metrics: ["IncomingBytes", "IteratorAgeMilliseconds"],
      encryption_type: "KMS",
      kms_key_id: "alias/aws/kinesis",
    });
    expect(resourcesOf(synthJson(stack), "aws_kms_key")).toHaveLength(0);
    expect(s.kmsKeyArn).toBeUndefined();
  });

  test("grantRead/grantWrite name the exact stream ARN and the customer-managed key", () => {
    const stack = testStack();
    const s = new KinesisDataStream(stack, "Orders", { name: "acme-orders", encryption: { type: "CUSTOMER_MANAGED", keyArn: KEY } });
    const reader = new ServiceRole(stack, "Reader", { name: "reader", service: "lambda.amazonaws.com" });
    const writer = new ServiceRole(stack, "Writer", { name: "writer", service: "lambda.amazonaws.com" });
    expect(s.grantRead(reader)).toBe(true);
    expect(s.grantWrite(writer)).toBe(true);
    const json = synthJson(stack);
    const actualArn = `\${aws_kinesis_stream.${Object.keys(json.resource.aws_kinesis_stream)[0]}.arn}`;
    expect(actualArn).toMatch(/^\$\{aws_kinesis_stream\.Orders_Stream_[0-9A-F]+\.arn\}$/);
    expect(statementsOf(json, "reader")).toEqual([
      {
        Sid: "ReadKinesisStream",
        Effect: "Allow",
        Action: ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:ListShards"],
        Resource: actualArn,
      },
      { Sid: "DecryptKinesisStream", Effect: "Allow", Action: "kms:Decrypt", Resource: KEY },
    ]);
    expect(statementsOf(json, "writer")).toEqual([
      { Sid: "WriteKinesisStream", Effect: "Allow", Action: ["kinesis:DescribeStreamSummary", "kinesis:ListShards", "kinesis:PutRecord", "kinesis:PutRecords"], Resource: actualArn },
      { Sid: "EncryptKinesisStream", Effect: "Allow", Action: "kms:GenerateDataKey", Resource: KEY },
    ]);
  });

  test("with the AWS-managed key, grants carry no KMS statement", () => {
    const stack = testStack();
    const s = new KinesisDataStream(stack, "Orders", { name: "acme-orders", encryption: { type: "AWS_MANAGED" } });
    const reader = new ServiceRole(stack, "Reader", { name: "reader", service: "lambda.amazonaws.com" });
    s.grantRead(reader);
    const actions = statementsOf(synthJson(stack), "reader").flatMap((st) => st.Action);
    expect(actions.filter((a) => a.startsWith("kms:"))).toEqual([]);
  });

  test("toSource() gives the delivery role exactly the read actions on this stream and kms:Decrypt on its key", () => {
    const stack = testStack();
    const s = new KinesisDataStream(stack, "Orders", { name: "acme-orders" });
    new FirehoseDeliveryStream(stack, "Copy", {
      name: "acme-orders-copy",
      source: s.toSource(),
      destination: new ExtendedS3Destination({ bucket: { bucketArn: "arn:aws:s3:::acme-copy" } }),
      logging: { enabled: false },
    });
    const json = synthJson(stack);
    const fh = resourcesOf(json, "aws_kinesis_firehose_delivery_stream")[0];
    const streamKey = Object.keys(json.resource.aws_kinesis_stream)[0];
    const keyKey = Object.keys(json.resource.aws_kms_key)[0];
    expect(fh.kinesis_source_configuration).toEqual(expect.objectContaining({ kinesis_stream_arn: `\${aws_kinesis_stream.${streamKey}.arn}` }));
    expect(fh.server_side_encryption).toBeUndefined();
    const read = statementsOf(json, "acme-orders-copy-firehose").filter((st) => st.Sid === "ReadSourceStream" || st.Sid === "DecryptSourceStream");
    expect(read).toEqual([
      {
        Sid: "ReadSourceStream",
        Effect: "Allow",
        Action: ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:ListShards"],
        Resource: `\${aws_kinesis_stream.${streamKey}.arn}`,
      },
      { Sid: "DecryptSourceStream", Effect: "Allow", Action: "kms:Decrypt", Resource: `\${aws_kms_key.${keyKey}.arn}` },
    ]);
  });

  test("SSE on a delivery stream reading this stream is refused (rule S2)", () => {
    const stack = testStack();
    const s = new KinesisDataStream(stack, "Orders", { name: "acme-orders" });
    expect(
      errorOf(
        () =>
          new FirehoseDeliveryStream(stack, "Copy", {
            name: "acme-orders-copy",
            source: s.toSource(),
            encryption: { type: "AWS_OWNED" },
            destination: new ExtendedS3Destination({ bucket: { bucketArn: "arn:aws:s3:::acme-copy" } }),
          }),
      ),
    ).toContain(
      '[test/Copy] encryption: server-side encryption is only available for Direct PUT streams; encrypt the source instead (source is KinesisStreamAsSource) (rule S2; received {"type":"AWS_OWNED"})',
    );
  });

  test("a shard count of 0 is unset, as Terraform reads it: accepted on an ON_DEMAND stream and not rendered", () => {
    const stack = testStack();
    new KinesisDataStream(stack, "Orders", { name: "acme-orders", mode: "ON_DEMAND", shardCount: 0 });
    expect(resourcesOf(synthJson(stack), "aws_kinesis_stream")[0].shard_count).toBeUndefined();
  });

  describe("refuses at synth", () => {
    const make = (props: Partial<ConstructorParameters<typeof KinesisDataStream>[2]>) => () =>
      new KinesisDataStream(testStack(), "S", { name: "acme-orders", ...props });

    test("a mode other than ON_DEMAND or PROVISIONED (K1)", () => {
      expect(errorOf(make({ mode: "FAST" as never }))).toContain('[test/S] mode: stream mode must be one of ON_DEMAND, PROVISIONED (rule K1; received "FAST")');
    });
    test("ON_DEMAND with a shard count (K2)", () => {
      expect(errorOf(make({ mode: "ON_DEMAND", shardCount: 2 }))).toContain(
        "[test/S] shardCount: shardCount must not be set when mode is ON_DEMAND (on-demand streams scale their shards themselves) (rule K2; received 2)",
      );
    });
    test("PROVISIONED without a shard count, or with 0 (K3)", () => {
      expect(errorOf(make({ mode: "PROVISIONED" }))).toContain("[test/S] shardCount: a PROVISIONED stream needs shardCount (at least 1) (rule K3; received undefined)");
      expect(errorOf(make({ mode: "PROVISIONED", shardCount: 0 }))).toContain("[test/S] shardCount: shard count must be an integer between 1 and 10000 (rule K3; received 0)");
    });
    test("retention of 9000 hours (K4)", () => {
      expect(errorOf(make({ retentionPeriodHours: 9000 }))).toContain(
        "[test/S] retentionPeriodHours: retention period must be an integer between 24 and 8760 hours (rule K4; received 9000)",
      );
    });
    test("an unknown shard-level metric, a repeated one, and more than 7 (K6)", () => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      expect(errorOf(make({ shardLevelMetrics: ["IncomingBytes", "GetRecords.Bytes" as any] }))).toContain(
        '[test/S] shardLevelMetrics[1]: shard-level metric must be one of IncomingBytes, IncomingRecords, OutgoingBytes, OutgoingRecords, WriteProvisionedThroughputExceeded, ReadProvisionedThroughputExceeded, IteratorAgeMilliseconds, ALL (rule K6; received "GetRecords.Bytes")',
      );
      expect(errorOf(make({ shardLevelMetrics: ["IncomingBytes", "IncomingBytes"] }))).toContain("each shard-level metric may appear once; repeated: IncomingBytes (rule K6;");
      const eight = ["IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords", "WriteProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded", "IteratorAgeMilliseconds", "ALL"] as const;
      expect(errorOf(make({ shardLevelMetrics: [...eight] }))).toContain("shardLevelMetrics must list 1-7 metrics, got 8 (rule K6;");
    });
    test("a name outside [a-zA-Z0-9_.-] (K7)", () => {
      expect(errorOf(make({ name: "acme orders" }))).toContain(
        '[test/S] name: Kinesis stream name must be 1–128 letters, digits, underscores, periods or hyphens (pattern ^[a-zA-Z0-9_.-]+$) (rule K7; received "acme orders")',
      );
    });
    test("a key alias instead of a key ARN (K5)", () => {
      expect(errorOf(make({ encryption: { type: "CUSTOMER_MANAGED", keyArn: "arn:aws:kms:eu-west-1:111122223333:alias/orders" } }))).toContain(
        "[test/S] encryption.keyArn: KMS key ARN (aliases cannot be used in IAM grants) must be arn:aws:kms:<region>:<account>:key/<key id> (pattern ^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key\\/[a-zA-Z0-9-]+$) (rule K5; received \"arn:aws:kms:eu-west-1:111122223333:alias/orders\")",
      );
    });
    test("every problem at once", () => {
      const msg = errorOf(make({ mode: "ON_DEMAND", shardCount: 1, retentionPeriodHours: 9000 }));
      expect(msg).toMatch(/^Invalid configuration \(2 problems\):/);
    });
  });
});
