import * as fs from "fs";
import * as path from "path";
import { TerraformStack, Testing } from "cdktf";
import { ExtendedS3Destination, FirehoseDeliveryStream, KinesisStreamSource } from "../../../modules";
import { BUILT_IN_PROCESSORS, FirehoseLambdaProcessor, bundleHandler, builtInEntry } from "../../../modules/lambda-function";
import { addTestProvider, resourcesOf, synthJson } from "../../helpers/stack";
import { describeTerraform, plannedCreates, planStack } from "../../helpers/terraform";

const BUCKET = "arn:aws:s3:::acme-raw";
const SOURCE = "arn:aws:kinesis:eu-west-1:111122223333:stream/clicks";
type Res = Record<string, unknown>;

describe("bundleHandler (real esbuild bundles)", () => {
  test("bundles minified with a source map whose sources are project-relative (stable asset hash)", () => {
    const a = bundleHandler(builtInEntry("partitioner"), "a");
    const b = bundleHandler(builtInEntry("partitioner"), "b");
    const code = fs.readFileSync(path.join(a.dir, "index.js"), "utf8");
    expect(code.length / code.split("\n").length).toBeGreaterThan(2000); // minified: a few very long lines
    expect(code.trimEnd().endsWith("sourceMappingURL=index.js.map")).toBe(true);
    const map = JSON.parse(fs.readFileSync(path.join(a.dir, "index.js.map"), "utf8"));
    expect(map.sources).toContain("lambda/partitioner/processor.ts");
    expect(map.sources.every((s: string) => !s.startsWith("/") && !s.includes("fhp-lambda"))).toBe(true);
    expect(fs.readFileSync(path.join(b.dir, "index.js.map"), "utf8")).toBe(fs.readFileSync(path.join(a.dir, "index.js.map"), "utf8"));
    // The bundle runs: its handler is exported.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(typeof require(path.join(a.dir, "index.js")).handler).toBe("function");
  });
});

/** A stack with each built-in processor attached to its own delivery stream (Direct PUT and Kinesis sources). */
function buildStack(stack: TerraformStack): void {
  addTestProvider(stack);
  BUILT_IN_PROCESSORS.forEach((name, i) => {
    const kinesis = i % 2 === 1;
    const streamName = `acme-${name}`;
    const fn = new FirehoseLambdaProcessor(stack, `Fn-${name}`, {
      functionName: `acme-${name}-fn`,
      handler: name,
      reingest: kinesis ? { kind: "kinesis", streamArn: SOURCE } : { kind: "firehose", deliveryStreamName: streamName, region: "eu-west-1", accountId: "111122223333" },
      bufferSizeMB: name === "cloudwatch-logs" ? 0.25 : 1,
      environment: name === "partitioner" ? { PARTITION_KEYS: '{"source":"source"}' } : {},
    });
    new FirehoseDeliveryStream(stack, `Stream-${name}`, {
      name: streamName,
      ...(kinesis ? { source: new KinesisStreamSource({ streamArn: SOURCE }) } : {}),
      destination:
        name === "partitioner"
          ? new ExtendedS3Destination({
              bucket: { bucketArn: BUCKET },
              processors: [fn.processor()],
              dynamicPartitioning: { enabled: true },
              prefix: "data/source=!{partitionKeyFromLambda:source}/year=!{partitionKeyFromLambda:year}/",
              errorOutputPrefix: "errors/!{firehose:error-output-type}/",
            })
          : new ExtendedS3Destination({ bucket: { bucketArn: BUCKET }, processors: [fn.processor()] }),
    });
  });
}

describe("FirehoseLambdaProcessor in a stack", () => {
  test("each processor's function ARN lands in its stream's processing configuration", () => {
    const stack = new TerraformStack(Testing.app(), "attached");
    buildStack(stack);
    const json = synthJson(stack);
    expect(resourcesOf(json, "aws_lambda_function")).toHaveLength(4);
    const streams = resourcesOf(json, "aws_kinesis_firehose_delivery_stream") as Res[];
    expect(streams).toHaveLength(4);
    for (const s of streams) {
      const cfg = (s.extended_s3_configuration as Res).processing_configuration as { processors: { type: string; parameters: { parameter_name: string; parameter_value: string }[] }[] };
      const lambda = cfg.processors.find((p) => p.type === "Lambda")!;
      expect(lambda.parameters.find((p) => p.parameter_name === "LambdaArn")!.parameter_value).toMatch(/^\$\{aws_lambda_function\..*\.arn\}$/);
    }
  });
});

describeTerraform("FirehoseLambdaProcessor: terraform validate and plan", () => {
  test("validate and plan succeed offline with every processor attached", () => {
    const { plan } = planStack("lambda-processors", buildStack);
    expect(plannedCreates(plan, "aws_lambda_function")).toHaveLength(4);
    expect(plannedCreates(plan, "aws_cloudwatch_log_group").length).toBeGreaterThanOrEqual(4);
    expect(plannedCreates(plan, "aws_kinesis_firehose_delivery_stream")).toHaveLength(4);
    const fn = (plan.resource_changes ?? []).find((c) => c.type === "aws_lambda_function")!.change.after as Res;
    expect(fn).toMatchObject({ runtime: "nodejs22.x", architectures: ["arm64"], tracing_config: [{ mode: "Active" }] });
  });
});
