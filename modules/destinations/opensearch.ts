/**
 * Amazon OpenSearch Service destination (`destination = "opensearch"`), plus the pieces it shares with the
 * OpenSearch Serverless destination (`opensearch-serverless.ts`): index name, buffering (rule B4), retry duration,
 * backup of failed/all documents, processors and VPC delivery. Rules: OS-ENDPOINT, OS-INDEX, OS-ROTATION,
 * OS-DOCID, OS-BACKUP, OS-RETRY, OS-VPC, AOSS-ENDPOINT and B4.
 */
import { Construct } from "constructs";
import { IRoleLike } from "../core/iam";
import { isUnresolved, Validator } from "../core/validation";
import { DestinationBindContext, DestinationBinding, DestinationInfo, DestinationKind, DestinationValidationContext, IDestination } from "../delivery-stream/destination";
import type { DestinationMonitoring } from "../monitoring/metric";
import { IProcessor } from "../delivery-stream/processors";
import { BufferingLimits } from "../delivery-stream/validation";
import { BackedUpDeliverySpec, BackupSetting, bindBackedUpDelivery, fieldName, RenderedBackedUpDelivery, RetryAndBackupRules, S3BackupProps, validateBackedUpDelivery } from "./common";
import * as Patterns from "../core/patterns";

/** Rule B4: `opensearch_`/`elasticsearch_`/`opensearchserverless_configuration` buffering, defaults 5 MiB / 300 s. */
const OPENSEARCH_BUFFERING: BufferingLimits = { minSizeMiB: 1, maxSizeMiB: 100, maxIntervalSeconds: 900, rule: "B4" };

export type OpenSearchIndexRotation = "NoRotation" | "OneHour" | "OneDay" | "OneWeek" | "OneMonth";
const OPENSEARCH_INDEX_ROTATIONS: readonly OpenSearchIndexRotation[] = ["NoRotation", "OneHour", "OneDay", "OneWeek", "OneMonth"];

export type OpenSearchBackupMode = "FailedDocumentsOnly" | "AllDocuments";

export type OpenSearchDocumentIdFormat = "FIREHOSE_DEFAULT" | "NO_DOCUMENT_ID";
const OPENSEARCH_DOCUMENT_ID_FORMATS: readonly OpenSearchDocumentIdFormat[] = ["FIREHOSE_DEFAULT", "NO_DOCUMENT_ID"];
/** Rule OS-BACKUP: the two backup modes, failed documents only first (the default). */
const OPENSEARCH_BACKUP_MODES: readonly [OpenSearchBackupMode, OpenSearchBackupMode] = ["FailedDocumentsOnly", "AllDocuments"];


/** Backup of documents to S3. Firehose always needs this bucket: failed documents go there at least. */
export interface OpenSearchBackupProps extends S3BackupProps {
  /**
   * `FailedDocumentsOnly` or `AllDocuments`.
   * Changing it REPLACES the delivery stream: `s3_backup_mode` is ForceNew in provider 5.100.0,
   * so buffered data in flight is lost and the stream ARN changes. Choose it once.
   * @default "FailedDocumentsOnly"
   */
  readonly mode?: OpenSearchBackupMode;
}

/** Delivery into a VPC: Firehose creates ENIs in these subnets (rule OS-ENDPOINT). */
export interface OpenSearchVpcProps {
  /** 1-16 subnet ids; Firehose creates at least one ENI in each, so leave free IP addresses there. */
  readonly subnetIds: string[];
  /** 1-5 security groups; they must allow HTTPS to the domain's security group. */
  readonly securityGroupIds: string[];
}

/** Props shared by the OpenSearch and OpenSearch Serverless destinations. */
export interface OpenSearchCommonProps {
  /** Index Firehose writes to, 1-80 characters; OpenSearch index names are lowercase. */
  readonly indexName: string;
  /** 1-100 MiB (rule B4). @default 5 */
  readonly bufferingSizeMiB?: number;
  /** 0-900 s (rule B4). @default 300 */
  readonly bufferingIntervalSeconds?: number;
  /** How long Firehose retries a failed bulk request, 0-7200 s. @default 300 */
  readonly retryDurationSeconds?: number;
  /** Backup bucket (a `SecureBucket`) and mode. Required: Firehose always writes failed documents to S3. */
  readonly backup: OpenSearchBackupProps;
  /** Record processors, e.g. a `LambdaProcessor` that shapes documents. */
  readonly processors?: IProcessor[];
  /**
   * Deliver through ENIs in your VPC (a domain or collection endpoint in a VPC). Adding it later REPLACES the stream:
   * `vpc_config` is ForceNew in provider 5.100.0. The delivery role gets the EC2 ENI permissions.
   * @default public endpoint
   */
  readonly vpc?: OpenSearchVpcProps;
}


