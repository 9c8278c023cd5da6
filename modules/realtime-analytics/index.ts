export * from "./domain";
export * from "./presets";
export * from "./realtime-analytics";
export * from "./role-mapping";
