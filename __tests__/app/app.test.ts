import { Testing } from "cdktf";
import * as fs from "fs";
import * as path from "path";
import { discoverEnvironments, loadEnvironment } from "../../app/environments";
import { PipelinesStack } from "../../app/stack";
import { buildApp } from "../../main";
import { tempDir } from "../helpers/terraform";
import { errorOf } from "../helpers/stack";

interface StackJson {
  output: Record<string, { value: string }>;
  terraform: { backend: Record<string, Record<string, unknown>> };
  provider: { aws: Record<string, unknown>[] };
  resource: Record<string, Record<string, Record<string, unknown>>>;
}

const outdir = tempDir("app");
const envs = discoverEnvironments();
buildApp({ outdir }).synth();
const stackJson = (env: string): StackJson => JSON.parse(fs.readFileSync(path.join(outdir, "stacks", env, "cdk.tf.json"), "utf8"));

describe("the app", () => {
  test("synthesizes one stack per environment, named after it", () => {
    expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual(envs);
  });

  test("each stack sets its region and default tags from its config", () => {
    for (const env of envs) {
      const { config } = loadEnvironment(env);
      const [aws] = stackJson(env).provider.aws;
      expect(aws.region).toBe(config.region);
      expect(aws.default_tags).toEqual([{ tags: { ...config.tags, Environment: env, ManagedBy: "cdktf-firehose-pipelines" } }]);
    }
  });

  test("prod keeps its state in S3 with locking; dev uses a local backend", () => {
    expect(stackJson("prod").terraform.backend).toEqual({
      s3: expect.objectContaining({ bucket: "fhp-terraform-state-prod", key: "firehose-pipelines/prod.tfstate", encrypt: true, use_lockfile: true }),
    });
    // In the project root, outside cdktf.out (which `rm -rf cdktf.out` deletes), like cdktf's own default.
    expect(stackJson("dev").terraform.backend).toEqual({ local: { path: path.resolve(__dirname, "..", "..", "terraform.dev.tfstate") } });
  });

  test("dev has a Direct PUT stream to S3, partitioned by an inline JQ key under a timestamp prefix, encrypted, logged, least-privilege", () => {
    const json = stackJson("dev");
    const streams = Object.values(json.resource.aws_kinesis_firehose_delivery_stream);
    const stream = streams.find((s) => {
      const dest = s.extended_s3_configuration as Record<string, unknown> | undefined;
      return dest && (dest.dynamic_partitioning_configuration as { enabled?: boolean } | undefined)?.enabled && !s.kinesis_source_configuration;
    }) as Record<string, Record<string, unknown>>;
    expect(stream).toBeDefined();
    const dest = stream.extended_s3_configuration;
    expect(dest.prefix).toMatch(/=!\{partitionKeyFromQuery:[a-z_]+\}\/.*!\{timestamp:yyyy\}/);
    const processors = (dest.processing_configuration as { processors: { type: string }[] }).processors;
    expect(processors.map((p) => p.type)).toContain("MetadataExtraction");
    expect(stream.server_side_encryption).toEqual(expect.objectContaining({ enabled: true }));
    expect(dest.kms_key_arn).toMatch(/^\$\{aws_kms_key\./);
    expect(dest.cloudwatch_logging_options).toEqual(expect.objectContaining({ enabled: true }));
    const policies = Object.values(json.resource.aws_iam_role_policy).map((p) => JSON.parse(p.policy as string));
    for (const policy of policies) {
      for (const s of policy.Statement) for (const r of [].concat(s.Resource)) expect(r).not.toBe("*");
    }
  });

  test("every delivery stream has an ARN output named after it", () => {
    for (const env of envs) {
      const json = stackJson(env);
      const streams = Object.entries(json.resource.aws_kinesis_firehose_delivery_stream);
      expect(streams.length).toBeGreaterThan(0);
      for (const [id, s] of streams) {
        expect(json.output[`${s.name}_delivery_stream_arn`]).toEqual(expect.objectContaining({ value: `\${aws_kinesis_firehose_delivery_stream.${id}.arn}` }));
      }
    }
  });

  test("staging partitions CDC records with the built-in partitioner Lambda on database, table and event time", () => {
    const json = stackJson("staging");
    const [fnId, fn] = Object.entries(json.resource.aws_lambda_function).find(([id]) => id.includes("Partitioner"))!;
    expect((fn.environment as { variables: Record<string, string> }).variables).toEqual(
      expect.objectContaining({ PARTITION_KEYS: '{"database":"database","table":"table"}', TIME_PARTITION_KEYS: "year,month,day,hour", EVENT_TIME_FIELD: "event_time" }),
    );
    const stream = Object.values(json.resource.aws_kinesis_firehose_delivery_stream).find((s) => s.name === "fhp-stg-cdc-events")!;
    const dest = stream.extended_s3_configuration as Record<string, unknown>;
    expect(dest.prefix).toBe(
      "cdc-events/database=!{partitionKeyFromLambda:database}/table=!{partitionKeyFromLambda:table}/year=!{partitionKeyFromLambda:year}/month=!{partitionKeyFromLambda:month}/day=!{partitionKeyFromLambda:day}/hour=!{partitionKeyFromLambda:hour}/",
    );
    const processors = (dest.processing_configuration as { processors: { type: string; parameters: { parameter_name: string; parameter_value: string }[] }[] }).processors;
    expect(processors.find((p) => p.type === "Lambda")!.parameters).toContainEqual({ parameter_name: "LambdaArn", parameter_value: `\${aws_lambda_function.${fnId}.arn}` });
    // The function may re-ingest overflow into exactly this stream (its ARN built from region, account and name).
    const rolePolicies = Object.values(json.resource.aws_iam_role_policy).map((p) => JSON.parse(p.policy as string).Statement).flat();
    expect(rolePolicies).toContainEqual(
      expect.objectContaining({ Action: "firehose:PutRecordBatch", Resource: "arn:aws:firehose:eu-west-1:123456789012:deliverystream/fhp-stg-cdc-events" }),
    );
  });

  test("the partitioner and formatter keep the Terraform addresses they had before the module constructs created them", () => {
    const staging = stackJson("staging").resource;
    // The logical ids of `<pipeline>/<function id>/...`, as deployed before the functions moved into DataLakeIngestion and RealtimeAnalytics.
    expect(Object.keys(staging.aws_lambda_function).sort()).toEqual(["cdc-events_Partitioner_Function_5DC3AC5A", "search-events_Formatter_Function_D221A3F0"]);
    expect(Object.keys(staging.aws_cloudwatch_log_group)).toEqual(expect.arrayContaining(["cdc-events_Partitioner_LogGroup_FEE9C18F", "search-events_Formatter_LogGroup_F035107E"]));
    expect(Object.keys(staging.aws_iam_role)).toEqual(expect.arrayContaining(["cdc-events_Partitioner_Role_A45BDAC9", "search-events_Formatter_Role_C61A929C"]));
    expect(String(staging.aws_lambda_function["cdc-events_Partitioner_Function_5DC3AC5A"].filename)).toMatch(/^assets\/cdc-events_Partitioner_Bundle_CEA8FDAA\//);
    // Everything else keeps cdktf's ids, the construct path included.
    expect(Object.keys(staging.aws_kinesis_firehose_delivery_stream)).toContain("cdc-events_DataLake_Stream_AAE06B1F");
  });

  test("the stream key and the role-mapping output keep their addresses since DataLakeIngestion and RealtimeAnalytics create them", () => {
    const prod = stackJson("prod");
    // `<pipeline>/StreamKey`, as deployed when the app created the key next to the construct.
    expect(Object.keys(prod.resource.aws_kms_key)).toContain("app-events_StreamKey_7860FA95");
    expect(prod.resource.aws_kms_key["app-events_StreamKey_7860FA95"]).toMatchObject({ description: "Encrypts Firehose stream fhp-prod-app-events at rest", enable_key_rotation: true, deletion_window_in_days: 30 });
    const stream = Object.values(prod.resource.aws_kinesis_firehose_delivery_stream).find((s) => s.name === "fhp-prod-app-events")!;
    expect(stream.server_side_encryption).toEqual({ enabled: true, key_type: "CUSTOMER_MANAGED_CMK", key_arn: "${aws_kms_key.app-events_StreamKey_7860FA95.arn}" });
    expect(Object.keys(prod.output)).toContain("search-events_opensearch_role_mapping");
  });

  test("an error while building a pipeline names the environment file and the pipeline", () => {
    const { config } = loadEnvironment("dev");
    const broken = { ...config, pipelines: [{ kind: "data-lake" as const, name: "events", bufferingSizeMiB: 500 }] };
    const message = errorOf(() => new PipelinesStack(Testing.app(), "dev", { envName: "dev", config: broken, configFile: "environments/dev/config.ts" }));
    expect(message).toContain("[environments/dev/config.ts pipelines[0] (events) → dev/events/DataLake] bufferingSizeMiB: buffering size must be an integer between 1 and 128 MiB (rule B1; received 500)");
  });
});
