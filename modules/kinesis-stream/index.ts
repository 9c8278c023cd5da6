export * from "./kinesis-stream";
