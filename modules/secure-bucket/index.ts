export { SecureBucket } from "./secure-bucket";
export type { SecureBucketLifecycleProps, SecureBucketProps } from "./secure-bucket";
