/** Event lake: EventBridge → Firehose → S3 with dynamic partitioning, EventBridge IAM, alarms. */
import { DataLakeIngestion, EventIngestion } from "../../modules";
import { errorOf, onlyResource, synthJson, testStack } from "../helpers/stack";
import { HOURLY, eventLake } from "./architectures";
import { alarmsOf, deliveryStream, ref, Res, resourceMatching, roleStatements } from "./synth";

describe("event lake: EventBridge to Firehose to S3", () => {
  const stack = testStack();
  eventLake(stack);
  const json = synthJson(stack);
  const stream = deliveryStream(json, "eventbridge-firehose-logs");
  const s3 = stream.extended_s3_configuration as Res;

  test("a Direct PUT stream (AWS-owned SSE) partitions events by source and detail-type, hourly, with typed error folders", () => {
    expect(stream.destination).toBe("extended_s3");
    expect(stream.kinesis_source_configuration).toBeUndefined();
    expect(stream.server_side_encryption).toEqual({ enabled: true, key_type: "AWS_OWNED_CMK" });
    expect(s3.prefix).toBe(`events/source=!{partitionKeyFromQuery:source}/detail_type=!{partitionKeyFromQuery:detail_type}/${HOURLY}`);
    expect(s3.error_output_prefix).toBe("errors/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/");
    expect(s3.dynamic_partitioning_configuration).toEqual({ enabled: true, retry_duration: 300 });
    expect(s3.processing_configuration.processors).toEqual([
      {
        type: "MetadataExtraction",
        parameters: [
          { parameter_name: "MetadataExtractionQuery", parameter_value: '{source:.source,detail_type:(."detail-type")}' },
          { parameter_name: "JsonParsingEngine", parameter_value: "JQ-1.6" },
        ],
      },
      { type: "AppendDelimiterToRecord" },
    ]);
    expect([s3.buffering_size, s3.buffering_interval]).toEqual([64, 120]);
    // The runbook's `/aws/kinesisfirehose/<stream_name>` log group.
    expect(s3.cloudwatch_logging_options).toMatchObject({ enabled: true, log_group_name: ref(json, "aws_cloudwatch_log_group", "EventLake_DataLake", "name") });
    expect(resourceMatching(json, "aws_cloudwatch_log_group", "EventLake_DataLake")).toMatchObject({ name: "/aws/kinesisfirehose/eventbridge-firehose-logs", retention_in_days: 30 });
  });

  test("the rule targets the stream through a role allowed firehose:PutRecord/PutRecordBatch on that stream only, with retries and an SQS DLQ", () => {
    const rule = onlyResource<Res>(json, "aws_cloudwatch_event_rule");
    expect(rule).toMatchObject({ name: "eventbridge-to-firehose", state: "ENABLED", event_pattern: JSON.stringify({ source: [{ prefix: "com.acme." }] }) });
    const target = onlyResource<Res>(json, "aws_cloudwatch_event_target");
    const streamArn = ref(json, "aws_kinesis_firehose_delivery_stream", "EventLake_DataLake", "arn");
    expect(target).toMatchObject({
      arn: streamArn,
      retry_policy: { maximum_event_age_in_seconds: 86400, maximum_retry_attempts: 185 },
      dead_letter_config: { arn: ref(json, "aws_sqs_queue", "EventLake_Events", "arn") },
    });
    expect(roleStatements(json, "eventbridge-to-firehose-events")).toEqual([
      { Sid: "PutRecordsToDeliveryStream", Effect: "Allow", Action: ["firehose:PutRecord", "firehose:PutRecordBatch"], Resource: streamArn },
    ]);
  });

  test("alarms on delivery success and partition quota (AWS/Firehose), rule failures and DLQ depth", () => {
    const byMetric = Object.fromEntries(alarmsOf(json, "").map((a) => [a.metric_name, a]));
    expect(Object.keys(byMetric)).toEqual(
      expect.arrayContaining(["DeliveryToS3.Success", "DeliveryToS3.DataFreshness", "PartitionCountExceeded", "FailedInvocations", "ApproximateNumberOfMessagesVisible"]),
    );
    expect(byMetric["DeliveryToS3.Success"]).toMatchObject({ namespace: "AWS/Firehose", dimensions: { DeliveryStreamName: "eventbridge-firehose-logs" }, comparison_operator: "LessThanThreshold", threshold: 0.95 });
    expect(byMetric.PartitionCountExceeded).toMatchObject({ namespace: "AWS/Firehose", statistic: "Maximum", comparison_operator: "GreaterThanThreshold", threshold: 0 });
    // Rule B13: delivery with dynamic partitioning can take ~1.5x the interval: 120 * 1.5 + 300 s margin.
    expect(byMetric["DeliveryToS3.DataFreshness"].threshold).toBe(480);
    expect(byMetric.FailedInvocations).toMatchObject({ namespace: "AWS/Events", dimensions: { RuleName: "eventbridge-to-firehose" } });
  });

  test("events would run together on one line without a newline (rule E5): a stream without AppendDelimiterToRecord is refused", () => {
    const s = testStack();
    // JSON data lakes append the newline by default: this one opts out, as for producers that add their own.
    const lake = new DataLakeIngestion(s, "Lake", { streamName: "no-newline", bucket: { bucketArn: "arn:aws:s3:::acme-x" }, partitioning: { partitionKeys: { source: ".source" } }, appendDelimiter: false });
    expect(errorOf(() => new EventIngestion(s, "Events", { ruleName: "no-newline", eventPattern: { source: ["x"] }, deliveryStreams: [lake.stream] }))).toContain(
      "deliveryStreams[0]: the stream has no AppendDelimiterToRecordProcessor, so events would be concatenated on one line; add it to the destination's processors or set newlineDelimiter: 'template' (rule E5; received \"no-newline\")",
    );
  });
});
