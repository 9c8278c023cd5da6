/**
 * Apache Iceberg tables as a Firehose destination (`destination = "iceberg"`): tables in the AWS Glue Data Catalog
 * (self-managed, data in a warehouse bucket you own) or in Amazon S3 Tables (the `s3tablescatalog` federated catalog).
 *
 * Firehose writes Parquet data files and commits them to each table's Iceberg metadata; it routes each record to a
 * table and operation (insert, update, delete) from the record itself, through a jq 1.6 `MetadataExtraction` query or
 * a Lambda processor returning `metadata.otfMetadata` (Firehose developer guide, "Route incoming records to different
 * Iceberg tables"). Records it cannot deliver go to the S3 bucket of `s3Backup`, under each table's error prefix.
 *
 * What Terraform cannot do for you is listed in the README ("Apache Iceberg tables"): Lake Formation grants on
 * S3 Tables (and on Glue tables registered with Lake Formation), and the S3 Tables integration with AWS analytics
 * services.
 */
import { Construct } from "constructs";
import * as Patterns from "../core/patterns";
import { PolicyStatement } from "../core/iam";
import { isUnresolved, Validator } from "../core/validation";
import { DestinationBindContext, DestinationBinding, DestinationValidationContext, IDestination } from "../delivery-stream/destination";
import { IProcessor, MetadataExtractionProcessor } from "../delivery-stream/processors";
import { BufferingLimits, validateBuffering, validateProcessors } from "../delivery-stream/validation";
import { BackedUpDeliverySpec, BackupSetting, bindBackedUpDelivery, BucketRef, fieldName, S3BackupProps, validateBackupBucketGiven, validateBucketRef, validateRetryAndBackupMode, validateS3Backup } from "./common";
import type { DestinationMonitoring } from "../monitoring/metric";

export type IcebergBackupMode = "FailedDataOnly" | "AllData";

/** Tables in the Glue Data Catalog of an account, with their data and metadata in a warehouse bucket you own. */
export interface GlueIcebergCatalog {
  readonly type: "glue";
  /** Region of the catalog (the stream's region). */
  readonly region: string;
  /** 12-digit account id owning the catalog. */
  readonly accountId: string;
  /** @default "aws" */
  readonly partition?: string;
  /**
   * The bucket holding the tables' data and metadata (their `location`): the role gets read/write/delete on it and
   * GenerateDataKey/Decrypt on its key, scoped to this bucket.
   */
  readonly warehouse: BucketRef;
  /**
   * The tables are registered with AWS Lake Formation: the role also gets `lakeformation:GetDataAccess` (Lake
   * Formation vends the data credentials), and Lake Formation must grant it on each table (see the README).
   * @default false
   */
  readonly lakeFormation?: boolean;
}

/** Tables in an Amazon S3 table bucket, reached through the `s3tablescatalog` federated Glue catalog. */
export interface S3TablesIcebergCatalog {
  readonly type: "s3-tables";
  readonly region: string;
  readonly accountId: string;
  /** @default "aws" */
  readonly partition?: string;
  /** Name of the table bucket (3-63 of `[a-z0-9-]`). */
  readonly tableBucketName: string;
  /**
   * How access to the tables is controlled. `lake-formation` (what AWS documents for Firehose): the role gets
   * `lakeformation:GetDataAccess` and Lake Formation grants it on the tables (manual, see the README). `iam`: the
   * table bucket's integration uses IAM access control, and the role gets the S3 Tables data actions on this table
   * bucket and its tables. @default "lake-formation"
   */
  readonly accessControl?: "lake-formation" | "iam";
  /** Customer-managed key of the table bucket, when it uses SSE-KMS: the role gets GenerateDataKey/Decrypt on it. */
  readonly kmsKeyArn?: string;
}

export type IcebergCatalogProps = GlueIcebergCatalog | S3TablesIcebergCatalog;

/** One destination table (`destination_table_configuration`). */
export interface IcebergTableProps {
  /** Glue database, or S3 Tables namespace. */
  readonly databaseName: string;
  readonly tableName: string;
  /**
   * Columns identifying a row, for updates and deletes. The table (and the columns) must exist before the stream is
   * created: Firehose checks them at creation. Without them, every record is an insert.
   */
  readonly uniqueKeys?: string[];
  /** Prefix in the backup bucket for records that failed for this table, ≤1024 characters. */
  readonly s3ErrorOutputPrefix?: string;
}

