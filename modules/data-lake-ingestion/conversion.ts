/**
 * Record format conversion (JSON → Parquet/ORC) for the extended S3 destination: the Glue table that holds the
 * schema (created from typed columns or referenced), the deserializer, the serializer and their rules F3, F4, F6, F7, F8, F9.
 * The S3-side rules (F5 buffer ≥64 MiB, F6 UNCOMPRESSED) are enforced by `ExtendedS3Destination`.
 */
import { GlueCatalogDatabase } from "@cdktf/provider-aws/lib/glue-catalog-database";
import { GlueCatalogTable } from "@cdktf/provider-aws/lib/glue-catalog-table";
import { KinesisFirehoseDeliveryStreamExtendedS3ConfigurationDataFormatConversionConfiguration } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import { Fn, TerraformLocal } from "cdktf";
import { Construct } from "constructs";
import { IRoleLike } from "../core/iam";
import { isUnresolved, Validator } from "../core/validation";
import { IDataFormatConversion } from "../destinations/s3";
import { glueTypeError } from "./private/glue-types";
import { validateHiveTimestampFormats } from "../delivery-stream/validation";
import * as Patterns from "../core/patterns";

const MiB = 1024 * 1024;
const KiB = 1024;

/** One column of the Glue table. */
export interface GlueColumn {
  /** Column name: 1-255 lowercase letters, digits and `_` (query engines fold names to lowercase). */
  readonly name: string;
  /** Glue/Hive type: `string`, `bigint`, `timestamp`, `decimal(10,2)`, `array<string>`, `struct<id:string,n:int>`, ... */
  readonly type: string;
  readonly comment?: string;
}

/** A Glue table to create for the schema. */
export interface GlueSchemaProps {
  /** Glue database to create: 1-255 lowercase letters, digits and `_`. */
  readonly databaseName: string;
  /** Glue table to create: 1-255 lowercase letters, digits and `_`. */
  readonly tableName: string;
  /** The columns of the converted records (1 or more). */
  readonly columns: GlueColumn[];
  /** Partition columns of the table (string), e.g. the Hive-style folders of the prefix. @default none */
  readonly partitionColumns?: string[];
  readonly description?: string;
}

/** An existing Glue table. ARNs are built from these values (no lookup calls AWS at plan time). */
export interface ExistingGlueTable {
  readonly databaseName: string;
  readonly tableName: string;
  /** Account id owning the Data Catalog (same account as the stream, rule F4). */
  readonly catalogId: string;
  /** Region of the Data Catalog, e.g. `eu-west-1`. */
  readonly region: string;
  /** ARN partition. @default "aws" */
  readonly partition?: string;
  /** @default "LATEST" */
  readonly versionId?: string;
}

/** A Glue table as the conversion uses it. */
export interface GlueTableRef {
  readonly databaseName: string;
  readonly tableName: string;
  readonly catalogId?: string;
  readonly region?: string;
  readonly versionId?: string;
  readonly catalogArn: string;
  readonly databaseArn: string;
  readonly tableArn: string;
}

/** OpenX JSON SerDe (rule F9). */
export interface OpenXJsonDeserializer {
  readonly kind: "OPENX";
  /** @default true */
  readonly caseInsensitive?: boolean;
  /** @default false */
  readonly convertDotsInJsonKeysToUnderscores?: boolean;
  /** Column name → JSON key, for keys that are not valid column names. */
  readonly columnToJsonKeyMappings?: Record<string, string>;
}

/** Hive JSON SerDe (rule F9): rejects periods in column names. */
export interface HiveJsonDeserializer {
  readonly kind: "HIVE";
  /** Joda-Time patterns or `millis`. @default java.sql.Timestamp format */
  readonly timestampFormats?: string[];
}

export type JsonDeserializer = OpenXJsonDeserializer | HiveJsonDeserializer;

/** Parquet serializer options (rule F7). */
export interface ParquetOutput {
  readonly format: "PARQUET";
  /** HDFS block size, ≥64 MiB. @default 268435456 (256 MiB) */
  readonly blockSizeBytes?: number;
  /** Page size, ≥64 KiB. @default 1048576 (1 MiB) */
  readonly pageSizeBytes?: number;
  /** @default "SNAPPY" */
  readonly compression?: "UNCOMPRESSED" | "GZIP" | "SNAPPY";
  /** @default false */
  readonly enableDictionaryCompression?: boolean;
  /** ≥0. @default 0 */
  readonly maxPaddingBytes?: number;
  /** @default "V1" */
  readonly writerVersion?: "V1" | "V2";
}