/** Rules shared by both OpenSearch destinations: OS-INDEX, OS-RETRY, OS-BACKUP, OS-VPC and B4. */
export function validateOpenSearchCommon(v: Validator, path: string, p: OpenSearchCommonProps): void {
  validateOpenSearchIndex(v, { indexName: `${path}.indexName` }, { indexName: p.indexName });
  validateOpenSearchBackup(v, { bucket: `${path}.backup.bucket` }, { bucket: p.backup?.bucket });
  validateBackedUpDelivery(v, path, p, p.backup?.bucket ? openSearchBackup(p, path) : undefined, OPENSEARCH_DELIVERY[0]);
  if (p.vpc) validateOpenSearchVpc(v, `${path}.vpc`, p.vpc);
}

/**
 * Rule OS-ENDPOINT: exactly one of the domain ARN and the cluster endpoint (an https URL), each well-formed. Used by
 * {@link OpenSearchDestination} (props `domainArn`/`clusterEndpoint`) and by the rendered-resource checker
 * (`domain_arn`/`cluster_endpoint`); messages name the fields as `paths` does. Unresolved values count as set and are
 * not checked further.
 */
export function validateOpenSearchEndpoint(v: Validator, paths: { domainArn: string; clusterEndpoint: string }, p: { domainArn?: string; clusterEndpoint?: string }): void {
  const hasArn = p.domainArn !== undefined && p.domainArn !== "";
  const hasEndpoint = p.clusterEndpoint !== undefined && p.clusterEndpoint !== "";
  if (hasArn === hasEndpoint) {
    // The provider rejects both (ConflictsWith) but lets neither through to apply.
    v.error(
      paths.domainArn,
      "OS-ENDPOINT",
      `give exactly one of ${fieldName(paths.domainArn)} and ${fieldName(paths.clusterEndpoint)} (got ${hasArn ? "both" : "neither"})`,
      { [fieldName(paths.domainArn)]: p.domainArn, [fieldName(paths.clusterEndpoint)]: p.clusterEndpoint },
    );
  }
  if (hasArn) v.pattern(p.domainArn, Patterns.OPENSEARCH_DOMAIN_ARN, paths.domainArn, "OS-ENDPOINT", "OpenSearch domain ARN");
  if (hasEndpoint) v.pattern(p.clusterEndpoint, Patterns.HTTPS_ENDPOINT, paths.clusterEndpoint, "OS-ENDPOINT", "cluster endpoint");
}

/**
 * Rule OS-INDEX: an index name of 1-80 characters that OpenSearch accepts (no `!{...}` expressions: Firehose rotates
 * indexes itself), and a type name of at most 100 characters (rendered `type_name`; the constructs set none).
 */
export function validateOpenSearchIndex(v: Validator, paths: { indexName: string; typeName?: string }, p: { indexName?: string; typeName?: string }): void {
  const { indexName } = p;
  if (indexName === undefined || indexName === "") {
    v.error(paths.indexName, "OS-INDEX", "index name is required (1-80 characters)", indexName);
  } else {
    v.length(indexName, 1, 80, paths.indexName, "OS-INDEX", "index name");
    if (!isUnresolved(indexName) && indexName.includes("!{")) {
      v.error(paths.indexName, "OS-INDEX", "index names take no !{...} expressions (Firehose rotates the index: see the index rotation)", indexName);
    } else {
      // OpenSearch refuses these names when Firehose creates the index: delivery would fail for every document.
      v.pattern(indexName, Patterns.OPENSEARCH_INDEX_NAME, paths.indexName, "OS-INDEX", "index name");
    }
  }
  if (paths.typeName !== undefined) v.length(p.typeName, 0, 100, paths.typeName, "OS-INDEX", "type name");
}

