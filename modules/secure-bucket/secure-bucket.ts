import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration, S3BucketLifecycleConfigurationRule } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { policyDocument, PolicyStatement } from "../core/iam";
import { kmsAliasName } from "../core/naming";
import { isUnresolved, requireProps, Validator } from "../core/validation";
import { BucketRef, PrefixExpiration } from "../destinations/common";
import * as Patterns from "../core/patterns";

export interface SecureBucketLifecycleProps {
  /** Days before current objects move to STANDARD_IA (S3 requires ≥30). `0` disables. @default 30 */
  readonly transitionToInfrequentAccessDays?: number;
  /** Days before current objects move to GLACIER_IR; at least 30 days after the IA transition. `0` disables. @default 90 */
  readonly transitionToGlacierDays?: number;
  /** Days before current objects expire. @default never */
  readonly expirationDays?: number;
  /**
   * Days before noncurrent versions expire (expiration of a current object leaves it as a noncurrent version for this
   * long). @default 7 when `expirationDays` is set, else 90
   */
  readonly noncurrentVersionExpirationDays?: number;
  /** Days before incomplete multipart uploads are aborted. @default 7 */
  readonly abortIncompleteMultipartUploadDays?: number;
}

export interface SecureBucketProps {
  /** Globally unique bucket name (S3 general-purpose naming rules). */
  readonly bucketName: string;
  /** Use this customer-managed key instead of creating one. */
  readonly kmsKeyArn?: string;
  readonly lifecycle?: SecureBucketLifecycleProps;
  /**
   * Server access logging: `{ targetBucketName }` of an existing log bucket, or `"create"` to create
   * `<bucketName>-access-logs` (SSE-S3: S3 log delivery cannot write to SSE-KMS buckets). `false` disables.
   * @default "create"
   */
  readonly accessLogging?: { readonly targetBucketName: string; readonly targetPrefix?: string } | "create" | false;
  /** Lets `terraform destroy` delete a non-empty bucket. @default false */
  readonly forceDestroy?: boolean;
  /**
   * 12-digit account id owning the bucket: the created access-log bucket then admits `logging.s3.amazonaws.com` only on
   * behalf of this account (`aws:SourceAccount`, besides `aws:SourceArn`). @default `aws:SourceArn` only
   */
  readonly accountId?: string;
  /** Extra statements for the bucket policy (the TLS-only deny is always there). */
  readonly extraPolicyStatements?: PolicyStatement[];
  readonly tags?: Record<string, string>;
}

/** Noncurrent-version life when current objects expire and no noncurrent expiration is given. */
const NONCURRENT_DAYS_WITH_EXPIRATION = 7;

const RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

/** S3 general-purpose bucket naming rules (rule N-S3). */
export function validateBucketName(v: Validator, name: string, path: string): void {
  if (isUnresolved(name)) return;
  const problems: string[] = [];
  if (name.length < 3 || name.length > 63) problems.push(`must be 3-63 characters long (got ${name.length})`);
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) problems.push("must use lowercase letters, digits, '.' and '-' and start and end with a letter or digit");
  if (name.includes("..")) problems.push("must not contain '..'");
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) problems.push("must not look like an IP address");
  for (const p of RESERVED_PREFIXES) if (name.startsWith(p)) problems.push(`must not start with "${p}"`);
  for (const s of RESERVED_SUFFIXES) if (name.endsWith(s)) problems.push(`must not end with "${s}"`);
  for (const p of problems) v.error(path, "N-S3", `bucket name ${p}`, name);
}

/**
 * A hardened bucket: SSE-KMS with a bucket key (key created with rotation, or given), versioning, all public access
 * blocked, BucketOwnerEnforced ownership, a TLS-only bucket policy, lifecycle rules and server access logging.
 */
