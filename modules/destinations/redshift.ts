import { Annotations } from "cdktf";
import { Construct } from "constructs";
import { isUnresolved, Validator } from "../core/validation";
import { DestinationBindContext, DestinationBinding, DestinationValidationContext, IDestination } from "../delivery-stream/destination";
import { loggingOptions } from "../delivery-stream/private/logging";
import type { DestinationMonitoring } from "../monitoring/metric";
import { IProcessor } from "../delivery-stream/processors";
import { validateRedshiftIntermediatePrefixes } from "../delivery-stream/validation";
import { lambdaArns, renderProcessing, renderS3Backup, RetryAndBackupRules, S3BackupProps, validateProcessing, validateRetryAndBackupMode, validateS3Backup } from "./common";
import { bindDestinationSecret, CredentialSpec, DestinationSecret, SecretSource, validateCredentials } from "./secrets";
import * as Patterns from "../core/patterns";

/**
 * Redshift publishes no `DeliveryToRedshift.DataFreshness`: its freshness is that of the intermediate S3 stage,
 * `DeliveryToS3.DataFreshness` (Firehose developer guide, "Delivery to Amazon Redshift" metrics table:
 * DeliveryToRedshift.{Bytes,Records,Success} and DeliveryToS3.{Bytes,DataFreshness,Records,Success}). An alarm on a
 * metric that never exists would stay in INSUFFICIENT_DATA and never fire.
 */
export const REDSHIFT_MONITORING: DestinationMonitoring = {
  freshnessMetricName: "DeliveryToS3.DataFreshness",
  freshnessTarget: "the Redshift intermediate S3 bucket",
};

export interface RedshiftDestinationProps {
  /**
   * Cluster or workgroup JDBC URL, ≤512 characters, e.g.
   * `jdbc:redshift://analytics.abc123.eu-west-1.redshift.amazonaws.com:5439/analytics` (the API's ClusterJDBCURL).
   */
  readonly clusterJdbcUrl: string;
  /** Target table, 1-512 characters. */
  readonly tableName: string;
  /** Columns to load, in record order; the joined list is ≤10240 characters. @default all columns of the table */
  readonly columns?: string[];
  /** Options appended to COPY, ≤10240 characters, e.g. `JSON 'auto' GZIP`. */
  readonly copyOptions?: string;
  /**
   * Intermediate bucket Firehose stages data in before COPY (`s3_configuration`; buffering rule B2). Compression
   * must not be Snappy/ZIP (COPY cannot read them); with GZIP, copyOptions must say GZIP. The prefix may not use
   * `!{...}` expressions and there is no error prefix (rule DP18).
   */
  readonly intermediateBucket: S3BackupProps;
  /**
   * Days after which the staging files under `intermediateBucket.prefix` expire (Firehose never deletes them after
   * COPY). Applied as a lifecycle rule when the bucket is a `SecureBucket`; with another bucket, a warning says to
   * expire them yourself. `false` keeps them. @default 7
   */
  readonly stagingExpirationDays?: number | false;
  /**
   * Source-record backup (`s3_backup_mode = "Enabled"`). Worth it when processors transform the records; without
   * processors the staged files already hold the same records. @default disabled
   */
  readonly s3Backup?: S3BackupProps;
  /** How long Firehose retries COPY, 0-7200 s. @default 3600 */
  readonly retryDurationSeconds?: number;
  readonly processors?: IProcessor[];
  /**
   * Credentials from Secrets Manager: `{ secretArn }` of a secret holding `{"username","password"}`, or props to
   * create an empty one (`{}` for the defaults) whose value you put outside Terraform.
   */
  readonly secret?: SecretSource;
  /** Plaintext user (1-512 characters), only with `password` and `allowPlaintextPassword`. */
  readonly username?: string;
  /** Plaintext password (6-512 characters): refused unless `allowPlaintextPassword` is true (it lands in state). */
  readonly password?: string;
  /** Accept a plaintext password in Terraform state. @default false */
  readonly allowPlaintextPassword?: boolean;
}