/** ORC serializer options (rule F8). */
export interface OrcOutput {
  readonly format: "ORC";
  /** ≥64 MiB. @default 268435456 (256 MiB) */
  readonly blockSizeBytes?: number;
  /** ≥8 MiB. @default 67108864 (64 MiB) */
  readonly stripeSizeBytes?: number;
  /** ≥1000. @default 10000 */
  readonly rowIndexStride?: number;
  /** @default "SNAPPY" */
  readonly compression?: "NONE" | "ZLIB" | "SNAPPY";
  /** @default "V0_12" */
  readonly formatVersion?: "V0_11" | "V0_12";
  /** @default false */
  readonly enablePadding?: boolean;
  /** Proportion in [0,1]. @default 0.05 */
  readonly paddingTolerance?: number;
  /** Proportion in [0,1]. @default 0 */
  readonly dictionaryKeyThreshold?: number;
  readonly bloomFilterColumns?: string[];
  /** Proportion in [0,1]. @default 0.05 */
  readonly bloomFilterFalsePositiveProbability?: number;
}

/** Options of the conversion, independent of where the Glue table comes from. */
export interface FormatConversionOptions {
  readonly output: ParquetOutput | OrcOutput;
  /** @default OpenX JSON SerDe */
  readonly input?: JsonDeserializer;
}

const GLUE_NAME = Patterns.GLUE_NAME;

/** The deserializer kinds of format conversion (API: HiveJsonSerDe, OpenXJsonSerDe). */
const DESERIALIZER_KINDS = ["OPENX", "HIVE"] as const;
/** The serializer formats of format conversion (API: ParquetSerDe, OrcSerDe). */
const SERIALIZER_FORMATS = ["PARQUET", "ORC"] as const;

/**
 * Rule F3: exactly one deserializer (OPENX or HIVE JSON) and exactly one serializer (PARQUET or ORC). Shared by the
 * conversion props (`input.kind`, `output.format`) and the rendered `data_format_conversion_configuration` (the
 * `*_ser_de` blocks given); `deserializers`/`serializers` list the kinds given.
 */
export function validateSerDeChoice(v: Validator, paths: { readonly deserializer: string; readonly serializer: string }, deserializers: readonly unknown[], serializers: readonly unknown[]): void {
  for (const [given, allowed, path, what] of [
    [deserializers, DESERIALIZER_KINDS, paths.deserializer, "deserializer"],
    [serializers, SERIALIZER_FORMATS, paths.serializer, "serializer"],
  ] as const) {
    if (given.length !== 1) v.error(path, "F3", `give exactly one ${what}: ${allowed.join(" or ")}`, given.length);
    else v.oneOf(given[0], allowed as readonly unknown[], path, "F3", what);
  }
}

/** Parquet serializer values (rule F7), named as {@link ParquetOutput} names them. */
export interface ParquetSerDeValues {
  readonly blockSizeBytes?: number;
  readonly pageSizeBytes?: number;
  readonly maxPaddingBytes?: number;
  readonly compression?: string;
  readonly writerVersion?: string;
}

/** Attribute of the rendered `parquet_ser_de` block for each {@link ParquetSerDeValues} field. */
export const PARQUET_SERDE_ATTRIBUTES: Record<keyof ParquetSerDeValues, string> = {
  blockSizeBytes: "block_size_bytes",
  pageSizeBytes: "page_size_bytes",
  maxPaddingBytes: "max_padding_bytes",
  compression: "compression",
  writerVersion: "writer_version",
};

/**
 * Rule F7: Parquet block size at least 64 MiB, page size at least 64 KiB, padding not negative, compression
 * UNCOMPRESSED/GZIP/SNAPPY, writer version V1/V2. Shared by the conversion props and the rendered stream.
 */
