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

function validateProportion(v: Validator, value: number | undefined, path: string, what: string): void {
  v.range(value, 0, 1, path, "F8", `${what} (a proportion)`, { integer: false });
}

/** Rules F3, F7, F8, F9 on the serializer/deserializer options. */
export function validateFormatConversionOptions(v: Validator, path: string, o: FormatConversionOptions, columnNames?: string[]): void {
  const out = o.output;
  if (!out || (out.format !== "PARQUET" && out.format !== "ORC")) {
    v.error(`${path}.output.format`, "F3", "output.format must be PARQUET or ORC", (out as { format?: unknown } | undefined)?.format);
  } else if (out.format === "PARQUET") {
    v.range(out.blockSizeBytes, 64 * MiB, Number.MAX_SAFE_INTEGER, `${path}.output.blockSizeBytes`, "F7", "Parquet block size (at least 64 MiB = 67108864)", { unit: "bytes" });
    v.range(out.pageSizeBytes, 64 * KiB, Number.MAX_SAFE_INTEGER, `${path}.output.pageSizeBytes`, "F7", "Parquet page size (at least 64 KiB = 65536)", { unit: "bytes" });
    v.range(out.maxPaddingBytes, 0, Number.MAX_SAFE_INTEGER, `${path}.output.maxPaddingBytes`, "F7", "Parquet max padding", { unit: "bytes" });
    v.oneOf(out.compression, ["UNCOMPRESSED", "GZIP", "SNAPPY"], `${path}.output.compression`, "F7", "Parquet compression");
    v.oneOf(out.writerVersion, ["V1", "V2"], `${path}.output.writerVersion`, "F7", "Parquet writer version");
  } else {
    v.range(out.blockSizeBytes, 64 * MiB, Number.MAX_SAFE_INTEGER, `${path}.output.blockSizeBytes`, "F8", "ORC block size (at least 64 MiB = 67108864)", { unit: "bytes" });
    v.range(out.stripeSizeBytes, 8 * MiB, Number.MAX_SAFE_INTEGER, `${path}.output.stripeSizeBytes`, "F8", "ORC stripe size (at least 8 MiB = 8388608)", { unit: "bytes" });
    v.range(out.rowIndexStride, 1000, Number.MAX_SAFE_INTEGER, `${path}.output.rowIndexStride`, "F8", "ORC row index stride (at least 1000)");
    v.oneOf(out.compression, ["NONE", "ZLIB", "SNAPPY"], `${path}.output.compression`, "F8", "ORC compression");
    v.oneOf(out.formatVersion, ["V0_11", "V0_12"], `${path}.output.formatVersion`, "F8", "ORC format version");
    validateProportion(v, out.paddingTolerance, `${path}.output.paddingTolerance`, "ORC padding tolerance");
    validateProportion(v, out.dictionaryKeyThreshold, `${path}.output.dictionaryKeyThreshold`, "ORC dictionary key threshold");
    validateProportion(v, out.bloomFilterFalsePositiveProbability, `${path}.output.bloomFilterFalsePositiveProbability`, "ORC bloom filter false positive probability");
    if (out.bloomFilterColumns && columnNames) {
      for (const c of out.bloomFilterColumns) {
        v.require(columnNames.includes(c), `${path}.output.bloomFilterColumns`, "F8", `bloom filter column "${c}" is not a column of the table (${columnNames.join(", ")})`, c);
      }
    }
  }
  const input = o.input;
  if (input !== undefined) {
    v.oneOf(input.kind, ["OPENX", "HIVE"], `${path}.input.kind`, "F3", "deserializer kind");
    // Periods in column names, which the Hive SerDe rejects (F9), are refused for every table by validateGlueSchema.
    if (input.kind === "HIVE") {
      validateHiveTimestampFormats(v, (i) => `${path}.input.timestampFormats[${i}]`, input.timestampFormats);
    }
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
  v.require(!!t.databaseName, `${path}.databaseName`, "F4", "databaseName is required", t.databaseName);
  v.require(!!t.tableName, `${path}.tableName`, "F4", "tableName is required", t.tableName);
  v.pattern(t.catalogId, Patterns.ACCOUNT_ID, `${path}.catalogId`, "F4", "catalog id (the account id)");
  v.pattern(t.region, Patterns.REGION, `${path}.region`, "F4", "region");
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
