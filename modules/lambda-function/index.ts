export * from "./lambda-function";
export { BUILT_IN_PROCESSORS, bundleHandler, builtInEntry } from "./bundle";
export type { BuiltInProcessor, BundleResult } from "./bundle";
export { grantReingestKey, ownStreamReingest } from "./reingest";
