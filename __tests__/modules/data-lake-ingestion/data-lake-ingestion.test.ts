import { TerraformStack } from "cdktf";
import { DataLakeIngestion, DataLakeIngestionProps, hivePartitionColumns } from "../../../modules/data-lake-ingestion/data-lake-ingestion";
import { KinesisStreamSource } from "../../../modules/delivery-stream/sources";
import { errorOf, onlyResource, resourcesOf, synthJson, testStack } from "../../helpers/stack";
import { EXISTING, LAMBDA, Res, fullLake } from "./fixtures";

/** An existing Glue table. */
const TABLE = { databaseName: "lake", tableName: "t", catalogId: "123456789012", region: "eu-west-1" };

const base: DataLakeIngestionProps = { streamName: "acme-events", bucket: EXISTING };

function s3Config(props: DataLakeIngestionProps, stack: TerraformStack = testStack()): Res {
  new DataLakeIngestion(stack, "Lake", props);
  return onlyResource<Res>(synthJson(stack), "aws_kinesis_firehose_delivery_stream").extended_s3_configuration;
}

function policyOf(stack: TerraformStack): Res[] {
  const policy = resourcesOf(synthJson(stack), "aws_iam_role_policy").map((p) => JSON.parse(String((p as Res).policy)));
  return policy.flatMap((p) => p.Statement);
}

/** Partitioning + Parquet + backup, in created buckets: the full data lake. */

