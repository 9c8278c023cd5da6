/** DataLakeIngestion `createStreamKey`: a KMS key of the stream's own for its server-side encryption. */
import { DataLakeIngestion, DataLakeIngestionProps } from "../../../modules/data-lake-ingestion/data-lake-ingestion";
import { PipelineKey } from "../../../modules/core/encryption";
import { KinesisStreamSource } from "../../../modules/delivery-stream/sources";
import { errorOf, onlyResource, resourcesOf, synthJson, testStack } from "../../helpers/stack";
import { EXISTING, Res } from "./fixtures";

const base: DataLakeIngestionProps = { streamName: "acme-events", bucket: EXISTING, createStreamKey: true };

describe("DataLakeIngestion createStreamKey", () => {
  test("creates a rotated key with a 30-day deletion window and encrypts the Direct PUT stream with it", () => {
    const stack = testStack();
    const lake = new DataLakeIngestion(stack, "Lake", base);
    const json = synthJson(stack);
    const [keyId, key] = Object.entries(json.resource.aws_kms_key as Record<string, Res>)[0];
    expect(Object.keys(json.resource.aws_kms_key)).toHaveLength(1);
    expect(key).toMatchObject({ description: "Encrypts Firehose stream acme-events at rest", enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(onlyResource<Res>(json, "aws_kinesis_firehose_delivery_stream").server_side_encryption).toEqual({ enabled: true, key_type: "CUSTOMER_MANAGED_CMK", key_arn: `\${aws_kms_key.${keyId}.arn}` });
    expect(lake.streamKey).toBeDefined();
  });

  test("with encryption \"customer-managed\": the stream key takes the SSE, the given encryptionKey the log group", () => {
    const stack = testStack();
    const envKey = new PipelineKey(stack, "EnvKey", { description: "environment key" });
    new DataLakeIngestion(stack, "Lake", { ...base, encryption: "customer-managed", encryptionKey: envKey });
    const json = synthJson(stack);
    const streamKeyId = Object.keys(json.resource.aws_kms_key).find((k) => k.includes("StreamKey"))!;
    expect(onlyResource<Res>(json, "aws_kinesis_firehose_delivery_stream").server_side_encryption).toMatchObject({ key_arn: `\${aws_kms_key.${streamKeyId}.arn}` });
    const logGroup = (resourcesOf(json, "aws_cloudwatch_log_group") as Res[]).find((g) => String(g.name).includes("acme-events"))!;
    expect(logGroup.kms_key_id).toBe(`\${aws_kms_key.${Object.keys(json.resource.aws_kms_key).find((k) => k.includes("EnvKey"))}.arn}`);
  });

  test("off by default: no key, the AWS-owned key", () => {
    const stack = testStack();
    const lake = new DataLakeIngestion(stack, "Lake", { ...base, createStreamKey: undefined });
    const json = synthJson(stack);
    expect(json.resource.aws_kms_key).toBeUndefined();
    expect(onlyResource<Res>(json, "aws_kinesis_firehose_delivery_stream").server_side_encryption).toMatchObject({ enabled: true, key_type: "AWS_OWNED_CMK" });
    expect(lake.streamKey).toBeUndefined();
  });

  test("refused next to an explicit encryption, and on a Kinesis source: both problems at once, under createStreamKey", () => {
    const msg = errorOf(
      () =>
        new DataLakeIngestion(testStack(), "Lake", {
          ...base,
          encryption: { type: "AWS_OWNED" },
          source: new KinesisStreamSource({ streamArn: "arn:aws:kinesis:eu-west-1:123456789012:stream/in" }),
        }),
    );
    expect(msg).toContain('[test/Lake] createStreamKey: give either createStreamKey (a key of this stream) or an encryption other than "customer-managed", not both (rule X1; received {"type":"AWS_OWNED"})');
    expect(msg).toContain('[test/Lake] createStreamKey: server-side encryption applies to Direct PUT streams only; encrypt the KinesisStreamAsSource source instead (rule S2; received "KinesisStreamAsSource")');
    expect(errorOf(() => new DataLakeIngestion(testStack(), "Lake", { ...base, encryption: "aws-owned" }))).toContain('[test/Lake] createStreamKey: give either createStreamKey (a key of this stream) or an encryption other than "customer-managed", not both (rule X1; received "aws-owned")');
  });
});
