export { KinesisDataStream, SHARD_LEVEL_METRICS } from "./kinesis-stream";
export type { KinesisDataStreamProps, KinesisStreamEncryption, KinesisStreamMode, ShardLevelMetric } from "./kinesis-stream";
