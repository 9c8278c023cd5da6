import {
  AppendDelimiterToRecordProcessor,
  FirehoseDeliveryStream,
  FirehoseValidationError,
  IcebergDataLake,
  IcebergDataLakeProps,
  IcebergDestination,
  IcebergDestinationProps,
  LambdaProcessor,
  MetadataExtractionProcessor,
} from "../../../modules";
import { deliveryStreamAlarms } from "../../../modules/monitoring/alarms";
import { dashboardBody } from "../../../modules/monitoring/dashboard";
import { errorOf, resourcesOf, synthJson, testStack } from "../../helpers/stack";
import { ref, statementsOf } from "../../helpers/iam";

const WAREHOUSE = "arn:aws:s3:::acme-lake-warehouse";
const WAREHOUSE_KEY = "arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555";
const BACKUP = "arn:aws:s3:::acme-lake-errors";
const FN = "arn:aws:lambda:eu-west-1:111122223333:function:route-orders";

const glue: IcebergDestinationProps = {
  catalog: { type: "glue", region: "eu-west-1", accountId: "111122223333", warehouse: { bucketArn: WAREHOUSE, kmsKeyArn: WAREHOUSE_KEY } },
  tables: [{ databaseName: "sales", tableName: "orders", uniqueKeys: ["order_id"], s3ErrorOutputPrefix: "errors/orders/" }],
  s3Backup: { bucket: { bucketArn: BACKUP }, prefix: "backup/" },
  processors: [new MetadataExtractionProcessor({ partitionKeys: { destinationDatabaseName: '"sales"', destinationTableName: '"orders"', operation: ".op" } })],
};

const s3Tables: IcebergDestinationProps = {
  catalog: { type: "s3-tables", region: "eu-west-1", accountId: "111122223333", tableBucketName: "acme-tables" },
  tables: [
    { databaseName: "sales", tableName: "orders" },
    { databaseName: "sales", tableName: "refunds" },
  ],
  s3Backup: { bucket: { bucketArn: BACKUP } },
  processors: [new LambdaProcessor({ functionArn: FN })],
};

function build(props: IcebergDestinationProps, stack = testStack()) {
  return new FirehoseDeliveryStream(stack, "S", { name: "acme-iceberg", destination: new IcebergDestination(props) });
}

function config(props: IcebergDestinationProps) {
  const stack = testStack();
  const s = build(props, stack);
  const json = synthJson(stack);
  const stream = resourcesOf(json, "aws_kinesis_firehose_delivery_stream")[0];
  return { s, json, stream, cfg: stream.iceberg_configuration as Record<string, any> };
}

