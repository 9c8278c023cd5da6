import { EventDataLake } from "../../../modules/event-ingestion";
import { FirehoseDeliveryStream } from "../../../modules/delivery-stream";
import { ExtendedS3Destination } from "../../../modules/destinations";
import { AppendDelimiterToRecordProcessor } from "../../../modules/delivery-stream/processors";
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

  const FN = "arn:aws:lambda:eu-west-1:123456789012:function:cleanse";
  const lakeProps = { streamName: "acme-events", bucketProps: { bucketName: "acme-events-data" }, bufferingSizeMiB: 64, bufferingIntervalSeconds: 60 };
  const events = { ruleName: "acme-events", eventPattern: { source: ["com.acme.orders"] } };

  test("lake.transform: the Lambda runs first, the partition keys are read from what it returns, then the newline", () => {
    const stack = testStack();
    new EventDataLake(stack, "Events", { lake: { ...lakeProps, transform: { functionArn: FN, bufferSizeMB: 3 } }, events });
    const json = synthJson(stack);
    const s3 = onlyResource<Res>(json, "aws_kinesis_firehose_delivery_stream").extended_s3_configuration;
    expect(s3.processing_configuration.processors.map((x: Res) => x.type)).toEqual(["Lambda", "MetadataExtraction", "AppendDelimiterToRecord"]);
    expect(s3.processing_configuration.processors[0].parameters).toEqual([
      { parameter_name: "LambdaArn", parameter_value: FN },
      { parameter_name: "BufferSizeInMBs", parameter_value: "3" },
    ]);
    const statements = Object.values(json.resource.aws_iam_role_policy as Record<string, Res>).flatMap((p) => JSON.parse(String(p.policy)).Statement);
    expect(statements).toContainEqual(expect.objectContaining({ Action: ["lambda:InvokeFunction", "lambda:GetFunctionConfiguration"], Resource: FN }));
  });

  test("lake.transform: a mistake is reported under the lake's transform prop (rule L2)", () => {
    expect(errorOf(() => new EventDataLake(testStack(), "Events", { lake: { ...lakeProps, transform: { functionArn: FN, bufferSizeMB: 6 } }, events }))).toContain(
      "[test/Events/DataLake] transform.bufferSizeMB: Lambda processor buffer size must be a number between 0.2 and 3 MB (rule L2; received 6)",
    );
  });

  test("additionalDeliveryStreams: the rule targets the lake's stream first, then the others, all through the rule's one role", () => {
    const stack = testStack();
    const other = new FirehoseDeliveryStream(stack, "Other", {
      name: "acme-other",
      destination: new ExtendedS3Destination({ bucket: { bucketArn: "arn:aws:s3:::acme-other" }, processors: [new AppendDelimiterToRecordProcessor()] }),
    });
    const lake = new EventDataLake(stack, "Events", { lake: lakeProps, events, additionalDeliveryStreams: [other] });
    const json = synthJson(stack);
    const targets = Object.values(json.resource.aws_cloudwatch_event_target as Record<string, Res>);
    const streamIds = Object.entries(json.resource.aws_kinesis_firehose_delivery_stream as Record<string, Res>);
    const arnOf = (name: string) => `\${aws_kinesis_firehose_delivery_stream.${streamIds.find(([, s]) => s.name === name)![0]}.arn}`;
    expect(targets.map((t) => t.arn)).toEqual([arnOf("acme-events"), arnOf("acme-other")]);
    expect(new Set(targets.map((t) => t.role_arn)).size).toBe(1);
    expect(lake.deliveryStream).toBe(lake.lake.stream);
  });

  test("additionalDeliveryStreams: more than 4, or something that is not a delivery stream, is refused under that prop, both problems at once", () => {
    const stack = testStack();
    const streams = [0, 1, 2, 3, 4].map(
      (i) => new FirehoseDeliveryStream(stack, `S${i}`, { name: `acme-s${i}`, destination: new ExtendedS3Destination({ bucket: { bucketArn: "arn:aws:s3:::acme-s" }, processors: [new AppendDelimiterToRecordProcessor()] }) }),
    );
    const msg = errorOf(() => new EventDataLake(stack, "Events", { lake: lakeProps, events, additionalDeliveryStreams: [...streams, "acme-x" as never] }));
    expect(msg).toContain("[test/Events] additionalDeliveryStreams: a rule has at most 5 targets: the lake's stream and at most 4 others, got 6 others (rule E5; received 6)");
    expect(msg).toContain('[test/Events] additionalDeliveryStreams[5]: must be a FirehoseDeliveryStream (rule X2; received "acme-x")');
    expect(msg).toContain("(2 problems)");
  });

  test("additionalDeliveryStreams: an S3 stream that does not append the newline is refused by the rule (rule E5)", () => {
    const stack = testStack();
    const bare = new FirehoseDeliveryStream(stack, "Bare", { name: "bare", destination: new ExtendedS3Destination({ bucket: { bucketArn: "arn:aws:s3:::acme-bare" } }) });
    expect(errorOf(() => new EventDataLake(stack, "Events", { lake: lakeProps, events, additionalDeliveryStreams: [bare] }))).toContain(
      "[test/Events/Events] deliveryStreams[1]: the stream has no AppendDelimiterToRecordProcessor",
    );
  });
});