// The ClusterJDBCURL pattern of the Firehose API (RedshiftDestinationConfiguration), anchored.
const JDBC_URL = Patterns.REDSHIFT_JDBC_URL;
const REDSHIFT_UNREADABLE = ["Snappy", "ZIP"];

export const REDSHIFT_CREDENTIALS: CredentialSpec = {
  destination: "Redshift",
  secretKeys: ["username", "password"],
  plaintextProp: "password",
  allowProp: "allowPlaintextPassword",
  rule: "REDSHIFT",
  required: true,
  terraformPlaintext: ["username", "password"],
};

/** Where {@link validateRedshift} reports: the construct's props or the rendered attributes. */
export interface RedshiftRulePaths {
  readonly clusterJdbcUrl: string;
  readonly tableName: string;
  readonly columns: string;
  readonly copyOptions: string;
  readonly username: string;
  readonly password: string;
  /** Compression of the intermediate bucket. */
  readonly compression: string;
}

/**
 * Rule REDSHIFT (besides the credential check and the retry duration): the JDBC URL (the API's ClusterJDBCURL pattern,
 * at most 512 characters), table (1-512) and column list (at least one column, at most 10240 characters joined), COPY
 * options (at most 10240), a plaintext username (1-512) and password (6-512) only together and only without a secret,
 * and intermediate files COPY can read (not Snappy/ZIP; GZIP needs GZIP in the COPY options). Used by
 * {@link RedshiftDestination} and the rendered-resource checker (`redshift_configuration`).
 */
export function validateRedshift(
  v: Validator,
  paths: RedshiftRulePaths,
  p: { clusterJdbcUrl?: string; tableName?: string; columns?: readonly string[]; copyOptions?: string; username?: string; password?: string; secret: boolean; compression?: string },
): void {
  v.length(p.clusterJdbcUrl, 1, 512, paths.clusterJdbcUrl, "REDSHIFT", "cluster JDBC URL");
  v.pattern(p.clusterJdbcUrl, JDBC_URL, paths.clusterJdbcUrl, "REDSHIFT", "cluster JDBC URL");
  v.length(p.tableName, 1, 512, paths.tableName, "REDSHIFT", "table name");
  if (p.columns !== undefined) {
    v.require(p.columns.length > 0, paths.columns, "REDSHIFT", "columns, when given, must name at least one column", p.columns);
    if (!isUnresolved(p.columns)) v.length(p.columns.join(","), 1, 10240, paths.columns, "REDSHIFT", "joined column list");
  }
  if (p.copyOptions !== undefined) v.length(p.copyOptions, 0, 10240, paths.copyOptions, "REDSHIFT", "COPY options");
  if (p.password !== undefined && !p.secret) {
    v.require(p.username !== undefined, paths.username, "REDSHIFT", "a plaintext password needs username", p.username);
    if (!isUnresolved(p.password) && (p.password.length < 6 || p.password.length > 512)) {
      v.error(paths.password, "REDSHIFT", `password must be 6-512 characters long, got ${p.password.length}`, "(redacted)");
    }
  }
  if (p.username !== undefined) v.length(p.username, 1, 512, paths.username, "REDSHIFT", "username");
  if (p.username !== undefined && p.password === undefined) {
    v.error(paths.username, "REDSHIFT", "username goes in the secret; a plaintext username needs a plaintext password", p.username);
  }
  const compression = p.compression;
  if (compression === undefined || isUnresolved(compression)) return;
  if (REDSHIFT_UNREADABLE.includes(compression)) {
    v.error(paths.compression, "REDSHIFT", `COPY cannot load ${REDSHIFT_UNREADABLE.join("/")} files from the intermediate bucket; use UNCOMPRESSED or GZIP`, compression);
  } else if (compression === "HADOOP_SNAPPY") {
    v.warn(paths.compression, "REDSHIFT", "COPY support for HADOOP_SNAPPY intermediate files is unverified; prefer UNCOMPRESSED or GZIP", compression);
  } else if (compression === "GZIP" && !isUnresolved(p.copyOptions) && !/\bGZIP\b/i.test(p.copyOptions ?? "")) {
    v.warn(paths.copyOptions, "REDSHIFT", "the intermediate files are GZIP-compressed: copyOptions must include GZIP or COPY fails", p.copyOptions);
  }
}

