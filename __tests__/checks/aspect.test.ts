/**
 * Rendered-resource checks at synth: what escape hatches and raw provider resources write is checked like the
 * construct props, after overrides.
 */
import { KinesisFirehoseDeliveryStream } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import { KinesisStream } from "@cdktf/provider-aws/lib/kinesis-stream";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { Testing } from "cdktf";
import { DataLakeIngestion, ExtendedS3Destination, FirehoseDeliveryStream, FirehoseValidationError, KinesisDataStream, RealtimeAnalytics, RenderedChecks } from "../../modules";
import { errorOf, synthJson, testStack } from "../helpers/stack";

const BUCKET = { bucketArn: "arn:aws:s3:::acme-lake" };

/** The synth of `stack` fails with a validation error: its problems as `<construct path> <property path> <rule>`. */
function synthProblemIds(stack: ReturnType<typeof testStack>): string[] {
  let error: unknown;
  try {
    Testing.synth(stack);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(FirehoseValidationError);
  return (error as FirehoseValidationError).problems.map((p) => `${p.constructPath} ${p.propertyPath} ${p.rule}`);
}

function deliveryStream(stack = testStack()): FirehoseDeliveryStream {
  return new FirehoseDeliveryStream(stack, "Lake", { name: "lake", destination: new ExtendedS3Destination({ bucket: BUCKET }) });
}

describe("rendered-resource checks at synth", () => {
  test("the construct as rendered has no finding, and synth passes", () => {
    const s = deliveryStream();
    expect(RenderedChecks.findings(s)).toEqual([]);
    expect(() => synthJson(s.node.scope as never)).not.toThrow();
  });

  test("addOverride setting the backup mode to Enabled without a backup configuration fails synth (rule BK1)", () => {
    const stack = testStack();
    const s = deliveryStream(stack);
    s.stream.addOverride("extended_s3_configuration.s3_backup_mode", "Enabled");
    const msg = errorOf(() => Testing.synth(stack));
    expect(msg).toContain(
      '[test/Lake/Stream] extended_s3_configuration.s3_backup_mode: s3_backup_mode "Enabled" needs an s3_backup_configuration block (the bucket the source records go to) (rendered aws_kinesis_firehose_delivery_stream) (rule BK1; received "Enabled")',
    );
    expect(msg).toContain("BK1: https://docs.aws.amazon.com/firehose/latest/APIReference/API_ExtendedS3DestinationConfiguration.html");
  });

  test("a stack-level override is seen too, and the fix (a backup configuration) passes", () => {
    const stack = testStack();
    const s = deliveryStream(stack);
    s.stream.addOverride("extended_s3_configuration.s3_backup_mode", "Enabled");
    s.stream.addOverride("extended_s3_configuration.s3_backup_configuration", { bucket_arn: BUCKET.bucketArn, role_arn: "arn:aws:iam::111122223333:role/r" });
    expect(() => Testing.synth(stack)).not.toThrow();
    stack.addOverride(`resource.aws_kinesis_firehose_delivery_stream.${s.stream.friendlyUniqueId}.extended_s3_configuration.buffering_size`, 500);
    expect(errorOf(() => Testing.synth(stack))).toContain("extended_s3_configuration.buffering_size: buffering size must be an integer between 1 and 128 MiB");
  });

  test("Kinesis encryption KMS without a key, written through an escape hatch, fails synth (rule K5)", () => {
    const stack = testStack();
    const k = new KinesisDataStream(stack, "Events", { name: "events" });
    k.stream.addOverride("kms_key_id", null);
    const msg = errorOf(() => Testing.synth(stack));
    expect(msg).toContain("[test/Events/Stream] kms_key_id: encryption_type KMS needs kms_key_id");
    expect(msg).toContain("(rule K5; received undefined)");
  });

  test("raw provider resources in a stack with the checks are checked, with every problem in one error", () => {
    const stack = testStack();
    RenderedChecks.enable(stack);
    new KinesisStream(stack, "Raw", { name: "raw stream", encryptionType: "KMS", shardCount: 0 });
    new KinesisFirehoseDeliveryStream(stack, "RawFirehose", {
      name: "raw-firehose",
      destination: "extended_s3",
      extendedS3Configuration: { bucketArn: BUCKET.bucketArn, roleArn: "arn:aws:iam::111122223333:role/r", dynamicPartitioningConfiguration: { enabled: true } },
    });
    new CloudwatchEventTarget(stack, "Target", { rule: "app", arn: "arn:aws:firehose:eu-west-1:111122223333:deliverystream/raw-firehose", retryPolicy: { maximumEventAgeInSeconds: 30, maximumRetryAttempts: 1 } });
    expect(synthProblemIds(stack)).toEqual(
      expect.arrayContaining([
        "test/Raw name K7",
        "test/Raw shard_count K3",
        "test/Raw kms_key_id K5",
        "test/RawFirehose extended_s3_configuration.buffering_size B9",
        "test/RawFirehose extended_s3_configuration.prefix DP3",
        "test/RawFirehose extended_s3_configuration.error_output_prefix DP3",
        "test/RawFirehose extended_s3_configuration.processing_configuration.processors DP4",
        "test/Target role_arn E1",
        "test/Target retry_policy.maximum_event_age_in_seconds E2",
      ]),
    );
  });

  test("rules across resources: six raw targets on one rule fail synth (E5); a raw function over 5 minutes behind a processor is warned (L8)", () => {
    const stack = testStack();
    RenderedChecks.enable(stack);
    for (let i = 0; i < 6; i++) {
      new CloudwatchEventTarget(stack, `T${i}`, { rule: "busy", targetId: `t${i}`, arn: "arn:aws:sqs:eu-west-1:111122223333:q" });
    }
    expect(synthProblemIds(stack)).toEqual([0, 1, 2, 3, 4, 5].map((i) => `test/T${i} rule E5`));

    const other = testStack();
    RenderedChecks.enable(other);
    const fn = new LambdaFunction(other, "Fn", { functionName: "slow", role: "arn:aws:iam::111122223333:role/r", handler: "index.handler", runtime: "nodejs20.x", filename: "fn.zip", timeout: 900 });
    const s = new KinesisFirehoseDeliveryStream(other, "Raw", {
      name: "raw",
      destination: "extended_s3",
      extendedS3Configuration: {
        bucketArn: BUCKET.bucketArn,
        roleArn: "arn:aws:iam::111122223333:role/r",
        processingConfiguration: { enabled: true, processors: [{ type: "Lambda", parameters: [{ parameterName: "LambdaArn", parameterValue: fn.arn }] }] },
      },
    });
    expect(() => Testing.synth(other)).not.toThrow();
    expect(RenderedChecks.findings(other).map((f) => `${f.address} ${f.ruleId} ${f.severity} ${String(f.value)}`)).toEqual([`${s.node.path} L8 warning 900`]);
  });

  test("a warning the construct gave from its props is printed once, not again for its rendered resource (B12)", () => {
    const warningsOf = (stack: ReturnType<typeof testStack>, rule: string): string[] => {
      Testing.synth(stack, true);
      return stack.node
        .findAll()
        .flatMap((n) => n.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => `${n.node.path} ${String(m.data)}`))
        .filter((w) => w.includes(`rule ${rule}`));
    };
    const stack = testStack();
    new FirehoseDeliveryStream(stack, "Lake", { name: "lake", destination: new ExtendedS3Destination({ bucket: BUCKET, sourceBackup: { bucket: BUCKET, bufferingIntervalSeconds: 0 } }) });
    expect(warningsOf(stack, "B12")).toEqual([expect.stringContaining("test/Lake destination.sourceBackup.bufferingIntervalSeconds: zero buffering is not available for S3 backup destinations")]);

    // The same mistake on a raw resource is only seen by the rendered checks, and is warned there.
    const raw = testStack();
    RenderedChecks.enable(raw);
    new KinesisFirehoseDeliveryStream(raw, "Raw", {
      name: "raw",
      destination: "extended_s3",
      extendedS3Configuration: { bucketArn: BUCKET.bucketArn, roleArn: "arn:aws:iam::111122223333:role/r", s3BackupMode: "Enabled", s3BackupConfiguration: { bucketArn: BUCKET.bucketArn, roleArn: "arn:aws:iam::111122223333:role/r", bufferingInterval: 0 } },
    });
    expect(warningsOf(raw, "B12")).toEqual([expect.stringContaining("extended_s3_configuration.s3_backup_configuration.buffering_interval: zero buffering is not available for S3 backup destinations")]);
  });

  test("references (unresolved values) are skipped", () => {
    const stack = testStack();
    RenderedChecks.enable(stack);
    const k = new KinesisStream(stack, "A", { name: "a", shardCount: 1 });
    new KinesisStream(stack, "B", { name: "b", shardCount: 1, retentionPeriod: k.retentionPeriod, encryptionType: "KMS", kmsKeyId: k.kmsKeyId });
    expect(() => Testing.synth(stack)).not.toThrow();
  });

  test("a resource can be opted out, for all rules or some, with a reason shown as a warning", () => {
    const stack = testStack();
    const s = deliveryStream(stack);
    s.stream.addOverride("extended_s3_configuration.s3_backup_mode", "Enabled");
    RenderedChecks.skip(s.stream, { reason: "backup configured out of band (ticket 42)", rules: ["BK1"] });
    expect(() => Testing.synth(stack)).not.toThrow();
    const warnings = s.stream.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    expect(warnings).toContain("rendered-resource checks skipped for rules BK1: backup configured out of band (ticket 42)");
    const other = testStack();
    const t = deliveryStream(other);
    t.stream.addOverride("extended_s3_configuration.buffering_size", 500);
    RenderedChecks.skip(t.stream, { reason: "emergency" });
    expect(() => Testing.synth(other)).not.toThrow();
    expect(() => RenderedChecks.skip(t.stream, { reason: " " })).toThrow("needs a reason");
  });
});

