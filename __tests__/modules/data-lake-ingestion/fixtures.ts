/** Builders and constants shared by the unit and plan tests of this folder. */
import { TerraformStack } from "cdktf";
import { DataLakeIngestion } from "../../../modules/data-lake-ingestion/data-lake-ingestion";

export type Res = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const LAMBDA = "arn:aws:lambda:eu-west-1:123456789012:function:partition-keys";

export const EXISTING = { bucketArn: "arn:aws:s3:::acme-existing-lake", kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" };

export function fullLake(stack: TerraformStack, id = "Lake", name = "acme-lake"): DataLakeIngestion {
  return new DataLakeIngestion(stack, id, {
    streamName: `${name}-events`,
    bucketProps: { bucketName: `${name}-data`, forceDestroy: true },
    partitioning: { partitionKeys: { source: ".source", tenant: ".tenant.id" }, retryDurationSeconds: 600 },
    formatConversion: {
      output: { format: "PARQUET", blockSizeBytes: 128 * 1024 * 1024, pageSizeBytes: 1024 * 1024, compression: "GZIP", writerVersion: "V2", enableDictionaryCompression: true },
      schema: {
        databaseName: name.replace(/-/g, "_"),
        tableName: "events",
        columns: [
          { name: "event_id", type: "string", comment: "producer id" },
          { name: "amount", type: "decimal(10,2)" },
          { name: "tags", type: "array<string>" },
          { name: "device", type: "struct<os:string,version:int>" },
        ],
      },
    },
    backup: { bucketProps: { bucketName: `${name}-backup`, forceDestroy: true }, prefix: "source/" },
  });
}
