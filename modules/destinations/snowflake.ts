/**
 * Snowflake as a Firehose destination (`destination = "snowflake"`, Snowpipe Streaming), with key-pair
 * authentication read from AWS Secrets Manager only: the secret holds `{"user", "private_key", "key_passphrase"?}`
 * (private key in base64 without the PEM header, footer or newlines) and Terraform never sees it. Unlike Splunk and
 * the HTTP endpoint there is no plaintext opt-in: `private_key` would land in Terraform state, so it is refused.
 */
import { Construct } from "constructs";
import * as Patterns from "../core/patterns";
import { isUnresolved, Validator } from "../core/validation";
import { DestinationBindContext, DestinationBinding, DestinationValidationContext, IDestination } from "../delivery-stream/destination";
import { IProcessor } from "../delivery-stream/processors";
import { BufferingLimits } from "../delivery-stream/validation";
import { BackedUpDeliverySpec, BackupSetting, bindBackedUpDelivery, fieldName, S3BackupProps, validateBackedUpDelivery, validateBackupBucketGiven } from "./common";
import { bindDestinationSecret, CredentialSpec, DestinationSecret, SecretSource, validateSecretSource } from "./secrets";
import type { DestinationMonitoring } from "../monitoring/metric";

export type SnowflakeBackupMode = "FailedDataOnly" | "AllData";

/** How records map to the table (API `DataLoadingOption`). */
export type SnowflakeDataLoading =
  /** JSON keys map to table columns of the same name. */
  | { readonly option: "JSON_MAPPING" }
  /** The whole record goes into one VARIANT column. */
  | { readonly option: "VARIANT_CONTENT_MAPPING"; readonly contentColumnName: string }
  /** The record into one VARIANT column and Firehose's metadata into another. */
  | { readonly option: "VARIANT_CONTENT_AND_METADATA_MAPPING"; readonly contentColumnName: string; readonly metadataColumnName: string };

export interface SnowflakeDestinationProps {
  /**
   * Account URL with the account identifier, e.g. `https://xy12345.us-east-1.snowflakecomputing.com` (protocol and
   * port optional; a PrivateLink URL `....privatelink.snowflakecomputing.com` with `privateLinkVpceId`).
   */
  readonly accountUrl: string;
  readonly database: string;
  readonly schema: string;
  readonly table: string;
  /**
   * Key-pair credentials from Secrets Manager: `{ secretArn }` of a secret holding `{"user", "private_key",
   * "key_passphrase"?}`, or props to create an empty one (`{}` for the defaults) whose value you put yourself.
   */
  readonly secret: SecretSource;
  /** @default { option: "JSON_MAPPING" } */
  readonly dataLoading?: SnowflakeDataLoading;
  /** Snowflake role Firehose uses; without it, the user's default role. */
  readonly snowflakeRole?: string;
  /**
   * VPC endpoint service name of your Snowflake PrivateLink, e.g.
   * `com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0` (Snowflake's SYSTEM$GET_PRIVATELINK_CONFIG shows it).
   */
  readonly privateLinkVpceId?: string;
  /** 1-128 MiB (rule B7). @default 1 (the provider's default) */
  readonly bufferingSizeMiB?: number;
  /** 0-900 s (rule B7). @default 0 (the provider's default: deliver as soon as possible) */
  readonly bufferingIntervalSeconds?: number;
  /** How long Firehose retries, 0-7200 s. @default 60 */
  readonly retryDurationSeconds?: number;
  /** Bucket receiving failed (or all) records; Firehose requires it. */
  readonly s3Backup: S3BackupProps;
  /** @default "FailedDataOnly" */
  readonly s3BackupMode?: SnowflakeBackupMode;
  /** A Lambda processor (the only processor Snowflake delivery uses). */
  readonly processors?: IProcessor[];
}

const SNOWFLAKE_BUFFERING: BufferingLimits = { minSizeMiB: 1, maxSizeMiB: 128, maxIntervalSeconds: 900, rule: "B7" };

/** What Snowflake delivery tells monitoring: records and commit latency dashboard widgets. */
export const SNOWFLAKE_MONITORING: DestinationMonitoring = {
  widgets: [
    { title: "Snowflake records", metrics: [{ metricName: "DeliveryToSnowflake.Records", stat: "Sum" }] },
    { title: "Snowflake commit latency (s)", metrics: [{ metricName: "DeliveryToSnowflake.DataCommitLatency", stat: "Maximum" }] },
  ],
};

