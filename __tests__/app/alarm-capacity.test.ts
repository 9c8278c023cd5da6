/**
 * Every alarm of every environment, checked against the capacity it watches (volume sizes, buffering intervals,
 * timeouts, retention): none may be certain to fire, or certain never to fire, on a healthy pipeline. Also the
 * outputs a first deploy needs: the stream key beside the stream ARN, and the OpenSearch role mapping.
 */
import * as fs from "fs";
import * as path from "path";
import { discoverEnvironments } from "../../app/environments";
import { buildApp } from "../../main";
import { alarmCapacityProblems, StackJson } from "../helpers/alarm-capacity";
import { tempDir } from "../helpers/terraform";

const outdir = tempDir("alarms");
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));
const envs = discoverEnvironments();
buildApp({ outdir }).synth();
const stackJson = (env: string): StackJson & { output: Record<string, { value: string; description?: string }> } =>
  JSON.parse(fs.readFileSync(path.join(outdir, "stacks", env, "cdk.tf.json"), "utf8"));

describe("alarm thresholds against capacity", () => {
  test.each(envs)("%s: every alarm can fire and can clear", (env) => {
    const json = stackJson(env);
    expect(Object.keys(json.resource.aws_cloudwatch_metric_alarm ?? {}).length).toBeGreaterThan(0);
    expect(alarmCapacityProblems(json)).toEqual([]);
  });

  test("the check finds the defect it exists for: the 20480 MiB FreeStorageSpace alarm on staging's 20 GiB node", () => {
    const json = stackJson("staging");
    const alarm = Object.values(json.resource.aws_cloudwatch_metric_alarm).find((a) => a.metric_name === "FreeStorageSpace")!;
    expect(alarm.threshold).toBe(5120);
    const broken = JSON.parse(JSON.stringify(json)) as StackJson;
    Object.values(broken.resource.aws_cloudwatch_metric_alarm).find((a) => a.metric_name === "FreeStorageSpace")!.threshold = 20480;
    expect(alarmCapacityProblems(broken)).toEqual([expect.stringMatching(/FreeStorageLow: FreeStorageSpace threshold 20480 MiB vs 16384 MiB a 20 GiB node can report free: always in ALARM$/)]);
  });

  test("the check finds a freshness threshold under the buffering interval and a dimension naming no resource", () => {
    const broken = JSON.parse(JSON.stringify(stackJson("dev"))) as StackJson;
    const alarms = Object.values(broken.resource.aws_cloudwatch_metric_alarm);
    const freshness = alarms.find((a) => String(a.metric_name).endsWith(".DataFreshness"))!;
    freshness.threshold = 30;
    const success = alarms.find((a) => String(a.metric_name).endsWith(".Success"))!;
    success.dimensions = { DeliveryStreamName: "typo" };
    const problems = alarmCapacityProblems(broken);
    expect(problems).toContainEqual(expect.stringContaining("freshness threshold 30 s does not exceed the buffering delay"));
    expect(problems).toContainEqual(expect.stringContaining("watches delivery stream typo, which the stack does not create"));
  });
});

describe("outputs a first deploy needs", () => {
  test("a stream with a customer-managed SSE key: its key ARN beside the stream ARN", () => {
    const out = stackJson("prod").output;
    const key = out["fhp-prod-app-events_delivery_stream_kms_key_arn"];
    expect(out["fhp-prod-app-events_delivery_stream_arn"]).toBeDefined();
    expect(key.value).toMatch(/^\$\{aws_kms_key\.[^}]+\.arn\}$/);
    expect(key.description).toContain("producers need kms:GenerateDataKey and kms:Decrypt on it");
    // AWS-owned keys need no producer grant: no key output.
    expect(Object.keys(stackJson("dev").output).filter((k) => k.endsWith("_kms_key_arn"))).toEqual([]);
  });

  test.each(["staging", "prod"])("%s: the OpenSearch role mapping the delivery role needs, ready for npm run opensearch:map-role", (env) => {
    const out = stackJson(env).output["search-events_opensearch_role_mapping"];
    expect(out.description).toContain("create OpenSearch role firehose_fhp-");
    const value = JSON.parse(out.value);
    expect(value).toEqual({
      endpoint: expect.stringMatching(/^https:\/\/\$\{aws_opensearch_domain\.[^}]+\.endpoint\}$/),
      region: expect.any(String),
      roleName: expect.stringMatching(/^firehose_fhp-(stg|prod)-search-events$/),
      role: { cluster_permissions: ["cluster_composite_ops", "cluster_monitor"], index_permissions: [{ index_patterns: ["search-events*"], allowed_actions: ["create_index", "manage", "crud"] }] },
      mapping: { backend_roles: [expect.stringMatching(/^\$\{aws_iam_role\.[^}]+\.arn\}$/)] },
    });
  });
});
