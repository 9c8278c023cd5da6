/**
 * An Apache Iceberg data lake in the AWS Glue Data Catalog: a warehouse bucket, a Glue database, Iceberg (format
 * version 2) tables created by Terraform, and a Firehose stream writing to them, with routing by record content and
 * upserts on unique keys. The sibling of `DataLakeIngestion` (plain S3 objects under a Hive-style prefix).
 *
 * Iceberg tables are partitioned by their own partition spec, not by an S3 prefix: Firehose writes each row into the
 * partition the table's spec gives it. Terraform's Glue table resource (`open_table_format_input`) creates the table
 * without a partition spec; to partition, add one with an engine supporting Iceberg partition evolution (Spark
 * `ALTER TABLE ... ADD PARTITION FIELD days(occurred_at)`) before data arrives, or create the tables yourself and use
 * `IcebergDestination` directly.
 */
import { GlueCatalogDatabase } from "@cdktf/provider-aws/lib/glue-catalog-database";
import { GlueCatalogTable } from "@cdktf/provider-aws/lib/glue-catalog-table";
import { dependable } from "cdktf";
import { Construct } from "constructs";
import { isUnresolved, Validator } from "../core/validation";
import { FirehoseDeliveryStream, StreamEncryption, StreamLoggingProps } from "../delivery-stream/delivery-stream";
import { IProcessor, LambdaProcessor, LambdaProcessorProps, MetadataExtractionProcessor } from "../delivery-stream/processors";
import { ISource } from "../delivery-stream/sources";
import { IcebergBackupMode, IcebergDestination, validateIcebergRoutingKeys } from "../destinations/iceberg";
import { SecureBucket, SecureBucketProps } from "../secure-bucket";
import { GlueColumn, validateGlueSchema } from "./conversion";
import { IcebergRoutingPreviewConfig } from "./preview";

/** One Iceberg table to create. */
export interface IcebergLakeTableProps {
  /** 1-255 lowercase letters, digits and `_`. */
  readonly tableName: string;
  readonly columns: GlueColumn[];
  /** Columns identifying a row (updates and deletes); each must be one of `columns`. */
  readonly uniqueKeys?: string[];
  /** Prefix of this table's failed records in the error bucket. @default `errors/<table>/` */
  readonly errorPrefix?: string;
  readonly description?: string;
}

/** How records reach their table and operation. */
export type IcebergRouting =
  /**
   * jq 1.6 expressions of `destinationTableName`, `operation` and optionally `destinationDatabaseName` (default: the
   * lake's database), e.g. `{ destinationTableName: ".type", operation: ".op" }`.
   */
  | { readonly query: Record<string, string> }
  /** A Lambda processor returning `metadata.otfMetadata` per record. */
  | { readonly lambda: LambdaProcessorProps };

export interface IcebergDataLakeProps {
  /** Firehose stream name. */
  readonly streamName: string;
  /** Region and account of the Glue Data Catalog (the stream's). */
  readonly region: string;
  readonly accountId: string;
  /** The warehouse bucket to create (tables live under `s3://<bucket>/<database>/<table>/`). */
  readonly warehouseBucketProps: SecureBucketProps;
  /** The bucket to create for failed (or all) records. */
  readonly errorBucketProps: SecureBucketProps;
  /** Glue database to create: 1-255 lowercase letters, digits and `_`. */
  readonly databaseName: string;
  /** Tables to create (one or more); with several, `routing` is required. */
  readonly tables: IcebergLakeTableProps[];
  readonly routing?: IcebergRouting;
  /** 1-128 MiB (rule B3). @default 5 */
  readonly bufferingSizeMiB?: number;
  /** 0-900 s (rule B3). @default 300 */
  readonly bufferingIntervalSeconds?: number;
  /** 0-7200 s. @default 300 */
  readonly retryDurationSeconds?: number;
  /** @default "FailedDataOnly" */
  readonly s3BackupMode?: IcebergBackupMode;
  /** The tables are registered with Lake Formation (grants stay manual, see the README). @default false */
  readonly lakeFormation?: boolean;
  readonly source?: ISource;
  readonly encryption?: StreamEncryption;
  readonly logging?: StreamLoggingProps;
  readonly tags?: Record<string, string>;
}

/** Glue database + Iceberg tables + warehouse and error buckets + a Firehose stream delivering into them. */
export class IcebergDataLake extends Construct {
  public readonly warehouse: SecureBucket;
  public readonly errorBucket: SecureBucket;
  public readonly database: GlueCatalogDatabase;
  public readonly tables: Record<string, GlueCatalogTable> = {};
  public readonly destination: IcebergDestination;
  public readonly stream: FirehoseDeliveryStream;
  /** For `previewIcebergRouting`: the tables and the routing query as Firehose runs it. */
  public readonly routingPreviewConfig: IcebergRoutingPreviewConfig;