describe("IcebergDestination", () => {
  test("Glue catalog: renders the catalog ARN, tables with unique keys and error prefixes, the routing query, B3 defaults", () => {
    const { s, json, stream, cfg } = config(glue);
    expect(stream.destination).toBe("iceberg");
    expect(cfg).toEqual(
      expect.objectContaining({
        catalog_arn: "arn:aws:glue:eu-west-1:111122223333:catalog",
        buffering_size: 5,
        buffering_interval: 300,
        retry_duration: 300,
        s3_backup_mode: "FailedDataOnly",
        role_arn: ref(json, "aws_iam_role", "S_Role"),
        destination_table_configuration: [{ database_name: "sales", table_name: "orders", unique_keys: ["order_id"], s3_error_output_prefix: "errors/orders/" }],
      }),
    );
    expect(cfg.s3_configuration).toEqual(expect.objectContaining({ bucket_arn: BACKUP, prefix: "backup/" }));
    expect(cfg.processing_configuration.processors[0]).toEqual({
      type: "MetadataExtraction",
      parameters: [
        { parameter_name: "MetadataExtractionQuery", parameter_value: '{destinationDatabaseName:("sales"),destinationTableName:("orders"),operation:.op}' },
        { parameter_name: "JsonParsingEngine", parameter_value: "JQ-1.6" },
      ],
    });
    expect(cfg.cloudwatch_logging_options).toEqual(expect.objectContaining({ enabled: true, log_stream_name: "DestinationDelivery" }));
    expect(s.destinationInfo).toEqual(expect.objectContaining({ kind: "Iceberg", bufferingIntervalSeconds: 300, bufferingSizeMiB: 5, backupToS3: false, bucketArn: BACKUP }));
  });

  test("Glue catalog: the role gets exactly the catalog, database and table ARNs, the warehouse bucket and its key, no Lake Formation", () => {
    const { json } = config(glue);
    const st = statementsOf(json, "acme-iceberg-firehose");
    expect(st.find((x) => x.Sid === "IcebergGlueCatalog")).toEqual({
      Sid: "IcebergGlueCatalog",
      Effect: "Allow",
      Action: ["glue:GetDatabase", "glue:GetTable", "glue:UpdateTable"],
      Resource: ["arn:aws:glue:eu-west-1:111122223333:catalog", "arn:aws:glue:eu-west-1:111122223333:database/sales", "arn:aws:glue:eu-west-1:111122223333:table/sales/orders"],
    });
    expect(st.find((x) => x.Sid === "IcebergWarehouse")!.Resource).toEqual([WAREHOUSE, `${WAREHOUSE}/*`]);
    expect(st.find((x) => x.Sid === "IcebergWarehouse")!.Action).toContain("s3:DeleteObject");
    expect(st.find((x) => x.Sid === "IcebergWarehouseKey")).toEqual(
      expect.objectContaining({ Resource: WAREHOUSE_KEY, Condition: { StringLike: { "kms:EncryptionContext:aws:s3:arn": [WAREHOUSE, `${WAREHOUSE}/*`] } } }),
    );
    // The backup bucket is only writable (no delete), and nothing is granted on "*".
    expect(st.find((x) => x.Sid === "WriteBucketBackup")!.Action).not.toContain("s3:DeleteObject");
    expect(st.filter((x) => x.Resource === "*")).toEqual([]);
    expect(JSON.stringify(st)).not.toContain("lakeformation");
  });

  test("Glue catalog with Lake Formation: lakeformation:GetDataAccess (resource *, the action has no resource-level permissions)", () => {
    const { json } = config({ ...glue, catalog: { ...glue.catalog, lakeFormation: true } as IcebergDestinationProps["catalog"] });
    expect(statementsOf(json, "acme-iceberg-firehose").filter((x) => x.Resource === "*")).toEqual([
      { Sid: "IcebergLakeFormationData", Effect: "Allow", Action: "lakeformation:GetDataAccess", Resource: "*" },
    ]);
  });

  test("S3 Tables: catalog ARN of the table bucket, Glue grants on the federated catalog hierarchy, Lake Formation by default", () => {
    const { json, cfg } = config(s3Tables);
    expect(cfg.catalog_arn).toBe("arn:aws:glue:eu-west-1:111122223333:catalog/s3tablescatalog/acme-tables");
    expect(cfg.destination_table_configuration.map((t: any) => t.table_name)).toEqual(["orders", "refunds"]);
    const st = statementsOf(json, "acme-iceberg-firehose");
    const base = "arn:aws:glue:eu-west-1:111122223333";
    expect(st.find((x) => x.Sid === "IcebergS3TablesCatalog")!.Resource).toEqual([
      `${base}:catalog`,
      `${base}:catalog/s3tablescatalog`,
      `${base}:catalog/s3tablescatalog/acme-tables`,
      `${base}:database/s3tablescatalog/acme-tables/sales`,
      `${base}:table/s3tablescatalog/acme-tables/sales/orders`,
      `${base}:table/s3tablescatalog/acme-tables/sales/refunds`,
    ]);
    expect(st.find((x) => x.Sid === "IcebergLakeFormationData")).toBeDefined();
    expect(JSON.stringify(st)).not.toContain("s3tables:");
    expect(st.find((x) => x.Sid === "InvokeProcessor")!.Resource).toBe(FN);
  });

  test("S3 Tables with IAM access control: S3 Tables data actions on this table bucket only, no Lake Formation", () => {
    const { json } = config({ ...s3Tables, catalog: { ...s3Tables.catalog, accessControl: "iam" } as IcebergDestinationProps["catalog"] });
    const st = statementsOf(json, "acme-iceberg-firehose");
    const data = st.find((x) => x.Sid === "IcebergS3TablesData")!;
    expect(data.Resource).toEqual(["arn:aws:s3tables:eu-west-1:111122223333:bucket/acme-tables", "arn:aws:s3tables:eu-west-1:111122223333:bucket/acme-tables/table/*"]);
    expect(data.Action).toEqual(expect.arrayContaining(["s3tables:PutTableData", "s3tables:UpdateTableMetadataLocation", "s3tables:GetTableMetadataLocation"]));
    expect(JSON.stringify(st)).not.toContain("lakeformation");
  });

  test("monitoring: a FailedRowCount alarm and an Iceberg dashboard row on the metrics AWS publishes", () => {
    const { s } = config({ ...glue, s3BackupMode: "AllData" });
    const specs = deliveryStreamAlarms(s);
    expect(specs.find((a) => a.key === "DeliverySuccess")!.metricName).toBe("DeliveryToIceberg.Success");
    expect(specs.find((a) => a.key === "DataFreshness")).toEqual(expect.objectContaining({ metricName: "DeliveryToIceberg.DataFreshness", threshold: 600 }));
    expect(specs.find((a) => a.key === "IcebergFailedRows")).toEqual(
      expect.objectContaining({ metricName: "DeliveryToIceberg.FailedRowCount", statistic: "Sum", comparisonOperator: "GreaterThanThreshold", threshold: 0, treatMissingData: "notBreaching" }),
    );
    expect(specs.map((a) => a.key)).toContain("BackupSuccess");
    const widgets = JSON.parse(dashboardBody("eu-west-1", "t", [s])).widgets as { y: number; properties: { title?: string; metrics?: unknown[][] } }[];
    const rows = widgets.find((w) => w.properties.title === "acme-iceberg: Iceberg rows")!;
    expect(rows.properties.metrics!.map((m) => m[1])).toEqual(["DeliveryToIceberg.IncomingRowCount", "DeliveryToIceberg.SuccessfulRowCount", "DeliveryToIceberg.FailedRowCount"]);
    expect(rows.y).toBe(8);
  });

  test("no FailedRowCount alarm for other destinations", () => {
    const stack = testStack();
    const other = new FirehoseDeliveryStream(stack, "O", {
      name: "acme-other",
      destination: new (require("../../../modules").ExtendedS3Destination)({ bucket: { bucketArn: BACKUP } }),
    });
    expect(deliveryStreamAlarms(other).map((a) => a.key)).not.toContain("IcebergFailedRows");
  });

  describe("refuses at synth, each with the rule and the value", () => {
    const fails = (props: IcebergDestinationProps) => errorOf(() => build(props));

    test("buffering outside B3 and a retry over 7200 s", () => {
      const msg = fails({ ...glue, bufferingSizeMiB: 129, bufferingIntervalSeconds: 901, retryDurationSeconds: 7201 });
      expect(msg).toContain("[test/S] destination.bufferingSizeMiB: buffering size must be an integer between 1 and 128 MiB (rule B3; received 129)");
      expect(msg).toContain("[test/S] destination.bufferingIntervalSeconds: buffering interval must be an integer between 0 and 900 seconds (rule B3; received 901)");
      expect(msg).toContain("[test/S] destination.retryDurationSeconds: retry duration must be an integer between 0 and 7200 seconds (rule ICEBERG; received 7201)");
    });
    test("an unknown backup mode", () => {
      expect(fails({ ...glue, s3BackupMode: "AllEvents" as any })).toContain(
        '[test/S] destination.s3BackupMode: S3 backup mode must be one of FailedDataOnly, AllData (rule ICEBERG; received "AllEvents")',
      );
    });
    test("a bad region, account id and table bucket name", () => {
      const msg = fails({ ...s3Tables, catalog: { type: "s3-tables", region: "Europe", accountId: "1234", tableBucketName: "Acme_Tables" } });
      expect(msg).toContain('[test/S] destination.catalog.region: region must be an AWS Region code such as eu-west-1 (pattern ^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\\d$) (rule ICEBERG-CATALOG; received "Europe")');
      expect(msg).toContain('(rule ICEBERG-CATALOG; received "Europe")');
      expect(msg).toContain('[test/S] destination.catalog.accountId: account id must be 12 digits (pattern ^\\d{12}$) (rule ICEBERG-CATALOG; received "1234")');
      expect(msg).toContain('[test/S] destination.catalog.tableBucketName: table bucket name must be 3–63 lowercase letters, digits or hyphens, starting and ending with a letter or digit (pattern ^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$) (rule ICEBERG-CATALOG; received "Acme_Tables")');
      expect(msg).toContain('(rule ICEBERG-CATALOG; received "Acme_Tables")');
      expect(msg).toContain('[test/S] destination.catalog: the catalog ARN (API CatalogConfiguration.CatalogARN) must be arn:aws:glue:<region>:<account>:catalog or ...:catalog/s3tablescatalog/<table bucket> (pattern ^arn:.*:glue:.*:\\d{12}:catalog(?:(\\/[a-z0-9_-]+){1,2})?$) (rule ICEBERG-CATALOG; received "arn:aws:glue:Europe:1234:catalog/s3tablescatalog/Acme_Tables")');
    });
    test("an unknown catalog type and a Glue catalog without warehouse", () => {
      expect(fails({ ...glue, catalog: { type: "hive" } as any })).toContain('[test/S] destination.catalog.type: catalog.type must be "glue" or "s3-tables" (rule ICEBERG-CATALOG; received "hive")');
      expect(fails({ ...glue, catalog: { type: "glue", region: "eu-west-1", accountId: "111122223333" } as any })).toContain(
        "[test/S] destination.catalog.warehouse: a Glue catalog needs the warehouse bucket holding the tables (role grants are scoped to it) (rule ICEBERG-CATALOG; received undefined)",
      );
    });
    test("no table, a table listed twice, empty or repeated unique keys, an error prefix over 1024", () => {
      expect(fails({ ...glue, tables: [] })).toContain("[test/S] destination.tables: give at least one destination table (the role is granted exactly the tables listed) (rule ICEBERG-TABLE; received [])");
      const msg = fails({
        ...glue,
        tables: [
          { databaseName: "sales", tableName: "orders", uniqueKeys: [] },
          { databaseName: "sales", tableName: "orders", uniqueKeys: ["id", "id"], s3ErrorOutputPrefix: "e".repeat(1025) },
        ],
      });
      expect(msg).toContain("[test/S] destination.tables[0].uniqueKeys: uniqueKeys, when given, lists at least one column (omit it for insert-only tables) (rule ICEBERG-TABLE; received [])");
      expect(msg).toContain('[test/S] destination.tables[1]: table sales/orders is listed twice (rule ICEBERG-TABLE; received "sales/orders")');
      expect(msg).toContain('[test/S] destination.tables[1].uniqueKeys: unique keys repeated: id (rule ICEBERG-TABLE; received ["id","id"])');
      expect(msg).toContain("[test/S] destination.tables[1].s3ErrorOutputPrefix: S3 error output prefix must be 0-1024 characters long, got 1025 (rule ICEBERG-TABLE;");
    });
    test("S3 Tables names that are not lowercase, a reserved namespace, uppercase unique keys", () => {
      const msg = fails({ ...s3Tables, tables: [{ databaseName: "aws_sales", tableName: "Orders", uniqueKeys: ["OrderId"] }] });
      expect(msg).toContain('[test/S] destination.tables[0].tableName: S3 Tables table name must be lowercase letters, digits or underscores, starting and ending with a letter or digit (pattern ^[a-z0-9]([a-z0-9_]*[a-z0-9])?$) (rule ICEBERG-TABLE; received "Orders")');
      expect(msg).toContain('(rule ICEBERG-TABLE; received "Orders")');
      expect(msg).toContain('[test/S] destination.tables[0].databaseName: S3 Tables namespaces may not start with the reserved prefix "aws" (rule ICEBERG-TABLE; received "aws_sales")');
      expect(msg).toContain('[test/S] destination.tables[0].uniqueKeys: S3 Tables column names are lowercase (S3 Tables catalog integration) (rule ICEBERG-TABLE; received ["OrderId"])');
    });
    test("no backup bucket (Firehose requires one)", () => {
      expect(fails({ ...glue, s3Backup: undefined as any })).toContain(
        "[test/S] destination.s3Backup: Firehose requires an S3 bucket for failed (or all) records: give s3Backup (rule ICEBERG; received undefined)",
      );
    });
    test("several tables without routing", () => {
      expect(fails({ ...s3Tables, processors: [] })).toContain(
        "[test/S] destination.processors: 2 tables need routing by record content: a MetadataExtractionProcessor producing destinationDatabaseName/destinationTableName/operation, or a Lambda processor returning metadata.otfMetadata (rule ICEBERG-ROUTING; received [])",
      );
    });
    test("a routing query with other keys, or without the table when there are several", () => {
      const msg = fails({ ...s3Tables, processors: [new MetadataExtractionProcessor({ partitionKeys: { table: ".type", operation: ".op" } })] });
      expect(msg).toContain('[test/S] destination.processors: the routing query may only produce destinationDatabaseName, destinationTableName, operation; unknown: table (rule ICEBERG-ROUTING; received "{table:.type,operation:.op}")');
      expect(msg).toContain('[test/S] destination.processors: with several tables the routing query must produce destinationDatabaseName and destinationTableName; missing: destinationDatabaseName, destinationTableName (rule ICEBERG-ROUTING; received "{table:.type,operation:.op}")');
    });
    test("a routing query jq 1.6 cannot compile (rule DP10, as for dynamic partitioning)", () => {
      expect(fails({ ...glue, processors: [new MetadataExtractionProcessor({ partitionKeys: { destinationTableName: ".type | pick(.a)" } })] })).toContain("(rule DP10;");
    });
    test("every problem at once, in one error", () => {
      let err: FirehoseValidationError | undefined;
      try {
        build({ ...glue, bufferingSizeMiB: 0, tables: [] });
      } catch (e) {
        err = e as FirehoseValidationError;
      }
      expect(err!.problems.map((p) => [p.propertyPath, p.rule])).toEqual(
        expect.arrayContaining([
          ["destination.tables", "ICEBERG-TABLE"],
          ["destination.bufferingSizeMiB", "B3"],
        ]),
      );
    });
  });

  test("warns (does not refuse) for processors AWS does not document for Iceberg, and for unique keys without an operation", () => {
    const stack = testStack();
    const s = new FirehoseDeliveryStream(stack, "W", {
      name: "acme-iceberg-w",
      destination: new IcebergDestination({ ...glue, processors: [new AppendDelimiterToRecordProcessor()] }),
    });
    const warnings = s.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    expect(warnings.some((w) => w.includes("AppendDelimiterToRecord is not documented for Iceberg destinations") && w.includes("rule ICEBERG-PROCESSOR"))).toBe(true);
    expect(warnings.some((w) => w.includes("uniqueKeys are set but no processor gives each record its operation") && w.includes("rule ICEBERG-ROUTING"))).toBe(true);
  });
});

