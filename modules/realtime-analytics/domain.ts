import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogResourcePolicy } from "@cdktf/provider-aws/lib/cloudwatch-log-resource-policy";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { OpensearchDomain } from "@cdktf/provider-aws/lib/opensearch-domain";
import { OpensearchDomainPolicy } from "@cdktf/provider-aws/lib/opensearch-domain-policy";
import { Fn, Lazy } from "cdktf";
import { Construct } from "constructs";
import { policyDocument, PolicyStatement } from "../core/iam";
import { EncryptionProps, resolveEncryptionKey, validateEncryptionChoice } from "../core/encryption";
import { isUnresolved, requireProps, Validator } from "../core/validation";
import { validateLogRetention } from "../delivery-stream/validation";
import * as Patterns from "../core/patterns";
import type { IMonitorable, MonitoringTarget } from "../monitoring/metric";

/** Engine of created domains: the current OpenSearch 2.x release on Amazon OpenSearch Service. */
export const OPENSEARCH_DEFAULT_ENGINE_VERSION = "OpenSearch_2.19";

/** TLS policy of created domains: TLS 1.2 minimum with perfect-forward-secrecy ciphers only. */
const OPENSEARCH_TLS_POLICY = "Policy-Min-TLS-1-2-PFS-2023-10";

/** Log types a created domain publishes to CloudWatch Logs; AUDIT_LOGS needs fine-grained access control (always on here). */
export type OpenSearchLogType = "INDEX_SLOW_LOGS" | "SEARCH_SLOW_LOGS" | "ES_APPLICATION_LOGS" | "AUDIT_LOGS";

const LOG_GROUP_SUFFIX: Record<OpenSearchLogType, string> = {
  INDEX_SLOW_LOGS: "index-slow",
  SEARCH_SLOW_LOGS: "search-slow",
  ES_APPLICATION_LOGS: "application",
  AUDIT_LOGS: "audit",
};

const IAM_PRINCIPAL_ARN = Patterns.IAM_PRINCIPAL_ARN;
const INSTANCE_TYPE = Patterns.OPENSEARCH_INSTANCE_TYPE;
/**
 * Instance families that do not support encryption at rest (and so neither fine-grained access control, which needs
 * it): created domains always have both, so CreateDomain would fail at apply. OpenSearch Service developer guide,
 * "Encryption of data at rest" / "Supported instance types" (previous-generation T2, M3 and R3); aws-cdk's
 * aws-opensearchservice Domain refuses the same families.
 */
const NO_ENCRYPTION_AT_REST = ["t2", "m3", "r3"];

function validateEncryptableInstanceType(v: Validator, type: string | undefined, path: string): void {
  if (typeof type !== "string" || isUnresolved(type)) return;
  const family = type.split(".")[0];
  if (NO_ENCRYPTION_AT_REST.includes(family)) {
    v.error(path, "OS-DOMAIN", `${family} instances do not support encryption at rest, which created domains always use (with fine-grained access control); choose e.g. r7g, m7g, c7g or t3`, type);
  }
}

export interface OpenSearchDomainVpcProps {
  /** One subnet per Availability Zone the domain uses (1 without zone awareness). */
  readonly subnetIds: string[];
  /** 1-5 security groups; they must allow HTTPS from the clients and from Firehose's ENIs. */
  readonly securityGroupIds: string[];
}

export interface SecureOpenSearchDomainProps extends EncryptionProps {
  /** 3-28 characters, `^[a-z][a-z0-9-]+$` (rule N-OPENSEARCH). Changing it replaces the domain. */
  readonly domainName: string;
  /** `OpenSearch_<major>.<minor>`. @default OPENSEARCH_DEFAULT_ENGINE_VERSION */
  readonly engineVersion?: string;
  /** Data node instance type, e.g. `r7g.large.search`. @default "r7g.large.search" */
  readonly instanceType?: string;
  /** Data nodes; with zone awareness a multiple of the zone count. @default the zone count, or 1 */
  readonly instanceCount?: number;
  /** Spread data nodes (and replicas) over 2 or 3 Availability Zones. @default off */
  readonly zoneAwareness?: { readonly availabilityZoneCount: 2 | 3 };
  /** Dedicated master nodes: 3 (recommended) or 5, never an even count (no quorum). @default none */
  readonly dedicatedMaster?: { readonly instanceType: string; readonly count?: 3 | 5 };
  /** gp3 volume per data node: size ≥10 GiB, IOPS 3000-16000, throughput 125-1000 MiB/s. @default 20 GiB, gp3 baseline */
  readonly ebs?: { readonly volumeSizeGiB?: number; readonly iops?: number; readonly throughputMiBps?: number };
  /** Use this customer-managed key for encryption at rest instead of creating one (with rotation). */
  readonly kmsKeyArn?: string;
  /**
   * IAM principal (role or user ARN) that is the fine-grained access control master user. It maps other principals,
   * including the delivery role, to OpenSearch roles. Required: the internal user database stays off.
   */
  readonly masterUserArn: string;
  /** Other IAM principals the domain access policy lets in (`es:ESHttp*`). @default none */
  readonly accessPrincipalArns?: string[];
  /** Retention of the published logs, a CloudWatch Logs retention value. @default 30 */
  readonly logRetentionDays?: number;
  /** Publish audit logs (configure what is audited in OpenSearch Security). @default true */
  readonly auditLogs?: boolean;
  /** Place the domain in a VPC. @default public endpoint, access policy + fine-grained access control */
  readonly vpc?: OpenSearchDomainVpcProps;
  /** 12-digit account id: the log resource policy then trusts es.amazonaws.com only on behalf of this account. */
  readonly accountId?: string;
  readonly tags?: Record<string, string>;
}

