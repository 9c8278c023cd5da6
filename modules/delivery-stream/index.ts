export * from "./delivery-stream";
export * from "./destination";
export * from "./logging";
export * from "./processors";
export * from "./sources";
export * from "./validation";
export * from "./prefixes";