export const SNOWFLAKE_DELIVERY: BackedUpDeliverySpec<SnowflakeBackupMode> = {
  kind: "Snowflake",
  buffering: SNOWFLAKE_BUFFERING,
  defaultSizeMiB: 1,
  defaultIntervalSeconds: 0,
  defaultRetrySeconds: 60,
  modes: ["FailedDataOnly", "AllData"],
  retryRule: "SNOWFLAKE",
  modeRule: "SNOWFLAKE",
  modeLabel: "S3 backup mode",
  // Records and commit latency (Firehose developer guide: DeliveryToSnowflake.Records, DeliveryToSnowflake.DataCommitLatency).
  monitoring: SNOWFLAKE_MONITORING,
};

const SNOWFLAKE_CREDENTIALS: CredentialSpec = {
  destination: "Snowflake",
  secretKeys: ["user", "private_key", "key_passphrase"],
  plaintextProp: "privateKey",
  allowProp: "(none: Snowflake keys are read from Secrets Manager only)",
  rule: "SNOWFLAKE-AUTH",
  required: true,
  terraformPlaintext: ["user", "private_key"],
};

const LOADING_OPTIONS = ["JSON_MAPPING", "VARIANT_CONTENT_MAPPING", "VARIANT_CONTENT_AND_METADATA_MAPPING"] as const;
/** Plaintext credential props a JavaScript caller might pass; none is accepted. */
const PLAINTEXT_PROPS = ["privateKey", "keyPassphrase", "user", "password"] as const;

/**
 * Rule SNOWFLAKE (besides the retry duration and backup mode of the backed-up destinations): an account URL of 24-2048
 * characters, https or no protocol (`<account>.snowflakecomputing.com`), database, schema and table of 1-255
 * characters, a role of 1-255, and the S3 bucket for failed (or all) records. Used by {@link SnowflakeDestination} and
 * the rendered-resource checker (`snowflake_configuration`); names in messages follow `paths`.
 */
export function validateSnowflake(
  v: Validator,
  paths: { accountUrl: string; database: string; schema: string; table: string; snowflakeRole: string; backup: string },
  p: { accountUrl?: string; database?: string; schema?: string; table?: string; snowflakeRole?: string; backup: boolean },
): void {
  v.length(p.accountUrl, 24, 2048, paths.accountUrl, "SNOWFLAKE", "account URL");
  v.pattern(p.accountUrl, Patterns.SNOWFLAKE_ACCOUNT_URL, paths.accountUrl, "SNOWFLAKE", "account URL");
  if (p.accountUrl !== undefined && !isUnresolved(p.accountUrl) && p.accountUrl.startsWith("http://")) {
    v.error(paths.accountUrl, "SNOWFLAKE", "Firehose connects to Snowflake over HTTPS: use https:// or no protocol", p.accountUrl);
  }
  for (const field of ["database", "schema", "table"] as const) {
    const value = p[field];
    if (typeof value !== "string") v.error(paths[field], "SNOWFLAKE", `${fieldName(paths[field])} is required`, value);
    else v.length(value, 1, 255, paths[field], "SNOWFLAKE", fieldName(paths[field]));
  }
  if (p.snowflakeRole !== undefined) v.length(p.snowflakeRole, 1, 255, paths.snowflakeRole, "SNOWFLAKE", "Snowflake role");
  validateBackupBucketGiven(v, paths.backup, p.backup, "SNOWFLAKE", undefined);
}

/**
 * Rule SNOWFLAKE-AUTH: key-pair credentials from a Secrets Manager secret. With `keyPairInConfiguration` false (the
 * constructs) every plaintext credential is refused and the secret is required; with it true (rendered resources,
 * which the API lets carry `user` and `private_key`) either the secret or both `user` and `private_key` are required.
 * `plaintext` holds the credential fields by name (prop or attribute); values are never echoed.
 */
export function validateSnowflakeAuth(
  v: Validator,
  paths: { secret: string; plaintext: (name: string) => string },
  p: { secret: boolean; plaintext: Record<string, unknown>; keyPairInConfiguration: boolean },
): void {
  const given = (name: string) => p.plaintext[name] !== undefined && p.plaintext[name] !== null;
  if (p.keyPairInConfiguration) {
    const [user, key] = Object.keys(p.plaintext);
    if (!p.secret && (!given(user) || !given(key))) {
      v.error(paths.plaintext(given(user) ? key : user), "SNOWFLAKE-AUTH", `give ${user} and ${key}, or (better: kept out of state) a secret (${fieldName(paths.secret)} enabled)`, undefined);
    }
    return;
  }
  for (const name of Object.keys(p.plaintext)) {
    if (given(name)) {
      v.error(
        paths.plaintext(name),
        "SNOWFLAKE-AUTH",
        `Snowflake credentials are read from Secrets Manager only ({"user","private_key","key_passphrase"} in secret): a plaintext ${name} would land in Terraform state`,
        "(redacted)",
      );
    }
  }
  if (!p.secret) {
    v.error(paths.secret, "SNOWFLAKE-AUTH", 'Snowflake needs key-pair credentials: pass secret ({ secretArn } of a secret holding "user", "private_key", "key_passphrase", or {} to create one)', undefined);
  }
}