export function validateParquetSerDe(v: Validator, pathOf: (field: keyof ParquetSerDeValues) => string, o: ParquetSerDeValues): void {
  v.range(o.blockSizeBytes, 64 * MiB, Number.MAX_SAFE_INTEGER, pathOf("blockSizeBytes"), "F7", "Parquet block size (at least 64 MiB = 67108864)", { unit: "bytes" });
  v.range(o.pageSizeBytes, 64 * KiB, Number.MAX_SAFE_INTEGER, pathOf("pageSizeBytes"), "F7", "Parquet page size (at least 64 KiB = 65536)", { unit: "bytes" });
  v.range(o.maxPaddingBytes, 0, Number.MAX_SAFE_INTEGER, pathOf("maxPaddingBytes"), "F7", "Parquet max padding", { unit: "bytes" });
  v.oneOf(o.compression, ["UNCOMPRESSED", "GZIP", "SNAPPY"], pathOf("compression"), "F7", "Parquet compression");
  v.oneOf(o.writerVersion, ["V1", "V2"], pathOf("writerVersion"), "F7", "Parquet writer version");
}

/** ORC serializer values (rule F8), named as {@link OrcOutput} names them. */
export interface OrcSerDeValues {
  readonly blockSizeBytes?: number;
  readonly stripeSizeBytes?: number;
  readonly rowIndexStride?: number;
  readonly compression?: string;
  readonly formatVersion?: string;
  readonly paddingTolerance?: number;
  readonly dictionaryKeyThreshold?: number;
  readonly bloomFilterFalsePositiveProbability?: number;
  readonly bloomFilterColumns?: readonly string[];
}

/** Attribute of the rendered `orc_ser_de` block for each {@link OrcSerDeValues} field. */
export const ORC_SERDE_ATTRIBUTES: Record<keyof OrcSerDeValues, string> = {
  blockSizeBytes: "block_size_bytes",
  stripeSizeBytes: "stripe_size_bytes",
  rowIndexStride: "row_index_stride",
  compression: "compression",
  formatVersion: "format_version",
  paddingTolerance: "padding_tolerance",
  dictionaryKeyThreshold: "dictionary_key_threshold",
  bloomFilterFalsePositiveProbability: "bloom_filter_false_positive_probability",
  bloomFilterColumns: "bloom_filter_columns",
};

/**
 * Rule F8: ORC stripe size at least 8 MiB, block size at least 64 MiB, row index stride at least 1000, compression
 * NONE/ZLIB/SNAPPY, format version V0_11/V0_12, proportions in [0, 1], and bloom filter columns among the table's
 * columns when those are known. Shared by the conversion props and the rendered stream.
 */
export function validateOrcSerDe(v: Validator, pathOf: (field: keyof OrcSerDeValues) => string, o: OrcSerDeValues, columnNames?: readonly string[]): void {
  v.range(o.blockSizeBytes, 64 * MiB, Number.MAX_SAFE_INTEGER, pathOf("blockSizeBytes"), "F8", "ORC block size (at least 64 MiB = 67108864)", { unit: "bytes" });
  v.range(o.stripeSizeBytes, 8 * MiB, Number.MAX_SAFE_INTEGER, pathOf("stripeSizeBytes"), "F8", "ORC stripe size (at least 8 MiB = 8388608)", { unit: "bytes" });
  v.range(o.rowIndexStride, 1000, Number.MAX_SAFE_INTEGER, pathOf("rowIndexStride"), "F8", "ORC row index stride (at least 1000)");
  v.oneOf(o.compression, ["NONE", "ZLIB", "SNAPPY"], pathOf("compression"), "F8", "ORC compression");
  v.oneOf(o.formatVersion, ["V0_11", "V0_12"], pathOf("formatVersion"), "F8", "ORC format version");
  const proportion = (field: "paddingTolerance" | "dictionaryKeyThreshold" | "bloomFilterFalsePositiveProbability", what: string): void =>
    v.range(o[field], 0, 1, pathOf(field), "F8", `${what} (a proportion)`, { integer: false });
  proportion("paddingTolerance", "ORC padding tolerance");
  proportion("dictionaryKeyThreshold", "ORC dictionary key threshold");
  proportion("bloomFilterFalsePositiveProbability", "ORC bloom filter false positive probability");
  if (o.bloomFilterColumns && columnNames) {
    for (const c of o.bloomFilterColumns) {
      v.require(columnNames.includes(c), pathOf("bloomFilterColumns"), "F8", `bloom filter column "${c}" is not a column of the table (${columnNames.join(", ")})`, c);
    }
  }
}

