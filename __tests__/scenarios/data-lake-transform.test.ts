/**
 * DataLakeIngestion `transform`: a Lambda that cleanses/enriches records without returning partition keys (delivery platform
 * "raw-data-ingestion": data_cleansing_lambda with BufferSizeInMBs 3 next to jq partitioning).
 */
import { DataLakeIngestion } from "../../modules";
import { errorOf, onlyResource, resourcesOf, synthJson, testStack } from "../helpers/stack";

type Res = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const FN = "arn:aws:lambda:eu-west-1:111122223333:function:cleanse";
const BUCKET = { bucketArn: "arn:aws:s3:::acme-lake" };

function s3Config(props: Partial<ConstructorParameters<typeof DataLakeIngestion>[2]>): { config: Res; statements: Res[] } {
  const stack = testStack();
  new DataLakeIngestion(stack, "Lake", { streamName: "acme-events", bucket: BUCKET, ...props });
  const json = synthJson(stack);
  const statements = resourcesOf(json, "aws_iam_role_policy").flatMap((p) => JSON.parse(String((p as Res).policy)).Statement);
  return { config: onlyResource<Res>(json, "aws_kinesis_firehose_delivery_stream").extended_s3_configuration, statements };
}

describe("DataLakeIngestion transform", () => {
  test("with jq partitioning: the Lambda runs before MetadataExtraction, with its buffering, and the role may invoke exactly it", () => {
    const { config, statements } = s3Config({ partitioning: { partitionKeys: { source: ".source" } }, transform: { functionArn: FN, bufferSizeMB: 3, bufferIntervalSeconds: 60 } });
    expect(config.processing_configuration.processors.map((p: Res) => p.type)).toEqual(["Lambda", "MetadataExtraction", "AppendDelimiterToRecord"]);
    expect(config.processing_configuration.processors[0].parameters).toEqual([
      { parameter_name: "LambdaArn", parameter_value: FN },
      { parameter_name: "BufferSizeInMBs", parameter_value: "3" },
      { parameter_name: "BufferIntervalInSeconds", parameter_value: "60" },
    ]);
    expect(statements).toContainEqual(expect.objectContaining({ Sid: "InvokeProcessor", Action: ["lambda:InvokeFunction", "lambda:GetFunctionConfiguration"], Resource: FN }));
  });

  test("without partitioning: the Lambda processor, then the JSON newline; dynamic partitioning stays off", () => {
    const { config } = s3Config({ transform: { functionArn: FN } });
    expect(config.processing_configuration).toEqual({ enabled: true, processors: [{ type: "Lambda", parameters: [{ parameter_name: "LambdaArn", parameter_value: FN }] }, { type: "AppendDelimiterToRecord" }] });
    expect(config.dynamic_partitioning_configuration).toBeUndefined();
  });

  test("after de-aggregation and before the newline processor", () => {
    const { config } = s3Config({ partitioning: { partitionKeys: { source: ".source" }, deAggregation: { subRecordType: "JSON" } }, transform: { functionArn: FN } });
    expect(config.processing_configuration.processors.map((p: Res) => p.type)).toEqual(["RecordDeAggregation", "Lambda", "MetadataExtraction", "AppendDelimiterToRecord"]);
  });

  test("its parameters are checked under the transform property (rule L2)", () => {
    expect(errorOf(() => s3Config({ transform: { functionArn: FN, bufferSizeMB: 6 } }))).toContain(
      "transform.bufferSizeMB: Lambda processor buffer size must be a number between 0.2 and 3 MB (rule L2; received 6)",
    );
  });

  test("refused next to partitioning.lambda: Firehose runs one Lambda processor", () => {
    const msg = errorOf(() => s3Config({ partitioning: { lambda: { functionArn: FN, partitionKeys: ["tenant"] } }, transform: { functionArn: FN } }));
    expect(msg).toContain(
      `transform: Firehose runs one Lambda processor per stream: give transform or partitioning.lambda (its function may also transform records), not both (rule P1; received "${FN}")`,
    );
    expect(msg).toContain("(1 problem)");
  });
});
