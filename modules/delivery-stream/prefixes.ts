/** Prefix builders for Hive-style (`key=value/`) S3 layouts that query engines partition on. */

export type PartitionNamespace = "partitionKeyFromQuery" | "partitionKeyFromLambda";

/** Timestamp folders down to the hour, in Java DateTimeFormatter patterns (rule DP15). */
export const HOURLY_TIME_FOLDERS = "year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/";

/** `base` + `key=!{ns:key}/` per key + hourly time folders. */
export function hivePartitionPrefix(base: string, keys: string[], namespace: PartitionNamespace, timeFolders = HOURLY_TIME_FOLDERS): string {
  return `${base}${keys.map((k) => `${k}=!{${namespace}:${k}}/`).join("")}${timeFolders}`;
}

/** Error prefix separating failure kinds (rule DP16 requires `!{firehose:error-output-type}` once it has expressions). */
export function partitionErrorPrefix(base: string): string {
  return `${base}!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/`;
}