/** What rule F4 reads of the schema configuration (the Glue table), named as {@link ExistingGlueTable} names it. */
export interface SchemaConfigurationValues {
  /** Whether the schema configuration is given at all. */
  readonly given: boolean;
  /** Whether each required value is given (known or not) and not empty. */
  readonly databaseNameSet: boolean;
  readonly tableNameSet: boolean;
  readonly roleArnSet: boolean;
  readonly databaseName?: string;
  readonly tableName?: string;
  readonly catalogId?: string;
  readonly region?: string;
}

/** The schema configuration fields rule F4 checks. */
export type SchemaConfigurationField = "schema" | "databaseName" | "tableName" | "roleArn" | "catalogId" | "region";

/** Attribute of the rendered `data_format_conversion_configuration` for each {@link SchemaConfigurationField}. */
export const SCHEMA_CONFIGURATION_ATTRIBUTES: Record<SchemaConfigurationField, string> = {
  schema: "schema_configuration",
  databaseName: "schema_configuration.database_name",
  tableName: "schema_configuration.table_name",
  roleArn: "schema_configuration.role_arn",
  catalogId: "schema_configuration.catalog_id",
  region: "schema_configuration.region",
};

/**
 * Rule F4: format conversion needs its Glue table: database name, table name and the role that reads it; the catalog
 * id, when given, is an account id and the region a Region code. Shared by the conversion props and the rendered stream.
 */
export function validateSchemaConfiguration(v: Validator, pathOf: (field: SchemaConfigurationField) => string, s: SchemaConfigurationValues): void {
  if (!s.given) {
    v.error(pathOf("schema"), "F4", "format conversion needs schema_configuration (the Glue table)", undefined);
    return;
  }
  if (!s.databaseNameSet) v.error(pathOf("databaseName"), "F4", "the Glue database name is required", s.databaseName);
  if (!s.tableNameSet) v.error(pathOf("tableName"), "F4", "the Glue table name is required", s.tableName);
  if (!s.roleArnSet) v.error(pathOf("roleArn"), "F4", "the role Firehose reads the Glue table with is required", undefined);
  v.pattern(s.catalogId, Patterns.ACCOUNT_ID, pathOf("catalogId"), "F4", "catalog id (the account id)");
  v.pattern(s.region, Patterns.REGION, pathOf("region"), "F4", "region");
}

/** Rules F3, F7, F8, F9 on the serializer/deserializer options. */
export function validateFormatConversionOptions(v: Validator, path: string, o: FormatConversionOptions, columnNames?: string[]): void {
  const out = o.output;
  const input = o.input;
  validateSerDeChoice(
    v,
    { deserializer: `${path}.input.kind`, serializer: `${path}.output.format` },
    // The OpenX JSON SerDe is the default deserializer.
    [input === undefined ? "OPENX" : input.kind],
    out ? [(out as { format?: unknown }).format] : [],
  );
  if (out?.format === "PARQUET") validateParquetSerDe(v, (field) => `${path}.output.${field}`, out);
  else if (out?.format === "ORC") validateOrcSerDe(v, (field) => `${path}.output.${field}`, out, columnNames);
  // Periods in column names, which the Hive SerDe rejects (F9), are refused for every table by validateGlueSchema.
  if (input?.kind === "HIVE") {
    validateHiveTimestampFormats(v, (i) => `${path}.input.timestampFormats[${i}]`, input.timestampFormats);
  }
}