/**
 * Rule SNOWFLAKE-LOADING: the data loading option (JSON_MAPPING, VARIANT_CONTENT_MAPPING,
 * VARIANT_CONTENT_AND_METADATA_MAPPING) with exactly the content and metadata columns (1-255 characters) it uses.
 */
export function validateSnowflakeLoading(
  v: Validator,
  paths: { option: string; contentColumnName: string; metadataColumnName: string },
  d: { option?: string; contentColumnName?: string; metadataColumnName?: string },
): void {
  v.oneOf(d.option, LOADING_OPTIONS as readonly string[], paths.option, "SNOWFLAKE-LOADING", "data loading option");
  if (d.option === undefined || isUnresolved(d.option)) return;
  const content = fieldName(paths.contentColumnName);
  const metadata = fieldName(paths.metadataColumnName);
  const needsContent = d.option === "VARIANT_CONTENT_MAPPING" || d.option === "VARIANT_CONTENT_AND_METADATA_MAPPING";
  const needsMetadata = d.option === "VARIANT_CONTENT_AND_METADATA_MAPPING";
  if (needsContent) {
    if (!d.contentColumnName) v.error(paths.contentColumnName, "SNOWFLAKE-LOADING", `${d.option} needs ${content} (the VARIANT column receiving each record)`, d.contentColumnName);
    else v.length(d.contentColumnName, 1, 255, paths.contentColumnName, "SNOWFLAKE-LOADING", "content column name");
  } else if (d.contentColumnName !== undefined) {
    v.error(paths.contentColumnName, "SNOWFLAKE-LOADING", `${content} applies to the VARIANT options only, not ${d.option}`, d.contentColumnName);
  }
  if (needsMetadata) {
    if (!d.metadataColumnName) v.error(paths.metadataColumnName, "SNOWFLAKE-LOADING", `${d.option} needs ${metadata} (the VARIANT column receiving Firehose's metadata)`, d.metadataColumnName);
    else v.length(d.metadataColumnName, 1, 255, paths.metadataColumnName, "SNOWFLAKE-LOADING", "metadata column name");
  } else if (d.metadataColumnName !== undefined) {
    v.error(paths.metadataColumnName, "SNOWFLAKE-LOADING", `${metadata} applies to VARIANT_CONTENT_AND_METADATA_MAPPING only, not ${d.option}`, d.metadataColumnName);
  }
}

/**
 * Rule SNOWFLAKE-PRIVATELINK: the VPC endpoint service name (47-255 characters, `com.amazonaws.vpce.<region>.vpce-svc-...`),
 * and a warning when the account URL is not the account's privatelink URL.
 */
export function validateSnowflakePrivateLink(v: Validator, paths: { privateLinkVpceId: string; accountUrl: string }, p: { privateLinkVpceId?: string; accountUrl?: string }): void {
  if (p.privateLinkVpceId === undefined) return;
  v.length(p.privateLinkVpceId, 47, 255, paths.privateLinkVpceId, "SNOWFLAKE-PRIVATELINK", "PrivateLink VPC endpoint id");
  v.pattern(p.privateLinkVpceId, Patterns.SNOWFLAKE_VPCE_ID, paths.privateLinkVpceId, "SNOWFLAKE-PRIVATELINK", "PrivateLink VPC endpoint service name");
  if (typeof p.accountUrl === "string" && !isUnresolved(p.accountUrl) && !p.accountUrl.includes(".privatelink.")) {
    v.warn(paths.accountUrl, "SNOWFLAKE-PRIVATELINK", "with PrivateLink, give the account's privatelink URL (<account>.<region>.privatelink.snowflakecomputing.com)", p.accountUrl);
  }
}

/** Delivers records to a Snowflake table through Snowpipe Streaming, authenticated by a key pair in Secrets Manager. */
export class SnowflakeDestination implements IDestination {
  public createdSecret?: DestinationSecret;

