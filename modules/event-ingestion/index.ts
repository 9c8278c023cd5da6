export { EventIngestion } from "./event-ingestion";
export type { EventDeadLetterQueue, EventIngestionProps, EventRetryPolicy, NewlineDelimiter } from "./event-ingestion";
export type { TargetInputProps } from "./validation";
export { EVENT_PARTITION_KEYS, EventDataLake } from "./event-data-lake";
export type { EventDataLakeProps } from "./event-data-lake";
