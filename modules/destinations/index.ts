export * from "./common";
export * from "./s3";