describe("messages name the prop the user wrote", () => {
  test("RealtimeAnalytics: streamName, backupBucketName", () => {
    const msg = errorOf(
      () =>
        new RealtimeAnalytics(testStack(), "Rt", {
          streamName: "bad name",
          indexName: "events",
          backupBucketName: "Bad_Bucket",
          existingDomain: { domainArn: "arn:aws:es:eu-west-1:111122223333:domain/search", endpoint: "search.example.com" },
        }),
    );
    expect(msg).toContain("[test/Rt] streamName: delivery stream name");
    expect(msg).toContain("[test/Rt] backupBucketName: bucket name must use lowercase letters");
    expect(msg).not.toMatch(/\] (name|bucketName):/);
  });

  test("DataLakeIngestion: streamName and bucketProps.bucketName", () => {
    const msg = errorOf(() => new DataLakeIngestion(testStack(), "Lake", { streamName: "bad/name", bucketProps: { bucketName: "Bad_Bucket" }, backup: { bucketProps: { bucketName: "x" } } }));
    expect(msg).toContain("[test/Lake] streamName: delivery stream name");
    expect(msg).toContain("[test/Lake] bucketProps.bucketName: bucket name must use lowercase letters");
    expect(msg).toContain("[test/Lake] backup.bucketProps.bucketName: bucket name must be 3-63 characters long");
  });
});
