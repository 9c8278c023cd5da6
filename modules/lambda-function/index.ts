export { FirehoseLambdaProcessor } from "./lambda-function";
export type { FirehoseLambdaProcessorProps, ReingestTarget } from "./lambda-function";
export { BUILT_IN_PROCESSORS, bundleHandler, builtInEntry } from "./bundle";
export type { BuiltInProcessor, BundleResult } from "./bundle";
