import { DataLakeIngestion, DataLakeIngestionProps } from "../../../modules/data-lake-ingestion";
import { partitionerKeys, withPartitioner } from "../../../modules/data-lake-ingestion/partitioner";
import { errorOf, onlyResource, resourcesOf, synthJson, testStack } from "../../helpers/stack";
import { EXISTING, LAMBDA, Res } from "./fixtures";

const base: DataLakeIngestionProps = { streamName: "acme-cdc", bucket: EXISTING, accountId: "123456789012" };
const KMS = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

function synth(props: DataLakeIngestionProps) {
  const stack = testStack();
  const lake = new DataLakeIngestion(stack, "Lake", props);
  return { lake, json: synthJson(stack) };
}

function statementsOf(json: ReturnType<typeof synthJson>, sid: string): Res[] {
  return resourcesOf(json, "aws_iam_role_policy").flatMap((p) => JSON.parse(String((p as Res).policy)).Statement as Res[]).filter((s) => s.Sid === sid);
}

describe("DataLakeIngestion partitioner option", () => {
  test("deploys the partitioner with its environment protocol and partitions by its keys, time keys included, without a second newline", () => {
    const { lake, json } = synth({ ...base, partitioner: { fields: { database: "db", table: "meta.table" }, eventTimeField: "ts", eventTimeFormat: "epoch_millis", bufferSizeMB: 0.5, region: "eu-west-1" } });
    const fn = onlyResource<Res>(json, "aws_lambda_function");
    expect(fn.function_name).toBe("acme-cdc-partitioner");
    expect(fn.environment.variables).toMatchObject({
      PARTITION_KEYS: JSON.stringify({ database: "db", table: "meta.table" }),
      TIME_PARTITION_KEYS: "year,month,day,hour",
      EVENT_TIME_FIELD: "ts",
      EVENT_TIME_FORMAT: "epoch_millis",
    });
    const s3 = onlyResource<Res>(json, "aws_kinesis_firehose_delivery_stream").extended_s3_configuration;
    expect(s3.prefix).toBe(
      "raw/database=!{partitionKeyFromLambda:database}/table=!{partitionKeyFromLambda:table}/year=!{partitionKeyFromLambda:year}/month=!{partitionKeyFromLambda:month}/day=!{partitionKeyFromLambda:day}/hour=!{partitionKeyFromLambda:hour}/",
    );
    const types = s3.processing_configuration.processors.map((p: Res) => p.type);
    expect(types).toEqual(["Lambda"]);
    expect(s3.processing_configuration.processors[0].parameters).toContainEqual({ parameter_name: "BufferSizeInMBs", parameter_value: "0.5" });
    expect(lake.partitioner).toBeDefined();
    expect(lake.previewConfig.lambdaPartitionKeys).toEqual(["database", "table", "year", "month", "day", "hour"]);
    // Overflow goes back into the stream itself.
    expect(statementsOf(json, "ReingestIntoDeliveryStream")).toEqual([expect.objectContaining({ Resource: "arn:aws:firehose:eu-west-1:123456789012:deliverystream/acme-cdc" })]);
  });

  test("without a region (or account) there is no re-ingestion grant; with a customer-managed stream key the function may use it", () => {
    expect(statementsOf(synth({ ...base, partitioner: { fields: { t: "t" } } }).json, "ReingestIntoDeliveryStream")).toEqual([]);
    const json = synth({ ...base, encryption: { type: "CUSTOMER_MANAGED", keyArn: KMS }, partitioner: { fields: { t: "t" }, region: "eu-west-1" } }).json;
    expect(statementsOf(json, "EncryptDeliveryStream")).toEqual([expect.objectContaining({ Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: KMS })]);
    expect(statementsOf(synth({ ...base, partitioner: { fields: { t: "t" }, region: "eu-west-1" } }).json, "EncryptDeliveryStream")).toEqual([]);
  });

  test("field keys only keep the arrival-time folders; jq keys come first", () => {
    const input: Pick<DataLakeIngestionProps, "partitioning" | "partitioner" | "appendDelimiter"> = { partitioning: { partitionKeys: { source: ".source" } }, partitioner: { fields: { t: "t" }, timeKeys: [] } };
    const p = withPartitioner(input, "arn");
    expect(p.partitioning?.timeFolders).toBeUndefined();
    expect(p.partitioning?.lambda).toEqual({ functionArn: "arn", partitionKeys: ["t"], bufferSizeMB: undefined });
    expect(p.partitioning?.partitionKeys).toEqual({ source: ".source" });
    expect(p.appendDelimiter).toBe(false);
    expect("partitioner" in p).toBe(false);
    expect(partitionerKeys({ fields: { a: "a" }, timeKeys: ["day", "minute"] })).toEqual(["a", "day", "minute"]);
  });

  test("bad partitioner props name the property and the rule, all at once", () => {
    const message = errorOf(() =>
      synth({ ...base, partitioning: { lambda: { functionArn: LAMBDA, partitionKeys: ["k"] } }, partitioner: { fields: {}, timeKeys: ["week" as never] } }),
    );
    expect(message).toContain("partitioner: give either partitioner (the built-in function) or partitioning.lambda (your function), not both (rule X1");
    expect(message).toContain("partitioner.fields: the partitioner needs at least one field key");
    expect(message).toMatch(/partitioner\.timeKeys: .*rule X1; received "week"/);
    expect(message).toMatch(/Invalid configuration \(3 problems\)/);
  });
});
