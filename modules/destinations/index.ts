export * from "./common";
export * from "./s3";
export * from "./opensearch";
export * from "./opensearch-serverless";