  constructor(scope: Construct, id: string, props: IcebergDataLakeProps) {
    super(scope, id);
    const v = new Validator(this);
    validate(v, props);
    v.throwIfErrors();

    this.warehouse = new SecureBucket(this, "Warehouse", { accountId: props.accountId, tags: props.tags, ...props.warehouseBucketProps });
    this.errorBucket = new SecureBucket(this, "Errors", { accountId: props.accountId, tags: props.tags, ...props.errorBucketProps });
    this.database = new GlueCatalogDatabase(this, "Database", { name: props.databaseName });
    for (const t of props.tables) {
      this.tables[t.tableName] = new GlueCatalogTable(this, `Table-${t.tableName}`, {
        name: t.tableName,
        databaseName: this.database.name,
        description: t.description,
        tableType: "EXTERNAL_TABLE",
        // Firehose writes Iceberg format version 2 tables only (a version 1 table sends every record to the error bucket).
        openTableFormatInput: { icebergInput: { metadataOperation: "CREATE", version: "2" } },
        storageDescriptor: {
          location: `s3://${this.warehouse.bucketName}/${props.databaseName}/${t.tableName}/`,
          columns: t.columns.map((c) => ({ name: c.name, type: c.type, comment: c.comment })),
        },
      });
    }

    const processors = routingProcessors(props.routing, props.databaseName);
    const extraction = processors?.find((p): p is MetadataExtractionProcessor => p instanceof MetadataExtractionProcessor);
    this.routingPreviewConfig = {
      tables: props.tables.map((t) => ({ databaseName: props.databaseName, tableName: t.tableName })),
      routing: extraction?.props.partitionKeys,
    };
    this.destination = new IcebergDestination({
      catalog: { type: "glue", region: props.region, accountId: props.accountId, warehouse: this.warehouse, lakeFormation: props.lakeFormation },
      tables: props.tables.map((t) => ({
        databaseName: props.databaseName,
        tableName: t.tableName,
        uniqueKeys: t.uniqueKeys,
        s3ErrorOutputPrefix: t.errorPrefix ?? `errors/${t.tableName}/`,
      })),
      bufferingSizeMiB: props.bufferingSizeMiB,
      bufferingIntervalSeconds: props.bufferingIntervalSeconds,
      retryDurationSeconds: props.retryDurationSeconds,
      s3Backup: { bucket: this.errorBucket, prefix: "backup/", errorOutputPrefix: "errors/" },
      s3BackupMode: props.s3BackupMode,
      processors,
    });
    this.stream = new FirehoseDeliveryStream(this, "DeliveryStream", {
      name: props.streamName,
      source: props.source,
      destination: this.destination,
      encryption: props.encryption,
      logging: props.logging,
      accountId: props.accountId,
      tags: props.tags,
    });
    // Firehose checks the tables (and their unique keys) when the stream is created: they must exist first.
    this.stream.stream.dependsOn = [...(this.stream.stream.dependsOn ?? []), ...Object.values(this.tables).map((t) => dependable(t))];
  }
}

/** The routing processor; a query that does not name the database gets the lake's one (every table is in it). */
function routingProcessors(routing: IcebergRouting | undefined, databaseName: string): IProcessor[] | undefined {
  if (!routing) return undefined;
  if ("query" in routing) return [new MetadataExtractionProcessor({ partitionKeys: { destinationDatabaseName: JSON.stringify(databaseName), ...routing.query } })];
  return [new LambdaProcessor(routing.lambda)];
}

function validate(v: Validator, props: IcebergDataLakeProps): void {
  if (!Array.isArray(props.tables) || props.tables.length === 0) {
    v.error("tables", "ICEBERG-TABLE", "give at least one table to create", props.tables);
    return;
  }
  const names = new Set<string>();
  props.tables.forEach((t, i) => {
    const path = `tables[${i}]`;
    // Database and table names, column names and Glue types: the rules of a Glue schema.
    validateGlueSchema(v, path, { databaseName: props.databaseName, tableName: t.tableName, columns: t.columns });
    if (names.has(t.tableName)) v.error(`${path}.tableName`, "ICEBERG-TABLE", "table names must be unique", t.tableName);
    names.add(t.tableName);
    const columns = (t.columns ?? []).map((c) => c.name);
    for (const k of t.uniqueKeys ?? []) {
      if (!isUnresolved(k) && !columns.includes(k)) {
        v.error(`${path}.uniqueKeys`, "ICEBERG-TABLE", `unique key "${k}" is not a column of ${t.tableName} (Firehose checks the keys against the table when the stream is created)`, t.uniqueKeys);
      }
    }
  });
  const r = props.routing as (IcebergRouting & { query?: Record<string, string>; lambda?: LambdaProcessorProps }) | undefined;
  if (r !== undefined) {
    if ((r.query === undefined) === (r.lambda === undefined)) {
      v.error("routing", "ICEBERG-ROUTING", "give exactly one of routing.query and routing.lambda", r);
    } else if (r.query !== undefined) {
      validateIcebergRoutingKeys(v, "routing.query", Object.keys(r.query), r.query);
    }
  }
}
