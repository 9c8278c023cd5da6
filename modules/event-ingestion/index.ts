export * from "./event-ingestion";
export * from "./validation";
export { EVENT_PARTITION_KEYS, EventDataLake } from "./event-data-lake";
export type { EventDataLakeProps } from "./event-data-lake";
