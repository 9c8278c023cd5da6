/**
 * Every reference architecture in ONE stack, validated and planned by the real Terraform and hashicorp/aws 5.100.0
 * provider, offline: names do not collide across scenarios, and every resource is accepted by the provider schema.
 */
import { addTestProvider } from "../helpers/stack";
import { describeTerraform, plannedCreates, planStack } from "../helpers/terraform";
import { allScenarios } from "./architectures";

describeTerraform("all reference architectures in one stack", () => {
  let result: ReturnType<typeof planStack>;
  beforeAll(() => {
    result = planStack("scenarios", (stack) => {
      addTestProvider(stack);
      allScenarios(stack);
    });
  });

  test("terraform validate passes and plan creates every delivery stream, data stream, rule and alarm, with nothing else planned", () => {
    const validate = JSON.parse(result.validate) as { valid: boolean; error_count: number; warning_count: number; diagnostics: unknown[] };
    expect(validate).toMatchObject({ valid: true, error_count: 0, warning_count: 0 });
    const streams = plannedCreates(result.plan, "aws_kinesis_firehose_delivery_stream");
    // 000: 1; 001: raw, curated, realtime, analytics backup, 3 fan-out, high-throughput, low-latency, resilient = 10;
    // 003: 2; 004: 3.
    expect(streams).toHaveLength(16);
    expect(plannedCreates(result.plan, "aws_kinesis_stream")).toHaveLength(5);
    expect(plannedCreates(result.plan, "aws_opensearch_domain")).toHaveLength(2);
    expect(plannedCreates(result.plan, "aws_cloudwatch_event_rule")).toHaveLength(2);
    expect(plannedCreates(result.plan, "aws_sqs_queue")).toHaveLength(2);
    expect(plannedCreates(result.plan, "aws_lambda_function")).toHaveLength(2);
    expect(plannedCreates(result.plan, "aws_cloudwatch_metric_alarm").length).toBeGreaterThan(60);
    const actions = new Set((result.plan.resource_changes ?? []).flatMap((c) => c.change.actions));
    expect([...actions]).toEqual(["create"]);
  });
});
