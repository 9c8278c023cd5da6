export * from "./alarms";
export * from "./dashboard";
export * from "./metric";
export * from "./monitoring";
export * from "./thresholds";
