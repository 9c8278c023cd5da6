import { TerraformStack } from "cdktf";
import { addTestProvider } from "../../helpers/stack";
import { describeTerraform, planStack, plannedCreates } from "../../helpers/terraform";
import {    fanOut } from "./fixtures";

describeTerraform("FanOut with all four kinds (terraform validate + plan)", () => {
  let result: ReturnType<typeof planStack>;
  beforeAll(() => {
    result = planStack("fanout", (stack: TerraformStack) => {
      addTestProvider(stack);
      fanOut(stack);
    });
  }, 240_000);

  test("validates and plans the stream, four delivery streams, two empty secrets and no secret value", () => {
    expect(JSON.parse(result.validate).valid).toBe(true);
    expect(plannedCreates(result.plan, "aws_kinesis_stream")).toHaveLength(1);
    expect(plannedCreates(result.plan, "aws_kinesis_firehose_delivery_stream")).toHaveLength(4);
    expect(plannedCreates(result.plan, "aws_secretsmanager_secret")).toHaveLength(2);
    expect(plannedCreates(result.plan, "aws_secretsmanager_secret_version")).toHaveLength(0);
    const sensitive = JSON.stringify(result.plan);
    expect(sensitive).not.toMatch(/"(password|hec_token|access_key)":"[^"]+"/);
  });
});
