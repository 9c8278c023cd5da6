import { TerraformStack } from "cdktf";
import { DataLakeIngestion } from "../../../modules/data-lake-ingestion/data-lake-ingestion";
import { addTestProvider } from "../../helpers/stack";
import { describeTerraform, plannedCreates, planStack } from "../../helpers/terraform";

type Res = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const LAMBDA = "arn:aws:lambda:eu-west-1:123456789012:function:partition-keys";
const EXISTING = { bucketArn: "arn:aws:s3:::acme-existing-lake", kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" };

function fullLake(stack: TerraformStack, id = "Lake", name = "acme-lake"): DataLakeIngestion {
  return new DataLakeIngestion(stack, id, {
    streamName: `${name}-events`,
    bucketProps: { bucketName: `${name}-data`, forceDestroy: true },
    partitioning: { partitionKeys: { source: ".source", tenant: ".tenant.id" }, retryDurationSeconds: 600 },
    formatConversion: {
      output: { format: "PARQUET", blockSizeBytes: 128 * 1024 * 1024, pageSizeBytes: 1024 * 1024, compression: "GZIP", writerVersion: "V2", enableDictionaryCompression: true },
      schema: {
        databaseName: name.replace(/-/g, "_"),
        tableName: "events",
        columns: [
          { name: "event_id", type: "string", comment: "producer id" },
          { name: "amount", type: "decimal(10,2)" },
          { name: "tags", type: "array<string>" },
          { name: "device", type: "struct<os:string,version:int>" },
        ],
      },
    },
    backup: { bucketProps: { bucketName: `${name}-backup`, forceDestroy: true }, prefix: "source/" },
  });
}

describeTerraform("DataLakeIngestion: terraform validate and plan", () => {
  test("partitioning + Parquet with a created Glue table + backup validates and plans offline", () => {
    const { plan, validate } = planStack("datalake", (stack) => {
      addTestProvider(stack);
      fullLake(stack);
      new DataLakeIngestion(stack, "Lambda", {
        streamName: "acme-lambda-events",
        bucket: EXISTING,
        customTimeZone: "America/New_York",
        partitioning: { lambda: { functionArn: LAMBDA, partitionKeys: ["customer"] }, deAggregation: { subRecordType: "JSON" } },
        formatConversion: { output: { format: "ORC" }, table: { databaseName: "lake", tableName: "orders", catalogId: "123456789012", region: "eu-west-1" } },
        backup: {},
      });
    });
    expect(JSON.parse(validate)).toEqual(expect.objectContaining({ valid: true, error_count: 0 }));
    expect(plannedCreates(plan, "aws_kinesis_firehose_delivery_stream")).toHaveLength(2);
    expect(plannedCreates(plan, "aws_glue_catalog_database")).toHaveLength(1);
    expect(plannedCreates(plan, "aws_glue_catalog_table")).toHaveLength(1);
    const stream = (plan.resource_changes ?? []).find((c) => c.type === "aws_kinesis_firehose_delivery_stream" && (c.change.after as Res)?.name === "acme-lake-events");
    const s3 = (stream?.change.after as Res).extended_s3_configuration[0];
    expect(s3.data_format_conversion_configuration[0].output_format_configuration[0].serializer[0].parquet_ser_de[0].block_size_bytes).toBe(134217728);
    expect(s3.dynamic_partitioning_configuration[0].enabled).toBe(true);
    expect(s3.s3_backup_mode).toBe("Enabled");
  });
});
