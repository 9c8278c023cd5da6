/** Public API of cdktf-firehose-pipelines. */
export * from "./checks/aspect";
export * from "./checks/engine";
export * from "./core/iam";
export * as Patterns from "./core/patterns";
export * from "./core/rules";
export * from "./core/jq";
export * from "./core/naming";
export * from "./core/validation";
export * from "./data-lake-ingestion";
export * from "./delivery-stream";
export * from "./destinations";
export * from "./event-ingestion";
export * from "./fan-out";
export * from "./kinesis-stream";
export * from "./lambda-function";
export * from "./monitoring";
export * from "./realtime-analytics";
export * from "./secure-bucket";