/** Adds the problems of `props` (property paths under `path`) to `v`. */
export function validateOpenSearchDomainProps(v: Validator, path: string, p: SecureOpenSearchDomainProps): void {
  const at = (k: string) => (path ? `${path}.${k}` : k);
  if (typeof p.domainName !== "string") {
    v.error(at("domainName"), "N-OPENSEARCH", "domain name is required (3-28 characters)", p.domainName);
  } else if (!isUnresolved(p.domainName)) {
    v.length(p.domainName, 3, 28, at("domainName"), "N-OPENSEARCH", "domain name");
    v.pattern(p.domainName, Patterns.OPENSEARCH_DOMAIN_NAME, at("domainName"), "N-OPENSEARCH", "domain name");
  }
  // Fine-grained access control and the PFS TLS policy need OpenSearch (not legacy Elasticsearch).
  v.pattern(p.engineVersion, Patterns.OPENSEARCH_ENGINE_VERSION, at("engineVersion"), "OS-DOMAIN", "engine version");
  v.pattern(p.instanceType, INSTANCE_TYPE, at("instanceType"), "OS-DOMAIN", "instance type");
  validateEncryptableInstanceType(v, p.instanceType, at("instanceType"));
  const zones = p.zoneAwareness?.availabilityZoneCount;
  if (p.zoneAwareness) v.oneOf(zones, [2, 3], at("zoneAwareness.availabilityZoneCount"), "OS-DOMAIN", "availability zone count");
  v.range(p.instanceCount, 1, 1002, at("instanceCount"), "OS-DOMAIN", "instance count");
  if (zones && p.instanceCount !== undefined && !isUnresolved(p.instanceCount) && p.instanceCount % zones !== 0) {
    v.error(at("instanceCount"), "OS-DOMAIN", `with zone awareness over ${zones} zones the instance count must be a multiple of ${zones}`, p.instanceCount);
  }
  if (p.dedicatedMaster) {
    v.pattern(p.dedicatedMaster.instanceType, INSTANCE_TYPE, at("dedicatedMaster.instanceType"), "OS-DOMAIN", "dedicated master instance type");
    validateEncryptableInstanceType(v, p.dedicatedMaster.instanceType, at("dedicatedMaster.instanceType"));
    v.oneOf(p.dedicatedMaster.count, [3, 5], at("dedicatedMaster.count"), "OS-DOMAIN", "dedicated master count (an odd count keeps a quorum)");
  }
  v.range(p.ebs?.volumeSizeGiB, 10, 24576, at("ebs.volumeSizeGiB"), "OS-DOMAIN", "gp3 volume size", { unit: "GiB" });
  v.range(p.ebs?.iops, 3000, 16000, at("ebs.iops"), "OS-DOMAIN", "gp3 IOPS");
  v.range(p.ebs?.throughputMiBps, 125, 1000, at("ebs.throughputMiBps"), "OS-DOMAIN", "gp3 throughput", { unit: "MiB/s" });
  if (p.kmsKeyArn !== undefined) v.pattern(p.kmsKeyArn, Patterns.KMS_KEY_ARN, at("kmsKeyArn"), "OS-DOMAIN", "KMS key ARN");
  if (!p.masterUserArn) {
    v.error(at("masterUserArn"), "OS-FGAC", "fine-grained access control needs the IAM ARN of its master user", p.masterUserArn);
  } else {
    v.pattern(p.masterUserArn, IAM_PRINCIPAL_ARN, at("masterUserArn"), "OS-FGAC", "master user ARN");
  }
  (p.accessPrincipalArns ?? []).forEach((a, i) => v.pattern(a, IAM_PRINCIPAL_ARN, at(`accessPrincipalArns[${i}]`), "OS-ACCESS", "principal ARN"));
  validateLogRetention(v, p.logRetentionDays, at("logRetentionDays"));
  if (p.vpc) {
    const want = zones ?? 1;
    if (!isUnresolved(p.vpc.subnetIds) && (!Array.isArray(p.vpc.subnetIds) || p.vpc.subnetIds.length !== want)) {
      v.error(at("vpc.subnetIds"), "OS-DOMAIN", `a VPC domain needs one subnet per availability zone: ${want}`, p.vpc.subnetIds);
    }
    if (!isUnresolved(p.vpc.securityGroupIds) && (!Array.isArray(p.vpc.securityGroupIds) || p.vpc.securityGroupIds.length < 1 || p.vpc.securityGroupIds.length > 5)) {
      v.error(at("vpc.securityGroupIds"), "OS-DOMAIN", "a VPC domain needs 1-5 security groups", p.vpc.securityGroupIds);
    }
  }
  if (p.accountId !== undefined) v.pattern(p.accountId, Patterns.ACCOUNT_ID, at("accountId"), "A1", "account id");
}