describe("DataLakeIngestion: resources", () => {
  test("jq partitioning builds the MetadataExtraction query, the Hive-style prefix and the error prefix; buffering defaults to 128 MiB", () => {
    const c = s3Config({ ...base, partitioning: { partitionKeys: { source: ".source", tenant: ".tenant.id" } } });
    expect(c.prefix).toBe("raw/source=!{partitionKeyFromQuery:source}/tenant=!{partitionKeyFromQuery:tenant}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/");
    expect(c.error_output_prefix).toBe("errors/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/");
    expect(c.dynamic_partitioning_configuration).toEqual({ enabled: true, retry_duration: 300 });
    expect(c.processing_configuration.processors).toEqual([
      {
        type: "MetadataExtraction",
        parameters: [
          { parameter_name: "MetadataExtractionQuery", parameter_value: "{source:.source,tenant:.tenant.id}" },
          { parameter_name: "JsonParsingEngine", parameter_value: "JQ-1.6" },
        ],
      },
      // JSON output: one object per line by default, so Athena and Glue can split the objects.
      { type: "AppendDelimiterToRecord" },
    ]);
    expect(c.buffering_size).toBe(128);
    expect(c.buffering_interval).toBe(300);
    expect(c.compression_format).toBe("GZIP");
    expect(c.bucket_arn).toBe(EXISTING.bucketArn);
    expect(c.kms_key_arn).toBe(EXISTING.kmsKeyArn);
    expect(c.s3_backup_mode).toBe("Disabled");
  });

  test("Lambda partitioning with de-aggregation, delimiter, retries and a custom time zone", () => {
    const c = s3Config({
      ...base,
      customTimeZone: "Europe/Paris",
      dataPrefix: "events/",
      errorPrefix: "failed/",
      bufferingSizeMiB: 64,
      bufferingIntervalSeconds: 60,
      partitioning: {
        lambda: { functionArn: LAMBDA, partitionKeys: ["customer", "region"], numberOfRetries: 5, bufferSizeMB: 1, bufferIntervalSeconds: 60 },
        deAggregation: { subRecordType: "DELIMITED", delimiter: "####" },
        timeFolders: "dt=!{timestamp:yyyy-MM-dd}/",
        retryDurationSeconds: 900,
      },
    });
    expect(c.prefix).toBe("events/customer=!{partitionKeyFromLambda:customer}/region=!{partitionKeyFromLambda:region}/dt=!{timestamp:yyyy-MM-dd}/");
    expect(c.error_output_prefix).toBe("failed/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/");
    expect(c.custom_time_zone).toBe("Europe/Paris");
    expect(c.buffering_size).toBe(64);
    expect(c.dynamic_partitioning_configuration.retry_duration).toBe(900);
    expect(c.processing_configuration.processors).toEqual([
      { type: "RecordDeAggregation", parameters: [{ parameter_name: "SubRecordType", parameter_value: "DELIMITED" }, { parameter_name: "Delimiter", parameter_value: "IyMjIw==" }] },
      {
        type: "Lambda",
        parameters: [
          { parameter_name: "LambdaArn", parameter_value: LAMBDA },
          { parameter_name: "BufferSizeInMBs", parameter_value: "1" },
          { parameter_name: "BufferIntervalInSeconds", parameter_value: "60" },
          { parameter_name: "NumberOfRetries", parameter_value: "5" },
        ],
      },
      { type: "AppendDelimiterToRecord" },
    ]);
  });

  test("jq and Lambda keys together: query keys first, then Lambda keys", () => {
    const c = s3Config({ ...base, partitioning: { partitionKeys: { source: ".source" }, lambda: { functionArn: LAMBDA, partitionKeys: ["customer"] } } });
    expect(c.prefix).toBe("raw/source=!{partitionKeyFromQuery:source}/customer=!{partitionKeyFromLambda:customer}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/");
    expect(c.processing_configuration.processors.map((p: Res) => p.type)).toEqual(["Lambda", "MetadataExtraction", "AppendDelimiterToRecord"]);
  });

  test("full lake: created buckets, Parquet with a Glue table, source backup, UNCOMPRESSED objects", () => {
    const stack = testStack();
    const lake = fullLake(stack);
    const json = synthJson(stack);
    const c = onlyResource<Res>(json, "aws_kinesis_firehose_delivery_stream").extended_s3_configuration;
    expect(resourcesOf(json, "aws_s3_bucket").map((b) => (b as Res).bucket).sort()).toEqual(["acme-lake-backup", "acme-lake-backup-access-logs", "acme-lake-data", "acme-lake-data-access-logs"]);
    expect(c.compression_format).toBe("UNCOMPRESSED");
    expect(c.buffering_size).toBe(128);
    expect(c.dynamic_partitioning_configuration.retry_duration).toBe(600);
    expect(c.data_format_conversion_configuration).toEqual({
      enabled: true,
      input_format_configuration: { deserializer: { open_x_json_ser_de: { case_insensitive: true, convert_dots_in_json_keys_to_underscores: false } } },
      output_format_configuration: {
        serializer: { parquet_ser_de: { block_size_bytes: 134217728, page_size_bytes: 1048576, compression: "GZIP", writer_version: "V2", enable_dictionary_compression: true } },
      },
      schema_configuration: {
        role_arn: expect.stringMatching(/^\$\{aws_iam_role\..*\.arn\}$/),
        database_name: expect.stringMatching(/^\$\{aws_glue_catalog_database\..*\.name\}$/),
        table_name: expect.stringMatching(/^\$\{aws_glue_catalog_table\..*\.name\}$/),
        catalog_id: expect.stringMatching(/^\$\{aws_glue_catalog_database\..*\.catalog_id\}$/),
        version_id: "LATEST",
      },
    });
    expect(c.s3_backup_mode).toBe("Enabled");
    expect(c.s3_backup_configuration).toEqual(
      expect.objectContaining({ prefix: "source/", compression_format: "GZIP", bucket_arn: expect.stringContaining("aws_s3_bucket.Lake_BackupBucket"), kms_key_arn: expect.stringContaining("aws_kms_key.Lake_BackupBucket_Key") }),
    );

    const db = onlyResource<Res>(json, "aws_glue_catalog_database");
    expect(db.name).toBe("acme_lake");
    const table = onlyResource<Res>(json, "aws_glue_catalog_table");
    expect(table).toEqual(
      expect.objectContaining({
        name: "events",
        table_type: "EXTERNAL_TABLE",
        partition_keys: ["source", "tenant", "year", "month", "day", "hour"].map((name) => ({ name, type: "string" })),
      }),
    );
    expect(table.storage_descriptor).toEqual({
      location: expect.stringMatching(/^s3:\/\/\$\{aws_s3_bucket\.Lake_DataBucket_[A-F0-9]+\.bucket\}\/raw\/$/),
      input_format: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
      output_format: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
      ser_de_info: { serialization_library: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe" },
      columns: [
        { name: "event_id", type: "string", comment: "producer id" },
        { name: "amount", type: "decimal(10,2)" },
        { name: "tags", type: "array<string>" },
        { name: "device", type: "struct<os:string,version:int>" },
      ],
    });
    expect(Object.values((json as unknown as { locals: Record<string, string> }).locals)).toEqual([
      expect.stringMatching(/^\$\{format\("arn:%s:glue:%s:%s:catalog", element\(split\(":", aws_glue_catalog_table\.Lake_Schema_Table_[A-F0-9]+\.arn\), 1\), element\(split\(":", aws_glue_catalog_table\.Lake_Schema_Table_[A-F0-9]+\.arn\), 3\), element\(split\(":", aws_glue_catalog_table\.Lake_Schema_Table_[A-F0-9]+\.arn\), 4\)\)\}$/),
    ]);
    expect(lake.glueTable).toBeDefined();
    expect(lake.previewConfig.partitionKeys).toEqual({ source: ".source", tenant: ".tenant.id" });
  });

  test("the role gets exactly the Glue read actions on catalog, database and table", () => {
    const stack = testStack();
    fullLake(stack);
    const glue = policyOf(stack).filter((s) => JSON.stringify(s.Action).includes("glue:"));
    expect(glue).toEqual([
      {
        Sid: "ReadGlueSchema",
        Effect: "Allow",
        Action: ["glue:GetTable", "glue:GetTableVersion", "glue:GetTableVersions"],
        Resource: [
          expect.stringMatching(/^\$\{local\.Lake_Schema_CatalogArn_[A-F0-9]+\}$/),
          expect.stringMatching(/^\$\{aws_glue_catalog_database\..*\.arn\}$/),
          expect.stringMatching(/^\$\{aws_glue_catalog_table\..*\.arn\}$/),
        ],
      },
    ]);
  });

  test("an existing Glue table, ORC and the Hive deserializer: ARNs built from the given account and region", () => {
    const stack = testStack();
    const c = s3Config(
      {
        ...base,
        formatConversion: {
          input: { kind: "HIVE", timestampFormats: ["yyyy-MM-dd'T'HH:mm:ss", "millis"] },
          output: { format: "ORC", stripeSizeBytes: 8 * 1024 * 1024, rowIndexStride: 5000, compression: "ZLIB", formatVersion: "V0_11", paddingTolerance: 0.1, dictionaryKeyThreshold: 1, bloomFilterColumns: ["id"], bloomFilterFalsePositiveProbability: 0 },
          table: { databaseName: "lake", tableName: "orders", catalogId: "123456789012", region: "eu-west-1", versionId: "3" },
        },
      },
      stack,
    );
    expect(c.data_format_conversion_configuration.input_format_configuration).toEqual({ deserializer: { hive_json_ser_de: { timestamp_formats: ["yyyy-MM-dd'T'HH:mm:ss", "millis"] } } });
    expect(c.data_format_conversion_configuration.output_format_configuration.serializer.orc_ser_de).toEqual({
      stripe_size_bytes: 8388608,
      row_index_stride: 5000,
      compression: "ZLIB",
      format_version: "V0_11",
      padding_tolerance: 0.1,
      dictionary_key_threshold: 1,
      bloom_filter_columns: ["id"],
      bloom_filter_false_positive_probability: 0,
    });
    expect(c.data_format_conversion_configuration.schema_configuration).toEqual(expect.objectContaining({ database_name: "lake", table_name: "orders", catalog_id: "123456789012", region: "eu-west-1", version_id: "3" }));
    expect(resourcesOf(synthJson(stack), "aws_glue_catalog_table")).toHaveLength(0);
    expect(policyOf(stack).find((s) => s.Sid === "ReadGlueSchema")?.Resource).toEqual([
      "arn:aws:glue:eu-west-1:123456789012:catalog",
      "arn:aws:glue:eu-west-1:123456789012:database/lake",
      "arn:aws:glue:eu-west-1:123456789012:table/lake/orders",
    ]);
  });

  test("backup without its own bucket goes to the data bucket under backup/", () => {
    const c = s3Config({ ...base, backup: {} });
    expect(c.s3_backup_configuration).toEqual(expect.objectContaining({ bucket_arn: EXISTING.bucketArn, prefix: "backup/", buffering_size: 5, buffering_interval: 300 }));
  });

  test("without partitioning: plain time folders and the 5 MiB default", () => {
    const c = s3Config(base);
    expect(c.prefix).toBe("raw/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/");
    expect(c.buffering_size).toBe(5);
    expect(c.dynamic_partitioning_configuration).toBeUndefined();
  });

  test("two data lakes fit in one stack", () => {
    const stack = testStack();
    fullLake(stack, "A", "acme-a");
    fullLake(stack, "B", "acme-b");
    expect(resourcesOf(synthJson(stack), "aws_kinesis_firehose_delivery_stream")).toHaveLength(2);
  });

  test("hivePartitionColumns reads the folder names of a prefix", () => {
    expect(hivePartitionColumns("raw/source=!{partitionKeyFromQuery:source}/dt=!{timestamp:yyyy-MM-dd}/x/")).toEqual(["source", "dt"]);
  });
});

describe("DataLakeIngestion: bad inputs fail at synth with their message", () => {
  const fail = (props: Partial<DataLakeIngestionProps>) => errorOf(() => new DataLakeIngestion(testStack(), "Lake", { ...base, ...props }));

  test("an uncompilable jq expression names its key (DP10)", () => {
    expect(fail({ partitioning: { partitionKeys: { source: ".source", tenant: ".tenant | pick(.id)" } } })).toContain(
      '[test/Lake] partitioning.partitionKeys.tenant: the jq expression of partition key "tenant" does not compile with jq 1.6 (the engine Firehose runs): pick/1 is not defined at line 1 (rule DP10; received ".tenant | pick(.id)")',
    );
    expect(fail({ partitioning: { partitionKeys: { source: ".source |" } } })).toContain("partitioning.partitionKeys.source: the jq expression of partition key \"source\" does not compile with jq 1.6 (the engine Firehose runs): syntax error, unexpected end of expression (rule DP10");
  });

  test("a prefix key the query does not produce, and a query key the prefix does not use (DP6)", () => {
    const msg = fail({ prefix: "raw/tenant=!{partitionKeyFromQuery:tenant}/!{timestamp:yyyy}/", partitioning: { partitionKeys: { source: ".source" } } });
    expect(msg).toContain('[test/Lake] prefix: prefix uses partitionKeyFromQuery key(s) tenant that the MetadataExtraction query does not produce (query keys: source) (rule DP6; received "raw/tenant=!{partitionKeyFromQuery:tenant}/!{timestamp:yyyy}/")');
    expect(msg).toContain("[test/Lake] prefix: every MetadataExtraction query key must be used in the prefix; unused: source (rule DP6;");
  });

  test("format conversion with GZIP compression (F6)", () => {
    expect(fail({ compression: "GZIP", formatConversion: { output: { format: "PARQUET" }, table: TABLE } })).toContain(
      '[test/Lake] compression: compression must be UNCOMPRESSED with record format conversion (the serializer compresses) (rule F6; received "GZIP")',
    );
  });

  test("Parquet block under 64 MiB, page under 64 KiB, bad enums (F7)", () => {
    const msg = fail({
      formatConversion: {
        output: { format: "PARQUET", blockSizeBytes: 32 * 1024 * 1024, pageSizeBytes: 1024, compression: "ZSTD" as "GZIP", writerVersion: "V3" as "V2" },
        table: TABLE,
      },
    });
    expect(msg).toContain("formatConversion.output.blockSizeBytes: Parquet block size (at least 64 MiB = 67108864) must be an integer between 67108864 and 9007199254740991 bytes (rule F7; received 33554432)");
    expect(msg).toContain("formatConversion.output.pageSizeBytes: Parquet page size (at least 64 KiB = 65536) must be an integer between 65536 and 9007199254740991 bytes (rule F7; received 1024)");
    expect(msg).toContain('formatConversion.output.compression: Parquet compression must be one of UNCOMPRESSED, GZIP, SNAPPY (rule F7; received "ZSTD")');
    expect(msg).toContain('formatConversion.output.writerVersion: Parquet writer version must be one of V1, V2 (rule F7; received "V3")');
  });

  test("ORC stripe under 8 MiB, stride under 1000, proportions outside [0,1] (F8)", () => {
    const msg = fail({
      formatConversion: {
        output: { format: "ORC", stripeSizeBytes: 1024, rowIndexStride: 10, paddingTolerance: 1.5, dictionaryKeyThreshold: -0.1, bloomFilterFalsePositiveProbability: 2, blockSizeBytes: 1 },
        table: TABLE,
      },
    });
    expect(msg).toContain("formatConversion.output.stripeSizeBytes: ORC stripe size (at least 8 MiB = 8388608) must be an integer between 8388608 and 9007199254740991 bytes (rule F8; received 1024)");
    expect(msg).toContain("formatConversion.output.rowIndexStride: ORC row index stride (at least 1000) must be an integer between 1000 and 9007199254740991 (rule F8; received 10)");
    expect(msg).toContain("formatConversion.output.paddingTolerance: ORC padding tolerance (a proportion) must be a number between 0 and 1 (rule F8; received 1.5)");
    expect(msg).toContain("formatConversion.output.dictionaryKeyThreshold: ORC dictionary key threshold (a proportion) must be a number between 0 and 1 (rule F8; received -0.1)");
    expect(msg).toContain("formatConversion.output.bloomFilterFalsePositiveProbability: ORC bloom filter false positive probability (a proportion) must be a number between 0 and 1 (rule F8; received 2)");
    expect(msg).toContain("formatConversion.output.blockSizeBytes: ORC block size (at least 64 MiB = 67108864)");
  });

  test("an error prefix with expressions but without !{firehose:error-output-type} (DP16)", () => {
    expect(fail({ errorOutputPrefix: "errors/!{timestamp:yyyy}/", partitioning: { partitionKeys: { source: ".source" } } })).toContain(
      '[test/Lake] errorOutputPrefix: an errorOutputPrefix with expressions must contain !{firehose:error-output-type} (rule DP16; received "errors/!{timestamp:yyyy}/")',
    );
  });

  test("partitioning with a buffer under 64 MiB (B9) or an interval under 60 s (B10); conversion under 64 MiB (B11)", () => {
    const msg = fail({ bufferingSizeMiB: 32, bufferingIntervalSeconds: 30, partitioning: { partitionKeys: { source: ".source" } } });
    expect(msg).toContain("[test/Lake] bufferingSizeMiB: buffering size must be at least 64 MiB when dynamic partitioning is enabled (rule B9; received 32)");
    expect(msg).toContain("[test/Lake] bufferingIntervalSeconds: buffering interval must be at least 60 seconds when dynamic partitioning is enabled (rule B10; received 30)");
    expect(fail({ bufferingSizeMiB: 16, formatConversion: { output: { format: "PARQUET" }, table: TABLE } })).toContain(
      "[test/Lake] bufferingSizeMiB: buffering size must be at least 64 MiB when record format conversion is enabled (rule B11; received 16)",
    );
  });

  test("buckets: exactly one of bucket and bucketProps; backup at most one", () => {
    expect(fail({ bucketProps: { bucketName: "acme-lake" } })).toContain('[test/Lake] bucket: give exactly one of bucket (existing) and bucketProps (created) (rule X1; received {"bucket":true,"bucketProps":true})');
    expect(errorOf(() => new DataLakeIngestion(testStack(), "Lake", { streamName: "s" }))).toContain("bucket: give exactly one of bucket (existing) and bucketProps (created)");
    expect(fail({ backup: { bucket: EXISTING, bucketProps: { bucketName: "acme-backup" } } })).toContain("backup.bucket: give at most one of backup.bucket (existing) and backup.bucketProps (created) (rule X1;");
  });

  test("prefix options that conflict or misuse expressions", () => {
    const msg = fail({ prefix: "a/", dataPrefix: "b/", errorOutputPrefix: "e/", errorPrefix: "f/" });
    expect(msg).toContain('dataPrefix: give either prefix (complete) or dataPrefix (its start), not both (rule X1; received "b/")');
    expect(msg).toContain('errorPrefix: give either errorOutputPrefix (complete) or errorPrefix (its start), not both (rule X1; received "f/")');
    expect(fail({ dataPrefix: "raw/!{timestamp:yyyy}/" })).toContain('dataPrefix: dataPrefix is the static start of the prefix; use prefix for expressions (rule DP5; received "raw/!{timestamp:yyyy}/")');
  });

  test("partitioning without keys, Lambda keys missing or clashing (DP4, DP7), bad Lambda settings (L1, L2)", () => {
    expect(fail({ partitioning: {} })).toContain("partitioning: partitioning needs partitionKeys (jq) or lambda (function returning partition keys) (rule DP4;");
    expect(fail({ partitioning: { lambda: { functionArn: LAMBDA, partitionKeys: [] } } })).toContain("partitioning.lambda.partitionKeys: list the partition keys the function returns (rule DP7; received [])");
    expect(fail({ partitioning: { partitionKeys: { source: ".source" }, lambda: { functionArn: LAMBDA, partitionKeys: ["source"] } } })).toContain(
      'partitioning.lambda.partitionKeys: key "source" is both a jq key and a Lambda key; folder names must be unique (rule DP7; received "source")',
    );
    const msg = fail({ partitioning: { lambda: { functionArn: "not-an-arn", partitionKeys: ["k"], bufferSizeMB: 5 } } });
    expect(msg).toContain('partitioning.lambda.functionArn: Lambda function ARN must be arn:aws:lambda:<region>:<account>:function:<name>[:<version or alias>] (pattern ^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[a-zA-Z0-9_-]+(:[a-zA-Z0-9_$-]+)?$) (rule L1; received "not-an-arn")');
    expect(msg).toContain("partitioning.lambda.bufferSizeMB: Lambda processor buffer size must be a number between 0.2 and 3 MB (rule L2; received 5)");
  });

  test("jq key names must be identifiers (DP10) and the time zone must be an IANA name (DP19)", () => {
    expect(fail({ partitioning: { partitionKeys: { "my-key": ".k" } } })).toContain('partitioning.partitionKeys.my-key: partition key names must be identifiers ([A-Za-z_][A-Za-z0-9_]*) (rule DP10; received "my-key")');
    expect(fail({ customTimeZone: "UTC+2" })).toContain('customTimeZone: custom time zone must be empty, or a time zone name of letters, \'/\' and \'_\' such as UTC or Europe/Paris (pattern ^$|^[a-zA-Z/_]+$) (rule DP19; received "UTC+2")');
  });

  test("conversion: exactly one of schema and table; Glue schema and types checked; partition folders are not data columns", () => {
    const output = { format: "PARQUET" as const };
    expect(fail({ formatConversion: { output } })).toContain("formatConversion: give exactly one of formatConversion.schema (create the Glue table) and formatConversion.table (existing) (rule X1;");
    const msg = fail({
      partitioning: { partitionKeys: { source: ".source" } },
      formatConversion: {
        output,
        input: { kind: "HIVE" },
        schema: {
          databaseName: "Lake-DB",
          tableName: "events",
          columns: [
            { name: "id", type: "strin" },
            { name: "id", type: "map<array<string>,int>" },
            { name: "source", type: "string" },
            { name: "amount", type: "decimal(40,2)" },
            { name: "u", type: "uniontype<int,string>" },
            { name: "s", type: "struct<a:int" },
          ],
        },
      },
    });
    expect(msg).toContain('formatConversion.schema.databaseName: Glue database name must be 1–255 lowercase letters, digits or underscores (pattern ^[a-z0-9_]{1,255}$) (rule GLUE; received "Lake-DB")');
    expect(msg).toContain('formatConversion.schema.columns[0].type: invalid Glue type for column "id": unknown type "strin"');
    expect(msg).toContain('formatConversion.schema.columns[1].name: column names must be unique (rule GLUE; received "id")');
    expect(msg).toContain('formatConversion.schema.columns[1].type: invalid Glue type for column "id": map keys must be a primitive type (rule GLUE; received "map<array<string>,int>")');
    expect(msg).toContain('formatConversion.schema.columns: "source" is a folder of the prefix (a partition column); remove it from the data columns or rename the folder (rule GLUE; received "source")');
    expect(msg).toContain('formatConversion.schema.columns[3].type: invalid Glue type for column "amount": decimal precision must be 1-38, got 40');
    expect(msg).toContain('formatConversion.schema.columns[4].type: invalid Glue type for column "u": uniontype is not supported by record format conversion');
    expect(msg).toContain('formatConversion.schema.columns[5].type: invalid Glue type for column "s": expected ">" at the end');
  });

  test("conversion with an existing table: account and region are required to build ARNs (F4)", () => {
    const msg = fail({ formatConversion: { output: { format: "ORC" }, table: { databaseName: "lake", tableName: "t", catalogId: "me", region: "Europe" } } });
    expect(msg).toContain('formatConversion.table.catalogId: catalog id (the account id) must be 12 digits (pattern ^\\d{12}$) (rule F4; received "me")');
    expect(msg).toContain('formatConversion.table.region: region must be an AWS Region code such as eu-west-1 (pattern ^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\\d$) (rule F4; received "Europe")');
  });

  test("conversion with an existing table: database and table names are required (F4)", () => {
    const msg = fail({ formatConversion: { output: { format: "ORC" }, table: { databaseName: "", tableName: "", catalogId: "123456789012", region: "eu-west-1" } } });
    expect(msg).toContain('formatConversion.table.databaseName: the Glue database name is required (rule F4; received "")');
    expect(msg).toContain('formatConversion.table.tableName: the Glue table name is required (rule F4; received "")');
  });

  test("one serializer of the listed formats and one deserializer of the listed kinds (F3)", () => {
    const msg = fail({ formatConversion: { output: { format: "AVRO" as never }, input: { kind: "CSV" as never }, table: TABLE } });
    expect(msg).toContain('formatConversion.input.kind: deserializer must be one of OPENX, HIVE (rule F3; received "CSV")');
    expect(msg).toContain('formatConversion.output.format: serializer must be one of PARQUET, ORC (rule F3; received "AVRO")');
  });

  test("column names with periods (which the Hive SerDe rejects, F9) and unknown ORC bloom filter columns (F8)", () => {
    const msg = fail({
      formatConversion: { output: { format: "ORC", bloomFilterColumns: ["nope"] }, input: { kind: "HIVE" }, schema: { databaseName: "lake", tableName: "t", columns: [{ name: "a.b", type: "string" }] } },
    });
    expect(msg).toContain('formatConversion.schema.columns[0].name: column name must be 1–255 lowercase letters, digits or underscores, starting with a letter or underscore (pattern ^[a-z_][a-z0-9_]{0,254}$) (rule GLUE; received "a.b")');
    expect(msg).toContain('formatConversion.output.bloomFilterColumns: bloom filter column "nope" is not a column of the table (a.b) (rule F8; received "nope")');
  });

  test("every problem is reported at once, before any resource exists", () => {
    const stack = testStack();
    const msg = errorOf(() => new DataLakeIngestion(stack, "Lake", { ...base, bufferingSizeMiB: 1, compression: "ZIP", partitioning: { partitionKeys: { a: ".a |" } }, formatConversion: { output: { format: "PARQUET" } } }));
    expect(msg).toMatch(/^Invalid configuration \(5 problems\):/);
    expect(stack.node.findAll().some((c) => c.node.id === "Stream" || c.node.id === "DataBucket")).toBe(false);
  });

  test("a Kinesis source refuses stream encryption, reported under this construct", () => {
    expect(fail({ source: new KinesisStreamSource({ streamArn: "arn:aws:kinesis:eu-west-1:123456789012:stream/in" }), encryption: { type: "AWS_OWNED" } })).toContain("[test/Lake/Stream] encryption: server-side encryption is only available for Direct PUT streams");
  });
});
