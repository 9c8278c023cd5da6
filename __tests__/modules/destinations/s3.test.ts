import { ExtendedS3Destination, ExtendedS3DestinationProps, IDataFormatConversion } from "../../../modules/destinations/s3";
import { FirehoseDeliveryStream, MetadataExtractionProcessor } from "../../../modules/delivery-stream";
import { MskSource } from "../../../modules/delivery-stream/sources";
import { onlyPolicyStatements } from "../../helpers/iam";
import { errorOf, onlyResource, synthJson, testStack } from "../../helpers/stack";

type Res = Record<string, unknown>;
const BUCKET = { bucketArn: "arn:aws:s3:::acme-lake", kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" };
const BACKUP = { bucketArn: "arn:aws:s3:::acme-backup" };
const CLUSTER = "arn:aws:kafka:eu-west-1:111122223333:cluster/acme/12345678-1234-1234-1234-123456789012-1";

/**
 * A conversion stand-in: validates nothing, renders a minimal complete block (the data-lake module provides the real
 * one; the rendered-resource checks refuse a conversion block without its deserializer, serializer and schema).
 */
const conversion: IDataFormatConversion = {
  validate: () => undefined,
  bind: () =>
    ({
      enabled: true,
      inputFormatConfiguration: { deserializer: { openXJsonSerDe: { caseInsensitive: true } } },
      outputFormatConfiguration: { serializer: { parquetSerDe: { compression: "SNAPPY" } } },
      schemaConfiguration: { databaseName: "lake", tableName: "events", roleArn: "arn:aws:iam::123456789012:role/acme-s3-firehose" },
    }) as ReturnType<IDataFormatConversion["bind"]>,
};

function synthS3(props: Partial<ExtendedS3DestinationProps>, msk = false): { s3: Res; json: ReturnType<typeof synthJson>; stream: FirehoseDeliveryStream } {
  const stack = testStack();
  const stream = new FirehoseDeliveryStream(stack, "S", {
    name: "acme-s3",
    ...(msk ? { source: new MskSource({ clusterArn: CLUSTER, topicName: "orders" }) } : {}),
    destination: new ExtendedS3Destination({ bucket: BUCKET, ...props }),
  });
  const json = synthJson(stack);
  return { s3: onlyResource<Res>(json, "aws_kinesis_firehose_delivery_stream").extended_s3_configuration as Res, json, stream };
}

const problemsOf = (props: Partial<ExtendedS3DestinationProps>): string =>
  errorOf(() => new FirehoseDeliveryStream(testStack(), "S", { name: "acme-s3", destination: new ExtendedS3Destination({ bucket: BUCKET, ...props }) }));

describe("ExtendedS3Destination", () => {
  test("defaults: 5 MiB / 300 s, GZIP, no partitioning, no backup; 128 MiB and UNCOMPRESSED with format conversion", () => {
    expect(synthS3({}).s3).toMatchObject({ buffering_size: 5, buffering_interval: 300, compression_format: "GZIP", s3_backup_mode: "Disabled", kms_key_arn: BUCKET.kmsKeyArn });
    expect(synthS3({}).s3.dynamic_partitioning_configuration).toBeUndefined();
    const converted = synthS3({ dataFormatConversion: conversion }).s3;
    expect(converted).toMatchObject({ buffering_size: 128, compression_format: "UNCOMPRESSED", data_format_conversion_configuration: { enabled: true } });
  });

  test("dynamic partitioning: 128 MiB by default and a 300 s retry unless set", () => {
    const { s3 } = synthS3({
      dynamicPartitioning: { enabled: true },
      prefix: "data/!{partitionKeyFromQuery:k}/",
      errorOutputPrefix: "errors/!{firehose:error-output-type}/",
      processors: [new MetadataExtractionProcessor({ partitionKeys: { k: ".k" } })],
    });
    expect(s3).toMatchObject({ buffering_size: 128, dynamic_partitioning_configuration: { enabled: true, retry_duration: 300 } });
  });

  test("grants write on exactly the bucket and its objects, and KMS only for S3 on that bucket", () => {
    const statements = onlyPolicyStatements(synthS3({}).json);
    expect(statements.find((s) => s.Sid === "WriteBucketDestination")?.Resource).toEqual([BUCKET.bucketArn, `${BUCKET.bucketArn}/*`]);
    expect(statements.find((s) => s.Sid === "EncryptBucketDestination")).toMatchObject({
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: BUCKET.kmsKeyArn,
      Condition: { StringLike: { "kms:EncryptionContext:aws:s3:arn": [BUCKET.bucketArn, `${BUCKET.bucketArn}/*`] } },
    });
  });

  test("source backup: enabled, to its own bucket, reported to monitoring", () => {
    const { s3, stream } = synthS3({ sourceBackup: { bucket: BACKUP, prefix: "source/" } });
    expect(s3.s3_backup_mode).toBe("Enabled");
    expect(s3.s3_backup_configuration).toMatchObject({ bucket_arn: BACKUP.bucketArn, prefix: "source/" });
    expect(stream.destinationInfo).toMatchObject({ kind: "S3", backupToS3: true, bufferingSizeMiB: 5, bufferingIntervalSeconds: 300, bucketArn: BUCKET.bucketArn });
  });

  test("source backup from MSK is a warning (rule S5), not an error", () => {
    const { stream } = synthS3({ sourceBackup: { bucket: BACKUP } }, true);
    const warnings = stream.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    expect(warnings).toEqual([expect.stringContaining("sourceBackup: source-record backup is only supported for Direct PUT and Kinesis sources (rule S5")]);
  });

  describe("bad input is refused with every problem at once", () => {
    test("partitioning below 64 MiB / 60 s and a retry over 7200 s (B9, B10, DP13)", () => {
      const msg = problemsOf({
        dynamicPartitioning: { enabled: true, retryDurationSeconds: 7201 },
        bufferingSizeMiB: 32,
        bufferingIntervalSeconds: 30,
        prefix: "data/!{partitionKeyFromQuery:k}/",
        errorOutputPrefix: "errors/!{firehose:error-output-type}/",
        processors: [new MetadataExtractionProcessor({ partitionKeys: { k: ".k" } })],
      });
      expect(msg).toContain("destination.bufferingSizeMiB: buffering size must be at least 64 MiB when dynamic partitioning is enabled (rule B9; received 32)");
      expect(msg).toContain("destination.bufferingIntervalSeconds: buffering interval must be at least 60 seconds when dynamic partitioning is enabled (rule B10; received 30)");
      expect(msg).toContain("destination.dynamicPartitioning.retryDurationSeconds: dynamic partitioning retry duration must be an integer between 0 and 7200 seconds (rule DP13; received 7201)");
    });

    test("format conversion with a small buffer or compression (B11, F6)", () => {
      const msg = problemsOf({ dataFormatConversion: conversion, bufferingSizeMiB: 5, compression: "GZIP" });
      expect(msg).toContain("destination.bufferingSizeMiB: buffering size must be at least 64 MiB when record format conversion is enabled (rule B11; received 5)");
      expect(msg).toContain('destination.compression: compression must be UNCOMPRESSED with record format conversion (the serializer compresses) (rule F6; received "GZIP")');
    });

    test("unknown compression, bad file extension and time zone, bad bucket ARN", () => {
      const msg = problemsOf({ compression: "BZIP2" as never, fileExtension: "JSON", customTimeZone: "Europe/Paris+1", bucket: { bucketArn: "acme-lake" } });
      expect(msg).toMatch(/^Invalid configuration \(5 problems\)/);
      expect(msg).toContain('destination.customTimeZone: unknown time zone: give an IANA zone name such as Europe/Paris or UTC (did you mean Europe/Paris?) (rule DP20; received "Europe/Paris+1")');
      expect(msg).toContain('destination.compression: compression must be one of UNCOMPRESSED, GZIP, ZIP, Snappy, HADOOP_SNAPPY (rule S3-COMPRESSION; received "BZIP2")');
      expect(msg).toContain('destination.fileExtension: file extension must be empty, or a period followed by lowercase letters, digits or the characters ! - _ . * \' ( ) (pattern ^$|^\\.[0-9a-z!\\-_.*\'()]+$) (rule DP19; received "JSON")');
      expect(msg).toContain("destination.customTimeZone: custom time zone must be empty, or a time zone name of letters, '/' and '_' such as UTC or Europe/Paris (pattern ^$|^[a-zA-Z/_]+$) (rule DP19; received \"Europe/Paris+1\")");
      expect(msg).toContain('destination.bucket.bucketArn: bucket ARN must be arn:aws:s3:::<bucket> (pattern ^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$) (rule A2; received "acme-lake")');
    });
  });
});
