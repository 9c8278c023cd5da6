import { FirehoseDeliveryStream, KinesisStreamSource, SplunkDestination, SplunkDestinationProps } from "../../../modules";
import { errorOf, resourcesOf, synthJson, testStack } from "../../helpers/stack";
import { ref, statementsOf } from "../../helpers/iam";

const STREAM = "arn:aws:kinesis:eu-west-1:111122223333:stream/acme-orders";
const BUCKET = "arn:aws:s3:::acme-backup";

const base: SplunkDestinationProps = {
  hecEndpoint: "https://splunk.example.com:8088",
  hecEndpointType: "Event",
  secret: {},
  s3Backup: { bucket: { bucketArn: BUCKET }, prefix: "splunk/" },
};

function build(stack = testStack(), overrides: Partial<SplunkDestinationProps> = {}) {
  return new FirehoseDeliveryStream(stack, "S", {
    name: "acme-splunk",
    source: new KinesisStreamSource({ streamArn: STREAM }),
    destination: new SplunkDestination({ ...base, ...overrides }),
  });
}

describe("SplunkDestination", () => {
  test("renders HEC settings, Splunk buffering defaults and the secret with the role Splunk requires", () => {
    const stack = testStack();
    const s = build(stack);
    const json = synthJson(stack);
    const cfg = resourcesOf(json, "aws_kinesis_firehose_delivery_stream")[0].splunk_configuration as Record<string, unknown>;
    const secretArn = ref(json, "aws_secretsmanager_secret", "S_Secret");
    expect(cfg).toEqual(
      expect.objectContaining({
        hec_endpoint: "https://splunk.example.com:8088",
        hec_endpoint_type: "Event",
        hec_acknowledgment_timeout: 180,
        buffering_size: 5,
        buffering_interval: 60,
        retry_duration: 3600,
        s3_backup_mode: "FailedEventsOnly",
        // role_arn is required for Splunk (API SecretsManagerConfiguration.RoleARN).
        secrets_manager_configuration: { enabled: true, secret_arn: secretArn, role_arn: ref(json, "aws_iam_role", "S_Role") },
      }),
    );
    expect(cfg).not.toHaveProperty("hec_token");
    expect(resourcesOf(json, "aws_secretsmanager_secret")[0]).toEqual(expect.objectContaining({ name: "firehose/acme-splunk/splunk", description: expect.stringContaining('"hec_token"') }));
    expect(statementsOf(json, "acme-splunk-firehose").filter((st) => st.Sid?.endsWith("DestinationSecret")).map((st) => [st.Action, st.Resource])).toEqual([
      ["secretsmanager:GetSecretValue", secretArn],
      ["kms:Decrypt", ref(json, "aws_kms_key", "S_Secret_Key")],
    ]);
    expect(s.destinationInfo).toEqual(expect.objectContaining({ kind: "Splunk", bufferingSizeMiB: 5, bufferingIntervalSeconds: 60, backupToS3: false }));
  });

  describe("refuses at synth", () => {
    const fails = (overrides: Partial<SplunkDestinationProps>) => errorOf(() => build(testStack(), overrides));

    test("an acknowledgement timeout of 100", () => {
      expect(fails({ hecAcknowledgmentTimeoutSeconds: 100 })).toContain(
        "[test/S] destination.hecAcknowledgmentTimeoutSeconds: HEC acknowledgement timeout must be an integer between 180 and 600 seconds (rule SPLUNK; received 100)",
      );
    });
    test("no token at all", () => {
      expect(fails({ secret: undefined })).toContain(
        '[test/S] destination.secret: Splunk needs credentials: pass secret ({ secretArn } of a secret holding "hec_token", or {} to create one) (rule SPLUNK; received undefined)',
      );
    });
    test("a plaintext token without the opt-in", () => {
      const msg = fails({ secret: undefined, hecToken: "11111111-2222-3333-4444-555555555555" });
      expect(msg).toContain("[test/S] destination.hecToken: a plaintext hecToken ends up in Terraform state; use secret (Secrets Manager), or set allowPlaintextToken: true to accept that (rule SPLUNK;");
      expect(msg).not.toContain("11111111-2222");
    });
    test("buffering beyond B5 (5 MiB / 60 s) and an unknown backup mode", () => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const msg = fails({ bufferingSizeMiB: 6, bufferingIntervalSeconds: 61, s3BackupMode: "AllData" as any });
      expect(msg).toContain("[test/S] destination.bufferingSizeMiB: buffering size must be an integer between 1 and 5 MiB (rule B5; received 6)");
      expect(msg).toContain("[test/S] destination.bufferingIntervalSeconds: buffering interval must be an integer between 0 and 60 seconds (rule B5; received 61)");
      expect(msg).toContain('[test/S] destination.s3BackupMode: S3 backup mode must be one of FailedEventsOnly, AllEvents (rule SPLUNK; received "AllData")');
    });
    test("a partial secret ARN (without the 6-character suffix the grants and KMS condition must name)", () => {
      const partial = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:splunk/hec";
      expect(fails({ secret: { secretArn: partial } })).toContain(
        `[test/S] destination.secret.secretArn: give the complete secret ARN, ending in '-' and the 6 characters Secrets Manager appends: the role's secretsmanager:GetSecretValue grant and its kms:Decrypt condition (kms:EncryptionContext:SecretARN) name this exact ARN, which the secret's real ARN would not match (rule SM; received "${partial}")`,
      );
      expect(() => build(testStack(), { secret: { secretArn: `${partial}-AbC123` } })).not.toThrow();
    });
    test("an unknown HEC endpoint type", () => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      expect(fails({ hecEndpointType: "Json" as any })).toContain('[test/S] destination.hecEndpointType: HEC endpoint type must be one of Raw, Event (rule SPLUNK; received "Json")');
    });
  });
});
