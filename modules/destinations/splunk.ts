import { Construct } from "constructs";
import { isUnresolved } from "../core/validation";
import { DestinationBindContext, DestinationBinding, DestinationValidationContext, IDestination } from "../delivery-stream/destination";
import { loggingOptions } from "../delivery-stream/logging";
import { IProcessor } from "../delivery-stream/processors";
import { BufferingLimits, validateBuffering } from "../delivery-stream/validation";
import { lambdaArns, renderProcessing, renderS3Backup, S3BackupProps, validateProcessing, validateS3Backup } from "./common";
import { bindDestinationSecret, CredentialSpec, DestinationSecret, SecretSource, validateCredentials } from "./secrets";

export type SplunkBackupMode = "FailedEventsOnly" | "AllEvents";

export interface SplunkDestinationProps {
  /** HTTP Event Collector endpoint, ≤2048 characters, e.g. `https://splunk.example.com:8088`. */
  readonly hecEndpoint: string;
  /** @default "Raw" */
  readonly hecEndpointType?: "Raw" | "Event";
  /**
   * HEC token from Secrets Manager: `{ secretArn }` of a secret holding `{"hec_token"}`, or props to create an empty
   * one (`{}` for the defaults). Firehose reads it with the stream's role (`role_arn`, required for Splunk).
   */
  readonly secret?: SecretSource;
  /** Plaintext HEC token (≤2048): refused unless `allowPlaintextToken` is true (it lands in state). */
  readonly hecToken?: string;
  /** Accept a plaintext HEC token in Terraform state. @default false */
  readonly allowPlaintextToken?: boolean;
  /** How long Firehose waits for the indexer acknowledgement, 180-600 s. @default 180 */
  readonly hecAcknowledgmentTimeoutSeconds?: number;
  /** 1-5 MiB (rule B5). @default 5 */
  readonly bufferingSizeMiB?: number;
  /** 0-60 s (rule B5). @default 60 */
  readonly bufferingIntervalSeconds?: number;
  /** How long Firehose retries, 0-7200 s. @default 3600 */
  readonly retryDurationSeconds?: number;
  /** Bucket receiving failed (or all) events. */
  readonly s3Backup: S3BackupProps;
  /** Can go from FailedEventsOnly to AllEvents later, not back (rule L12). @default "FailedEventsOnly" */
  readonly s3BackupMode?: SplunkBackupMode;
  readonly processors?: IProcessor[];
}

export const SPLUNK_BUFFERING: BufferingLimits = { minSizeMiB: 1, maxSizeMiB: 5, maxIntervalSeconds: 60, rule: "B5" };

export const SPLUNK_CREDENTIALS: CredentialSpec = {
  destination: "Splunk",
  secretKeys: ["hec_token"],
  plaintextProp: "hecToken",
  allowProp: "allowPlaintextToken",
  rule: "SPLUNK",
  required: true,
};

/** Delivers events to a Splunk HTTP Event Collector with indexer acknowledgement. */
export class SplunkDestination implements IDestination {
  public createdSecret?: DestinationSecret;

  constructor(public readonly props: SplunkDestinationProps) {}

  public validate({ validator: v, path }: DestinationValidationContext): void {
    const p = this.props;
    v.length(p.hecEndpoint, 1, 2048, `${path}.hecEndpoint`, "SPLUNK", "HEC endpoint");
    if (!isUnresolved(p.hecEndpoint) && typeof p.hecEndpoint === "string" && !p.hecEndpoint.startsWith("https://")) {
      v.warn(`${path}.hecEndpoint`, "SPLUNK", "Firehose sends events to Splunk over HTTPS; the endpoint should start with https://", p.hecEndpoint);
    }
    v.oneOf(p.hecEndpointType, ["Raw", "Event"], `${path}.hecEndpointType`, "SPLUNK", "HEC endpoint type");
    validateCredentials(v, path, SPLUNK_CREDENTIALS, { secret: p.secret, plaintext: p.hecToken, allowPlaintext: p.allowPlaintextToken });
    if (p.hecToken !== undefined && !isUnresolved(p.hecToken) && p.hecToken.length > 2048) {
      v.error(`${path}.hecToken`, "SPLUNK", `HEC token must be at most 2048 characters, got ${p.hecToken.length}`, "(redacted)");
    }
    v.range(p.hecAcknowledgmentTimeoutSeconds, 180, 600, `${path}.hecAcknowledgmentTimeoutSeconds`, "SPLUNK", "HEC acknowledgement timeout", { unit: "seconds" });
    validateBuffering(v, path, p.bufferingSizeMiB, p.bufferingIntervalSeconds, SPLUNK_BUFFERING);
    v.range(p.retryDurationSeconds, 0, 7200, `${path}.retryDurationSeconds`, "SPLUNK", "retry duration", { unit: "seconds" });
    v.oneOf(p.s3BackupMode, ["FailedEventsOnly", "AllEvents"], `${path}.s3BackupMode`, "SPLUNK", "S3 backup mode");
    validateProcessing(v, `${path}.processors`, p.processors);
    validateS3Backup(v, `${path}.s3Backup`, p.s3Backup);
  }

  public bind(scope: Construct, ctx: DestinationBindContext): DestinationBinding {
    const p = this.props;
    const { role, logging } = ctx;
    const backup = renderS3Backup(role, p.s3Backup, logging, "Backup");
    const { config: secretsManagerConfiguration, created } = bindDestinationSecret(scope, ctx, p.secret, SPLUNK_CREDENTIALS, "splunk");
    this.createdSecret = created;
    const mode = p.s3BackupMode ?? "FailedEventsOnly";
    const size = p.bufferingSizeMiB ?? 5;
    const interval = p.bufferingIntervalSeconds ?? 60;
    return {
      destination: "splunk",
      config: {
        splunkConfiguration: {
          hecEndpoint: p.hecEndpoint,
          hecEndpointType: p.hecEndpointType ?? "Raw",
          hecToken: secretsManagerConfiguration ? undefined : p.hecToken,
          secretsManagerConfiguration,
          hecAcknowledgmentTimeout: p.hecAcknowledgmentTimeoutSeconds ?? 180,
          bufferingSize: size,
          bufferingInterval: interval,
          retryDuration: p.retryDurationSeconds ?? 3600,
          s3BackupMode: mode,
          s3Configuration: backup,
          processingConfiguration: renderProcessing(role, p.processors),
          cloudwatchLoggingOptions: loggingOptions(logging, "DestinationDelivery"),
        },
      },
      info: {
        kind: "Splunk",
        bufferingIntervalSeconds: interval,
        bufferingSizeMiB: size,
        backupToS3: mode === "AllEvents",
        dynamicPartitioning: false,
        formatConversion: false,
        lambdaFunctionArns: lambdaArns(p.processors),
        bucketArn: p.s3Backup.bucket.bucketArn,
      },
    };
  }
}
