export { DataLakeIngestion } from "./data-lake-ingestion";
export type { DataLakeBackupProps, DataLakeFormatConversionProps, DataLakeIngestionProps, DataLakePartitioningProps, LambdaPartitioningProps } from "./data-lake-ingestion";
export { GlueSchemaTable, RecordFormatConversion } from "./conversion";
export type {
  ExistingGlueTable,
  FormatConversionOptions,
  GlueColumn,
  GlueSchemaProps,
  GlueSchemaTableProps,
  GlueTableRef,
  HiveJsonDeserializer,
  JsonDeserializer,
  OpenXJsonDeserializer,
  OrcOutput,
  ParquetOutput,
  RecordFormatConversionProps,
} from "./conversion";
export { IcebergDataLake } from "./iceberg-data-lake";
export type { IcebergDataLakeProps, IcebergLakeTableProps, IcebergRouting } from "./iceberg-data-lake";
export { ICEBERG_PREVIEW_NOTE, PARTITIONING_FAILED, previewIcebergRouting, previewPartitions, RANDOM_STRING_PLACEHOLDER } from "./preview";
export type { IcebergRoutingPreview, IcebergRoutingPreviewConfig, PartitionPreview, PartitionPreviewConfig } from "./preview";
export { PARTITIONER_TIME_KEYS } from "./partitioner";
export type { DataLakePartitionerProps, PartitionerTimeKey } from "./partitioner";