export interface IcebergDestinationProps {
  readonly catalog: IcebergCatalogProps;
  /**
   * Every table a record may go to (the role is granted exactly these). With more than one, records need routing:
   * a `MetadataExtractionProcessor` producing `destinationDatabaseName`/`destinationTableName`/`operation`, or a Lambda
   * processor returning `metadata.otfMetadata`.
   */
  readonly tables: IcebergTableProps[];
  /** 1-128 MiB (rule B3). @default 5 */
  readonly bufferingSizeMiB?: number;
  /** 0-900 s (rule B3). @default 300 */
  readonly bufferingIntervalSeconds?: number;
  /** How long Firehose retries a failed commit, 0-7200 s. @default 300 */
  readonly retryDurationSeconds?: number;
  /** Bucket receiving failed (or all) records; Firehose requires it. */
  readonly s3Backup: S3BackupProps;
  /** @default "FailedDataOnly" */
  readonly s3BackupMode?: IcebergBackupMode;
  /** Routing (`MetadataExtractionProcessor`) and/or a Lambda processor (transform, route, set the operation). */
  readonly processors?: IProcessor[];
}

const ICEBERG_BUFFERING: BufferingLimits = { minSizeMiB: 1, maxSizeMiB: 128, maxIntervalSeconds: 900, rule: "B3" };

/** What Iceberg delivery tells monitoring: the failed-rows alarm and row/commit dashboard widgets. */
export const ICEBERG_MONITORING: DestinationMonitoring = {
  alarms: [
    {
      // Firehose developer guide, "Monitor metrics" of Apache Iceberg Tables: rows that could not be written to a table
      // go to the S3 backup bucket and are counted here; a delivered row is not, so any count is data needing replay.
      key: "IcebergFailedRows",
      metricName: "DeliveryToIceberg.FailedRowCount",
      statistic: "Sum",
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
      thresholdName: "icebergFailedRows",
      description: (name) => `${name}: rows failed delivery to Iceberg tables (written to the S3 backup bucket under the table's error prefix)`,
    },
  ],
  // Row counts (DeliveryToIceberg.IncomingRowCount/SuccessfulRowCount/FailedRowCount) and commits.
  widgets: [
    { title: "Iceberg rows", metrics: ["IncomingRowCount", "SuccessfulRowCount", "FailedRowCount"].map((m) => ({ metricName: `DeliveryToIceberg.${m}`, stat: "Sum" as const, label: m })) },
    { title: "Iceberg commits", metrics: [{ metricName: "DeliveryToIceberg.Success", stat: "Sum" }] },
  ],
};

export const ICEBERG_DELIVERY: BackedUpDeliverySpec<IcebergBackupMode> = {
  kind: "Iceberg",
  buffering: ICEBERG_BUFFERING,
  defaultSizeMiB: 5,
  defaultIntervalSeconds: 300,
  defaultRetrySeconds: 300,
  modes: ["FailedDataOnly", "AllData"],
  retryRule: "ICEBERG",
  modeRule: "ICEBERG",
  modeLabel: "S3 backup mode",
  monitoring: ICEBERG_MONITORING,
};

/** Keys Firehose reads from a routing query's output (JSONQuery method). */
const ICEBERG_ROUTING_KEYS = ["destinationDatabaseName", "destinationTableName", "operation"] as const;

/** Names Athena and the Glue catalog accept as they are (Glue stores names lowercased). */
const GLUE_NAME = /^[a-z0-9_]+$/;

/** The Glue ARN parts of a catalog. */
function glueArn(c: IcebergCatalogProps, resource: string): string {
  return `arn:${c.partition ?? "aws"}:glue:${c.region}:${c.accountId}:${resource}`;
}

/** The catalog ARN Firehose is given: `...:catalog` (Glue) or `...:catalog/s3tablescatalog/<table bucket>`. */
function icebergCatalogArn(c: IcebergCatalogProps): string {
  return c.type === "glue" ? glueArn(c, "catalog") : glueArn(c, `catalog/s3tablescatalog/${c.tableBucketName}`);
}