/** Rules on a Glue schema to create: names, at least one column, unique names, valid Glue types. */
export function validateGlueSchema(v: Validator, path: string, s: GlueSchemaProps): void {
  v.pattern(s.databaseName, GLUE_NAME, `${path}.databaseName`, "GLUE", "Glue database name");
  v.pattern(s.tableName, GLUE_NAME, `${path}.tableName`, "GLUE", "Glue table name");
  if (!v.require(Array.isArray(s.columns) && s.columns.length > 0, `${path}.columns`, "GLUE", "the schema needs at least one column", s.columns)) return;
  const seen = new Set<string>();
  s.columns.forEach((c, i) => {
    const p = `${path}.columns[${i}]`;
    v.pattern(c.name, Patterns.GLUE_COLUMN_NAME, `${p}.name`, "GLUE", "column name");
    v.require(!seen.has(c.name), `${p}.name`, "GLUE", "column names must be unique", c.name);
    seen.add(c.name);
    if (typeof c.type !== "string") {
      v.error(`${p}.type`, "GLUE", "column type must be a Glue type string", c.type);
    } else if (!isUnresolved(c.type)) {
      const error = glueTypeError(c.type);
      if (error !== undefined) v.error(`${p}.type`, "GLUE", `invalid Glue type for column "${c.name}": ${error}`, c.type);
    }
    if (c.comment !== undefined) v.length(c.comment, 0, 255, `${p}.comment`, "GLUE", "column comment");
  });
  for (const pc of s.partitionColumns ?? []) {
    v.pattern(pc, Patterns.GLUE_COLUMN_NAME, `${path}.partitionColumns`, "GLUE", "partition column name");
    v.require(!seen.has(pc), `${path}.partitionColumns`, "GLUE", "a partition column must not also be a data column", pc);
  }
}

/** Rules on a referenced Glue table. */
export function validateExistingGlueTable(v: Validator, path: string, t: ExistingGlueTable): void {
  validateSchemaConfiguration(v, (field) => (field === "schema" ? path : `${path}.${field}`), {
    given: true,
    databaseNameSet: !!t.databaseName,
    tableNameSet: !!t.tableName,
    // The delivery stream's role reads the table.
    roleArnSet: true,
    databaseName: t.databaseName,
    tableName: t.tableName,
    catalogId: t.catalogId,
    region: t.region,
  });
}

/** ARNs of a referenced table, built without calling AWS. */
export function existingGlueTableRef(t: ExistingGlueTable): GlueTableRef {
  const base = `arn:${t.partition ?? "aws"}:glue:${t.region}:${t.catalogId}`;
  return {
    databaseName: t.databaseName,
    tableName: t.tableName,
    catalogId: t.catalogId,
    region: t.region,
    versionId: t.versionId,
    catalogArn: `${base}:catalog`,
    databaseArn: `${base}:database/${t.databaseName}`,
    tableArn: `${base}:table/${t.databaseName}/${t.tableName}`,
  };
}

const SERDE = {
  PARQUET: {
    serializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
    inputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
    outputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
  },
  ORC: {
    serializationLibrary: "org.apache.hadoop.hive.ql.io.orc.OrcSerde",
    inputFormat: "org.apache.hadoop.hive.ql.io.orc.OrcInputFormat",
    outputFormat: "org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat",
  },
} as const;

export interface GlueSchemaTableProps extends GlueSchemaProps {
  /** Storage format the table describes. */
  readonly format: "PARQUET" | "ORC";
  /** `s3://bucket/prefix/` where the converted objects land (for query engines). */
  readonly location: string;
}

/** A Glue database and an external table describing the converted objects. Validate with {@link validateGlueSchema} first. */
export class GlueSchemaTable extends Construct {
  public readonly database: GlueCatalogDatabase;
  public readonly table: GlueCatalogTable;
  public readonly ref: GlueTableRef;

