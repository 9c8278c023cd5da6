export * from "./fan-out";