describe("IcebergDataLake", () => {
  const lakeProps: IcebergDataLakeProps = {
    streamName: "acme-iceberg-lake",
    region: "eu-west-1",
    accountId: "111122223333",
    warehouseBucketProps: { bucketName: "acme-iceberg-warehouse" },
    errorBucketProps: { bucketName: "acme-iceberg-errors" },
    databaseName: "sales",
    tables: [
      { tableName: "orders", columns: [{ name: "order_id", type: "string" }, { name: "amount", type: "decimal(12,2)" }], uniqueKeys: ["order_id"] },
      { tableName: "refunds", columns: [{ name: "refund_id", type: "string" }, { name: "order_id", type: "string" }] },
    ],
    routing: { query: { destinationTableName: ".kind", operation: ".op" } },
  };

  test("creates Iceberg v2 Glue tables in the warehouse before the stream, and grants exactly those tables", () => {
    const stack = testStack();
    const lake = new IcebergDataLake(stack, "Lake", lakeProps);
    const json = synthJson(stack);
    const tables = resourcesOf(json, "aws_glue_catalog_table") as any[];
    expect(tables.map((t) => t.name).sort()).toEqual(["orders", "refunds"]);
    for (const t of tables) {
      expect(t.open_table_format_input).toEqual({ iceberg_input: { metadata_operation: "CREATE", version: "2" } });
      expect(t.storage_descriptor.location).toMatch(/^s3:\/\/\$\{aws_s3_bucket\.Lake_Warehouse_.*\.bucket\}\/sales\/(orders|refunds)\/$/);
    }
    const stream = resourcesOf(json, "aws_kinesis_firehose_delivery_stream")[0] as any;
    expect(stream.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_glue_catalog_table\.Lake_Table-orders/), expect.stringMatching(/^aws_glue_catalog_table\.Lake_Table-refunds/)]));
    expect(stream.iceberg_configuration.destination_table_configuration).toEqual([
      { database_name: "sales", table_name: "orders", unique_keys: ["order_id"], s3_error_output_prefix: "errors/orders/" },
      { database_name: "sales", table_name: "refunds", s3_error_output_prefix: "errors/refunds/" },
    ]);
    const glueGrant = statementsOf(json, "acme-iceberg-lake-firehose").find((x) => x.Sid === "IcebergGlueCatalog")!;
    expect(glueGrant.Resource).toEqual([
      "arn:aws:glue:eu-west-1:111122223333:catalog",
      "arn:aws:glue:eu-west-1:111122223333:database/sales",
      "arn:aws:glue:eu-west-1:111122223333:table/sales/orders",
      "arn:aws:glue:eu-west-1:111122223333:table/sales/refunds",
    ]);
    expect(lake.destination.catalogArn).toBe("arn:aws:glue:eu-west-1:111122223333:catalog");
    // The lake's database is added to a query that does not name one.
    expect(stream.iceberg_configuration.processing_configuration.processors[0].parameters[0].parameter_value).toBe('{destinationDatabaseName:("sales"),destinationTableName:.kind,operation:.op}');
  });

  test("refuses a unique key that is not a column, a bad Glue type, duplicate tables and a bad routing key", () => {
    const msg = errorOf(() =>
      new IcebergDataLake(testStack(), "Lake", {
        ...lakeProps,
        tables: [
          { tableName: "orders", columns: [{ name: "order_id", type: "decimal(40,2)" }], uniqueKeys: ["id"] },
          { tableName: "orders", columns: [{ name: "x", type: "string" }] },
        ],
        routing: { query: { table: ".kind" } },
      }),
    );
    expect(msg).toContain('[test/Lake] tables[0].uniqueKeys: unique key "id" is not a column of orders (Firehose checks the keys against the table when the stream is created) (rule ICEBERG-TABLE; received ["id"])');
    expect(msg).toContain('[test/Lake] tables[0].columns[0].type: invalid Glue type for column "order_id"');
    expect(msg).toContain('[test/Lake] tables[1].tableName: table names must be unique (rule ICEBERG-TABLE; received "orders")');
    expect(msg).toContain('[test/Lake] routing.query: the routing query may only produce destinationDatabaseName, destinationTableName, operation; unknown: table (rule ICEBERG-ROUTING; received {"table":".kind"})');
  });

  test("two tables without routing are refused by the destination's rule", () => {
    expect(errorOf(() => new IcebergDataLake(testStack(), "Lake", { ...lakeProps, routing: undefined }))).toContain("(rule ICEBERG-ROUTING; received [])");
  });
});
