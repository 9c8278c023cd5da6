import { FirehoseDeliveryStream, HttpEndpointDestination, HttpEndpointDestinationProps, KinesisStreamSource } from "../../../modules";
import { errorOf, resourcesOf, synthJson, testStack } from "../../helpers/stack";
import { ref, statementsOf } from "../../helpers/iam";

const STREAM = "arn:aws:kinesis:eu-west-1:111122223333:stream/acme-orders";
const BUCKET = "arn:aws:s3:::acme-backup";
const SECRET = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:partner/api-key-AbCdEf";

const base: HttpEndpointDestinationProps = {
  url: "https://analytics.partner.example.com/api/events",
  name: "PartnerAnalytics",
  secret: { secretArn: SECRET },
  s3Backup: { bucket: { bucketArn: BUCKET }, prefix: "partner/" },
};

function build(stack = testStack(), overrides: Partial<HttpEndpointDestinationProps> = {}) {
  return new FirehoseDeliveryStream(stack, "H", {
    name: "acme-partner",
    source: new KinesisStreamSource({ streamArn: STREAM }),
    destination: new HttpEndpointDestination({ ...base, ...overrides }),
  });
}

describe("HttpEndpointDestination", () => {
  test("renders the endpoint with GZIP, common attributes, the secret and failed-data backup", () => {
    const stack = testStack();
    const s = build(stack, { commonAttributes: { "X-Source": "orders" }, bufferingSizeMiB: 16, bufferingIntervalSeconds: 60 });
    const json = synthJson(stack);
    const cfg = resourcesOf(json, "aws_kinesis_firehose_delivery_stream")[0].http_endpoint_configuration as Record<string, unknown>;
    expect(cfg).toEqual(
      expect.objectContaining({
        url: "https://analytics.partner.example.com/api/events",
        name: "PartnerAnalytics",
        buffering_size: 16,
        buffering_interval: 60,
        retry_duration: 300,
        s3_backup_mode: "FailedDataOnly",
        request_configuration: { content_encoding: "GZIP", common_attributes: [{ name: "X-Source", value: "orders" }] },
        secrets_manager_configuration: { enabled: true, secret_arn: SECRET, role_arn: ref(json, "aws_iam_role", "H_Role") },
        s3_configuration: expect.objectContaining({ bucket_arn: BUCKET, prefix: "partner/", compression_format: "GZIP" }),
      }),
    );
    expect(cfg).not.toHaveProperty("access_key");
    expect(statementsOf(json, "acme-partner-firehose").filter((st) => st.Sid === "ReadDestinationSecret")).toEqual([
      { Sid: "ReadDestinationSecret", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: SECRET },
    ]);
    expect(s.destinationInfo).toEqual(expect.objectContaining({ kind: "HttpEndpoint", bufferingSizeMiB: 16, bufferingIntervalSeconds: 60, backupToS3: false }));
  });

  test("a created secret holds api_key; AllData backup counts as an S3 backup", () => {
    const stack = testStack();
    const s = build(stack, { secret: { name: "partner/api-key", recoveryWindowInDays: 7 }, s3BackupMode: "AllData" });
    const json = synthJson(stack);
    expect(resourcesOf(json, "aws_secretsmanager_secret")).toEqual([
      expect.objectContaining({ name: "partner/api-key", recovery_window_in_days: 7, description: expect.stringContaining('JSON with "api_key"') }),
    ]);
    expect(s.destinationInfo.backupToS3).toBe(true);
  });

  test("reports the backup's buffering interval for the BackupToS3.DataFreshness alarm", () => {
    const s = build(testStack(), { s3BackupMode: "AllData", s3Backup: { bucket: { bucketArn: BUCKET }, bufferingIntervalSeconds: 900 } });
    expect(s.destinationInfo).toEqual(expect.objectContaining({ backupToS3: true, backupBufferingIntervalSeconds: 900 }));
  });

  describe("refuses at synth", () => {
    const fails = (overrides: Partial<HttpEndpointDestinationProps>) => errorOf(() => build(testStack(), overrides));

    test("an http:// endpoint", () => {
      expect(fails({ url: "http://analytics.partner.example.com/api/events" })).toContain(
        '[test/H] destination.url: endpoint URL must be a URL starting with https:// (pattern ^https:\\/\\/.+$) (rule HTTP; received "http://analytics.partner.example.com/api/events")',
      );
    });
    test("a 65 MiB buffer (B6: the API caps at 64 although the provider accepts 100)", () => {
      expect(fails({ bufferingSizeMiB: 65 })).toContain("[test/H] destination.bufferingSizeMiB: buffering size must be an integer between 1 and 64 MiB (rule B6; received 65)");
    });
    test("a plaintext access key without the opt-in, never echoing it", () => {
      const msg = fails({ secret: undefined, accessKey: "pk-live-123456" });
      expect(msg).toContain(
        '[test/H] destination.accessKey: a plaintext accessKey ends up in Terraform state; use secret (Secrets Manager), or set allowPlaintextAccessKey: true to accept that (rule HTTP; received "(redacted)")',
      );
      expect(msg).not.toContain("pk-live-123456");
    });
    test("both a secret and a plaintext key", () => {
      expect(fails({ accessKey: "pk-live-123456", allowPlaintextAccessKey: true })).toContain(
        "[test/H] destination.accessKey: give either secret (Secrets Manager) or accessKey, not both (rule HTTP;",
      );
    });
    test("51 common attributes, a blank name, a value over 1024 characters", () => {
      const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`a${i}`, "v"]));
      expect(fails({ commonAttributes: many })).toContain("[test/H] destination.commonAttributes: at most 50 common attributes, got 51 (rule HTTP; received 51)");
      const msg = fails({ commonAttributes: { " ": "v", big: "x".repeat(1025) } });
      expect(msg).toContain('[test/H] destination.commonAttributes: attribute names must be 1-256 characters and not blank (rule HTTP; received " ")');
      expect(msg).toContain("[test/H] destination.commonAttributes.big: attribute values must be strings of at most 1024 characters (rule HTTP;");
    });
    test("an unknown content encoding, backup mode, and a retry over 7200", () => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const msg = fails({ contentEncoding: "BR" as any, s3BackupMode: "FailedEventsOnly" as any, retryDurationSeconds: 9000 });
      expect(msg).toContain('[test/H] destination.contentEncoding: content encoding must be one of NONE, GZIP (rule HTTP; received "BR")');
      expect(msg).toContain('[test/H] destination.s3BackupMode: S3 backup mode must be one of FailedDataOnly, AllData (rule HTTP; received "FailedEventsOnly")');
      expect(msg).toContain("[test/H] destination.retryDurationSeconds: retry duration must be an integer between 0 and 7200 seconds (rule HTTP; received 9000)");
    });
  });
});
