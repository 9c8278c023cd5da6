export * from "./data-lake-ingestion";
export * from "./conversion";
export * from "./glue-types";

export * from "./preview";
export * from "./timestamp";
export * from "./iceberg-data-lake";