/**
 * A hardened Amazon OpenSearch Service domain: encryption at rest with KMS (key created with rotation, or given),
 * node-to-node encryption, HTTPS only with TLS 1.2+PFS, fine-grained access control with an IAM master user and no
 * internal user database, gp3 storage, logs published to CloudWatch Logs with retention, and an access policy that
 * admits only the principals granted through {@link SecureOpenSearchDomain.grantWrite} and the named ones.
 */
export class SecureOpenSearchDomain extends Construct implements IMonitorable {
  public readonly domain: OpensearchDomain;
  public readonly domainName: string;
  public readonly domainArn: string;
  /** Hostname of the domain's HTTPS endpoint (no scheme). */
  public readonly endpoint: string;
  public readonly kmsKeyArn: string;
  public readonly kmsKey?: KmsKey;
  /** EBS volume of each data node in GiB (what the `FreeStorageSpace` alarm is measured against). */
  public readonly volumeSizeGiB: number;
  /** The fine-grained access control master user (the principal that can map roles in OpenSearch Security). */
  public readonly masterUserArn: string;
  public readonly logGroups: Partial<Record<OpenSearchLogType, CloudwatchLogGroup>> = {};
  public readonly logResourcePolicy: CloudwatchLogResourcePolicy;
  public readonly accessPolicy: OpensearchDomainPolicy;
  private readonly writers: string[] = [];
  /** The name as given (a literal unless a token was passed): alarm names and dimensions read better than a reference. */
  private readonly physicalName: string;

  /** Monitoring watches this domain (cluster status red, free storage against the node volume). */
  public monitoringTargets(): MonitoringTarget[] {
    return [{ type: "domain", domainName: this.physicalName, volumeSizeGiB: this.volumeSizeGiB }];
  }

