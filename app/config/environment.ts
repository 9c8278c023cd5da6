/**
 * The typed configuration of one environment (`environments/<name>/config.ts`) and its validation.
 * Adding an environment is adding a directory with a `config.ts` that default-exports `defineEnvironment({...})`.
 */
import { EncryptionChoice, ENCRYPTION_CHOICES } from "../../modules/core/encryption";
import { Validator } from "../../modules/core/validation";
import type { PipelineConfig } from "./pipelines";
import { validatePipelines } from "../pipelines";
import { MonitoringConfig, validateMonitoringConfig } from "./monitoring";
import * as Patterns from "../../modules/core/patterns";

interface LocalBackendConfig {
  readonly type: "local";
  /** Relative paths are taken from the project root (outside cdktf.out). @default `terraform.<env>.tfstate` in the project root */
  readonly path?: string;
}

interface S3BackendConfig {
  readonly type: "s3";
  readonly bucket: string;
  /** @default `<env>/terraform.tfstate` */
  readonly key?: string;
  /** @default the environment region */
  readonly region?: string;
  /** Native S3 state locking (Terraform ≥1.10). @default true */
  readonly useLockfile?: boolean;
  /** Legacy DynamoDB locking table, if your organisation still uses one. */
  readonly dynamodbTable?: string;
  readonly kmsKeyId?: string;
}

export interface EnvironmentConfig {
  /** AWS region, e.g. `eu-west-1`. */
  readonly region: string;
  /** 12-digit account id; when set, service roles are scoped to it (confused-deputy guard). */
  readonly accountId?: string;
  /** Prefix of every physical name, e.g. `acme-dev`. Lowercase letters, digits and '-'. */
  readonly namingPrefix: string;
  /** Tags applied to every resource through the provider's `default_tags`. */
  readonly tags: Record<string, string>;
  readonly backend: LocalBackendConfig | S3BackendConfig;
  /** The pipelines this environment runs. */
  readonly pipelines: PipelineConfig[];
  /**
   * Keys of log groups, Lambda environment variables, Direct PUT stream SSE and SQS queues: `"customer-managed"`
   * creates one KMS key for the environment (see README, "Encryption"); `"aws-owned"` uses the services' own keys.
   * Buckets, Kinesis data streams, the alarm topic and OpenSearch domains have their own customer-managed keys in
   * both cases. @default "aws-owned"
   */
  readonly encryption?: EncryptionChoice;
  /** Alarms, their SNS topic and subscriptions, and the dashboard for every pipeline. @default enabled, no subscriptions */
  readonly monitoring?: MonitoringConfig;
}

/** Identity helper that gives `config.ts` files type checking and completion. */
export function defineEnvironment(config: EnvironmentConfig): EnvironmentConfig {
  return config;
}

const REGION = Patterns.REGION.re;

/** Validates an environment config; the error names the file and each field. */
export function validateEnvironment(file: string, config: EnvironmentConfig): void {
  const v = new Validator(undefined, file);
  if (config === null || typeof config !== "object") {
    v.error("(default export)", "C1", "config.ts must default-export defineEnvironment({...})", config);
    v.throwIfErrors();
  }
  v.require(typeof config.region === "string" && REGION.test(config.region), "region", "C1", "region must be an AWS region such as eu-west-1", config.region);
  v.require(
    typeof config.namingPrefix === "string" && /^[a-z][a-z0-9-]{0,19}$/.test(config.namingPrefix),
    "namingPrefix",
    "C1",
    "namingPrefix must be 1-20 lowercase letters, digits or '-', starting with a letter (it prefixes bucket and stream names)",
    config.namingPrefix,
  );
  if (config.accountId !== undefined) v.pattern(config.accountId, Patterns.ACCOUNT_ID, "accountId", "C1", "accountId");
  if (config.tags === null || typeof config.tags !== "object") {
    v.error("tags", "C1", "tags must be an object of string values", config.tags);
  } else {
    for (const [k, val] of Object.entries(config.tags)) {
      v.require(typeof val === "string" && k.length <= 128 && val.length <= 256, `tags.${k}`, "C1", "tag keys are ≤128 and values ≤256 characters of text", val);
    }
  }
  const b = config.backend;
  if (!b || (b.type !== "local" && b.type !== "s3")) {
    v.error("backend.type", "C1", 'backend.type must be "local" or "s3"', (b as { type?: unknown } | undefined)?.type);
  } else if (b.type === "s3") {
    v.require(typeof b.bucket === "string" && b.bucket.length >= 3, "backend.bucket", "C1", "an s3 backend needs its state bucket name", b.bucket);
    if (b.region !== undefined) v.pattern(b.region, Patterns.REGION, "backend.region", "C1", "backend region");
  }
  if (!Array.isArray(config.pipelines)) {
    v.error("pipelines", "C1", "pipelines must be an array", config.pipelines);
  } else {
    validatePipelines(v, config.pipelines);
  }
  if (config.encryption !== undefined) v.oneOf(config.encryption, ENCRYPTION_CHOICES, "encryption", "C1", "encryption");
  validateMonitoringConfig(v, config.monitoring);
  v.throwIfErrors();
}