/**
 * Retry window and source-record backup mode of the Redshift block, under rule REDSHIFT. The construct derives the mode
 * from `s3Backup`; the rendered check reads `s3_backup_mode`.
 */
export const REDSHIFT_DELIVERY: RetryAndBackupRules = { retryRule: "REDSHIFT", modes: ["Disabled", "Enabled"], modeRule: "REDSHIFT", modeLabel: "S3 backup mode" };

/** Loads records into an Amazon Redshift table through an intermediate S3 bucket and COPY. */
export class RedshiftDestination implements IDestination {
  /** The secret created at bind time, when `secret` held props. */
  public createdSecret?: DestinationSecret;

  constructor(public readonly props: RedshiftDestinationProps) {}

  private get intermediateCompression() {
    return this.props.intermediateBucket?.compression ?? "UNCOMPRESSED";
  }

  public validate({ validator: v, path }: DestinationValidationContext): void {
    const p = this.props;
    v.required(p.clusterJdbcUrl, `${path}.clusterJdbcUrl`, "string", "the cluster or workgroup JDBC URL");
    v.required(p.tableName, `${path}.tableName`, "string", "the target table");
    validateRetryAndBackupMode(v, { retry: `${path}.retryDurationSeconds` }, { retrySeconds: p.retryDurationSeconds }, REDSHIFT_DELIVERY);
    validateCredentials(v, path, REDSHIFT_CREDENTIALS, { secret: p.secret, plaintext: p.password, allowPlaintext: p.allowPlaintextPassword });
    const ipath = `${path}.intermediateBucket`;
    validateRedshift(
      v,
      {
        clusterJdbcUrl: `${path}.clusterJdbcUrl`,
        tableName: `${path}.tableName`,
        columns: `${path}.columns`,
        copyOptions: `${path}.copyOptions`,
        username: `${path}.username`,
        password: `${path}.password`,
        compression: `${ipath}.compression`,
      },
      { ...p, secret: p.secret !== undefined, compression: p.intermediateBucket ? this.intermediateCompression : undefined },
    );
    validateProcessing(v, `${path}.processors`, p.processors);

    const ib = p.intermediateBucket;
    if (!v.required(ib, ipath, "object", "the intermediate bucket Firehose stages data in before COPY ({ bucket, ... })")) {
      if (p.s3Backup) validateS3Backup(v, `${path}.s3Backup`, p.s3Backup);
      return;
    }
    // DP18 covers the prefixes; the shared check handles buffering (B2), compression names and prefix length.
    const prefix = validateRedshiftIntermediatePrefixes(v, { prefix: `${ipath}.prefix`, errorOutputPrefix: `${ipath}.errorOutputPrefix` }, ib.prefix, ib.errorOutputPrefix);
    validateS3Backup(v, ipath, { ...ib, prefix, errorOutputPrefix: undefined });
    if (p.s3Backup) validateS3Backup(v, `${path}.s3Backup`, p.s3Backup);
    this.validateStaging(v, path);
  }