  constructor(scope: Construct, id: string, props: GlueSchemaTableProps) {
    super(scope, id);
    this.database = new GlueCatalogDatabase(this, "Database", { name: props.databaseName, description: props.description });
    const serde = SERDE[props.format];
    this.table = new GlueCatalogTable(this, "Table", {
      name: props.tableName,
      databaseName: this.database.name,
      catalogId: this.database.catalogId,
      description: props.description,
      tableType: "EXTERNAL_TABLE",
      parameters: { EXTERNAL: "TRUE", classification: props.format.toLowerCase() },
      partitionKeys: props.partitionColumns?.map((name) => ({ name, type: "string" })),
      storageDescriptor: {
        location: props.location,
        inputFormat: serde.inputFormat,
        outputFormat: serde.outputFormat,
        serDeInfo: { serializationLibrary: serde.serializationLibrary },
        columns: props.columns.map((c) => ({ name: c.name, type: c.type, comment: c.comment })),
      },
    });
    // The catalog ARN is the table ARN's partition, region and account with resource `catalog` (no caller-identity
    // lookup). It is a local so that policies refer to it by name: an expression with quoted arguments inside a
    // policy document would keep that document from being read as JSON before Terraform evaluates it.
    const parts = Fn.split(":", this.table.arn);
    const catalogArn = new TerraformLocal(this, "CatalogArn", Fn.format("arn:%s:glue:%s:%s:catalog", [Fn.element(parts, 1), Fn.element(parts, 3), Fn.element(parts, 4)]));
    this.ref = {
      databaseName: this.database.name,
      tableName: this.table.name,
      catalogId: this.database.catalogId,
      catalogArn: catalogArn.asString,
      databaseArn: this.database.arn,
      tableArn: this.table.arn,
    };
  }
}

export interface RecordFormatConversionProps extends FormatConversionOptions {
  readonly table: GlueTableRef;
  /** Column names of the table, when known: ORC bloom filter columns are checked against them. */
  readonly columnNames?: string[];
}

/**
 * JSON → Parquet/ORC conversion with the schema of a Glue table. Grants the delivery role exactly
 * `glue:GetTable`, `glue:GetTableVersion` and `glue:GetTableVersions` on the catalog, database and table.
 */
export class RecordFormatConversion implements IDataFormatConversion {
  constructor(public readonly props: RecordFormatConversionProps) {}

  public validate(v: Validator, path: string): void {
    validateFormatConversionOptions(v, path, this.props, this.props.columnNames);
  }

  public bind(role: IRoleLike): KinesisFirehoseDeliveryStreamExtendedS3ConfigurationDataFormatConversionConfiguration {
    const { table, output } = this.props;
    const input = this.props.input ?? { kind: "OPENX" };
    role.addToPolicy({
      sid: "ReadGlueSchema",
      actions: ["glue:GetTable", "glue:GetTableVersion", "glue:GetTableVersions"],
      resources: [table.catalogArn, table.databaseArn, table.tableArn],
    });
    return {
      enabled: true,
      inputFormatConfiguration: {
        deserializer:
          input.kind === "HIVE"
            ? { hiveJsonSerDe: { timestampFormats: input.timestampFormats ?? [] } }
            : {
                // Defaults spelled out: a block whose fields are all unset is dropped at synth, and an empty
                // deserializer passes plan but fails at apply (rule F3).
                openXJsonSerDe: {
                  caseInsensitive: input.caseInsensitive ?? true,
                  convertDotsInJsonKeysToUnderscores: input.convertDotsInJsonKeysToUnderscores ?? false,
                  columnToJsonKeyMappings: input.columnToJsonKeyMappings,
                },
              },
      },
      outputFormatConfiguration: {
        serializer:
          output.format === "PARQUET"
            ? {
                parquetSerDe: {
                  blockSizeBytes: output.blockSizeBytes,
                  pageSizeBytes: output.pageSizeBytes,
                  compression: output.compression ?? "SNAPPY",
                  enableDictionaryCompression: output.enableDictionaryCompression,
                  maxPaddingBytes: output.maxPaddingBytes,
                  writerVersion: output.writerVersion,
                },
              }
            : {
                orcSerDe: {
                  blockSizeBytes: output.blockSizeBytes,
                  stripeSizeBytes: output.stripeSizeBytes,
                  rowIndexStride: output.rowIndexStride,
                  compression: output.compression ?? "SNAPPY",
                  formatVersion: output.formatVersion,
                  enablePadding: output.enablePadding,
                  paddingTolerance: output.paddingTolerance,
                  dictionaryKeyThreshold: output.dictionaryKeyThreshold,
                  bloomFilterColumns: output.bloomFilterColumns,
                  bloomFilterFalsePositiveProbability: output.bloomFilterFalsePositiveProbability,
                },
              },
      },
      schemaConfiguration: {
        roleArn: role.roleArn,
        databaseName: table.databaseName,
        tableName: table.tableName,
        catalogId: table.catalogId,
        region: table.region,
        versionId: table.versionId ?? "LATEST",
      },
    };
  }
}
