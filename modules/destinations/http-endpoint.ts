import { Construct } from "constructs";
import { isUnresolved } from "../core/validation";
import { DestinationBindContext, DestinationBinding, DestinationValidationContext, IDestination } from "../delivery-stream/destination";
import { loggingOptions } from "../delivery-stream/logging";
import { IProcessor } from "../delivery-stream/processors";
import { BufferingLimits, validateBuffering } from "../delivery-stream/validation";
import { lambdaArns, renderProcessing, renderS3Backup, S3BackupProps, validateProcessing, validateS3Backup } from "./common";
import { bindDestinationSecret, CredentialSpec, DestinationSecret, SecretSource, validateCredentials } from "./secrets";

export type HttpEndpointBackupMode = "FailedDataOnly" | "AllData";

export interface HttpEndpointDestinationProps {
  /** Endpoint URL, 1-1000 characters, must start with `https://`. */
  readonly url: string;
  /** Display name of the endpoint, 1-256 characters. */
  readonly name?: string;
  /**
   * Access key from Secrets Manager: `{ secretArn }` of a secret holding `{"api_key"}`, or props to create an empty
   * one (`{}` for the defaults). @default no access key (the endpoint authenticates requests some other way)
   */
  readonly secret?: SecretSource;
  /** Plaintext access key (≤4096): refused unless `allowPlaintextAccessKey` is true (it lands in state). */
  readonly accessKey?: string;
  /** Accept a plaintext access key in Terraform state. @default false */
  readonly allowPlaintextAccessKey?: boolean;
  /** Request body encoding. @default "GZIP" */
  readonly contentEncoding?: "NONE" | "GZIP";
  /** Attributes sent with every request (`X-Amz-Firehose-Common-Attributes`): ≤50, names 1-256, values ≤1024. */
  readonly commonAttributes?: Record<string, string>;
  /** 1-64 MiB (rule B6: the API caps at 64, the provider would accept 100). @default 5 */
  readonly bufferingSizeMiB?: number;
  /** 0-900 s (rule B6). @default 300 */
  readonly bufferingIntervalSeconds?: number;
  /** How long Firehose retries a failed request, 0-7200 s. @default 300 */
  readonly retryDurationSeconds?: number;
  /** Bucket receiving failed (or all) records. */
  readonly s3Backup: S3BackupProps;
  /** @default "FailedDataOnly" */
  readonly s3BackupMode?: HttpEndpointBackupMode;
  readonly processors?: IProcessor[];
}

export const HTTP_BUFFERING: BufferingLimits = { minSizeMiB: 1, maxSizeMiB: 64, maxIntervalSeconds: 900, rule: "B6" };

export const HTTP_ENDPOINT_CREDENTIALS: CredentialSpec = {
  destination: "HTTP endpoint",
  secretKeys: ["api_key"],
  plaintextProp: "accessKey",
  allowProp: "allowPlaintextAccessKey",
  rule: "HTTP",
  required: false,
};

/** Delivers to an HTTPS endpoint (a partner API, a third-party observability service). */
export class HttpEndpointDestination implements IDestination {
  public createdSecret?: DestinationSecret;

  constructor(public readonly props: HttpEndpointDestinationProps) {}

  public validate({ validator: v, path }: DestinationValidationContext): void {
    const p = this.props;
    v.length(p.url, 1, 1000, `${path}.url`, "HTTP", "endpoint URL");
    v.pattern(p.url, /^https:\/\/.+$/, `${path}.url`, "HTTP", "endpoint URL (HTTPS only)");
    if (p.name !== undefined) v.length(p.name, 1, 256, `${path}.name`, "HTTP", "endpoint name");
    validateCredentials(v, path, HTTP_ENDPOINT_CREDENTIALS, { secret: p.secret, plaintext: p.accessKey, allowPlaintext: p.allowPlaintextAccessKey });
    if (p.accessKey !== undefined && !isUnresolved(p.accessKey) && p.accessKey.length > 4096) {
      v.error(`${path}.accessKey`, "HTTP", `access key must be at most 4096 characters, got ${p.accessKey.length}`, "(redacted)");
    }
    v.oneOf(p.contentEncoding, ["NONE", "GZIP"], `${path}.contentEncoding`, "HTTP", "content encoding");
    if (p.commonAttributes !== undefined) {
      const entries = Object.entries(p.commonAttributes);
      v.require(entries.length <= 50, `${path}.commonAttributes`, "HTTP", `at most 50 common attributes, got ${entries.length}`, entries.length);
      for (const [name, value] of entries) {
        v.require(name.trim().length >= 1 && name.length <= 256, `${path}.commonAttributes`, "HTTP", "attribute names must be 1-256 characters and not blank", name);
        if (typeof value !== "string" || (!isUnresolved(value) && value.length > 1024)) {
          v.error(`${path}.commonAttributes.${name}`, "HTTP", "attribute values must be strings of at most 1024 characters", value);
        }
      }
    }
    validateBuffering(v, path, p.bufferingSizeMiB, p.bufferingIntervalSeconds, HTTP_BUFFERING);
    v.range(p.retryDurationSeconds, 0, 7200, `${path}.retryDurationSeconds`, "HTTP", "retry duration", { unit: "seconds" });
    v.oneOf(p.s3BackupMode, ["FailedDataOnly", "AllData"], `${path}.s3BackupMode`, "HTTP", "S3 backup mode");
    validateProcessing(v, `${path}.processors`, p.processors);
    validateS3Backup(v, `${path}.s3Backup`, p.s3Backup);
  }

  public bind(scope: Construct, ctx: DestinationBindContext): DestinationBinding {
    const p = this.props;
    const { role, logging } = ctx;
    const backup = renderS3Backup(role, p.s3Backup, logging, "Backup");
    const { config: secretsManagerConfiguration, created } = bindDestinationSecret(scope, ctx, p.secret, HTTP_ENDPOINT_CREDENTIALS, "http-endpoint");
    this.createdSecret = created;
    const mode = p.s3BackupMode ?? "FailedDataOnly";
    const attributes = Object.entries(p.commonAttributes ?? {}).map(([name, value]) => ({ name, value }));
    const size = p.bufferingSizeMiB ?? 5;
    const interval = p.bufferingIntervalSeconds ?? 300;
    return {
      destination: "http_endpoint",
      config: {
        httpEndpointConfiguration: {
          roleArn: role.roleArn,
          url: p.url,
          name: p.name,
          accessKey: secretsManagerConfiguration ? undefined : p.accessKey,
          secretsManagerConfiguration,
          bufferingSize: size,
          bufferingInterval: interval,
          retryDuration: p.retryDurationSeconds ?? 300,
          requestConfiguration: { contentEncoding: p.contentEncoding ?? "GZIP", commonAttributes: attributes.length > 0 ? attributes : undefined },
          s3BackupMode: mode,
          s3Configuration: backup,
          processingConfiguration: renderProcessing(role, p.processors),
          cloudwatchLoggingOptions: loggingOptions(logging, "DestinationDelivery"),
        },
      },
      info: {
        kind: "HttpEndpoint",
        bufferingIntervalSeconds: interval,
        bufferingSizeMiB: size,
        backupToS3: mode === "AllData",
        dynamicPartitioning: false,
        formatConversion: false,
        lambdaFunctionArns: lambdaArns(p.processors),
        bucketArn: p.s3Backup.bucket.bucketArn,
      },
    };
  }
}