  private validateStaging(v: Validator, path: string): void {
    const p = this.props;
    const days = p.stagingExpirationDays;
    if (days === false) return;
    if (days !== undefined) v.range(days, 1, 36500, `${path}.stagingExpirationDays`, "REDSHIFT-STAGING", "staging expiration", { unit: "days" });
    const prefix = p.intermediateBucket?.prefix;
    if (prefix === undefined || prefix === "") {
      v.warn(`${path}.intermediateBucket.prefix`, "REDSHIFT-STAGING", "without a prefix the staging files cannot be expired apart from the rest of the bucket: give a prefix (or stagingExpirationDays: false to keep them)", prefix);
      return;
    }
    const backup = p.s3Backup;
    if (backup?.bucket && backup.bucket.bucketArn === p.intermediateBucket.bucket?.bucketArn && !isUnresolved(prefix) && (backup.prefix ?? "").startsWith(prefix)) {
      v.error(
        `${path}.s3Backup.prefix`,
        "REDSHIFT-STAGING",
        `the source backup lies under the staging prefix "${prefix}", whose files expire after ${days ?? 7} days: give the backup a prefix outside it`,
        backup.prefix,
      );
    }
  }

  /** Firehose leaves the staged files in S3 after COPY: expire them under their prefix. */
  private expireStaging(scope: Construct, streamName: string): void {
    const days = this.props.stagingExpirationDays ?? 7;
    const prefix = this.props.intermediateBucket.prefix;
    if (days === false || prefix === undefined || prefix === "") return;
    const bucket = this.props.intermediateBucket.bucket;
    if (bucket.addPrefixExpiration) {
      bucket.addPrefixExpiration({ id: `expire-redshift-staging-${streamName}`.slice(0, 255), prefix, days });
    } else {
      Annotations.of(scope).addWarning(
        `Redshift staging files of ${streamName} under ${prefix} are never deleted by Firehose: add a lifecycle rule expiring that prefix to the intermediate bucket (it is not a SecureBucket, so none was added)`,
      );
    }
  }

  public bind(scope: Construct, ctx: DestinationBindContext): DestinationBinding {
    const p = this.props;
    const { role, logging } = ctx;
    // Staging and source backup log to separate streams, so a failing COPY stage is told apart from a failing backup.
    const intermediate = renderS3Backup(role, { ...p.intermediateBucket, compression: this.intermediateCompression }, logging, "Intermediate", "S3Delivery");
    const backup = p.s3Backup ? renderS3Backup(role, p.s3Backup, logging, "Backup", "BackupDelivery") : undefined;
    this.expireStaging(scope, ctx.streamName);
    const { config: secretsManagerConfiguration, created } = bindDestinationSecret(scope, ctx, p.secret, REDSHIFT_CREDENTIALS, "redshift");
    this.createdSecret = created;
    return {
      destination: "redshift",
      config: {
        redshiftConfiguration: {
          roleArn: role.roleArn,
          clusterJdbcurl: p.clusterJdbcUrl,
          dataTableName: p.tableName,
          dataTableColumns: p.columns?.join(","),
          copyOptions: p.copyOptions,
          retryDuration: p.retryDurationSeconds ?? 3600,
          username: secretsManagerConfiguration ? undefined : p.username,
          password: secretsManagerConfiguration ? undefined : p.password,
          secretsManagerConfiguration,
          s3Configuration: intermediate,
          s3BackupMode: backup ? "Enabled" : "Disabled",
          s3BackupConfiguration: backup,
          processingConfiguration: renderProcessing(role, p.processors),
          cloudwatchLoggingOptions: loggingOptions(logging, "DestinationDelivery"),
        },
      },
      info: {
        kind: "Redshift",
        bufferingIntervalSeconds: intermediate.bufferingInterval,
        bufferingSizeMiB: intermediate.bufferingSize,
        backupToS3: backup !== undefined,
        backupBufferingIntervalSeconds: p.s3Backup?.bufferingIntervalSeconds,
        dynamicPartitioning: false,
        formatConversion: false,
        lambdaFunctionArns: lambdaArns(p.processors),
        bucketArn: p.intermediateBucket.bucket.bucketArn,
        monitoring: REDSHIFT_MONITORING,
      },
    };
  }
}
