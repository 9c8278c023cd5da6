export * from "./data-lake-ingestion";
export * from "./conversion";
export * from "./glue-types";

export * from "./preview";
export * from "./timestamp";
export * from "./iceberg-data-lake";
export { createPartitioner, PARTITIONER_TIME_KEYS, partitionerKeys, validatePartitioner, withPartitioner } from "./partitioner";
export type { DataLakePartitionerProps, PartitionerStream, PartitionerTimeKey } from "./partitioner";
