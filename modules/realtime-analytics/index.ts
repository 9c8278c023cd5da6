export * from "./domain";
export * from "./presets";
export * from "./realtime-analytics";
export * from "./role-mapping";
export { createFormatter, validateFormatter } from "./formatter";
export type { FormatterStream, OpenSearchFormatterProps } from "./formatter";
