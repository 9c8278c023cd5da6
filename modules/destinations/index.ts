export * from "./common";
export * from "./s3";
export * from "./secrets";
export * from "./redshift";
export * from "./http-endpoint";
export * from "./splunk";
export * from "./opensearch";
export * from "./opensearch-serverless";