/** Rules OS-ROTATION and OS-DOCID: the index rotation period and the document id format take the values the API lists. */
export function validateOpenSearchOptions(v: Validator, paths: { indexRotation: string; documentIdFormat: string }, p: { indexRotation?: string; documentIdFormat?: string }): void {
  v.oneOf(p.indexRotation, OPENSEARCH_INDEX_ROTATIONS as readonly string[], paths.indexRotation, "OS-ROTATION", "index rotation");
  v.oneOf(p.documentIdFormat, OPENSEARCH_DOCUMENT_ID_FORMATS as readonly string[], paths.documentIdFormat, "OS-DOCID", "document id format");
}

/**
 * Rule OS-BACKUP: a backup bucket (Firehose always writes failed documents to S3) and, when `mode` is given, a mode
 * of FailedDocumentsOnly or AllDocuments. `paths.mode` absent: the mode is checked elsewhere (the constructs check it
 * with the other backed-up destinations' settings, through the same {@link OPENSEARCH_BACKUP_MODES}).
 */
export function validateOpenSearchBackup(v: Validator, paths: { bucket: string; mode?: string }, p: { bucket?: unknown; mode?: string }): void {
  if (p.bucket === undefined || p.bucket === null) {
    v.error(paths.bucket, "OS-BACKUP", "a backup bucket is required: Firehose writes failed documents to S3", p.bucket);
  }
  if (paths.mode !== undefined) v.oneOf(p.mode, OPENSEARCH_BACKUP_MODES as readonly string[], paths.mode, "OS-BACKUP", "backup mode");
}

/**
 * Rule OS-VPC: VPC delivery through 1-16 subnets and 1-5 security groups, well-formed and none twice. `path` is the
 * VPC settings (`vpc` prop, or the rendered `vpc_config` through a path map); lists holding unresolved ids are skipped.
 */
export function validateOpenSearchVpc(v: Validator, path: string, vpc: { subnetIds?: string[]; securityGroupIds?: string[] }): void {
  const lists = [
    ["subnetIds", vpc.subnetIds, 16, Patterns.SUBNET_ID, "subnet"],
    ["securityGroupIds", vpc.securityGroupIds, 5, Patterns.SECURITY_GROUP_ID, "security group"],
  ] as const;
  for (const [key, ids, max, re, what] of lists) {
    if (isUnresolved(ids)) continue;
    if (!Array.isArray(ids) || ids.length < 1 || ids.length > max) {
      v.error(`${path}.${key}`, "OS-VPC", `VPC delivery needs 1-${max} ${what} ids, got ${Array.isArray(ids) ? ids.length : "none"}`, ids);
      continue;
    }
    ids.forEach((id, i) => v.pattern(id, re, `${path}.${key}[${i}]`, "OS-VPC", `${what} id`));
    const dup = ids.filter((id, i) => ids.indexOf(id) !== i && !isUnresolved(id));
    if (dup.length > 0) v.error(`${path}.${key}`, "OS-VPC", `${what} ids must be unique; repeated: ${[...new Set(dup)].join(", ")}`, ids);
  }
}

/**
 * ENI permissions of VPC delivery, as listed in the Firehose API reference (VpcConfiguration.RoleARN,
 * https://docs.aws.amazon.com/firehose/latest/APIReference/API_VpcConfiguration.html) and the developer guide
 * ("Grant Firehose access to an OpenSearch Service destination in a VPC", dev/controlling-access.html).
 * `Resource: "*"`: the ec2:Describe* actions support no resource-level permissions, and the ENIs Firehose creates
 * and deletes do not exist yet, so they cannot be named. Revoking these later stops Firehose scaling out its ENIs.
 */
export const FIREHOSE_VPC_ENI_ACTIONS = [
  "ec2:DescribeVpcs",
  "ec2:DescribeVpcAttribute",
  "ec2:DescribeSubnets",
  "ec2:DescribeSecurityGroups",
  "ec2:DescribeNetworkInterfaces",
  "ec2:CreateNetworkInterface",
  "ec2:CreateNetworkInterfacePermission",
  "ec2:DeleteNetworkInterface",
];

/**
 * What the OpenSearch destinations tell monitoring: besides success and freshness, the `AuthFailure` alarm (the
 * domain or collection refuses the delivery role).
 */
