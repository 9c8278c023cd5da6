import { EventIngestion } from "../../../modules/event-ingestion";
import { PipelineMonitoring } from "../../../modules/monitoring";
import { addTestProvider } from "../../helpers/stack";
import { describeTerraform, plannedCreates, planStack } from "../../helpers/terraform";
import { PATTERN, eventStream } from "./fixtures";

describeTerraform("EventIngestion + PipelineMonitoring: terraform validate and plan", () => {
  test("one stack with a partitioned stream, its rule, and monitoring of every resource kind", () => {
    const { plan, validate } = planStack("events", (stack) => {
      addTestProvider(stack);
      const stream = eventStream(stack, "acme-events");
      const ingestion = new EventIngestion(stack, "Ingest", { ruleName: "acme-events", eventPattern: PATTERN, deliveryStreams: [stream], archive: { retentionDays: 7 }, createEventBus: { name: "acme-bus" } });
      new PipelineMonitoring(stack, "Monitoring", {
        namePrefix: "acme",
        region: "eu-west-1",
        accountId: "123456789012",
        resources: {
          deliveryStreams: [stream],
          kinesisStreams: [{ streamName: "acme-orders" }],
          functions: [{ functionName: "acme-transform", timeoutSeconds: 120 }],
          rules: [{ ruleName: ingestion.ruleName, eventBusName: "acme-bus", deadLetterQueueName: ingestion.deadLetterQueueName }],
          domains: [{ domainName: "acme-search" }],
        },
        subscriptions: [{ protocol: "email", endpoint: "oncall@example.com" }],
      });
    });
    expect(JSON.parse(validate)).toMatchObject({ valid: true, error_count: 0 });
    const alarms = plannedCreates(plan, "aws_cloudwatch_metric_alarm");
    // Stream: success, freshness, throttled, 3 limits, partitions exceeded + near limit (8) + 3 Kinesis + 3 Lambda + 2 rule + 2 OpenSearch.
    expect(alarms).toHaveLength(18);
    for (const type of ["aws_cloudwatch_event_rule", "aws_cloudwatch_event_target", "aws_cloudwatch_event_archive", "aws_cloudwatch_event_bus", "aws_sqs_queue", "aws_sqs_queue_policy", "aws_sns_topic", "aws_kms_key_policy", "aws_sns_topic_policy", "aws_cloudwatch_dashboard"]) {
      expect({ type, planned: plannedCreates(plan, type).length }).toEqual({ type, planned: 1 });
    }
  });
});
