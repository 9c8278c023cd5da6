export { EventIngestion } from "./event-ingestion";
export type { EventDeadLetterQueue, EventIngestionProps, EventRetryPolicy, NewlineDelimiter } from "./event-ingestion";
export type { TargetInputProps } from "./validation";
