import { EventDataLake } from "../../../modules/event-ingestion";
import { FirehoseDeliveryStream } from "../../../modules/delivery-stream";
import { ExtendedS3Destination } from "../../../modules/destinations";
import { errorOf, onlyResource, synthJson, testStack } from "../../helpers/stack";

type Res = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("EventDataLake", () => {
  test("the rule targets the lake's stream, partitioned by source and detail-type, one event per line", () => {
    const stack = testStack();
    const p = new EventDataLake(stack, "Events", {
      accountId: "123456789012",
      lake: { streamName: "acme-events", bucketProps: { bucketName: "acme-events-data" }, bufferingSizeMiB: 64, bufferingIntervalSeconds: 60 },
      events: { ruleName: "acme-events", eventPattern: { source: [{ prefix: "com.acme." }] } },
    });
    const json = synthJson(stack);
    const s3 = onlyResource<Res>(json, "aws_kinesis_firehose_delivery_stream").extended_s3_configuration;
    expect(s3.prefix).toBe("events/source=!{partitionKeyFromQuery:source}/detail_type=!{partitionKeyFromQuery:detail_type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/");
    expect(s3.error_output_prefix).toMatch(/^errors\/!\{firehose:error-output-type\}\//);
    expect(s3.processing_configuration.processors.map((x: Res) => x.type)).toEqual(["MetadataExtraction", "AppendDelimiterToRecord"]);
    expect(onlyResource<Res>(json, "aws_cloudwatch_event_target").arn).toContain("aws_kinesis_firehose_delivery_stream.");
    expect(p.deliveryStream).toBe(p.lake.stream);
    expect(p.deliveryStream.appendsRecordDelimiter).toBe(true);
    expect(p.events.ruleName).toBeDefined();
  });

  test("a complete prefix replaces the default start", () => {
    const stack = testStack();
    new EventDataLake(stack, "Events", {
      lake: { streamName: "acme-events", bucketProps: { bucketName: "acme-events-data" }, prefix: "ev/source=!{partitionKeyFromQuery:source}/detail_type=!{partitionKeyFromQuery:detail_type}/!{timestamp:yyyy}/", errorOutputPrefix: "err/!{firehose:error-output-type}/" },
      events: { ruleName: "acme-events", eventPattern: { source: ["x"] } },
    });
    const s3 = onlyResource<Res>(synthJson(stack), "aws_kinesis_firehose_delivery_stream").extended_s3_configuration;
    expect(s3.prefix).toMatch(/^ev\/source=/);
    expect(s3.error_output_prefix).toBe("err/!{firehose:error-output-type}/");
  });

  test("a stream without AppendDelimiterToRecord says so, and EventIngestion refuses it (rule E5)", () => {
    const stack = testStack();
    const bare = new FirehoseDeliveryStream(stack, "Bare", { name: "bare", destination: new ExtendedS3Destination({ bucket: { bucketArn: "arn:aws:s3:::acme-bare" } }) });
    expect(bare.appendsRecordDelimiter).toBe(false);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { EventIngestion } = require("../../../modules/event-ingestion") as typeof import("../../../modules/event-ingestion");
    expect(errorOf(() => new EventIngestion(stack, "Rule", { ruleName: "r", eventPattern: { source: ["x"] }, deliveryStreams: [bare] }))).toContain("deliveryStreams[0]: the stream has no AppendDelimiterToRecordProcessor");
  });
});