export function openSearchMonitoring(kind: "AmazonOpenSearchService" | "AmazonOpenSearchServerless"): DestinationMonitoring {
  return {
    alarms: [
      {
        // 1 while Firehose gets 401/403 from the domain or collection (Firehose developer guide, "Delivery to OpenSearch
        // Service" metrics: "Authentication/authorization error ... 1 indicates authentication failure"). With
        // fine-grained access control this is the unmapped delivery role; documents go to the backup bucket meanwhile.
        key: "AuthFailure",
        metricName: `DeliveryTo${kind}.AuthFailure`,
        statistic: "Maximum",
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
        thresholdName: "openSearchAuthFailure",
        description: (name) => `${name}: ${kind} refuses the delivery role (401/403): map the role in OpenSearch Security or fix the access policy; documents go to the backup bucket`,
      },
    ],
  };
}

/**
 * The retry window of the OpenSearch blocks (OpenSearch Service, Serverless and the legacy Elasticsearch block, whose
 * other attributes the OS-* rules check too). The backup mode is OS-BACKUP's ({@link validateOpenSearchBackup}).
 */
const OS_RETRY_RULE = "OS-RETRY";
export const OPENSEARCH_RETRY: RetryAndBackupRules = { retryRule: OS_RETRY_RULE };

/** The specs of both OpenSearch destinations: same limits (B4), defaults and rule ids, different metric names. */
const OPENSEARCH_DELIVERY = (["AmazonOpenSearchService", "AmazonOpenSearchServerless"] as const).map(
  (kind): BackedUpDeliverySpec<OpenSearchBackupMode> => ({
    kind,
    buffering: OPENSEARCH_BUFFERING,
    defaultSizeMiB: 5,
    defaultIntervalSeconds: 300,
    defaultRetrySeconds: 300,
    modes: OPENSEARCH_BACKUP_MODES,
    retryRule: OS_RETRY_RULE,
    modeRule: "OS-BACKUP",
    modeLabel: "backup mode",
    monitoring: openSearchMonitoring(kind),
  }),
);

function openSearchBackup(p: OpenSearchCommonProps, path = "destination"): BackupSetting<OpenSearchBackupMode> {
  return { props: p.backup, path: `${path}.backup`, mode: p.backup.mode, modePath: `${path}.backup.mode` };
}

/** Rendered `opensearch_configuration` / `opensearchserverless_configuration` fields both destinations share. */
export interface RenderedOpenSearchCommon extends RenderedBackedUpDelivery<OpenSearchBackupMode> {
  readonly indexName: string;
  readonly vpcConfig?: { roleArn: string; subnetIds: string[]; securityGroupIds: string[] };
}

/** Grants the backup bucket, processors and VPC permissions; renders the shared fields and the destination's facts. */
export function bindOpenSearchCommon(p: OpenSearchCommonProps, ctx: DestinationBindContext, kind: DestinationKind): { rendered: RenderedOpenSearchCommon; info: DestinationInfo } {
  const { role } = ctx;
  if (p.vpc) {
    role.addToPolicy({ sid: "ManageDeliveryEnis", actions: FIREHOSE_VPC_ENI_ACTIONS, resources: ["*"] });
  }
  const { rendered, info } = bindBackedUpDelivery(ctx, p, openSearchBackup(p), OPENSEARCH_DELIVERY.find((s) => s.kind === kind)!);
  return {
    rendered: {
      ...rendered,
      indexName: p.indexName,
      // Firehose accepts the delivery role here (API_VpcConfiguration: "You can use your existing Firehose delivery role").
      vpcConfig: p.vpc ? { roleArn: role.roleArn, subnetIds: p.vpc.subnetIds, securityGroupIds: p.vpc.securityGroupIds } : undefined,
    },
    info,
  };
}