/** Rule ICEBERG-CATALOG on the catalog ARN Firehose is given (API CatalogConfiguration.CatalogARN). */
export function validateIcebergCatalogArn(v: Validator, path: string, arn: string | undefined): void {
  v.pattern(arn, Patterns.ICEBERG_CATALOG_ARN, path, "ICEBERG-CATALOG", "the catalog ARN (API CatalogConfiguration.CatalogARN)");
}

/** The kind of catalog an ARN names: an S3 Tables catalog (`catalog/s3tablescatalog/...`), the Glue Data Catalog, or unknown. */
export function icebergCatalogKind(arn: string | undefined): IcebergCatalogProps["type"] | undefined {
  if (arn === undefined || isUnresolved(arn)) return undefined;
  if (/:catalog\/s3tablescatalog\//.test(arn)) return "s3-tables";
  return arn.endsWith(":catalog") ? "glue" : undefined;
}

/** A destination table as {@link validateIcebergTables} reads it (props, or a rendered `destination_table_configuration`). */
export interface IcebergTableValues {
  readonly databaseName?: string;
  readonly tableName?: string;
  readonly uniqueKeys?: readonly string[];
  readonly s3ErrorOutputPrefix?: string;
}

/**
 * Rule ICEBERG-TABLE: at least one table, none twice, database (namespace) and table names of 1-255 characters (S3
 * Tables: its naming rules, no "aws" namespace prefix, lowercase unique keys; Glue: a warning unless [a-z0-9_]), unique
 * keys non-empty and distinct, error output prefix at most 1024 characters. `catalog` undefined: the catalog-specific
 * checks are skipped. Used by {@link IcebergDestination} and the rendered-resource checker.
 */
export function validateIcebergTables(
  v: Validator,
  paths: { tables: string; table: (i: number) => string; field: (i: number, field: keyof IcebergTableValues) => string },
  tables: readonly IcebergTableValues[] | undefined,
  catalog: IcebergCatalogProps["type"] | undefined,
): void {
  if (!Array.isArray(tables) || tables.length === 0) {
    v.error(paths.tables, "ICEBERG-TABLE", "give at least one destination table (the role is granted exactly the tables listed)", tables);
    return;
  }
  const s3Tables = catalog === "s3-tables";
  const seen = new Set<string>();
  tables.forEach((t, i) => {
    const tp = paths.table(i);
    for (const [field, label] of [["databaseName", s3Tables ? "namespace" : "database name"], ["tableName", "table name"]] as const) {
      const name = t[field];
      const at = paths.field(i, field);
      if (typeof name !== "string" || (!isUnresolved(name) && name.length === 0)) {
        v.error(at, "ICEBERG-TABLE", `${label} is required`, name);
        continue;
      }
      v.length(name, 1, 255, at, "ICEBERG-TABLE", label);
      if (isUnresolved(name)) continue;
      if (s3Tables) {
        v.pattern(name, Patterns.S3_TABLES_NAME, at, "ICEBERG-TABLE", `S3 Tables ${label}`);
        if (field === "databaseName" && name.startsWith("aws")) v.error(at, "ICEBERG-TABLE", 'S3 Tables namespaces may not start with the reserved prefix "aws"', name);
      } else if (catalog === "glue" && !GLUE_NAME.test(name)) {
        v.warn(at, "ICEBERG-TABLE", `the Glue catalog stores names lowercased and Athena accepts only [a-z0-9_]: use the ${label} as the catalog shows it`, name);
      }
    }
    const key = `${t.databaseName}/${t.tableName}`;
    if (!isUnresolved(key) && seen.has(key)) v.error(tp, "ICEBERG-TABLE", `table ${key} is listed twice`, key);
    seen.add(key);
    const keys = t.uniqueKeys;
    const keysAt = paths.field(i, "uniqueKeys");
    if (keys !== undefined && !isUnresolved(keys)) {
      if (!Array.isArray(keys) || keys.length === 0) {
        v.error(keysAt, "ICEBERG-TABLE", `${fieldName(keysAt)}, when given, lists at least one column (omit it for insert-only tables)`, keys);
      } else {
        const bad = keys.filter((k) => typeof k !== "string" || k.trim() === "");
        if (bad.length > 0) v.error(keysAt, "ICEBERG-TABLE", "unique keys are non-empty column names", keys);
        const dup = keys.filter((k, j) => keys.indexOf(k) !== j);
        if (dup.length > 0) v.error(keysAt, "ICEBERG-TABLE", `unique keys repeated: ${[...new Set(dup)].join(", ")}`, keys);
        if (s3Tables) {
          const upper = keys.filter((k) => typeof k === "string" && k !== k.toLowerCase());
          if (upper.length > 0) v.error(keysAt, "ICEBERG-TABLE", "S3 Tables column names are lowercase (S3 Tables catalog integration)", upper);
        }
      }
    }
    if (t.s3ErrorOutputPrefix !== undefined && !isUnresolved(t.s3ErrorOutputPrefix)) {
      v.length(t.s3ErrorOutputPrefix, 0, 1024, paths.field(i, "s3ErrorOutputPrefix"), "ICEBERG-TABLE", "S3 error output prefix");
    }
  });
}

/** Rule ICEBERG-ROUTING on the keys a routing query produces: only {@link ICEBERG_ROUTING_KEYS}. */
export function validateIcebergRoutingKeys(v: Validator, path: string, keys: readonly string[], value: unknown): void {
  const unknown = keys.filter((k) => !(ICEBERG_ROUTING_KEYS as readonly string[]).includes(k));
  if (unknown.length > 0) v.error(path, "ICEBERG-ROUTING", `the routing query may only produce ${ICEBERG_ROUTING_KEYS.join(", ")}; unknown: ${unknown.join(", ")}`, value);
}

/**
 * Rule ICEBERG-ROUTING: several tables need a router (a MetadataExtraction query or a Lambda processor), a routing
 * query produces only the routing keys and, with several tables, the database and table names; unique keys without a
 * router get a warning (every record is then inserted). `extraction.keys` undefined: the query's keys are not known.
 */
export function validateIcebergRouting(
  v: Validator,
  path: string,
  p: { tableCount: number; processorTypes: readonly string[]; extraction?: { keys?: readonly string[]; query: unknown }; uniqueKeys: boolean },
): void {
  const types = [...p.processorTypes];
  const routed = p.extraction !== undefined || types.includes("Lambda");
  if (p.tableCount > 1 && !routed) {
    v.error(
      path,
      "ICEBERG-ROUTING",
      `${p.tableCount} tables need routing by record content: a MetadataExtractionProcessor producing destinationDatabaseName/destinationTableName/operation, or a Lambda processor returning metadata.otfMetadata`,
      types,
    );
  }
  if (!routed && p.uniqueKeys) {
    v.warn(path, "ICEBERG-ROUTING", "uniqueKeys are set but no processor gives each record its operation (update/delete): every record will be inserted", types);
  }
  const keys = p.extraction?.keys;
  if (p.extraction && keys) {
    validateIcebergRoutingKeys(v, path, keys, p.extraction.query);
    const missing = ["destinationDatabaseName", "destinationTableName"].filter((k) => !keys.includes(k));
    if (p.tableCount > 1 && missing.length > 0) {
      v.error(path, "ICEBERG-ROUTING", `with several tables the routing query must produce destinationDatabaseName and destinationTableName; missing: ${missing.join(", ")}`, p.extraction.query);
    }
  }
}

/** Delivers records to Apache Iceberg tables (Glue Data Catalog or Amazon S3 Tables), with upserts and routing. */
export class IcebergDestination implements IDestination {
  constructor(public readonly props: IcebergDestinationProps) {}

  public get catalogArn(): string {
    return icebergCatalogArn(this.props.catalog);
  }

  public validate({ validator: v, path }: DestinationValidationContext): void {
    const p = this.props;
    this.validateCatalog(v, `${path}.catalog`);
    this.validateTables(v, `${path}.tables`);
    validateBuffering(v, path, p.bufferingSizeMiB, p.bufferingIntervalSeconds, ICEBERG_BUFFERING);
    validateRetryAndBackupMode(v, { retry: `${path}.retryDurationSeconds`, mode: `${path}.s3BackupMode` }, { retrySeconds: p.retryDurationSeconds, mode: p.s3BackupMode }, ICEBERG_DELIVERY);
    validateBackupBucketGiven(v, `${path}.s3Backup`, !!p.s3Backup?.bucket, "ICEBERG", p.s3Backup);
    if (p.s3Backup?.bucket) validateS3Backup(v, `${path}.s3Backup`, p.s3Backup);
    this.validateProcessing(v, `${path}.processors`);
  }

  private validateCatalog(v: Validator, path: string): void {
    const c = this.props.catalog as IcebergCatalogProps | undefined;
    if (!c || (c.type !== "glue" && c.type !== "s3-tables")) {
      v.error(`${path}.type`, "ICEBERG-CATALOG", 'catalog.type must be "glue" or "s3-tables"', (c as { type?: unknown } | undefined)?.type);
      return;
    }
    v.pattern(c.region, Patterns.REGION, `${path}.region`, "ICEBERG-CATALOG", "region");
    v.pattern(c.accountId, Patterns.ACCOUNT_ID, `${path}.accountId`, "ICEBERG-CATALOG", "account id");
    if (c.partition !== undefined) v.pattern(c.partition, Patterns.PARTITION_NAME, `${path}.partition`, "ICEBERG-CATALOG", "partition");
    if (c.type === "glue") {
      if (!c.warehouse) v.error(`${path}.warehouse`, "ICEBERG-CATALOG", "a Glue catalog needs the warehouse bucket holding the tables (role grants are scoped to it)", undefined);
      else validateBucketRef(v, `${path}.warehouse`, c.warehouse);
    } else {
      v.pattern(c.tableBucketName, Patterns.S3_TABLE_BUCKET_NAME, `${path}.tableBucketName`, "ICEBERG-CATALOG", "table bucket name");
      v.oneOf(c.accessControl, ["lake-formation", "iam"], `${path}.accessControl`, "ICEBERG-CATALOG", "access control");
      if (c.kmsKeyArn !== undefined) v.pattern(c.kmsKeyArn, Patterns.KMS_KEY_ARN, `${path}.kmsKeyArn`, "ICEBERG-CATALOG", "KMS key ARN");
    }
    // Only checkable when every part is a literal.
    validateIcebergCatalogArn(v, path, icebergCatalogArn(c));
  }

  private validateTables(v: Validator, path: string): void {
    const { tables, catalog } = this.props;
    validateIcebergTables(v, { tables: path, table: (i) => `${path}[${i}]`, field: (i, f) => `${path}[${i}].${f}` }, tables, catalog?.type);
  }

  private validateProcessing(v: Validator, path: string): void {
    const processors = this.props.processors ?? [];
    // MetadataExtraction is the routing query here, not dynamic partitioning: pass it through the shared checks.
    validateProcessors(v, path, processors, { dynamicPartitioning: true });
    const types = processors.map((p) => p.type);
    validateIcebergProcessorTypes(v, path, types);
    const extraction = processors.find((p): p is MetadataExtractionProcessor => p instanceof MetadataExtractionProcessor);
    const tables = this.props.tables ?? [];
    validateIcebergRouting(v, path, {
      tableCount: tables.length,
      processorTypes: types,
      extraction: extraction ? { keys: extraction.keys, query: extraction.query } : undefined,
      uniqueKeys: tables.some((t) => (t.uniqueKeys ?? []).length > 0),
    });
  }

  public bind(_scope: Construct, ctx: DestinationBindContext): DestinationBinding {
    const p = this.props;
    const backup: BackupSetting<IcebergBackupMode> = { props: p.s3Backup, path: "destination.s3Backup", mode: p.s3BackupMode, modePath: "destination.s3BackupMode" };
    const { rendered, info } = bindBackedUpDelivery(ctx, p, backup, ICEBERG_DELIVERY);
    for (const s of icebergCatalogStatements(p.catalog, p.tables)) ctx.role.addToPolicy(s);
    return {
      destination: "iceberg",
      config: {
        icebergConfiguration: {
          ...rendered,
          catalogArn: this.catalogArn,
          destinationTableConfiguration: p.tables.map((t) => ({
            databaseName: t.databaseName,
            tableName: t.tableName,
            uniqueKeys: t.uniqueKeys,
            s3ErrorOutputPrefix: t.s3ErrorOutputPrefix,
          })),
        },
      },
      info,
    };
  }
}

/**
 * The catalog, table and data grants of an Iceberg destination, on the exact ARNs of the tables listed:
 * - Glue: `glue:GetDatabase`, `glue:GetTable`, `glue:UpdateTable` (Firehose commits by updating the table's metadata
 *   location) on the catalog, each database and each table; the warehouse bucket (read, write, delete: Iceberg
 *   rewrites and expires files) and its key; `lakeformation:GetDataAccess` when Lake Formation manages the tables.
 * - S3 Tables: the same Glue actions on the root catalog, `s3tablescatalog`, the table bucket's catalog, its
 *   namespaces and tables; `lakeformation:GetDataAccess` (Lake Formation vends the data credentials), or, with IAM
 *   access control, the S3 Tables data actions on this table bucket and its tables.
 * `lakeformation:GetDataAccess` supports no resource-level permissions: its resource is `*`.
 */
function icebergCatalogStatements(c: IcebergCatalogProps, tables: readonly IcebergTableProps[]): PolicyStatement[] {
  const unique = <T>(xs: T[]) => [...new Set(xs)];
  const statements: PolicyStatement[] = [];
  const glueActions = ["glue:GetDatabase", "glue:GetTable", "glue:UpdateTable"];
  if (c.type === "glue") {
    statements.push({
      sid: "IcebergGlueCatalog",
      actions: glueActions,
      resources: unique([glueArn(c, "catalog"), ...tables.map((t) => glueArn(c, `database/${t.databaseName}`)), ...tables.map((t) => glueArn(c, `table/${t.databaseName}/${t.tableName}`))]),
    });
    const w = c.warehouse;
    statements.push({
      sid: "IcebergWarehouse",
      actions: ["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:PutObject"],
      resources: [w.bucketArn, `${w.bucketArn}/*`],
    });
    if (w.kmsKeyArn) {
      statements.push({
        sid: "IcebergWarehouseKey",
        actions: ["kms:GenerateDataKey", "kms:Decrypt"],
        resources: [w.kmsKeyArn],
        conditions: { StringLike: { "kms:EncryptionContext:aws:s3:arn": [w.bucketArn, `${w.bucketArn}/*`] } },
      });
    }
    if (c.lakeFormation) statements.push({ sid: "IcebergLakeFormationData", actions: ["lakeformation:GetDataAccess"], resources: ["*"] });
    return statements;
  }
  const bucket = c.tableBucketName;
  statements.push({
    sid: "IcebergS3TablesCatalog",
    actions: glueActions,
    resources: unique([
      glueArn(c, "catalog"),
      glueArn(c, "catalog/s3tablescatalog"),
      glueArn(c, `catalog/s3tablescatalog/${bucket}`),
      ...tables.map((t) => glueArn(c, `database/s3tablescatalog/${bucket}/${t.databaseName}`)),
      ...tables.map((t) => glueArn(c, `table/s3tablescatalog/${bucket}/${t.databaseName}/${t.tableName}`)),
    ]),
  });
  if ((c.accessControl ?? "lake-formation") === "lake-formation") {
    statements.push({ sid: "IcebergLakeFormationData", actions: ["lakeformation:GetDataAccess"], resources: ["*"] });
  } else {
    const bucketArn = `arn:${c.partition ?? "aws"}:s3tables:${c.region}:${c.accountId}:bucket/${bucket}`;
    statements.push({
      sid: "IcebergS3TablesData",
      actions: [
        "s3tables:GetTableBucket",
        "s3tables:GetNamespace",
        "s3tables:GetTable",
        "s3tables:GetTableMetadataLocation",
        "s3tables:UpdateTableMetadataLocation",
        "s3tables:GetTableData",
        "s3tables:PutTableData",
      ],
      // Table ARNs end in the table's id, not its name: the table-level resource is this bucket's tables.
      resources: [bucketArn, `${bucketArn}/table/*`],
    });
  }
  if (c.kmsKeyArn) statements.push({ sid: "IcebergS3TablesKey", actions: ["kms:GenerateDataKey", "kms:Decrypt"], resources: [c.kmsKeyArn] });
  return statements;
}

/**
 * Rule ICEBERG-PROCESSOR: AWS documents the jq routing query (MetadataExtraction) and the Lambda processor for Iceberg
 * destinations; the other processor types are flagged, not refused. `types` are the processors' types, in order.
 */
export function validateIcebergProcessorTypes(v: Validator, path: string, types: readonly string[]): void {
  for (const t of ["RecordDeAggregation", "AppendDelimiterToRecord", "Decompression", "CloudWatchLogProcessing"] as const) {
    if (types.includes(t)) v.warn(path, "ICEBERG-PROCESSOR", `${t} is not documented for Iceberg destinations (only MetadataExtraction routing and Lambda are): check that Firehose accepts it before relying on it`, types);
  }
}
