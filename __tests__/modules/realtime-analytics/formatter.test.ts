import { RealtimeAnalytics } from "../../../modules/realtime-analytics";
import { PipelineKey } from "../../../modules/core/encryption";
import { errorOf, onlyResource, resourcesOf, synthJson, testStack } from "../../helpers/stack";
import { baseProps, Res } from "./fixtures";

function statementsOf(json: ReturnType<typeof synthJson>, sid: string): Res[] {
  return resourcesOf(json, "aws_iam_role_policy").flatMap((p) => JSON.parse(String((p as Res).policy)).Statement as Res[]).filter((s) => s.Sid === sid);
}

describe("RealtimeAnalytics formatter option", () => {
  test("deploys opensearch-formatter as the stream's transform, re-ingesting into the stream", () => {
    const stack = testStack();
    const a = new RealtimeAnalytics(stack, "Search", baseProps({ transform: undefined, accountId: "111122223333", formatter: { region: "eu-west-1", environment: { MAX_DEPTH: "3" }, memorySizeMB: 512 } }));
    const json = synthJson(stack);
    const fn = onlyResource<Res>(json, "aws_lambda_function") as Res & { function_name: string; memory_size: number; environment: { variables: Record<string, string> } };
    expect(fn.function_name).toBe("acme-search-events-formatter");
    expect(fn.memory_size).toBe(512);
    expect(fn.environment.variables.MAX_DEPTH).toBe("3");
    const processors = (onlyResource<Res>(json, "aws_kinesis_firehose_delivery_stream").opensearch_configuration as Res).processing_configuration as { processors: Res[] };
    expect(processors.processors).toHaveLength(1);
    expect(processors.processors[0].type).toBe("Lambda");
    expect(JSON.stringify(processors.processors[0].parameters)).toContain("aws_lambda_function.");
    expect(a.formatter?.timeoutSeconds).toBe(120);
    expect(statementsOf(json, "ReingestIntoDeliveryStream")).toEqual([expect.objectContaining({ Resource: "arn:aws:firehose:eu-west-1:111122223333:deliverystream/acme-search-events" })]);
    expect(statementsOf(json, "EncryptDeliveryStream")).toEqual([]);
  });

  test("with the pipeline's customer-managed key, the function uses it and may encrypt into the stream", () => {
    const stack = testStack();
    const key = new PipelineKey(stack, "Key", { description: "k", accountId: "111122223333", region: "eu-west-1" });
    new RealtimeAnalytics(stack, "Search", baseProps({ transform: undefined, accountId: "111122223333", encryption: "customer-managed", encryptionKey: key, formatter: { region: "eu-west-1" } }));
    const json = synthJson(stack);
    const keyRef = "${aws_kms_key.Key_" ;
    expect(String((onlyResource<Res>(json, "aws_lambda_function") as Res).kms_key_arn)).toContain(keyRef);
    expect(statementsOf(json, "EncryptDeliveryStream")).toEqual([expect.objectContaining({ Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: expect.stringContaining(keyRef) })]);
  });

  test("formatter and transform together are refused, naming the property and the rule", () => {
    const message = errorOf(() => new RealtimeAnalytics(testStack(), "Search", baseProps({ formatter: {} })));
    expect(message).toContain("formatter: Firehose runs one Lambda processor per stream: give formatter (the built-in function) or transform (yours), not both (rule P1");
  });
});
