import { Testing } from "cdktf";
import { RealtimeAnalyticsPipelineConfig } from "../../../app/pipelines/realtime-analytics";
import { PipelinesStack } from "../../../app/stack";
import { EnvironmentConfig, validateEnvironment } from "../../../app/config/environment";
import { errorOf, onlyResource, resourcesOf, synthJson } from "../../helpers/stack";

const MASTER = "arn:aws:iam::111122223333:role/search-admin";

function env(pipeline: Partial<RealtimeAnalyticsPipelineConfig>): EnvironmentConfig {
  return {
    region: "eu-west-1",
    namingPrefix: "acme-qa",
    tags: { Project: "test" },
    backend: { type: "local" },
    pipelines: [{ kind: "realtime-analytics", name: "search-events", domain: { masterUserArn: MASTER }, ...pipeline } as RealtimeAnalyticsPipelineConfig],
  };
}

describe("realtime-analytics pipeline kind", () => {
  const stack = new PipelinesStack(Testing.app(), "qa", { envName: "qa", config: env({ preset: "cost-optimized", bufferingIntervalSeconds: 600 }), configFile: "environments/qa/config.ts" });
  const json = synthJson(stack);

  test("names the domain, stream and backup bucket from the naming prefix and registers them for monitoring", () => {
    expect(onlyResource<Record<string, unknown>>(json, "aws_opensearch_domain").domain_name).toBe("acme-qa-search-events");
    expect(resourcesOf(json, "aws_s3_bucket").map((b) => b.bucket)).toContain("acme-qa-search-events-os-backup");
    // With its node volume: the FreeStorageSpace alarm is 25% of it.
    expect(stack.resources.domains).toEqual([{ domainName: "acme-qa-search-events", volumeSizeGiB: 20 }]);
    expect(stack.resources.deliveryStreams.map((s) => s.destinationInfo.kind)).toEqual(["AmazonOpenSearchService"]);
  });

  test("a preset field can be overridden: cost-optimized size with a 600 s interval; the index defaults to the pipeline name", () => {
    const stream = onlyResource<{ name: string; opensearch_configuration: Record<string, unknown> }>(json, "aws_kinesis_firehose_delivery_stream");
    expect(stream.name).toBe("acme-qa-search-events");
    expect(stream.opensearch_configuration).toMatchObject({ buffering_size: 10, buffering_interval: 600, index_name: "search-events" });
  });

  test("an existing domain is not registered as created", () => {
    const s = new PipelinesStack(Testing.app(), "qa", {
      envName: "qa",
      config: env({ domain: undefined, existingDomain: { domainArn: "arn:aws:es:eu-west-1:111122223333:domain/shared-search", endpoint: "search-shared.eu-west-1.es.amazonaws.com" } }),
      configFile: "environments/qa/config.ts",
    });
    expect(s.resources.domains).toEqual([]);
    expect(s.resources.deliveryStreams).toHaveLength(1);
  });

  test("formatter: deploys opensearch-formatter and plugs it in as the transform, re-ingesting into the stream", () => {
    const s = new PipelinesStack(Testing.app(), "qa", { envName: "qa", config: { ...env({ formatter: true }), accountId: "111122223333" }, configFile: "environments/qa/config.ts" });
    const j = synthJson(s);
    const fn = onlyResource<Record<string, unknown>>(j, "aws_lambda_function");
    expect(fn.function_name).toBe("acme-qa-search-events-formatter");
    const fnId = Object.keys(j.resource.aws_lambda_function)[0];
    const stream = onlyResource<{ opensearch_configuration: { processing_configuration: unknown } }>(j, "aws_kinesis_firehose_delivery_stream");
    expect(stream.opensearch_configuration.processing_configuration).toEqual({
      enabled: true,
      processors: [{ type: "Lambda", parameters: [{ parameter_name: "LambdaArn", parameter_value: `${"${"}aws_lambda_function.${fnId}.arn}` }] }],
    });
    const policies = resourcesOf(j, "aws_iam_role_policy").map((p) => JSON.parse(p.policy as string).Statement as { Sid: string; Resource: unknown }[]);
    expect(policies.flat().find((st) => st.Sid === "ReingestIntoDeliveryStream")?.Resource).toBe("arn:aws:firehose:eu-west-1:111122223333:deliverystream/acme-qa-search-events");
    expect(s.resources.functions).toEqual([{ functionName: "acme-qa-search-events-formatter", timeoutSeconds: 120 }]);
  });

  test("config errors name the file and the field", () => {
    expect(errorOf(() => validateEnvironment("environments/qa/config.ts", env({ formatter: true, transformFunctionArn: "arn:aws:lambda:eu-west-1:111122223333:function:x" })))).toContain(
      "[environments/qa/config.ts] pipelines[0].formatter: give either formatter (deploy opensearch-formatter) or transformFunctionArn (an existing function), not both (rule C2;",
    );
    expect(errorOf(() => validateEnvironment("environments/qa/config.ts", env({ preset: "fast" as never })))).toContain(
      '[environments/qa/config.ts] pipelines[0].preset: preset must be one of low-latency, cost-optimized (rule C2; received "fast")',
    );
    expect(errorOf(() => validateEnvironment("environments/qa/config.ts", env({ domain: undefined })))).toContain(
      "[environments/qa/config.ts] pipelines[0].domain: give exactly one of domain (create) and existingDomain (use) (rule C2; received undefined)",
    );
  });

  test("construct errors name the pipeline (a bad master user)", () => {
    const message = errorOf(() => new PipelinesStack(Testing.app(), "qa", { envName: "qa", config: env({ domain: { masterUserArn: "admin" } }), configFile: "environments/qa/config.ts" }));
    expect(message).toContain("[environments/qa/config.ts pipelines[0] (search-events) → qa/search-events/RealtimeAnalytics] domain.masterUserArn: master user ARN must be arn:aws:iam::<account>:role/<name>, arn:aws:iam::<account>:user/<name> or arn:aws:iam::<account>:root (pattern ^arn:aws[a-z-]*:iam::\\d{12}:(root|role\\/.+|user\\/.+)$) (rule OS-FGAC; received \"admin\")");
  });
});
