import { FirehoseDeliveryStream, KinesisStreamSource, LambdaProcessor, MetadataExtractionProcessor, SnowflakeDestination, SnowflakeDestinationProps } from "../../../modules";
import { deliveryStreamAlarms } from "../../../modules/monitoring/alarms";
import { dashboardBody } from "../../../modules/monitoring/dashboard";
import { errorOf, resourcesOf, synthJson, testStack } from "../../helpers/stack";
import { ref, statementsOf } from "../../helpers/iam";

const STREAM = "arn:aws:kinesis:eu-west-1:111122223333:stream/acme-orders";
const BUCKET = "arn:aws:s3:::acme-backup";
const SECRET = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:firehose/snowflake-AbC123";
const SECRET_KEY = "arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555";
const VPCE = "com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0";

const base: SnowflakeDestinationProps = {
  accountUrl: "https://xy12345.eu-west-1.snowflakecomputing.com",
  database: "ANALYTICS",
  schema: "RAW",
  table: "ORDERS",
  secret: {},
  s3Backup: { bucket: { bucketArn: BUCKET }, prefix: "snowflake/" },
};

function build(stack = testStack(), overrides: Partial<SnowflakeDestinationProps> = {}) {
  return new FirehoseDeliveryStream(stack, "S", {
    name: "acme-snowflake",
    source: new KinesisStreamSource({ streamArn: STREAM }),
    destination: new SnowflakeDestination({ ...base, ...overrides }),
  });
}

function cfgOf(overrides: Partial<SnowflakeDestinationProps> = {}) {
  const stack = testStack();
  const s = build(stack, overrides);
  const json = synthJson(stack);
  const stream = resourcesOf(json, "aws_kinesis_firehose_delivery_stream")[0];
  return { s, json, stream, cfg: stream.snowflake_configuration as Record<string, any> };
}