export class SecureBucket extends Construct implements BucketRef {
  public readonly bucket: S3Bucket;
  public readonly bucketArn: string;
  public readonly bucketName: string;
  public readonly kmsKeyArn: string;
  public readonly kmsKey?: KmsKey;
  public readonly policy: S3BucketPolicy;
  public readonly accessLogBucket?: S3Bucket;
  public readonly lifecycle: S3BucketLifecycleConfiguration;
  /** Days a noncurrent version lives (after an overwrite, or after expiration adds a delete marker). */
  public readonly noncurrentVersionExpirationDays: number;
  private readonly policyStatements: PolicyStatement[] = [];
  private readonly lifecycleRules: S3BucketLifecycleConfigurationRule[] = [];

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const v = new Validator(this);
    requireProps(v, props);
    if (!v.required(props.bucketName, "bucketName", "string", "the bucket name")) v.throwIfErrors();
    const lc = props.lifecycle ?? {};
    validateBucketName(v, props.bucketName, "bucketName");
    const ia = lc.transitionToInfrequentAccessDays ?? 30;
    const glacier = lc.transitionToGlacierDays ?? 90;
    if (ia !== 0) v.range(ia, 30, 36500, "lifecycle.transitionToInfrequentAccessDays", "S3-LIFECYCLE", "STANDARD_IA transition (S3 minimum 30 days)", { unit: "days" });
    if (glacier !== 0) v.range(glacier, 1, 36500, "lifecycle.transitionToGlacierDays", "S3-LIFECYCLE", "Glacier transition", { unit: "days" });
    // PutBucketLifecycleConfiguration refuses a GLACIER_IR transition less than 30 days after the STANDARD_IA one in
    // the same rule: objects must stay 30 days in STANDARD_IA first ("Objects that are in the S3 Standard-IA storage
    // class must be in this class for 30 days before they transition", AWS Knowledge Center
    // s3-lifecycle-rule-glacier-storage; S3 user guide "Constraints and considerations for transitions").
    if (ia !== 0 && glacier !== 0 && glacier < ia + 30) {
      v.error("lifecycle.transitionToGlacierDays", "S3-LIFECYCLE", `the Glacier transition must come at least 30 days after the STANDARD_IA transition (${ia} days), i.e. at ${ia + 30} days or later`, glacier);
    }
    v.range(lc.expirationDays, 1, 36500, "lifecycle.expirationDays", "S3-LIFECYCLE", "expiration", { unit: "days" });
    if (lc.expirationDays !== undefined && [ia, glacier].some((d) => d !== 0 && lc.expirationDays! <= d)) {
      v.error("lifecycle.expirationDays", "S3-LIFECYCLE", "expiration must come after every transition", lc.expirationDays);
    }
    v.range(lc.noncurrentVersionExpirationDays, 1, 36500, "lifecycle.noncurrentVersionExpirationDays", "S3-LIFECYCLE", "noncurrent version expiration", { unit: "days" });
    v.range(lc.abortIncompleteMultipartUploadDays, 1, 36500, "lifecycle.abortIncompleteMultipartUploadDays", "S3-LIFECYCLE", "abort incomplete multipart uploads", { unit: "days" });
    if (props.accountId !== undefined) v.pattern(props.accountId, Patterns.ACCOUNT_ID, "accountId", "A1", "account id");
    const logging = props.accessLogging ?? "create";
    if (logging === "create") validateBucketName(v, `${props.bucketName}-access-logs`, "accessLogging (created bucket name)");
    v.throwIfErrors();

