import { FirehoseValidationError } from "../../../modules";
import { FirehoseLambdaProcessor, FirehoseLambdaProcessorProps } from "../../../modules/lambda-function";
import { errorOf, onlyResource, synthJson, testStack } from "../../helpers/stack";
import { onlyPolicyStatements } from "../../helpers/iam";

const SOURCE = "arn:aws:kinesis:eu-west-1:111122223333:stream/clicks";
type Res = Record<string, unknown>;

function base(overrides: Partial<FirehoseLambdaProcessorProps> = {}): FirehoseLambdaProcessorProps {
  return {
    functionName: "acme-cwl",
    handler: "cloudwatch-logs",
    reingest: { kind: "firehose", deliveryStreamName: "acme-logs", region: "eu-west-1", accountId: "111122223333" },
    ...overrides,
  };
}

const statements = onlyPolicyStatements;

describe("FirehoseLambdaProcessor", () => {
  test("creates an arm64 nodejs22.x function from a bundled archive, its log group, tracing and a least-privilege role", () => {
    const stack = testStack();
    const fn = new FirehoseLambdaProcessor(stack, "Cwl", base({ logRetentionDays: 14, memorySizeMB: 2048, timeoutSeconds: 300 }));
    const json = synthJson(stack);
    const f = onlyResource<Res>(json, "aws_lambda_function");
    expect(f).toMatchObject({
      function_name: "acme-cwl",
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      memory_size: 2048,
      timeout: 300,
      tracing_config: { mode: "Active" },
    });
    expect(f.filename).toMatch(/assets\/.*\.zip$/);
    expect(f.source_code_hash).toBe(fn.asset.assetHash);
    expect((f.environment as { variables: Res }).variables.NODE_OPTIONS).toBe("--enable-source-maps");
    expect(onlyResource<Res>(json, "aws_cloudwatch_log_group")).toMatchObject({ name: "/aws/lambda/acme-cwl", retention_in_days: 14 });
    const s = statements(json);
    expect(s).toEqual([
      { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\..*\.arn\}:\*$/) },
      { Sid: "XRayTracing", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" },
      { Sid: "ReingestIntoDeliveryStream", Effect: "Allow", Action: "firehose:PutRecordBatch", Resource: "arn:aws:firehose:eu-west-1:111122223333:deliverystream/acme-logs" },
    ]);
    expect(JSON.parse(onlyResource<Res>(json, "aws_iam_role").assume_role_policy as string).Statement[0].Principal).toEqual({ Service: "lambda.amazonaws.com" });
  });

  test("Kinesis source: PutRecords on exactly the source stream (and its key); none: no re-ingest grant", () => {
    const stack = testStack();
    new FirehoseLambdaProcessor(stack, "K", base({ functionName: "acme-k", reingest: { kind: "kinesis", streamArn: SOURCE, kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/abc" } }));
    const s = statements(synthJson(stack));
    expect(s.find((x) => x.Sid === "ReingestIntoSourceStream")).toMatchObject({ Action: "kinesis:PutRecords", Resource: SOURCE });
    expect(s.find((x) => x.Sid === "EncryptSourceStream")).toMatchObject({ Action: "kms:GenerateDataKey" });
    expect(s.some((x) => String(x.Action).includes("firehose"))).toBe(false);

    const stack2 = testStack();
    new FirehoseLambdaProcessor(stack2, "M", base({ functionName: "acme-msk", reingest: { kind: "none" } }));
    const s2 = statements(synthJson(stack2));
    expect(s2.map((x) => x.Sid)).toEqual(["WriteOwnLogs", "XRayTracing"]);
  });

  test("derives the partition from the region for the delivery stream ARN", () => {
    const stack = testStack();
    const fn = new FirehoseLambdaProcessor(stack, "Cn", base({ reingest: { kind: "firehose", deliveryStreamName: "s", region: "cn-north-1", accountId: "111122223333" } }));
    expect(fn.reingestResourceArn).toBe("arn:aws-cn:firehose:cn-north-1:111122223333:deliverystream/s");
  });

  test("processor() returns a LambdaProcessor bound to the function, with validated buffering", () => {
    const stack = testStack();
    const fn = new FirehoseLambdaProcessor(stack, "Cwl", base({ bufferSizeMB: 0.25, bufferIntervalSeconds: 60, numberOfRetries: 2 }));
    const p = fn.processor();
    expect(p.props).toEqual({
      functionArn: fn.functionArn,
      bufferSizeMB: 0.25,
      bufferIntervalSeconds: 60,
      numberOfRetries: 2,
      functionTimeoutSeconds: 120,
      // What the stream it is attached to checks (rule LF6).
      reingest: { kind: "firehose", deliveryStreamName: "acme-logs", constructPath: "test/Cwl" },
    });
    expect(fn.processor({ bufferSizeMB: 3 }).props.bufferSizeMB).toBe(3);
    expect(errorOf(() => fn.processor({ bufferSizeMB: 0.1 }))).toMatch(/bufferSizeMB.*between 0.2 and 3.*rule L2/);
    expect(errorOf(() => fn.processor({ bufferIntervalSeconds: 901 }))).toMatch(/rule L3/);
    expect(errorOf(() => fn.processor({ numberOfRetries: -1 }))).toContain("processor.numberOfRetries: numberOfRetries must be a non-negative integer (rule L4; received -1)");
  });

  test.each<[string, Partial<FirehoseLambdaProcessorProps>, RegExp]>([
    ["timeout over 300 s", { timeoutSeconds: 301 }, /timeoutSeconds.*rule L8/],
    ["memory under 128 MB", { memorySizeMB: 64 }, /memorySizeMB/],
    ["invalid name", { functionName: "bad name!" }, /functionName/],
    ["invalid retention", { logRetentionDays: 2 }, /logRetentionDays/],
    ["buffer size over 3 MB", { bufferSizeMB: 4 }, /bufferSizeMB.*rule L2/],
    ["buffer interval over 900 s", { bufferIntervalSeconds: 1000 }, /bufferIntervalSeconds.*rule L3/],
    ["negative retries", { numberOfRetries: -1 }, /numberOfRetries: numberOfRetries must be a non-negative integer \(rule L4/],
    ["unknown built-in", { handler: "nope" as never }, /handler/],
    ["reserved environment variable", { environment: { AWS_REGION: "x" } }, /reserved/],
    ["bad account id", { reingest: { kind: "firehose", deliveryStreamName: "s", region: "eu-west-1", accountId: "123" } }, /accountId/],
    ["bad stream name", { reingest: { kind: "firehose", deliveryStreamName: "a b", region: "eu-west-1", accountId: "111122223333" } }, /deliveryStreamName/],
    ["bad Kinesis ARN", { reingest: { kind: "kinesis", streamArn: "arn:aws:s3:::x" } }, /streamArn/],
  ])("refuses %s", (_, overrides, re) => {
    const err = (() => {
      try {
        new FirehoseLambdaProcessor(testStack(), "F", base(overrides));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(FirehoseValidationError);
    expect((err as Error).message).toMatch(re);
  });

  test("refuses environment variables over Lambda's 4 KB aggregate, defaults included", () => {
    // Defaults: NODE_OPTIONS, POWERTOOLS_SERVICE_NAME ("acme-cwl"), POWERTOOLS_METRICS_NAMESPACE = 109 bytes.
    expect(errorOf(() => new FirehoseLambdaProcessor(testStack(), "F", base({ environment: { BIG: "x".repeat(3985) } })))).toContain(
      "[test/F] environment: environment variables total 4097 bytes (names and values, with the 3 defaults); Lambda allows 4 KB (4096 bytes) in aggregate (rule LF1; received 4097)",
    );
    expect(() => new FirehoseLambdaProcessor(testStack(), "F", base({ environment: { BIG: "x".repeat(3984) } }))).not.toThrow();
  });

  test("reports every problem at once", () => {
    const msg = errorOf(() => new FirehoseLambdaProcessor(testStack(), "F", base({ timeoutSeconds: 0, memorySizeMB: 1e6, bufferSizeMB: 9 })));
    expect(msg).toMatch(/3 problems/);
  });
});