  constructor(scope: Construct, id: string, props: SecureOpenSearchDomainProps) {
    super(scope, id);
    const v = new Validator(this);
    requireProps(v, props);
    validateOpenSearchDomainProps(v, "", props);
    validateEncryptionChoice(v, "encryption", props.encryption, props.encryptionKey, "encryptionKey");
    v.throwIfErrors();
    // The switch concerns the log groups: the domain's data is always encrypted with its own customer-managed key.
    const logKey = resolveEncryptionKey(this, props, `Encrypts the logs of OpenSearch domain ${props.domainName}`, { accountId: props.accountId, tags: props.tags });

    const name = props.domainName;
    this.physicalName = name;
    this.volumeSizeGiB = props.ebs?.volumeSizeGiB ?? 20;
    this.masterUserArn = props.masterUserArn;
    if (props.kmsKeyArn) {
      this.kmsKeyArn = props.kmsKeyArn;
    } else {
      this.kmsKey = new KmsKey(this, "Key", {
        description: `Encrypts OpenSearch domain ${name} at rest`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        tags: props.tags,
      });
      new KmsAlias(this, "KeyAlias", { name: `alias/opensearch/${name}`, targetKeyId: this.kmsKey.keyId });
      this.kmsKeyArn = this.kmsKey.arn;
    }

    const logTypes: OpenSearchLogType[] = ["INDEX_SLOW_LOGS", "SEARCH_SLOW_LOGS", "ES_APPLICATION_LOGS"];
    if (props.auditLogs !== false) logTypes.push("AUDIT_LOGS");
    for (const t of logTypes) {
      this.logGroups[t] = new CloudwatchLogGroup(this, `Logs${LOG_GROUP_SUFFIX[t].replace(/-/g, "")}`, {
        name: `/aws/opensearch/${name}/${LOG_GROUP_SUFFIX[t]}`,
        retentionInDays: props.logRetentionDays ?? 30,
        kmsKeyId: logKey?.keyArn,
        tags: props.tags,
        dependsOn: logKey?.dependables?.length ? logKey.dependables : undefined,
      });
    }
    const groupArns = logTypes.map((t) => `${this.logGroups[t]!.arn}:*`);
    // The domain's ARN, built from the first log group's partition, region and account: the domain itself depends on
    // this policy, so its arn attribute cannot be referenced here.
    const arnPart = (i: number) => Fn.element(Fn.split(":", this.logGroups[logTypes[0]]!.arn), i);
    const domainArn = `arn:${arnPart(1)}:es:${arnPart(3)}:${props.accountId ?? arnPart(4)}:domain/${name}`;
    // OpenSearch Service checks this policy when log publishing is enabled, so the domain depends on it.
    // CloudWatch Logs allows 10 resource policies per account and region: one per domain.
    this.logResourcePolicy = new CloudwatchLogResourcePolicy(this, "LogResourcePolicy", {
      policyName: `opensearch-${name}-logs`,
      policyDocument: policyDocument([
        {
          sid: "OpenSearchPublishLogs",
          principals: { Service: "es.amazonaws.com" },
          actions: ["logs:PutLogEvents", "logs:CreateLogStream"],
          resources: groupArns,
          // Confused-deputy guard: only this domain may publish into these groups (and only for this account).
          conditions: {
            ArnLike: { "aws:SourceArn": domainArn },
            ...(props.accountId ? { StringEquals: { "aws:SourceAccount": props.accountId } } : {}),
          },
        },
      ]),
    });

    const zones = props.zoneAwareness?.availabilityZoneCount;
    const master = props.dedicatedMaster;
    this.domain = new OpensearchDomain(this, "Domain", {
      domainName: name,
      engineVersion: props.engineVersion ?? OPENSEARCH_DEFAULT_ENGINE_VERSION,
      clusterConfig: {
        instanceType: props.instanceType ?? "r7g.large.search",
        instanceCount: props.instanceCount ?? zones ?? 1,
        zoneAwarenessEnabled: zones !== undefined,
        zoneAwarenessConfig: zones ? { availabilityZoneCount: zones } : undefined,
        dedicatedMasterEnabled: master !== undefined,
        dedicatedMasterType: master?.instanceType,
        dedicatedMasterCount: master ? master.count ?? 3 : undefined,
      },
      ebsOptions: {
        ebsEnabled: true,
        volumeType: "gp3",
        volumeSize: this.volumeSizeGiB,
        iops: props.ebs?.iops,
        throughput: props.ebs?.throughputMiBps,
      },
      encryptAtRest: { enabled: true, kmsKeyId: this.kmsKeyArn },
      nodeToNodeEncryption: { enabled: true },
      domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: OPENSEARCH_TLS_POLICY },
      advancedSecurityOptions: {
        enabled: true,
        anonymousAuthEnabled: false,
        internalUserDatabaseEnabled: false,
        masterUserOptions: { masterUserArn: props.masterUserArn },
      },
      logPublishingOptions: logTypes.map((t) => ({ logType: t, cloudwatchLogGroupArn: this.logGroups[t]!.arn, enabled: true })),
      vpcOptions: props.vpc ? { subnetIds: props.vpc.subnetIds, securityGroupIds: props.vpc.securityGroupIds } : undefined,
      tags: props.tags,
      dependsOn: [this.logResourcePolicy],
    });
    this.domainName = this.domain.domainName;
    this.domainArn = this.domain.arn;
    this.endpoint = this.domain.endpoint;

    // A separate policy resource: the domain's own ARN cannot appear in its access_policies argument (cycle), and
    // delivery roles are created after the domain (their policies name the domain ARN).
    const named = [props.masterUserArn, ...(props.accessPrincipalArns ?? [])];
    this.accessPolicy = new OpensearchDomainPolicy(this, "AccessPolicy", {
      domainName: this.domain.domainName,
      accessPolicies: Lazy.stringValue({ produce: () => policyDocument(this.accessStatements(named)) }),
    });
  }

  /** Lets `roleArn` (a Firehose delivery role) through the access policy for the HTTP methods Firehose uses. */
  public grantWrite(roleArn: string): void {
    if (!this.writers.includes(roleArn)) this.writers.push(roleArn);
  }

  private accessStatements(named: string[]): PolicyStatement[] {
    const statements: PolicyStatement[] = [
      { sid: "NamedPrincipals", principals: { AWS: named }, actions: ["es:ESHttp*"], resources: [`${this.domainArn}/*`] },
    ];
    if (this.writers.length > 0) {
      statements.push({
        sid: "FirehoseDelivery",
        principals: { AWS: this.writers },
        actions: ["es:ESHttpGet", "es:ESHttpPost", "es:ESHttpPut"],
        resources: [this.domainArn, `${this.domainArn}/*`],
      });
    }
    return statements;
  }
}
