import { addTestProvider } from "../../helpers/stack";
import { describeTerraform, plannedCreates, planStack } from "../../helpers/terraform";
import {     Res,  buildStack } from "./fixtures";

describeTerraform("RealtimeAnalytics and OpenSearch Serverless: terraform validate and plan", () => {
  test("validate and plan succeed offline with the domain, policies, stream and serverless destination", () => {
    const { plan } = planStack("realtime", (stack) => {
      addTestProvider(stack);
      buildStack(stack);
    });
    expect(plannedCreates(plan, "aws_opensearch_domain")).toHaveLength(1);
    expect(plannedCreates(plan, "aws_opensearch_domain_policy")).toHaveLength(1);
    expect(plannedCreates(plan, "aws_cloudwatch_log_resource_policy")).toHaveLength(1);
    expect(plannedCreates(plan, "aws_kinesis_firehose_delivery_stream")).toHaveLength(2);
    const serverless = (plan.resource_changes ?? []).find((c) => c.type === "aws_kinesis_firehose_delivery_stream" && (c.change.after as Res)?.name === "acme-aoss-events");
    expect((serverless?.change.after as Res).destination).toBe("opensearchserverless");
  });
});
