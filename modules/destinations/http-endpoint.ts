import { Construct } from "constructs";
import { isUnresolved, Validator } from "../core/validation";
import { DestinationBindContext, DestinationBinding, DestinationValidationContext, IDestination } from "../delivery-stream/destination";
import { IProcessor } from "../delivery-stream/processors";
import { BufferingLimits } from "../delivery-stream/validation";
import { BackedUpDeliverySpec, BackupSetting, bindBackedUpDelivery, S3BackupProps, validateBackedUpDelivery } from "./common";
import { bindDestinationSecret, CredentialSpec, DestinationSecret, SecretSource, validateCredentials } from "./secrets";
import * as Patterns from "../core/patterns";

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

const HTTP_BUFFERING: BufferingLimits = { minSizeMiB: 1, maxSizeMiB: 64, maxIntervalSeconds: 900, rule: "B6" };

export const HTTP_DELIVERY: BackedUpDeliverySpec<HttpEndpointBackupMode> = {
  kind: "HttpEndpoint",
  buffering: HTTP_BUFFERING,
  defaultSizeMiB: 5,
  defaultIntervalSeconds: 300,
  defaultRetrySeconds: 300,
  modes: ["FailedDataOnly", "AllData"],
  retryRule: "HTTP",
  modeRule: "HTTP",
  modeLabel: "S3 backup mode",
};

const HTTP_ENDPOINT_CREDENTIALS: CredentialSpec = {
  destination: "HTTP endpoint",
  secretKeys: ["api_key"],
  plaintextProp: "accessKey",
  allowProp: "allowPlaintextAccessKey",
  rule: "HTTP",
  required: false,
  terraformPlaintext: ["access_key"],
};

/** Where {@link validateHttpEndpoint} reports: the construct's props or the rendered attributes. */
export interface HttpEndpointRulePaths {
  readonly url: string;
  readonly name: string;
  readonly accessKey: string;
  readonly contentEncoding: string;
  readonly commonAttributes: string;
  /** Path of the value of the `i`th common attribute, named `name`. */
  readonly attributeValue: (i: number, name: string) => string;
}

/**
 * Rule HTTP: an https URL of 1-1000 characters, a name of 1-256, an access key of at most 4096, content encoding NONE
 * or GZIP, at most 50 common attributes with names of 1-256 characters (not blank) and string values of at most 1024.
 * Used by {@link HttpEndpointDestination} and the rendered-resource checker (`http_endpoint_configuration`). Whether
 * an access key or a secret is given is the credential check's (`validateCredentials`, rule HTTP with SM).
 */
export function validateHttpEndpoint(
  v: Validator,
  paths: HttpEndpointRulePaths,
  p: { url?: string; name?: string; accessKey?: string; contentEncoding?: string; commonAttributes?: readonly (readonly [name: string, value: unknown])[] },
): void {
  v.length(p.url, 1, 1000, paths.url, "HTTP", "endpoint URL");
  v.pattern(p.url, Patterns.HTTPS_URL, paths.url, "HTTP", "endpoint URL");
  if (p.name !== undefined) v.length(p.name, 1, 256, paths.name, "HTTP", "endpoint name");
  if (p.accessKey !== undefined && !isUnresolved(p.accessKey) && p.accessKey.length > 4096) {
    v.error(paths.accessKey, "HTTP", `access key must be at most 4096 characters, got ${p.accessKey.length}`, "(redacted)");
  }
  v.oneOf(p.contentEncoding, ["NONE", "GZIP"], paths.contentEncoding, "HTTP", "content encoding");
  const entries = p.commonAttributes;
  if (entries !== undefined) {
    v.require(entries.length <= 50, paths.commonAttributes, "HTTP", `at most 50 common attributes, got ${entries.length}`, entries.length);
    entries.forEach(([name, value], i) => {
      if (isUnresolved(name)) return;
      v.require(typeof name === "string" && name.trim().length >= 1 && name.length <= 256, paths.commonAttributes, "HTTP", "attribute names must be 1-256 characters and not blank", name);
      if (typeof value !== "string" || (!isUnresolved(value) && value.length > 1024)) {
        v.error(paths.attributeValue(i, name), "HTTP", "attribute values must be strings of at most 1024 characters", value);
      }
    });
  }
}

/** Delivers to an HTTPS endpoint (a partner API, a third-party observability service). */
export class HttpEndpointDestination implements IDestination {
  public createdSecret?: DestinationSecret;

  constructor(public readonly props: HttpEndpointDestinationProps) {}

  public validate({ validator: v, path }: DestinationValidationContext): void {
    const p = this.props;
    v.required(p.url, `${path}.url`, "string", "the HTTPS endpoint URL");
    v.required(p.s3Backup, `${path}.s3Backup`, "object", "the bucket receiving failed (or all) records ({ bucket, ... })");
    validateCredentials(v, path, HTTP_ENDPOINT_CREDENTIALS, { secret: p.secret, plaintext: p.accessKey, allowPlaintext: p.allowPlaintextAccessKey });
    validateHttpEndpoint(
      v,
      { url: `${path}.url`, name: `${path}.name`, accessKey: `${path}.accessKey`, contentEncoding: `${path}.contentEncoding`, commonAttributes: `${path}.commonAttributes`, attributeValue: (_i, name) => `${path}.commonAttributes.${name}` },
      { ...p, commonAttributes: p.commonAttributes === undefined || isUnresolved(p.commonAttributes) ? undefined : Object.entries(p.commonAttributes) },
    );
    validateBackedUpDelivery(v, path, p, p.s3Backup ? this.backup(path) : undefined, HTTP_DELIVERY);
  }

  private backup(path = "destination"): BackupSetting<HttpEndpointBackupMode> {
    return { props: this.props.s3Backup, path: `${path}.s3Backup`, mode: this.props.s3BackupMode, modePath: `${path}.s3BackupMode` };
  }

  public bind(scope: Construct, ctx: DestinationBindContext): DestinationBinding {
    const p = this.props;
    const { rendered, info } = bindBackedUpDelivery(ctx, p, this.backup(), HTTP_DELIVERY);
    const { config: secretsManagerConfiguration, created } = bindDestinationSecret(scope, ctx, p.secret, HTTP_ENDPOINT_CREDENTIALS, "http-endpoint");
    this.createdSecret = created;
    const attributes = Object.entries(p.commonAttributes ?? {}).map(([name, value]) => ({ name, value }));
    return {
      destination: "http_endpoint",
      config: {
        httpEndpointConfiguration: {
          ...rendered,
          url: p.url,
          name: p.name,
          accessKey: secretsManagerConfiguration ? undefined : p.accessKey,
          secretsManagerConfiguration,
          requestConfiguration: { contentEncoding: p.contentEncoding ?? "GZIP", commonAttributes: attributes.length > 0 ? attributes : undefined },
        },
      },
      info,
    };
  }
}