    if (props.kmsKeyArn) {
      this.kmsKeyArn = props.kmsKeyArn;
    } else {
      this.kmsKey = new KmsKey(this, "Key", {
        description: `Encrypts s3://${props.bucketName}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        tags: props.tags,
      });
      // KMS aliases allow letters, digits, "/", "_" and "-" only; bucket names may contain ".".
      new KmsAlias(this, "KeyAlias", { name: kmsAliasName("s3", props.bucketName), targetKeyId: this.kmsKey.keyId });
      this.kmsKeyArn = this.kmsKey.arn;
    }

    this.bucket = new S3Bucket(this, "Bucket", { bucket: props.bucketName, forceDestroy: props.forceDestroy ?? false, tags: props.tags });
    this.bucketArn = this.bucket.arn;
    this.bucketName = this.bucket.bucket;
    this.policyStatements.push(...(props.extraPolicyStatements ?? []));
    const hardened = harden(this, this.bucket, { idPrefix: "", kmsKeyArn: this.kmsKeyArn, versioning: true, statements: this.policyStatements });
    this.policy = hardened.policy;

    // Expiration of a current object in a versioned bucket only adds a delete marker: the data then lives on as a
    // noncurrent version for noncurrentDays. With an expiration, noncurrent versions default to a short life so the
    // data is gone at expirationDays + 7, not expirationDays + 90.
    this.noncurrentVersionExpirationDays = lc.noncurrentVersionExpirationDays ?? (lc.expirationDays !== undefined ? NONCURRENT_DAYS_WITH_EXPIRATION : 90);
    this.lifecycleRules.push({
      id: "tiering-and-expiry",
      status: "Enabled",
      filter: [{ prefix: "" }],
      transition: [
        ...(ia !== 0 ? [{ days: ia, storageClass: "STANDARD_IA" }] : []),
        ...(glacier !== 0 ? [{ days: glacier, storageClass: "GLACIER_IR" }] : []),
      ],
      expiration: lc.expirationDays ? [{ days: lc.expirationDays }] : undefined,
      noncurrentVersionExpiration: [{ noncurrentDays: this.noncurrentVersionExpirationDays }],
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: lc.abortIncompleteMultipartUploadDays ?? 7 }],
    });
    this.lifecycle = new S3BucketLifecycleConfiguration(this, "Lifecycle", {
      bucket: this.bucket.id,
      rule: [...this.lifecycleRules],
      // S3 rejects lifecycle rules while versioning of a new bucket is still being configured.
      dependsOn: hardened.versioning ? [hardened.versioning] : undefined,
    });

    if (logging !== false) {
      let target: string;
      let logBucketPolicy: S3BucketPolicy | undefined;
      if (logging === "create") {
        const logBucket = new S3Bucket(this, "AccessLogBucket", { bucket: `${props.bucketName}-access-logs`, forceDestroy: props.forceDestroy ?? false, tags: props.tags });
        this.accessLogBucket = logBucket;
        // S3 server access logs can only be delivered to SSE-S3 buckets (SSE-KMS targets are not supported), by the
        // logging service principal. Versioned like every bucket: a deleted or overwritten log stays recoverable.
        const logHardened = harden(this, logBucket, {
          idPrefix: "AccessLog",
          versioning: true,
          statements: [
            {
              sid: "AllowS3ServerAccessLogs",
              principals: { Service: "logging.s3.amazonaws.com" },
              actions: ["s3:PutObject"],
              resources: [`${logBucket.arn}/*`],
              // The S3 user guide ("Enabling Amazon S3 server access logging", bucket policy for the logging service
              // principal) scopes the grant with aws:SourceArn and aws:SourceAccount (confused-deputy guard).
              conditions: {
                ArnLike: { "aws:SourceArn": this.bucket.arn },
                ...(props.accountId ? { StringEquals: { "aws:SourceAccount": props.accountId } } : {}),
              },
            },
          ],
        });
        logBucketPolicy = logHardened.policy;
        new S3BucketLifecycleConfiguration(this, "AccessLogLifecycle", {
          bucket: logBucket.id,
          rule: [
            {
              id: "expire-access-logs",
              status: "Enabled",
              filter: [{ prefix: "" }],
              expiration: [{ days: 365 }],
              // Expiration of a versioned object only adds a delete marker: the log itself goes 7 days later.
              noncurrentVersionExpiration: [{ noncurrentDays: 7 }],
              abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
            },
          ],
          dependsOn: logHardened.versioning ? [logHardened.versioning] : undefined,
        });
        target = logBucket.bucket;
      } else {
        target = logging.targetBucketName;
      }
      new S3BucketLoggingA(this, "AccessLogging", {
        bucket: this.bucket.id,
        targetBucket: target,
        targetPrefix: logging !== "create" && logging.targetPrefix !== undefined ? logging.targetPrefix : `${props.bucketName}/`,
        // PutBucketLogging checks that the target bucket grants logging.s3.amazonaws.com, and logs delivered before
        // the grant exists are refused: enable logging only once the created log bucket's policy is in place.
        dependsOn: logBucketPolicy ? [logBucketPolicy] : undefined,
      });
    }
  }

  /**
   * Expires objects under `prefix` after `days`, and their noncurrent versions a day later (the bucket is versioned:
   * expiration alone only adds a delete marker). Used for Redshift staging files, which Firehose never deletes.
   */
  public addPrefixExpiration(rule: PrefixExpiration): void {
    const v = new Validator(this);
    v.require(typeof rule.prefix === "string" && (isUnresolved(rule.prefix) || rule.prefix.length > 0), "lifecycle rule prefix", "S3-LIFECYCLE", `rule ${rule.id}: a prefix expiration needs a non-empty prefix (an empty one would expire the whole bucket)`, rule.prefix);
    v.range(rule.days, 1, 36500, `lifecycle rule ${rule.id}`, "S3-LIFECYCLE", "expiration", { unit: "days" });
    v.require(!this.lifecycleRules.some((r) => r.id === rule.id), `lifecycle rule ${rule.id}`, "S3-LIFECYCLE", "lifecycle rule ids must be unique in a bucket", rule.id);
    v.throwIfErrors();
    this.lifecycleRules.push({
      id: rule.id,
      status: "Enabled",
      filter: [{ prefix: rule.prefix }],
      expiration: [{ days: rule.days }],
      noncurrentVersionExpiration: [{ noncurrentDays: 1 }],
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
    });
    this.lifecycle.putRule([...this.lifecycleRules]);
  }

  /** Adds a statement to the bucket policy (e.g. a cross-account reader). */
  public addToResourcePolicy(statement: PolicyStatement): void {
    this.policyStatements.push(statement);
  }
}

/**
 * Encryption, public access block, ownership, optional versioning and a TLS-only policy for one bucket.
 * Without a KMS key the bucket uses SSE-S3 (only for buckets S3 itself writes to, such as access logs).
 */
function harden(
  scope: Construct,
  bucket: S3Bucket,
  opts: { idPrefix: string; kmsKeyArn?: string; versioning: boolean; statements: PolicyStatement[] },
): { policy: S3BucketPolicy; versioning?: S3BucketVersioningA } {
  const id = (name: string) => `${opts.idPrefix}${name}`;
  new S3BucketServerSideEncryptionConfigurationA(scope, id("Encryption"), {
    bucket: bucket.id,
    rule: [
      {
        applyServerSideEncryptionByDefault: opts.kmsKeyArn ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: opts.kmsKeyArn } : { sseAlgorithm: "AES256" },
        bucketKeyEnabled: opts.kmsKeyArn ? true : undefined,
      },
    ],
  });
  const pab = new S3BucketPublicAccessBlock(scope, id("PublicAccessBlock"), {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketOwnershipControls(scope, id("Ownership"), { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } });
  const versioning = opts.versioning
    ? new S3BucketVersioningA(scope, id("Versioning"), { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } })
    : undefined;
  const tlsOnly: PolicyStatement = {
    sid: "DenyInsecureTransport",
    effect: "Deny",
    principals: { AWS: "*" },
    actions: ["s3:*"],
    resources: [bucket.arn, `${bucket.arn}/*`],
    conditions: { Bool: { "aws:SecureTransport": false } },
  };
  const policy = new S3BucketPolicy(scope, id("Policy"), {
    bucket: bucket.id,
    policy: Lazy.stringValue({ produce: () => policyDocument([tlsOnly, ...opts.statements]) }),
    // A bucket policy put before the public access block exists can be refused as public.
    dependsOn: [pab],
  });
  return { policy, versioning };
}
