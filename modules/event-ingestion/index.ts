export * from "./event-ingestion";
export * from "./validation";
