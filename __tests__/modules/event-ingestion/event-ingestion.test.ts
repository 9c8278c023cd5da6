import { EventIngestion, EventIngestionProps } from "../../../modules/event-ingestion";
import { NEWLINE_TEMPLATE } from "../../../modules/event-ingestion/event-ingestion";
import { errorOf, onlyResource, resourcesOf, synthJson, testStack } from "../../helpers/stack";
import { PATTERN, eventStream } from "./fixtures";

function build(props: Partial<EventIngestionProps> & { streams?: number; delimiter?: boolean } = {}) {
  const stack = testStack();
  const { streams = 1, delimiter = true, ...rest } = props;
  const deliveryStreams = Array.from({ length: streams }, (_, i) => eventStream(stack, `events${i}`, delimiter));
  const ingestion = new EventIngestion(stack, "Ingest", { ruleName: "acme-app-events", eventPattern: PATTERN, deliveryStreams, ...rest });
  return { stack, ingestion, json: synthJson(stack) };
}

const parse = (policy: unknown) => JSON.parse(String(policy));

describe("EventIngestion", () => {
  test("rule, target with role, retries and dead-letter queue; the role may only put records into the stream", () => {
    const { json } = build({ accountId: "123456789012" });
    expect(onlyResource(json, "aws_cloudwatch_event_rule")).toMatchObject({ name: "acme-app-events", event_pattern: JSON.stringify(PATTERN), state: "ENABLED" });
    const target = onlyResource(json, "aws_cloudwatch_event_target");
    expect(target).toMatchObject({
      arn: "${aws_kinesis_firehose_delivery_stream.events0_Stream_1F7F48ED.arn}",
      role_arn: "${aws_iam_role.Ingest_Role_2FC4FDB9.arn}",
      retry_policy: { maximum_event_age_in_seconds: 86400, maximum_retry_attempts: 185 },
      dead_letter_config: { arn: "${aws_sqs_queue.Ingest_DeadLetterQueue_59BEC612.arn}" },
      depends_on: ["aws_iam_role_policy.Ingest_Role_Policy_58E1C8DC"],
    });
    // The stream appends the newline: the event reaches Firehose unchanged.
    expect(target.input_transformer).toBeUndefined();

    const roles = resourcesOf(json, "aws_iam_role").filter((r) => r.name === "acme-app-events-events");
    expect(parse(roles[0].assume_role_policy).Statement[0]).toEqual({
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: { ArnEquals: { "aws:SourceArn": "${aws_cloudwatch_event_rule.Ingest_Rule_61CE4EAB.arn}" }, StringEquals: { "aws:SourceAccount": "123456789012" } },
    });
    const policy = resourcesOf(json, "aws_iam_role_policy").find((p) => p.role === "${aws_iam_role.Ingest_Role_2FC4FDB9.name}")!;
    expect(parse(policy.policy).Statement).toEqual([
      { Sid: "PutRecordsToDeliveryStream", Effect: "Allow", Action: ["firehose:PutRecord", "firehose:PutRecordBatch"], Resource: "${aws_kinesis_firehose_delivery_stream.events0_Stream_1F7F48ED.arn}" },
    ]);

    expect(onlyResource(json, "aws_sqs_queue")).toMatchObject({ name: "acme-app-events-dlq", sqs_managed_sse_enabled: true, message_retention_seconds: 1209600 });
    expect((onlyResource(json, "aws_sqs_queue") as Record<string, unknown>).fifo_queue).toBeUndefined();
    const queuePolicy = parse(onlyResource(json, "aws_sqs_queue_policy").policy);
    expect(queuePolicy.Statement[0]).toEqual({
      Sid: "EventBridgeDeadLetters",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sqs:SendMessage",
      Resource: "${aws_sqs_queue.Ingest_DeadLetterQueue_59BEC612.arn}",
      Condition: { ArnEquals: { "aws:SourceArn": "${aws_cloudwatch_event_rule.Ingest_Rule_61CE4EAB.arn}" } },
    });
  });

  test("created custom bus, archive of the bus with the rule's pattern, KMS dead-letter queue, custom retries", () => {
    const { json, ingestion } = build({
      createEventBus: { name: "acme-app" },
      archive: { retentionDays: 14 },
      retryPolicy: { maximumEventAgeSeconds: 3600, maximumRetryAttempts: 10 },
      deadLetterQueue: { kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd", messageRetentionSeconds: 345600 },
    });
    expect(onlyResource(json, "aws_cloudwatch_event_bus")).toMatchObject({ name: "acme-app" });
    expect(onlyResource(json, "aws_cloudwatch_event_rule").event_bus_name).toBe("${aws_cloudwatch_event_bus.Ingest_Bus_A44A86F4.name}");
    expect(onlyResource(json, "aws_cloudwatch_event_archive")).toMatchObject({
      name: "acme-app-events",
      event_source_arn: "${aws_cloudwatch_event_bus.Ingest_Bus_A44A86F4.arn}",
      event_pattern: JSON.stringify(PATTERN),
      retention_days: 14,
    });
    expect(onlyResource(json, "aws_cloudwatch_event_target")).toMatchObject({ retry_policy: { maximum_event_age_in_seconds: 3600, maximum_retry_attempts: 10 } });
    expect(onlyResource(json, "aws_sqs_queue")).toMatchObject({ kms_master_key_id: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd", message_retention_seconds: 345600 });
    expect(ingestion.deadLetterQueueName).toBe("acme-app-events-dlq");
  });

  test("archive on the default bus: the bus ARN is derived from the rule ARN (no data source)", () => {
    const { json } = build({ archive: {} });
    expect(onlyResource(json, "aws_cloudwatch_event_archive")).toMatchObject({
      event_source_arn: '${replace(aws_cloudwatch_event_rule.Ingest_Rule_61CE4EAB.arn, "rule/acme-app-events", "event-bus/default")}',
      retention_days: 0,
    });
  });

  test("schedule on the default bus; template framing adds <aws.events.event>\\n", () => {
    const { json } = build({ eventPattern: undefined, scheduleExpression: "rate(5 minutes)", newlineDelimiter: "template", delimiter: false });
    expect(onlyResource(json, "aws_cloudwatch_event_rule")).toMatchObject({ schedule_expression: "rate(5 minutes)" });
    expect(onlyResource(json, "aws_cloudwatch_event_target").input_transformer).toEqual({ input_paths: {}, input_template: NEWLINE_TEMPLATE });
  });

  test("an existing standard queue is referenced, with a warning about its policy", () => {
    const { json, ingestion } = build({ deadLetterQueue: { queueArn: "arn:aws:sqs:eu-west-1:123456789012:shared-dlq" } });
    expect(resourcesOf(json, "aws_sqs_queue")).toHaveLength(0);
    expect(onlyResource(json, "aws_cloudwatch_event_target").dead_letter_config).toEqual({ arn: "arn:aws:sqs:eu-west-1:123456789012:shared-dlq" });
    expect(ingestion.deadLetterQueueName).toBe("shared-dlq");
    expect(ingestion.node.metadata.map((m) => String(m.data))).toEqual([expect.stringContaining("the queue policy must allow events.amazonaws.com sqs:SendMessage")]);
  });

  test("a rule name with '.' gives a dead-letter queue name without it (SQS names allow only [A-Za-z0-9_-])", () => {
    const { json, ingestion } = build({ ruleName: "acme.app.events" });
    expect(onlyResource(json, "aws_cloudwatch_event_rule").name).toBe("acme.app.events");
    expect(onlyResource(json, "aws_sqs_queue").name).toBe("acme-app-events-dlq");
    expect(ingestion.deadLetterQueueName).toBe("acme-app-events-dlq");
  });

  test("up to five delivery streams, one target each, one grant each", () => {
    const { json } = build({ streams: 5 });
    expect(resourcesOf(json, "aws_cloudwatch_event_target").map((t) => t.target_id)).toEqual(["firehose-0", "firehose-1", "firehose-2", "firehose-3", "firehose-4"]);
  });
});

describe("EventIngestion: bad input", () => {
  const bad = (props: Partial<EventIngestionProps> & { streams?: number; delimiter?: boolean }) => errorOf(() => build(props));

  test("max event age 30 and 186 attempts (rule E2)", () => {
    const msg = bad({ retryPolicy: { maximumEventAgeSeconds: 30, maximumRetryAttempts: 186 } });
    expect(msg).toContain("[test/Ingest] retryPolicy.maximumEventAgeSeconds: maximum event age must be an integer between 60 and 86400 seconds (rule E2; received 30)");
    expect(msg).toContain("retryPolicy.maximumRetryAttempts: maximum retry attempts must be an integer between 0 and 185 (rule E2; received 186)");
  });
  test("a FIFO dead-letter queue (rule E3)", () => {
    expect(bad({ deadLetterQueue: { queueArn: "arn:aws:sqs:eu-west-1:123456789012:dlq.fifo" } })).toContain(
      'deadLetterQueue.queueArn: EventBridge dead-letter queues must be standard SQS queues (SQS FIFO is not supported by Dead Letter Queues) (rule E3; received "arn:aws:sqs:eu-west-1:123456789012:dlq.fifo")',
    );
  });
  test("both pattern and schedule, and neither", () => {
    expect(bad({ scheduleExpression: "rate(1 hour)" })).toContain("eventPattern: give exactly one of eventPattern and scheduleExpression (rule EB-RULE;");
    expect(bad({ eventPattern: undefined })).toContain("eventPattern: give exactly one of eventPattern and scheduleExpression (rule EB-RULE;");
  });
  test("6 targets (rule E5)", () => {
    expect(bad({ streams: 6 })).toContain("deliveryStreams: a rule has 6 targets; EventBridge allows 1-5 per rule (rule E5; received 6)");
  });
  test("input, inputPath and a transformer together; invalid input JSON; reserved input path names (rule E4)", () => {
    const msg = bad({ input: "{not json", inputPath: "$.detail", inputTransformer: { inputPaths: { "AWS.x": "$.id" }, inputTemplate: "<x>\n" } });
    expect(msg).toContain("input, inputPath, inputTransformer: input, inputPath and inputTransformer are mutually exclusive; give at most one (rule E4;");
    expect(msg).toContain('input: input must be valid JSON (rule E4; received "{not json")');
    expect(msg).toContain('inputTransformer.inputPaths.AWS.x: input path names cannot start with \'AWS.\' (reserved) (rule E4; received "AWS.x")');
  });
  test("a stream without a newline delimiter, and a template without one (rule E5)", () => {
    expect(bad({ delimiter: false })).toContain(
      'deliveryStreams[0]: the stream has no AppendDelimiterToRecordProcessor, so events would be concatenated on one line; add it to the destination\'s processors or set newlineDelimiter: \'template\' (rule E5; received "events0")',
    );
    expect(bad({ delimiter: false, newlineDelimiter: "template", inputTransformer: { inputTemplate: "<aws.events.event>" } })).toContain(
      'inputTransformer.inputTemplate: the input template must end with "\\n" so events land one per line (rule E5; received "<aws.events.event>")',
    );
  });
  test("rule name, schedule on a custom bus, bus given twice, bus named default, schedule syntax", () => {
    const msg = bad({ ruleName: "app events!", eventPattern: undefined, scheduleExpression: "every 5 minutes", eventBusName: "app", createEventBus: { name: "default" } });
    expect(msg).toContain("ruleName: rule name must be letters, digits, '.', '-', '_' (pattern ^[.\\-_A-Za-z0-9]+$) (rule N-RULE; received \"app events!\")");
    expect(msg).toContain("scheduleExpression: schedule expressions are supported only on the default event bus (rule EB-RULE;");
    expect(msg).toContain("scheduleExpression: schedule expression must be rate(<number> minute(s)|hour(s)|day(s)) or cron(<six fields separated by single spaces>) (pattern ^(rate\\(\\d+ (minute|minutes|hour|hours|day|days)\\)|cron\\(\\S+ \\S+ \\S+ \\S+ \\S+ \\S+\\))$) (rule EB-RULE; received \"every 5 minutes\")");
    expect(msg).toContain("createEventBus: give either eventBusName (existing bus) or createEventBus (created), not both (rule EB-BUS;");
    expect(msg).toContain("createEventBus.name: a custom event bus cannot be named 'default' or contain '/' (partner buses only) (rule EB-BUS; received \"default\")");
  });
  test("dead-letter queue retention out of range, and an archive on a scheduled rule", () => {
    const msg = bad({ eventPattern: undefined, scheduleExpression: "rate(1 day)", archive: {}, deadLetterQueue: { messageRetentionSeconds: 30 } });
    expect(msg).toContain("deadLetterQueue.messageRetentionSeconds: dead-letter queue retention must be an integer between 60 and 1209600 seconds (rule E3; received 30)");
    expect(msg).toContain("archive: an archive stores events matched on the bus; scheduled rules match none (use an eventPattern) (rule EB-RULE;");
  });
});
