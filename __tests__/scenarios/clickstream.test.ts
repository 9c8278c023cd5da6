/** Clickstream: Kinesis data stream modes, shard-level metrics, retention, permissions, runbook checks as alarms. */
import { KinesisDataStream } from "../../modules";
import { errorOf, resourcesOf, synthJson, testStack } from "../helpers/stack";
import { clickstream } from "./architectures";
import { alarmsOf, ref, Res, roleStatements } from "./synth";

describe("clickstream: Kinesis data stream", () => {
  const stack = testStack();
  clickstream(stack);
  const json = synthJson(stack);
  const streams = Object.fromEntries((resourcesOf(json, "aws_kinesis_stream") as Res[]).map((s) => [s.name, s]));

  test("on-demand mode: no shard count, 24 h retention, chosen shard-level metrics, KMS encryption", () => {
    expect(streams["clickstream-on-demand"]).toMatchObject({
      stream_mode_details: { stream_mode: "ON_DEMAND" },
      retention_period: 24,
      shard_level_metrics: ["IncomingBytes", "OutgoingBytes", "IteratorAgeMilliseconds"],
      encryption_type: "KMS",
    });
    expect(streams["clickstream-on-demand"].shard_count).toBeUndefined();
  });

  test("provisioned mode: 4 shards, 7-day retention, all shard-level metrics", () => {
    expect(streams["clickstream-provisioned"]).toMatchObject({
      stream_mode_details: { stream_mode: "PROVISIONED" },
      shard_count: 4,
      retention_period: 168,
      shard_level_metrics: ["ALL"],
      encryption_type: "KMS",
      kms_key_id: ref(json, "aws_kms_key", "ClickstreamProvisioned", "arn"),
    });
  });

  test("producer and consumer roles get the runbook's actions on that stream only", () => {
    const arn = ref(json, "aws_kinesis_stream", "ClickstreamProvisioned", "arn");
    const key = ref(json, "aws_kms_key", "ClickstreamProvisioned", "arn");
    expect(roleStatements(json, "clickstream-producer")).toEqual([
      { Sid: "WriteKinesisStream", Effect: "Allow", Action: ["kinesis:DescribeStreamSummary", "kinesis:ListShards", "kinesis:PutRecord", "kinesis:PutRecords"], Resource: arn },
      { Sid: "EncryptKinesisStream", Effect: "Allow", Action: "kms:GenerateDataKey", Resource: key },
    ]);
    expect(roleStatements(json, "clickstream-consumer")).toEqual([
      {
        Sid: "ReadKinesisStream",
        Effect: "Allow",
        Action: ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:ListShards"],
        Resource: arn,
      },
      { Sid: "DecryptKinesisStream", Effect: "Allow", Action: "kms:Decrypt", Resource: key },
    ]);
  });

  test("iterator age and throughput-exceeded alarms per stream (AWS/Kinesis, dimension StreamName)", () => {
    const alarms = alarmsOf(json, "");
    const forStream = (id: string) => alarms.filter((a) => a.dimensions?.StreamName === ref(json, "aws_kinesis_stream", id, "name")).map((a) => a.metric_name);
    for (const id of ["ClickstreamOnDemand", "ClickstreamProvisioned"]) {
      expect(forStream(id).sort()).toEqual(["GetRecords.IteratorAgeMilliseconds", "ReadProvisionedThroughputExceeded", "WriteProvisionedThroughputExceeded"]);
    }
    expect(alarms.find((a) => a.metric_name === "GetRecords.IteratorAgeMilliseconds")).toMatchObject({ namespace: "AWS/Kinesis", statistic: "Maximum", threshold: 600000 });
  });

  test("invalid mode/shard/retention/metric combinations are refused with their rules (K2, K4, K6)", () => {
    const msg = errorOf(
      () =>
        new KinesisDataStream(testStack(), "Bad", {
          name: "bad-stream",
          mode: "ON_DEMAND",
          shardCount: 2,
          retentionPeriodHours: 8761,
          shardLevelMetrics: ["Latency" as never],
        }),
    );
    expect(msg).toContain("shardCount: shardCount must not be set when mode is ON_DEMAND (on-demand streams scale their shards themselves) (rule K2; received 2)");
    expect(msg).toContain("retentionPeriodHours: retention period must be an integer between 24 and 8760 hours (rule K4; received 8761)");
    expect(msg).toContain("shardLevelMetrics[0]: shard-level metric must be one of IncomingBytes, IncomingRecords, OutgoingBytes, OutgoingRecords, WriteProvisionedThroughputExceeded, ReadProvisionedThroughputExceeded, IteratorAgeMilliseconds, ALL (rule K6; received \"Latency\")");
  });
});
