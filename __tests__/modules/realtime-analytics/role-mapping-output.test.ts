/** RealtimeAnalytics `roleMappingOutput`: the role and mapping fine-grained access control needs, as a Terraform output. */
import { RealtimeAnalytics } from "../../../modules";
import { parseMappingOutput } from "../../../scripts/opensearch-role-mapping";
import { errorOf, synthJson, testStack } from "../../helpers/stack";
import { baseProps, Res } from "./fixtures";

describe("RealtimeAnalytics roleMappingOutput", () => {
  test("outputs the endpoint, region, role and mapping of the delivery role, which the map-role script reads back", () => {
    const stack = testStack();
    const analytics = new RealtimeAnalytics(stack, "Search", baseProps({ roleMappingOutput: { region: "eu-west-1", outputName: "search_role_mapping" } }));
    const json = synthJson(stack);
    const output = (json.output as Record<string, Res>).search_role_mapping;
    expect(Object.keys(json.output as Res)).toEqual(["search_role_mapping"]);
    const value = JSON.parse(String(output.value));
    const domainId = Object.keys(json.resource.aws_opensearch_domain)[0];
    const roleId = Object.keys(json.resource.aws_iam_role).find((k) => k.includes("DeliveryStream"))!;
    expect(value).toEqual({
      endpoint: `https://\${aws_opensearch_domain.${domainId}.endpoint}`,
      region: "eu-west-1",
      roleName: "firehose_acme-search-events",
      role: { cluster_permissions: ["cluster_composite_ops", "cluster_monitor"], index_permissions: [{ index_patterns: ["events*"], allowed_actions: ["create_index", "manage", "crud"] }] },
      mapping: { backend_roles: [`\${aws_iam_role.${roleId}.arn}`] },
    });
    expect(output.description).toContain("create_index/manage/crud on events*");
    expect(analytics.roleMappingOutput).toBeDefined();
    expect(parseMappingOutput(JSON.stringify({ ...value, endpoint: "https://search-x.eu-west-1.es.amazonaws.com" })).roleName).toBe("firehose_acme-search-events");
  });

  test("named after the stream by default; no output without the option", () => {
    const stack = testStack();
    new RealtimeAnalytics(stack, "Search", baseProps({ streamName: "acme.search", roleMappingOutput: { region: "eu-west-1" } }));
    expect(Object.keys(synthJson(stack).output as Res)).toEqual(["acme_search_opensearch_role_mapping"]);
    const bare = testStack();
    const analytics = new RealtimeAnalytics(bare, "Search", baseProps());
    expect(synthJson(bare).output).toBeUndefined();
    expect(analytics.roleMappingOutput).toBeUndefined();
  });

  test("a region or output name Terraform and AWS refuse is reported under roleMappingOutput, both at once", () => {
    const msg = errorOf(() => new RealtimeAnalytics(testStack(), "Search", baseProps({ roleMappingOutput: { region: "Ireland", outputName: "1-mapping" } })));
    expect(msg).toContain('[test/Search] roleMappingOutput.region: AWS Region must be an AWS Region code such as eu-west-1');
    expect(msg).toContain('(rule A3; received "Ireland")');
    expect(msg).toContain("[test/Search] roleMappingOutput.outputName: Terraform output name must be a letter or '_', then letters, digits, '_' or '-'");
    expect(msg).toContain('(rule TF-OUTPUT; received "1-mapping")');
    expect(msg).toContain("(2 problems)");
  });
});