export interface OpenSearchDestinationProps extends OpenSearchCommonProps {
  /** ARN of the domain, `arn:aws:es:<region>:<account>:domain/<name>`. Exactly one of `domainArn` and `clusterEndpoint`. */
  readonly domainArn?: string;
  /** `https://` endpoint of the cluster (e.g. a custom or VPC endpoint). Exactly one of `domainArn` and `clusterEndpoint`. */
  readonly clusterEndpoint?: string;
  /**
   * With `clusterEndpoint`: the ARN of the domain behind it, so the role's `es:` grants name it. Without it you
   * grant the role yourself (a warning says so). Ignored with `domainArn`.
   */
  readonly clusterDomainArn?: string;
  /** Index rotation: Firehose appends a timestamp suffix to the index name. @default "OneDay" */
  readonly indexRotation?: OpenSearchIndexRotation;
  /**
   * `FIREHOSE_DEFAULT` lets Firehose generate document ids (retries overwrite, no duplicates);
   * `NO_DOCUMENT_ID` lets OpenSearch generate them (faster indexing, possible duplicates on retry).
   * @default Firehose's default (FIREHOSE_DEFAULT)
   */
  readonly documentIdFormat?: OpenSearchDocumentIdFormat;
}

/**
 * The `es:` permissions Firehose needs on a domain, as listed in the Firehose developer guide "Grant Firehose access
 * to a public OpenSearch Service destination" (https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html;
 * the archived awsdocs/amazon-kinesis-data-firehose-developer-guide doc_source/controlling-access.md lists the same
 * resources with the older es:DescribeElasticsearchDomain* action names). Index types do not exist on OpenSearch,
 * so `_mapping/*` replaces the guide's `_mapping/type-name`.
 */
function grantOpenSearchDomain(role: IRoleLike, domainArn: string, indexName: string): void {
  role.addToPolicy({
    sid: "DescribeAndWriteDomain",
    actions: ["es:DescribeDomain", "es:DescribeDomains", "es:DescribeDomainConfig", "es:ESHttpPost", "es:ESHttpPut"],
    resources: [domainArn, `${domainArn}/*`],
  });
  role.addToPolicy({
    sid: "ReadDomainState",
    actions: ["es:ESHttpGet"],
    resources: [
      `${domainArn}/_all/_settings`,
      `${domainArn}/_cluster/stats`,
      `${domainArn}/${indexName}*/_mapping/*`,
      `${domainArn}/_nodes`,
      `${domainArn}/_nodes/stats`,
      `${domainArn}/_nodes/*/stats`,
      `${domainArn}/_stats`,
      `${domainArn}/${indexName}*/_stats`,
    ],
  });
}

/** Amazon OpenSearch Service domain destination (metrics `DeliveryToAmazonOpenSearchService.*`). */
export class OpenSearchDestination implements IDestination {
  constructor(public readonly props: OpenSearchDestinationProps) {}

  public validate({ validator: v, path }: DestinationValidationContext): void {
    const p = this.props;
    validateOpenSearchEndpoint(v, { domainArn: `${path}.domainArn`, clusterEndpoint: `${path}.clusterEndpoint` }, p);
    if (p.clusterEndpoint !== undefined && p.clusterEndpoint !== "") {
      if (p.clusterDomainArn === undefined) {
        v.warn(`${path}.clusterDomainArn`, "OS-ENDPOINT", "without clusterDomainArn the delivery role gets no es: permissions; grant them yourself", p.clusterDomainArn);
      } else {
        v.pattern(p.clusterDomainArn, Patterns.OPENSEARCH_DOMAIN_ARN, `${path}.clusterDomainArn`, "OS-ENDPOINT", "OpenSearch domain ARN");
      }
    }
    validateOpenSearchOptions(v, { indexRotation: `${path}.indexRotation`, documentIdFormat: `${path}.documentIdFormat` }, p);
    validateOpenSearchCommon(v, path, p);
  }

  public bind(_scope: Construct, ctx: DestinationBindContext): DestinationBinding {
    const p = this.props;
    const grantArn = p.domainArn || p.clusterDomainArn;
    if (grantArn) grantOpenSearchDomain(ctx.role, grantArn, p.indexName);
    const { rendered, info } = bindOpenSearchCommon(p, ctx, "AmazonOpenSearchService");
    return {
      destination: "opensearch",
      config: {
        opensearchConfiguration: {
          ...rendered,
          domainArn: p.domainArn || undefined,
          clusterEndpoint: p.clusterEndpoint || undefined,
          indexRotationPeriod: p.indexRotation ?? "OneDay",
          documentIdOptions: p.documentIdFormat ? { defaultDocumentIdFormat: p.documentIdFormat } : undefined,
        },
      },
      info,
    };
  }
}