describe("SnowflakeDestination", () => {
  test("renders account, table, JSON mapping, provider buffering defaults and a created empty secret; no key in the config", () => {
    const { s, json, stream, cfg } = cfgOf();
    expect(stream.destination).toBe("snowflake");
    const secretArn = ref(json, "aws_secretsmanager_secret", "S_Secret");
    expect(cfg).toEqual(
      expect.objectContaining({
        account_url: "https://xy12345.eu-west-1.snowflakecomputing.com",
        database: "ANALYTICS",
        schema: "RAW",
        table: "ORDERS",
        data_loading_option: "JSON_MAPPING",
        buffering_size: 1,
        buffering_interval: 0,
        retry_duration: 60,
        s3_backup_mode: "FailedDataOnly",
        role_arn: ref(json, "aws_iam_role", "S_Role"),
        secrets_manager_configuration: { enabled: true, secret_arn: secretArn, role_arn: ref(json, "aws_iam_role", "S_Role") },
        snowflake_role_configuration: { enabled: false },
      }),
    );
    for (const k of ["private_key", "key_passphrase", "user", "content_column_name", "metadata_column_name", "snowflake_vpc_configuration"]) expect(cfg).not.toHaveProperty(k);
    // Created without a version: the key pair is put outside Terraform.
    expect(resourcesOf(json, "aws_secretsmanager_secret")[0]).toEqual(
      expect.objectContaining({ name: "firehose/acme-snowflake/snowflake", description: expect.stringContaining('"user", "private_key", "key_passphrase"') }),
    );
    expect(resourcesOf(json, "aws_secretsmanager_secret_version")).toEqual([]);
    expect(JSON.stringify(json)).not.toMatch(/PRIVATE KEY/);
    expect(s.destinationInfo).toEqual(expect.objectContaining({ kind: "Snowflake", bufferingSizeMiB: 1, bufferingIntervalSeconds: 0, backupToS3: false }));
  });

  test("an existing secret: GetSecretValue on it and kms:Decrypt for it only; the backup bucket; nothing on *", () => {
    const { json } = cfgOf({ secret: { secretArn: SECRET, kmsKeyArn: SECRET_KEY } });
    const st = statementsOf(json, "acme-snowflake-firehose");
    expect(st.filter((x) => x.Sid?.endsWith("DestinationSecret"))).toEqual([
      { Sid: "ReadDestinationSecret", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: SECRET },
      { Sid: "DecryptDestinationSecret", Effect: "Allow", Action: "kms:Decrypt", Resource: SECRET_KEY, Condition: { StringEquals: { "kms:EncryptionContext:SecretARN": SECRET } } },
    ]);
    expect(st.find((x) => x.Sid === "WriteBucketBackup")!.Resource).toEqual([BUCKET, `${BUCKET}/*`]);
    expect(st.filter((x) => x.Resource === "*")).toEqual([]);
    expect(resourcesOf(json, "aws_secretsmanager_secret")).toEqual([]);
  });

  test("VARIANT content and metadata columns, a Snowflake role, PrivateLink, AllData backup, a Lambda processor, buffering", () => {
    const { cfg, s } = cfgOf({
      accountUrl: "xy12345.eu-west-1.privatelink.snowflakecomputing.com",
      dataLoading: { option: "VARIANT_CONTENT_AND_METADATA_MAPPING", contentColumnName: "RECORD_CONTENT", metadataColumnName: "RECORD_METADATA" },
      snowflakeRole: "FIREHOSE_LOADER",
      privateLinkVpceId: VPCE,
      s3BackupMode: "AllData",
      bufferingSizeMiB: 4,
      bufferingIntervalSeconds: 30,
      processors: [new LambdaProcessor({ functionArn: "arn:aws:lambda:eu-west-1:111122223333:function:clean" })],
    });
    expect(cfg).toEqual(
      expect.objectContaining({
        data_loading_option: "VARIANT_CONTENT_AND_METADATA_MAPPING",
        content_column_name: "RECORD_CONTENT",
        metadata_column_name: "RECORD_METADATA",
        snowflake_role_configuration: { enabled: true, snowflake_role: "FIREHOSE_LOADER" },
        snowflake_vpc_configuration: { private_link_vpce_id: VPCE },
        s3_backup_mode: "AllData",
        buffering_size: 4,
        buffering_interval: 30,
      }),
    );
    expect(cfg.processing_configuration.processors[0].type).toBe("Lambda");
    expect(s.destinationInfo.backupToS3).toBe(true);
  });

  test("monitoring: Snowflake success and freshness alarms, records and commit latency on the dashboard", () => {
    const { s } = cfgOf({ bufferingIntervalSeconds: 60 });
    const specs = deliveryStreamAlarms(s);
    expect(specs.find((a) => a.key === "DeliverySuccess")!.metricName).toBe("DeliveryToSnowflake.Success");
    expect(specs.find((a) => a.key === "DataFreshness")).toEqual(expect.objectContaining({ metricName: "DeliveryToSnowflake.DataFreshness", threshold: 360 }));
    const widgets = JSON.parse(dashboardBody("eu-west-1", "t", [s, s])).widgets as { y: number; properties: { title?: string; metrics?: unknown[][] } }[];
    const latency = widgets.filter((w) => w.properties.title === "acme-snowflake: Snowflake commit latency (s)");
    expect(latency[0].properties.metrics![0][1]).toBe("DeliveryToSnowflake.DataCommitLatency");
    // Each stream's block is 7 rows plus 6 for the destination row: the second block starts below the first.
    expect(latency.map((w) => w.y)).toEqual([8, 21]);
  });

  describe("refuses at synth, each with the rule and the value", () => {
    const fails = (overrides: Partial<SnowflakeDestinationProps> | Record<string, unknown>) => errorOf(() => build(testStack(), overrides as Partial<SnowflakeDestinationProps>));

    test("a private key, passphrase or user in the configuration, whatever else is set (never echoed)", () => {
      const msg = fails({ privateKey: "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", keyPassphrase: "correct horse", user: "FIREHOSE" });
      for (const prop of ["privateKey", "keyPassphrase", "user"]) {
        expect(msg).toContain(
          `[test/S] destination.${prop}: Snowflake credentials are read from Secrets Manager only ({"user","private_key","key_passphrase"} in secret): a plaintext ${prop} would land in Terraform state (rule SNOWFLAKE-AUTH; received "(redacted)")`,
        );
      }
      expect(msg).not.toContain("MIIEvQ");
      expect(msg).not.toContain("correct horse");
    });
    test("no backup bucket (Firehose requires one)", () => {
      expect(fails({ s3Backup: undefined })).toContain(
        "[test/S] destination.s3Backup: Firehose requires an S3 bucket for failed (or all) records: give s3Backup (rule SNOWFLAKE; received undefined)",
      );
    });
    test("no secret", () => {
      expect(fails({ secret: undefined })).toContain(
        '[test/S] destination.secret: Snowflake needs key-pair credentials: pass secret ({ secretArn } of a secret holding "user", "private_key", "key_passphrase", or {} to create one) (rule SNOWFLAKE-AUTH; received undefined)',
      );
    });
    test("a partial secret ARN", () => {
      expect(fails({ secret: { secretArn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:firehose/snowflake" } })).toContain("(rule SM; received");
    });
    test("account URLs that are not <account>.snowflakecomputing.com over HTTPS", () => {
      expect(fails({ accountUrl: "https://xy12345.snowflake.com/x" })).toContain(
        '[test/S] destination.accountUrl: account URL must be https://<account identifier>.snowflakecomputing.com (pattern ^(https:\\/\\/)?[A-Za-z0-9][A-Za-z0-9._-]*\\.snowflakecomputing\\.com(:\\d{1,5})?\\/?$) (rule SNOWFLAKE; received "https://xy12345.snowflake.com/x")',
      );
      expect(fails({ accountUrl: "snowflakecomputing.com" })).toContain('[test/S] destination.accountUrl: account URL must be 24-2048 characters long, got 22 (rule SNOWFLAKE; received "snowflakecomputing.com")');
      expect(fails({ accountUrl: "http://xy12345.eu-west-1.snowflakecomputing.com" })).toContain("(rule SNOWFLAKE; received \"http://xy12345.eu-west-1.snowflakecomputing.com\")");
    });
    test("empty or over-long database, schema and table", () => {
      const msg = fails({ database: "", schema: "s".repeat(256), table: "" });
      expect(msg).toContain('[test/S] destination.database: database must be 1-255 characters long, got 0 (rule SNOWFLAKE; received "")');
      expect(msg).toContain("[test/S] destination.schema: schema must be 1-255 characters long, got 256 (rule SNOWFLAKE;");
      expect(msg).toContain('[test/S] destination.table: table must be 1-255 characters long, got 0 (rule SNOWFLAKE; received "")');
    });
    test("data loading options without their columns, or with columns they do not use", () => {
      expect(fails({ dataLoading: { option: "VARIANT_CONTENT_MAPPING" } as any })).toContain(
        "[test/S] destination.dataLoading.contentColumnName: VARIANT_CONTENT_MAPPING needs contentColumnName (the VARIANT column receiving each record) (rule SNOWFLAKE-LOADING; received undefined)",
      );
      expect(fails({ dataLoading: { option: "VARIANT_CONTENT_AND_METADATA_MAPPING", contentColumnName: "C" } as any })).toContain(
        "[test/S] destination.dataLoading.metadataColumnName: VARIANT_CONTENT_AND_METADATA_MAPPING needs metadataColumnName (the VARIANT column receiving Firehose's metadata) (rule SNOWFLAKE-LOADING; received undefined)",
      );
      expect(fails({ dataLoading: { option: "JSON_MAPPING", contentColumnName: "C" } as any })).toContain(
        '[test/S] destination.dataLoading.contentColumnName: contentColumnName applies to the VARIANT options only, not JSON_MAPPING (rule SNOWFLAKE-LOADING; received "C")',
      );
      expect(fails({ dataLoading: { option: "CSV" } as any })).toContain(
        '[test/S] destination.dataLoading.option: data loading option must be one of JSON_MAPPING, VARIANT_CONTENT_MAPPING, VARIANT_CONTENT_AND_METADATA_MAPPING (rule SNOWFLAKE-LOADING; received "CSV")',
      );
    });
    test("a PrivateLink id that is a VPC endpoint id rather than the endpoint service name", () => {
      const msg = fails({ privateLinkVpceId: "vpce-0123456789abcdef0" });
      expect(msg).toContain('[test/S] destination.privateLinkVpceId: PrivateLink VPC endpoint id must be 47-255 characters long, got 22 (rule SNOWFLAKE-PRIVATELINK; received "vpce-0123456789abcdef0")');
      expect(msg).toContain("[test/S] destination.privateLinkVpceId: PrivateLink VPC endpoint service name must be com.amazonaws.vpce.<region>.vpce-svc-<17 characters> (pattern ^([a-zA-Z0-9\\-_]+\\.){2,3}vpce\\.[a-zA-Z0-9-]*\\.vpce-svc-[a-zA-Z0-9-]{17}$) (rule SNOWFLAKE-PRIVATELINK; received \"vpce-0123456789abcdef0\")");
    });
    test("buffering outside B7, retry over 7200 s, an unknown backup mode", () => {
      const msg = fails({ bufferingSizeMiB: 129, bufferingIntervalSeconds: 901, retryDurationSeconds: 7201, s3BackupMode: "AllEvents" as any });
      expect(msg).toContain("[test/S] destination.bufferingSizeMiB: buffering size must be an integer between 1 and 128 MiB (rule B7; received 129)");
      expect(msg).toContain("[test/S] destination.bufferingIntervalSeconds: buffering interval must be an integer between 0 and 900 seconds (rule B7; received 901)");
      expect(msg).toContain("[test/S] destination.retryDurationSeconds: retry duration must be an integer between 0 and 7200 seconds (rule SNOWFLAKE; received 7201)");
      expect(msg).toContain('[test/S] destination.s3BackupMode: S3 backup mode must be one of FailedDataOnly, AllData (rule SNOWFLAKE; received "AllEvents")');
    });
    test("a MetadataExtraction processor (dynamic partitioning only exists for S3)", () => {
      expect(fails({ processors: [new MetadataExtractionProcessor({ partitionKeys: { a: ".a" } })] })).toContain(
        "[test/S] destination.processors: MetadataExtraction is a dynamic-partitioning processor and needs dynamic partitioning enabled (rule DP1;",
      );
    });
  });
});
