import { KinesisFirehoseDeliveryStream } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import { Testing } from "cdktf";
import { FirehoseDeliveryStream, KinesisStreamSource, RedshiftDestination, RedshiftDestinationProps } from "../../../modules";
import { errorOf, resourcesOf, synthJson, testStack } from "../../helpers/stack";
import { ref, statementsOf } from "../../helpers/iam";

const STREAM = "arn:aws:kinesis:eu-west-1:111122223333:stream/acme-orders";
const BUCKET = "arn:aws:s3:::acme-staging";
const BUCKET_KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const SECRET = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:warehouse/firehose-AbCdEf";
const SECRET_KEY = "arn:aws:kms:eu-west-1:111122223333:key/99999999-12ab-34cd-56ef-1234567890ab";
const JDBC = "jdbc:redshift://analytics.abc123xyz.eu-west-1.redshift.amazonaws.com:5439/analytics";

const base: RedshiftDestinationProps = {
  clusterJdbcUrl: JDBC,
  tableName: "orders_raw",
  columns: ["order_id", "amount", "ts"],
  copyOptions: "JSON 'auto'",
  intermediateBucket: { bucket: { bucketArn: BUCKET, kmsKeyArn: BUCKET_KEY }, prefix: "warehouse/" },
  secret: {},
};

function build(stack = testStack(), overrides: Partial<RedshiftDestinationProps> = {}) {
  return new FirehoseDeliveryStream(stack, "W", {
    name: "acme-warehouse",
    source: new KinesisStreamSource({ streamArn: STREAM }),
    destination: new RedshiftDestination({ ...base, ...overrides }),
  });
}