  constructor(public readonly props: SnowflakeDestinationProps) {}

  public validate({ validator: v, path }: DestinationValidationContext): void {
    const p = this.props;
    if (typeof p.accountUrl !== "string") v.error(`${path}.accountUrl`, "SNOWFLAKE", "the account URL is required", p.accountUrl);
    validateSnowflake(
      v,
      { accountUrl: `${path}.accountUrl`, database: `${path}.database`, schema: `${path}.schema`, table: `${path}.table`, snowflakeRole: `${path}.snowflakeRole`, backup: `${path}.s3Backup` },
      { ...p, accountUrl: typeof p.accountUrl === "string" ? p.accountUrl : undefined, backup: !!p.s3Backup?.bucket },
    );
    const raw = p as unknown as Record<string, unknown>;
    validateSnowflakeAuth(
      v,
      { secret: `${path}.secret`, plaintext: (prop) => `${path}.${prop}` },
      { secret: p.secret !== undefined && p.secret !== null, plaintext: Object.fromEntries(PLAINTEXT_PROPS.map((prop) => [prop, raw[prop]])), keyPairInConfiguration: false },
    );
    if (p.secret !== undefined && p.secret !== null) validateSecretSource(v, `${path}.secret`, p.secret);
    const d = p.dataLoading as (SnowflakeDataLoading & { contentColumnName?: string; metadataColumnName?: string }) | undefined;
    if (d !== undefined) {
      const at = `${path}.dataLoading`;
      validateSnowflakeLoading(v, { option: `${at}.option`, contentColumnName: `${at}.contentColumnName`, metadataColumnName: `${at}.metadataColumnName` }, d);
    }
    validateSnowflakePrivateLink(v, { privateLinkVpceId: `${path}.privateLinkVpceId`, accountUrl: `${path}.accountUrl` }, { privateLinkVpceId: p.privateLinkVpceId, accountUrl: p.accountUrl });
    validateBackedUpDelivery(v, path, p, p.s3Backup?.bucket ? this.backup(path) : undefined, SNOWFLAKE_DELIVERY);
    validateSnowflakeProcessorTypes(v, `${path}.processors`, (p.processors ?? []).map((x) => x.type));
  }

  private backup(path = "destination"): BackupSetting<SnowflakeBackupMode> {
    return { props: this.props.s3Backup, path: `${path}.s3Backup`, mode: this.props.s3BackupMode, modePath: `${path}.s3BackupMode` };
  }

  public bind(scope: Construct, ctx: DestinationBindContext): DestinationBinding {
    const p = this.props;
    const { rendered, info } = bindBackedUpDelivery(ctx, p, this.backup(), SNOWFLAKE_DELIVERY);
    const { config: secretsManagerConfiguration, created } = bindDestinationSecret(scope, ctx, p.secret, SNOWFLAKE_CREDENTIALS, "snowflake");
    this.createdSecret = created;
    const d = (p.dataLoading ?? { option: "JSON_MAPPING" }) as SnowflakeDataLoading & { contentColumnName?: string; metadataColumnName?: string };
    return {
      destination: "snowflake",
      config: {
        snowflakeConfiguration: {
          ...rendered,
          accountUrl: p.accountUrl,
          database: p.database,
          schema: p.schema,
          table: p.table,
          dataLoadingOption: d.option,
          contentColumnName: d.contentColumnName,
          metadataColumnName: d.metadataColumnName,
          secretsManagerConfiguration,
          snowflakeRoleConfiguration: p.snowflakeRole ? { enabled: true, snowflakeRole: p.snowflakeRole } : { enabled: false },
          snowflakeVpcConfiguration: p.privateLinkVpceId ? { privateLinkVpceId: p.privateLinkVpceId } : undefined,
        },
      },
      info,
    };
  }
}

/**
 * Rule SNOWFLAKE-PROCESSOR: AWS documents only the Lambda processor for Snowflake destinations, so the others are
 * flagged, not refused (MetadataExtraction and RecordDeAggregation are already refused outside dynamic partitioning,
 * rule DP1). `types` are the processors' types, in order.
 */
export function validateSnowflakeProcessorTypes(v: Validator, path: string, types: readonly string[]): void {
  for (const t of ["AppendDelimiterToRecord", "Decompression", "CloudWatchLogProcessing"] as const) {
    if (types.includes(t)) v.warn(path, "SNOWFLAKE-PROCESSOR", `${t} is not documented for Snowflake destinations (only a Lambda processor is): check that Firehose accepts it before relying on it`, types);
  }
}
