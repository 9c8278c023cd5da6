import { DataLakeIngestion } from "../../../modules/data-lake-ingestion/data-lake-ingestion";
import { addTestProvider } from "../../helpers/stack";
import { describeTerraform, plannedCreates, planStack } from "../../helpers/terraform";
import { EXISTING, LAMBDA, Res, fullLake } from "./fixtures";

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