describe("RedshiftDestination", () => {
  describe("with a created secret", () => {
    const stack = testStack();
    const stream = build(stack);
    const json = synthJson(stack);
    const secretArn = ref(json, "aws_secretsmanager_secret", "W_Secret");

    test("renders redshift_configuration with secrets_manager_configuration and no username/password", () => {
      expect(Testing.synth(stack)).toHaveResourceWithProperties(KinesisFirehoseDeliveryStream, {
        destination: "redshift",
        redshift_configuration: expect.objectContaining({
          cluster_jdbcurl: JDBC,
          data_table_name: "orders_raw",
          data_table_columns: "order_id,amount,ts",
          copy_options: "JSON 'auto'",
          retry_duration: 3600,
          s3_backup_mode: "Disabled",
          secrets_manager_configuration: { enabled: true, secret_arn: secretArn, role_arn: ref(json, "aws_iam_role", "W_Role") },
          s3_configuration: expect.objectContaining({ bucket_arn: BUCKET, kms_key_arn: BUCKET_KEY, prefix: "warehouse/", compression_format: "UNCOMPRESSED", buffering_size: 5, buffering_interval: 300 }),
        }),
      });
      const cfg = resourcesOf(json, "aws_kinesis_firehose_delivery_stream")[0].redshift_configuration as Record<string, unknown>;
      expect(cfg).not.toHaveProperty("username");
      expect(cfg).not.toHaveProperty("password");
      expect(stream.destinationInfo).toEqual(expect.objectContaining({ kind: "Redshift", bufferingIntervalSeconds: 300, bufferingSizeMiB: 5, backupToS3: false, bucketArn: BUCKET }));
    });

    test("creates an empty secret encrypted with a created, rotated key: no secret version in Terraform", () => {
      expect(resourcesOf(json, "aws_secretsmanager_secret")).toEqual([
        expect.objectContaining({
          name: "firehose/acme-warehouse/redshift",
          kms_key_id: ref(json, "aws_kms_key", "W_Secret_Key"),
          description: 'Redshift credentials of Firehose stream acme-warehouse: JSON with "username", "password" (value set outside Terraform)',
        }),
      ]);
      expect(resourcesOf(json, "aws_secretsmanager_secret_version")).toHaveLength(0);
      expect(resourcesOf(json, "aws_kms_key")[0]).toEqual(expect.objectContaining({ enable_key_rotation: true }));
    });

    test("the role reads exactly that secret and decrypts with its key for that secret only", () => {
      const st = statementsOf(json, "acme-warehouse-firehose");
      expect(st.filter((s) => s.Sid?.includes("DestinationSecret"))).toEqual([
        { Sid: "ReadDestinationSecret", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secretArn },
        {
          Sid: "DecryptDestinationSecret",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: ref(json, "aws_kms_key", "W_Secret_Key"),
          Condition: { StringEquals: { "kms:EncryptionContext:SecretARN": secretArn } },
        },
      ]);
      expect(st.find((s) => s.Sid === "WriteBucketIntermediate")).toEqual(expect.objectContaining({ Resource: [BUCKET, `${BUCKET}/*`] }));
    });
  });

  test("a referenced secret: nothing created, grants on that ARN and its key", () => {
    const stack = testStack();
    const stream = build(stack, { secret: { secretArn: SECRET, kmsKeyArn: SECRET_KEY }, s3Backup: { bucket: { bucketArn: BUCKET }, prefix: "source/", bufferingIntervalSeconds: 900 }, retryDurationSeconds: 600 });
    // The BackupToS3.DataFreshness alarm derives its threshold from the backup's own interval.
    expect(stream.destinationInfo).toEqual(expect.objectContaining({ backupToS3: true, backupBufferingIntervalSeconds: 900 }));
    const json = synthJson(stack);
    expect(resourcesOf(json, "aws_secretsmanager_secret")).toHaveLength(0);
    const cfg = resourcesOf(json, "aws_kinesis_firehose_delivery_stream")[0].redshift_configuration as Record<string, unknown>;
    expect(cfg).toEqual(
      expect.objectContaining({
        secrets_manager_configuration: expect.objectContaining({ enabled: true, secret_arn: SECRET }),
        s3_backup_mode: "Enabled",
        s3_backup_configuration: expect.objectContaining({ bucket_arn: BUCKET, prefix: "source/", compression_format: "GZIP" }),
        retry_duration: 600,
      }),
    );
    const st = statementsOf(json, "acme-warehouse-firehose").filter((s) => s.Sid?.includes("DestinationSecret"));
    expect(st.map((s) => [s.Action, s.Resource])).toEqual([
      ["secretsmanager:GetSecretValue", SECRET],
      ["kms:Decrypt", SECRET_KEY],
    ]);
  });

  test("a plaintext password is accepted only with allowPlaintextPassword, with a warning", () => {
    const stack = testStack();
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    const s = build(stack, { secret: undefined, username: "firehose", password: "s3cr3t-pw", allowPlaintextPassword: true });
    const warnings = s.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    expect(warnings).toContain(
      "destination.password: password is stored in plain text in Terraform state; prefer secret (Secrets Manager) (rule REDSHIFT; received \"(redacted)\") https://docs.aws.amazon.com/firehose/latest/APIReference/API_RedshiftDestinationConfiguration.html",
    );
    const cfg = resourcesOf(synthJson(stack), "aws_kinesis_firehose_delivery_stream")[0].redshift_configuration as Record<string, unknown>;
    expect(cfg).toEqual(expect.objectContaining({ username: "firehose", password: "s3cr3t-pw" }));
    expect(cfg).not.toHaveProperty("secrets_manager_configuration");
    warn.mockRestore();
  });

  describe("refuses at synth", () => {
    const fails = (overrides: Partial<RedshiftDestinationProps>) => errorOf(() => build(testStack(), overrides));

    test("no credentials", () => {
      expect(fails({ secret: undefined })).toContain(
        '[test/W] destination.secret: Redshift needs credentials: pass secret ({ secretArn } of a secret holding "username", "password", or {} to create one) (rule REDSHIFT; received undefined)',
      );
    });
    test("a plaintext password without the explicit opt-in, never echoing it", () => {
      const msg = fails({ secret: undefined, username: "firehose", password: "s3cr3t-pw" });
      expect(msg).toContain(
        '[test/W] destination.password: a plaintext password ends up in Terraform state; use secret (Secrets Manager), or set allowPlaintextPassword: true to accept that (rule REDSHIFT; received "(redacted)")',
      );
      expect(msg).not.toContain("s3cr3t-pw");
    });
    test("SNAPPY or ZIP on the intermediate bucket", () => {
      expect(fails({ intermediateBucket: { ...base.intermediateBucket, compression: "Snappy" } })).toContain(
        '[test/W] destination.intermediateBucket.compression: COPY cannot load Snappy/ZIP files from the intermediate bucket; use UNCOMPRESSED or GZIP (rule REDSHIFT; received "Snappy")',
      );
      expect(fails({ intermediateBucket: { ...base.intermediateBucket, compression: "ZIP" } })).toContain('(rule REDSHIFT; received "ZIP")');
    });
    test("expressions in the intermediate prefix, or an error prefix (DP18)", () => {
      const msg = fails({ intermediateBucket: { ...base.intermediateBucket, prefix: "w/!{timestamp:yyyy}/", errorOutputPrefix: "errors/" } });
      expect(msg).toContain('[test/W] destination.intermediateBucket.prefix: the Redshift intermediate prefix cannot use !{...} expressions (rule DP18; received "w/!{timestamp:yyyy}/")');
      expect(msg).toContain('[test/W] destination.intermediateBucket.errorOutputPrefix: Redshift does not support an error output prefix on the intermediate bucket (rule DP18; received "errors/")');
      expect(msg).toMatch(/^Invalid configuration \(2 problems\)/);
    });
    test("intermediate buffering outside B2", () => {
      expect(fails({ intermediateBucket: { ...base.intermediateBucket, bufferingSizeMiB: 129 } })).toContain(
        "[test/W] destination.intermediateBucket.bufferingSizeMiB: buffering size must be an integer between 1 and 128 MiB (rule B2; received 129)",
      );
    });
    test("a JDBC URL that is not a Redshift one, and a retry duration over 7200", () => {
      const msg = fails({ clusterJdbcUrl: "jdbc:mysql://db.example.com:3306/x", retryDurationSeconds: 7201 });
      expect(msg).toContain('[test/W] destination.clusterJdbcUrl: cluster JDBC URL must be jdbc:redshift://<host>.redshift[-serverless].<domain>:<port>/<database> (pattern ^jdbc:(redshift|postgresql):\\/\\/((?!-)[A-Za-z0-9-]{1,63}(?<!-)\\.)+redshift(-serverless)?\\.([a-zA-Z0-9.]+):\\d{1,5}\\/[a-zA-Z0-9_$-]+$) (rule REDSHIFT; received "jdbc:mysql://db.example.com:3306/x")');
      expect(msg).toContain("[test/W] destination.retryDurationSeconds: retry duration must be an integer between 0 and 7200 seconds (rule REDSHIFT; received 7201)");
    });
    test("a malformed secret ARN", () => {
      expect(fails({ secret: { secretArn: "arn:aws:s3:::not-a-secret" } })).toContain('[test/W] destination.secret.secretArn: Secrets Manager secret ARN must be arn:aws:secretsmanager:<region>:<account>:secret:<name> (pattern ^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[a-zA-Z0-9\\-/_+=.@!]+$) (rule SM; received "arn:aws:s3:::not-a-secret")');
    });
  });

  test("GZIP intermediate files without GZIP in copyOptions warn (COPY would fail)", () => {
    const stack = testStack();
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    const s = build(stack, { intermediateBucket: { ...base.intermediateBucket, compression: "GZIP" } });
    const warnings = s.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    expect(warnings.join("\n")).toContain("destination.copyOptions: the intermediate files are GZIP-compressed: copyOptions must include GZIP or COPY fails (rule REDSHIFT");
    warn.mockRestore();
  });
});
