import { Construct } from "constructs";
import { isUnresolved, Validator } from "../core/validation";
import { DestinationBindContext, DestinationBinding, DestinationValidationContext, IDestination } from "../delivery-stream/destination";
import { IProcessor } from "../delivery-stream/processors";
import { BufferingLimits } from "../delivery-stream/validation";
import { BackedUpDeliverySpec, BackupSetting, bindBackedUpDelivery, S3BackupProps, validateBackedUpDelivery } from "./common";
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

const SPLUNK_BUFFERING: BufferingLimits = { minSizeMiB: 1, maxSizeMiB: 5, maxIntervalSeconds: 60, rule: "B5" };

export const SPLUNK_DELIVERY: BackedUpDeliverySpec<SplunkBackupMode> = {
  kind: "Splunk",
  buffering: SPLUNK_BUFFERING,
  defaultSizeMiB: 5,
  defaultIntervalSeconds: 60,
  defaultRetrySeconds: 3600,
  modes: ["FailedEventsOnly", "AllEvents"],
  retryRule: "SPLUNK",
  modeRule: "SPLUNK",
  modeLabel: "S3 backup mode",
};

export const SPLUNK_CREDENTIALS: CredentialSpec = {
  destination: "Splunk",
  secretKeys: ["hec_token"],
  plaintextProp: "hecToken",
  allowProp: "allowPlaintextToken",
  rule: "SPLUNK",
  required: true,
  terraformPlaintext: ["hec_token"],
};

/**
 * Rule SPLUNK: a HEC endpoint of 1-2048 characters (a warning unless https), endpoint type Raw or Event, a HEC token
 * of at most 2048 characters, an acknowledgement timeout of 180-600 s. Used by {@link SplunkDestination} and the
 * rendered-resource checker (`splunk_configuration`). Whether a token or a secret is given is the credential check's.
 */
export function validateSplunk(
  v: Validator,
  paths: { hecEndpoint: string; hecEndpointType: string; hecToken: string; hecAcknowledgmentTimeout: string },
  p: { hecEndpoint?: string; hecEndpointType?: string; hecToken?: string; hecAcknowledgmentTimeout?: number },
): void {
  v.length(p.hecEndpoint, 1, 2048, paths.hecEndpoint, "SPLUNK", "HEC endpoint");
  if (!isUnresolved(p.hecEndpoint) && typeof p.hecEndpoint === "string" && !p.hecEndpoint.startsWith("https://")) {
    v.warn(paths.hecEndpoint, "SPLUNK", "Firehose sends events to Splunk over HTTPS; the endpoint should start with https://", p.hecEndpoint);
  }
  v.oneOf(p.hecEndpointType, ["Raw", "Event"], paths.hecEndpointType, "SPLUNK", "HEC endpoint type");
  if (p.hecToken !== undefined && !isUnresolved(p.hecToken) && p.hecToken.length > 2048) {
    v.error(paths.hecToken, "SPLUNK", `HEC token must be at most 2048 characters, got ${p.hecToken.length}`, "(redacted)");
  }
  v.range(p.hecAcknowledgmentTimeout, 180, 600, paths.hecAcknowledgmentTimeout, "SPLUNK", "HEC acknowledgement timeout", { unit: "seconds" });
}

/** Delivers events to a Splunk HTTP Event Collector with indexer acknowledgement. */
export class SplunkDestination implements IDestination {
  public createdSecret?: DestinationSecret;

  constructor(public readonly props: SplunkDestinationProps) {}

  public validate({ validator: v, path }: DestinationValidationContext): void {
    const p = this.props;
    v.required(p.hecEndpoint, `${path}.hecEndpoint`, "string", "the Splunk HEC endpoint URL");
    v.required(p.s3Backup, `${path}.s3Backup`, "object", "the bucket receiving failed (or all) events ({ bucket, ... })");
    validateCredentials(v, path, SPLUNK_CREDENTIALS, { secret: p.secret, plaintext: p.hecToken, allowPlaintext: p.allowPlaintextToken });
    validateSplunk(
      v,
      { hecEndpoint: `${path}.hecEndpoint`, hecEndpointType: `${path}.hecEndpointType`, hecToken: `${path}.hecToken`, hecAcknowledgmentTimeout: `${path}.hecAcknowledgmentTimeoutSeconds` },
      { ...p, hecAcknowledgmentTimeout: p.hecAcknowledgmentTimeoutSeconds },
    );
    validateBackedUpDelivery(v, path, p, p.s3Backup ? this.backup(path) : undefined, SPLUNK_DELIVERY);
  }

  private backup(path = "destination"): BackupSetting<SplunkBackupMode> {
    return { props: this.props.s3Backup, path: `${path}.s3Backup`, mode: this.props.s3BackupMode, modePath: `${path}.s3BackupMode` };
  }

  public bind(scope: Construct, ctx: DestinationBindContext): DestinationBinding {
    const p = this.props;
    const { rendered, info } = bindBackedUpDelivery(ctx, p, this.backup(), SPLUNK_DELIVERY);
    const { config: secretsManagerConfiguration, created } = bindDestinationSecret(scope, ctx, p.secret, SPLUNK_CREDENTIALS, "splunk");
    this.createdSecret = created;
    // Splunk's block has no role_arn of its own: the role goes in its backup and Secrets Manager blocks.
    const { roleArn: _roleArn, ...fields } = rendered;
    return {
      destination: "splunk",
      config: {
        splunkConfiguration: {
          ...fields,
          hecEndpoint: p.hecEndpoint,
          hecEndpointType: p.hecEndpointType ?? "Raw",
          hecToken: secretsManagerConfiguration ? undefined : p.hecToken,
          secretsManagerConfiguration,
          hecAcknowledgmentTimeout: p.hecAcknowledgmentTimeoutSeconds ?? 180,
        },
      },
      info,
    };
  }
}
