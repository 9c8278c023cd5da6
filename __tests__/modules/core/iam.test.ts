import { ExistingRole, policyDocument, renderStatement, serviceTrustPolicy, ServiceRole } from "../../../modules/core/iam";
import { resourcesOf, synthJson, testStack } from "../../helpers/stack";

type Res = Record<string, unknown>;

describe("policy rendering", () => {
  test("one action or resource renders as a string, several as a list; effect defaults to Allow", () => {
    expect(renderStatement({ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] })).toEqual({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" });
    expect(
      renderStatement({
        sid: "Two",
        effect: "Deny",
        actions: ["s3:GetObject", "s3:PutObject"],
        resources: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
        principals: { Service: "logging.s3.amazonaws.com" },
        conditions: { Bool: { "aws:SecureTransport": false } },
      }),
    ).toEqual({
      Sid: "Two",
      Effect: "Deny",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: ["s3:GetObject", "s3:PutObject"],
      Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
      Condition: { Bool: { "aws:SecureTransport": false } },
    });
  });

  test("documents are version 2012-10-17; trust policies allow sts:AssumeRole to the service, with conditions when given", () => {
    expect(JSON.parse(policyDocument([{ actions: ["a:B"], resources: ["*"] }]))).toEqual({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "a:B", Resource: "*" }] });
    expect(JSON.parse(serviceTrustPolicy("firehose.amazonaws.com"))).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "firehose.amazonaws.com" }, Action: "sts:AssumeRole" }],
    });
    const conditions = { StringEquals: { "sts:ExternalId": "111122223333" } };
    expect(JSON.parse(serviceTrustPolicy("firehose.amazonaws.com", conditions)).Statement[0].Condition).toEqual(conditions);
  });
});

describe("ServiceRole", () => {
  test("one role and one inline policy holding grants added after creation, identical statements merged", () => {
    const stack = testStack();
    const role = new ServiceRole(stack, "R", { name: "acme-role", service: "firehose.amazonaws.com", description: "d", trustConditions: { StringEquals: { "aws:SourceAccount": "111122223333" } } });
    expect(role.addToPolicy({ sid: "A", actions: ["s3:PutObject"], resources: ["arn:aws:s3:::b/*"] })).toBe(true);
    role.addToPolicy({ sid: "Again", actions: ["s3:PutObject"], resources: ["arn:aws:s3:::b/*"] }); // same but for the sid: merged
    role.addToPolicy({ sid: "B", actions: ["kms:Decrypt"], resources: ["arn:aws:kms:eu-west-1:111122223333:key/k"] });
    const json = synthJson(stack);
    const [r] = resourcesOf(json, "aws_iam_role") as Res[];
    expect(r.name).toBe("acme-role");
    expect(JSON.parse(r.assume_role_policy as string).Statement[0]).toMatchObject({ Principal: { Service: "firehose.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } } });
    const [p] = resourcesOf(json, "aws_iam_role_policy") as Res[];
    expect(p.role).toMatch(/^\$\{aws_iam_role\..*\.name\}$/);
    expect(JSON.parse(p.policy as string).Statement.map((s: Res) => s.Sid)).toEqual(["A", "B"]);
  });
});

describe("ExistingRole", () => {
  test("with a name, grants land in an inline policy on that role", () => {
    const stack = testStack();
    const role = new ExistingRole(stack, "E", { roleArn: "arn:aws:iam::111122223333:role/ops", roleName: "ops" });
    expect(role.addToPolicy({ actions: ["firehose:PutRecord"], resources: ["arn:aws:firehose:eu-west-1:111122223333:deliverystream/s"] })).toBe(true);
    const [p] = resourcesOf(synthJson(stack), "aws_iam_role_policy") as Res[];
    expect(p).toMatchObject({ role: "ops", name: "cdktf-firehose-pipelines-grants" });
    expect(JSON.parse(p.policy as string).Statement).toEqual([{ Effect: "Allow", Action: "firehose:PutRecord", Resource: "arn:aws:firehose:eu-west-1:111122223333:deliverystream/s" }]);
  });

  test("without a name, grants are refused (the caller owns its permissions) and nothing is created", () => {
    const stack = testStack();
    const role = new ExistingRole(stack, "E", { roleArn: "arn:aws:iam::111122223333:role/ops" });
    expect(role.addToPolicy({ actions: ["firehose:PutRecord"], resources: ["*"] })).toBe(false);
    expect(resourcesOf(synthJson(stack), "aws_iam_role_policy")).toEqual([]);
  });
});
