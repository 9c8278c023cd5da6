import { REALTIME_COST_OPTIMIZED, REALTIME_LOW_LATENCY, RealtimeAnalytics, RealtimeAnalyticsProps } from "../../../modules";
import { errorOf, onlyResource, resourcesOf, synthJson, testStack } from "../../helpers/stack";
import { ANALYST, DOMAIN, FN, MASTER, Res, baseProps, buildStack } from "./fixtures";

const DOMAIN_ARN = "arn:aws:es:eu-west-1:111122223333:domain/existing-search";

interface Statement {
  Sid?: string;
  Effect: string;
  Principal?: Record<string, unknown>;
  Action: string | string[];
  Resource: string | string[];
  Condition?: unknown;
}

describe("RealtimeAnalytics with a created domain", () => {
  const stack = testStack();
  const { analytics } = buildStack(stack);
  const json = synthJson(stack);
  const domain = onlyResource<Res>(json, "aws_opensearch_domain");
  const streams = resourcesOf(json, "aws_kinesis_firehose_delivery_stream") as Res[];
  const stream = streams.find((s) => s.name === "acme-search-events")!;
  const config = stream.opensearch_configuration as Res;
  const idOf = (type: string, match = "") => `${type}.${Object.keys(json.resource[type]).find((k) => k.includes(match))}`;
  const D = idOf("aws_opensearch_domain");

  test("creates a hardened domain: KMS at rest, node-to-node, HTTPS with TLS 1.2 PFS, FGAC with an IAM master, gp3", () => {
    expect(domain).toMatchObject({
      domain_name: "acme-search",
      engine_version: "OpenSearch_2.19",
      encrypt_at_rest: { enabled: true, kms_key_id: `${"${"}${idOf("aws_kms_key", "Search_Domain_Key")}.arn}` },
      node_to_node_encryption: { enabled: true },
      domain_endpoint_options: { enforce_https: true, tls_security_policy: "Policy-Min-TLS-1-2-PFS-2023-10" },
      advanced_security_options: {
        enabled: true,
        anonymous_auth_enabled: false,
        internal_user_database_enabled: false,
        master_user_options: { master_user_arn: MASTER },
      },
      ebs_options: { ebs_enabled: true, volume_type: "gp3", volume_size: 20 },
      cluster_config: { instance_type: "r7g.large.search", instance_count: 1, zone_awareness_enabled: false, dedicated_master_enabled: false },
    });
    expect(domain.vpc_options).toBeUndefined();
    expect(domain.access_policies).toBeUndefined();
    const key = resourcesOf(json, "aws_kms_key").find((k) => String(k.description).includes("acme-search")) as Res;
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
  });

  test("publishes the four log types to log groups with retention, after the es.amazonaws.com resource policy exists", () => {
    const published = (domain.log_publishing_options as Res[]).map((o) => o.log_type).sort();
    expect(published).toEqual(["AUDIT_LOGS", "ES_APPLICATION_LOGS", "INDEX_SLOW_LOGS", "SEARCH_SLOW_LOGS"]);
    const groups = resourcesOf(json, "aws_cloudwatch_log_group").filter((g) => String(g.name).startsWith("/aws/opensearch/"));
    expect(groups.map((g) => g.name).sort()).toEqual([
      "/aws/opensearch/acme-search/application",
      "/aws/opensearch/acme-search/audit",
      "/aws/opensearch/acme-search/index-slow",
      "/aws/opensearch/acme-search/search-slow",
    ]);
    expect(groups.every((g) => g.retention_in_days === 30)).toBe(true);
    const rp = onlyResource<{ policy_document: string; policy_name: string }>(json, "aws_cloudwatch_log_resource_policy");
    // Terraform interpolations (`${element(split(":", ...))}`) hold quotes: blank them before parsing.
    const [st] = JSON.parse(rp.policy_document.replace(/\$\{element[^}]*\}/g, "TOKEN")).Statement as Statement[];
    expect(st.Principal).toEqual({ Service: "es.amazonaws.com" });
    expect(st.Action).toEqual(["logs:PutLogEvents", "logs:CreateLogStream"]);
    expect((st.Resource as string[]).length).toBe(4);
    expect((st.Resource as string[]).every((r) => /^\$\{aws_cloudwatch_log_group\.[A-Za-z0-9_]+\.arn\}:\*$/.test(r))).toBe(true);
    expect(domain.depends_on).toEqual([idOf("aws_cloudwatch_log_resource_policy")]);
    // Only this domain may publish (its ARN from the log group's partition, region and account: no cycle with the domain).
    expect((st as Statement & { Condition: unknown }).Condition).toEqual({ ArnLike: { "aws:SourceArn": "arn:TOKEN:es:TOKEN:TOKEN:domain/acme-search" } });
  });

  test("the access policy admits only the delivery role (GET/POST/PUT) and the named principals", () => {
    const policy = onlyResource<{ access_policies: string; domain_name: string }>(json, "aws_opensearch_domain_policy");
    expect(policy.domain_name).toBe(`${"${"}${D}.domain_name}`);
    const statements = JSON.parse(policy.access_policies).Statement as Statement[];
    expect(statements).toEqual([
      { Sid: "NamedPrincipals", Effect: "Allow", Principal: { AWS: [MASTER, ANALYST] }, Action: "es:ESHttp*", Resource: `${"${"}${D}.arn}/*` },
      {
        Sid: "FirehoseDelivery",
        Effect: "Allow",
        Principal: { AWS: [`${"${"}${idOf("aws_iam_role", "Search_DeliveryStream_Role")}.arn}`] },
        Action: ["es:ESHttpGet", "es:ESHttpPost", "es:ESHttpPut"],
        Resource: [`${"${"}${D}.arn}`, `${"${"}${D}.arn}/*`],
      },
    ]);
  });

  test("the delivery stream writes to the created domain with the low-latency preset, the transform and the backup bucket", () => {
    expect(stream.destination).toBe("opensearch");
    expect(config).toMatchObject({
      domain_arn: `${"${"}${D}.arn}`,
      index_name: "events",
      index_rotation_period: "OneDay",
      buffering_size: REALTIME_LOW_LATENCY.bufferingSizeMiB,
      buffering_interval: REALTIME_LOW_LATENCY.bufferingIntervalSeconds,
      s3_backup_mode: "FailedDocumentsOnly",
      processing_configuration: { enabled: true, processors: [{ type: "Lambda", parameters: [{ parameter_name: "LambdaArn", parameter_value: FN }] }] },
    });
    const bucketId = Object.entries(json.resource.aws_s3_bucket).find(([, b]) => b.bucket === "acme-search-events-backup")![0];
    expect((config.s3_configuration as Res).bucket_arn).toBe(`${"${"}aws_s3_bucket.${bucketId}.arn}`);
    expect(analytics.backupBucket?.bucketName).toBeDefined();
  });

  test("the delivery role's policy names the domain, its index, the backup bucket and the function exactly", () => {
    const roles = resourcesOf(json, "aws_iam_role_policy") as { role: string; policy: string }[];
    const role = roles.find((r) => r.role.includes("Search_DeliveryStream_Role"))!;
    const statements = JSON.parse(role.policy).Statement as Statement[];
    const d = `${"${"}${D}.arn}`;
    expect(statements.map((s) => s.Sid).sort()).toEqual(
      ["DescribeAndWriteDomain", "EncryptBucketBackup", "InvokeProcessor", "ReadDomainState", "WriteBucketBackup", "WriteErrorLogsBackupDelivery", "WriteErrorLogsDestinationDelivery"].sort(),
    );
    expect(statements.find((s) => s.Sid === "DescribeAndWriteDomain")).toMatchObject({
      Action: ["es:DescribeDomain", "es:DescribeDomains", "es:DescribeDomainConfig", "es:ESHttpPost", "es:ESHttpPut"],
      Resource: [d, `${d}/*`],
    });
    expect(statements.find((s) => s.Sid === "ReadDomainState")?.Resource).toContain(`${d}/events*/_mapping/*`);
    expect(statements.find((s) => s.Sid === "InvokeProcessor")?.Resource).toBe(FN);
    expect(statements.some((s) => [s.Action].flat().some((a) => a.startsWith("ec2:")))).toBe(false);
  });
});

describe("RealtimeAnalytics options", () => {
  test("an existing domain: no domain, no access policy; grants on the given ARN", () => {
    const stack = testStack();
    const a = new RealtimeAnalytics(stack, "Search", baseProps({ domain: undefined, existingDomain: { domainArn: DOMAIN_ARN, endpoint: "search-existing.eu-west-1.es.amazonaws.com" } }));
    const json = synthJson(stack);
    expect(resourcesOf(json, "aws_opensearch_domain")).toHaveLength(0);
    expect(resourcesOf(json, "aws_opensearch_domain_policy")).toHaveLength(0);
    expect(a.domain).toBeUndefined();
    expect(a.domainEndpoint).toBe("search-existing.eu-west-1.es.amazonaws.com");
    const stream = onlyResource<{ opensearch_configuration: Res }>(json, "aws_kinesis_firehose_delivery_stream");
    expect(stream.opensearch_configuration.domain_arn).toBe(DOMAIN_ARN);
  });

  test("production shape: 3 zones, dedicated masters, VPC domain and delivery, cost preset, given key and bucket", () => {
    const stack = testStack();
    const vpc = { subnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002", "subnet-0a1b2c3d4e5f60003"], securityGroupIds: ["sg-0a1b2c3d4e5f60001"] };
    const key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    new RealtimeAnalytics(
      stack,
      "Search",
      baseProps({
        domain: {
          ...DOMAIN,
          instanceType: "r7g.xlarge.search",
          instanceCount: 6,
          zoneAwareness: { availabilityZoneCount: 3 },
          dedicatedMaster: { instanceType: "m7g.large.search" },
          ebs: { volumeSizeGiB: 200, iops: 6000, throughputMiBps: 250 },
          kmsKeyArn: key,
          auditLogs: false,
          logRetentionDays: 365,
          vpc,
        },
        accountId: "111122223333",
        deliveryVpc: vpc,
        buffering: { ...REALTIME_COST_OPTIMIZED, bufferingIntervalSeconds: 600 },
        backupBucketName: undefined,
        backupBucket: { bucketArn: "arn:aws:s3:::acme-given-backup" },
        backupMode: "AllDocuments",
      }),
    );
    const json = synthJson(stack);
    const domain = onlyResource<Res>(json, "aws_opensearch_domain");
    expect(domain).toMatchObject({
      cluster_config: {
        instance_type: "r7g.xlarge.search",
        instance_count: 6,
        zone_awareness_enabled: true,
        zone_awareness_config: { availability_zone_count: 3 },
        dedicated_master_enabled: true,
        dedicated_master_type: "m7g.large.search",
        dedicated_master_count: 3,
      },
      ebs_options: { ebs_enabled: true, volume_type: "gp3", volume_size: 200, iops: 6000, throughput: 250 },
      encrypt_at_rest: { enabled: true, kms_key_id: key },
      vpc_options: { subnet_ids: vpc.subnetIds, security_group_ids: vpc.securityGroupIds },
    });
    expect(resourcesOf(json, "aws_kms_key")).toHaveLength(0);
    expect((domain.log_publishing_options as Res[]).map((o) => o.log_type)).not.toContain("AUDIT_LOGS");
    const rp = onlyResource<{ policy_document: string }>(json, "aws_cloudwatch_log_resource_policy");
    expect(JSON.parse(rp.policy_document.replace(/\$\{element[^}]*\}/g, "TOKEN")).Statement[0].Condition).toEqual({
      ArnLike: { "aws:SourceArn": expect.stringMatching(/^arn:TOKEN:es:TOKEN:111122223333:domain\/[a-z0-9-]+$/) },
      StringEquals: { "aws:SourceAccount": "111122223333" },
    });
    const stream = onlyResource<{ opensearch_configuration: Res }>(json, "aws_kinesis_firehose_delivery_stream");
    expect(stream.opensearch_configuration).toMatchObject({
      buffering_size: 10,
      buffering_interval: 600,
      s3_backup_mode: "AllDocuments",
      vpc_config: { subnet_ids: vpc.subnetIds, security_group_ids: vpc.securityGroupIds },
    });
    expect(resourcesOf(json, "aws_s3_bucket")).toHaveLength(0);
  });

  test("two instances fit in one stack", () => {
    const stack = testStack();
    new RealtimeAnalytics(stack, "A", baseProps());
    new RealtimeAnalytics(stack, "B", baseProps({ streamName: "other-events", domain: { ...DOMAIN, domainName: "other-search" }, backupBucketName: "other-events-backup" }));
    expect(resourcesOf(synthJson(stack), "aws_opensearch_domain")).toHaveLength(2);
  });

  test("the presets are 1 MiB / 60 s (low latency) and a larger, cheaper buffer inside B4", () => {
    expect(REALTIME_LOW_LATENCY).toEqual({ bufferingSizeMiB: 1, bufferingIntervalSeconds: 60 });
    expect(REALTIME_COST_OPTIMIZED.bufferingSizeMiB).toBeGreaterThan(REALTIME_LOW_LATENCY.bufferingSizeMiB);
    expect(REALTIME_COST_OPTIMIZED.bufferingSizeMiB).toBeLessThanOrEqual(100);
    expect(REALTIME_COST_OPTIMIZED.bufferingIntervalSeconds).toBeGreaterThanOrEqual(300);
    expect(REALTIME_COST_OPTIMIZED.bufferingIntervalSeconds).toBeLessThanOrEqual(900);
  });
});

describe("RealtimeAnalytics validation", () => {
  const build = (overrides: Partial<RealtimeAnalyticsProps>) => () => new RealtimeAnalytics(testStack(), "Search", baseProps(overrides));
  const P = "[test/Search]";
  const cases: [string, Partial<RealtimeAnalyticsProps>, string][] = [
    [
      "both a created and an existing domain",
      { existingDomain: { domainArn: DOMAIN_ARN, endpoint: "x" } },
      `${P} domain: give exactly one of domain (create) and existingDomain (use) (got both) (rule X1; received {"domain":"acme-search","existingDomain":"${DOMAIN_ARN}"})`,
    ],
    ["neither a created nor an existing domain", { domain: undefined }, `${P} domain: give exactly one of domain (create) and existingDomain (use) (got neither) (rule X1; received {})`],
    ["an existing domain without endpoint", { domain: undefined, existingDomain: { domainArn: DOMAIN_ARN, endpoint: "" } }, `${P} existingDomain.endpoint: an existing domain needs its endpoint (rule X1; received "")`],
    ["both backup bucket and bucket name", { backupBucket: { bucketArn: "arn:aws:s3:::x-backup" } }, `${P} backupBucket: give exactly one of backupBucket (existing) and backupBucketName (created) (got both) (rule X1;`],
    ["a domain name AWS refuses", { domain: { ...DOMAIN, domainName: "My_Domain" } }, `${P} domain.domainName: domain name must be a lowercase letter followed by lowercase letters, digits or hyphens (pattern ^[a-z][a-z0-9-]+$) (rule N-OPENSEARCH; received "My_Domain")`],
    ["a domain name over 28 characters", { domain: { ...DOMAIN, domainName: "a".repeat(29) } }, `${P} domain.domainName: domain name must be 3-28 characters long, got 29 (rule N-OPENSEARCH;`],
    ["a 2-character domain name", { domain: { ...DOMAIN, domainName: "ab" } }, `${P} domain.domainName: domain name must be 3-28 characters long, got 2 (rule N-OPENSEARCH;`],
    ["a legacy Elasticsearch engine", { domain: { ...DOMAIN, engineVersion: "Elasticsearch_7.10" } }, `${P} domain.engineVersion: engine version must be OpenSearch_<major>.<minor>, such as OpenSearch_2.19 (pattern ^OpenSearch_\\d+\\.\\d+$) (rule OS-DOMAIN; received "Elasticsearch_7.10")`],
    ["an instance type without .search", { domain: { ...DOMAIN, instanceType: "r7g.large" } }, `${P} domain.instanceType: instance type must be <family>.<size>.search, such as r7g.large.search (pattern ^[a-z0-9]+\\.[a-z0-9]+\\.search$) (rule OS-DOMAIN; received "r7g.large")`],
    ["a t2 instance (no encryption at rest)", { domain: { ...DOMAIN, instanceType: "t2.small.search" } }, `${P} domain.instanceType: t2 instances do not support encryption at rest, which created domains always use (with fine-grained access control); choose e.g. r7g, m7g, c7g or t3 (rule OS-DOMAIN; received "t2.small.search")`],
    ["r3 dedicated masters (no encryption at rest)", { domain: { ...DOMAIN, dedicatedMaster: { instanceType: "r3.large.search" } } }, `${P} domain.dedicatedMaster.instanceType: r3 instances do not support encryption at rest, which created domains always use (with fine-grained access control); choose e.g. r7g, m7g, c7g or t3 (rule OS-DOMAIN; received "r3.large.search")`],
    ["4 zones", { domain: { ...DOMAIN, zoneAwareness: { availabilityZoneCount: 4 as never } } }, `${P} domain.zoneAwareness.availabilityZoneCount: availability zone count must be one of 2, 3 (rule OS-DOMAIN; received 4)`],
    ["4 data nodes over 3 zones", { domain: { ...DOMAIN, zoneAwareness: { availabilityZoneCount: 3 }, instanceCount: 4 } }, `${P} domain.instanceCount: with zone awareness over 3 zones the instance count must be a multiple of 3 (rule OS-DOMAIN; received 4)`],
    ["2 dedicated masters", { domain: { ...DOMAIN, dedicatedMaster: { instanceType: "m7g.large.search", count: 2 as never } } }, `${P} domain.dedicatedMaster.count: dedicated master count (an odd count keeps a quorum) must be one of 3, 5 (rule OS-DOMAIN; received 2)`],
    ["a 5 GiB volume", { domain: { ...DOMAIN, ebs: { volumeSizeGiB: 5 } } }, `${P} domain.ebs.volumeSizeGiB: gp3 volume size must be an integer between 10 and 24576 GiB (rule OS-DOMAIN; received 5)`],
    ["gp3 throughput 2000", { domain: { ...DOMAIN, ebs: { throughputMiBps: 2000 } } }, `${P} domain.ebs.throughputMiBps: gp3 throughput must be an integer between 125 and 1000 MiB/s (rule OS-DOMAIN; received 2000)`],
    ["no master user", { domain: { ...DOMAIN, masterUserArn: "" } }, `${P} domain.masterUserArn: fine-grained access control needs the IAM ARN of its master user (rule OS-FGAC; received "")`],
    ["a master user name instead of an ARN", { domain: { ...DOMAIN, masterUserArn: "admin" } }, `${P} domain.masterUserArn: master user ARN must be arn:aws:iam::<account>:role/<name>, arn:aws:iam::<account>:user/<name> or arn:aws:iam::<account>:root (pattern ^arn:aws[a-z-]*:iam::\\d{12}:(root|role\\/.+|user\\/.+)$) (rule OS-FGAC; received "admin")`],
    ["a malformed access principal", { domain: { ...DOMAIN, accessPrincipalArns: ["*"] } }, `${P} domain.accessPrincipalArns[0]: principal ARN must be arn:aws:iam::<account>:role/<name>, arn:aws:iam::<account>:user/<name> or arn:aws:iam::<account>:root (pattern ^arn:aws[a-z-]*:iam::\\d{12}:(root|role\\/.+|user\\/.+)$) (rule OS-ACCESS; received "*")`],
    ["log retention 10 days", { domain: { ...DOMAIN, logRetentionDays: 10 } }, `${P} domain.logRetentionDays: log retention must be one of`],
    ["a VPC domain with 2 subnets and no zone awareness", { domain: { ...DOMAIN, vpc: { subnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"], securityGroupIds: ["sg-0a1b2c3d4e5f60001"] } } }, `${P} domain.vpc.subnetIds: a VPC domain needs one subnet per availability zone: 1 (rule OS-DOMAIN;`],
  ];

  test.each(cases)("refuses %s", (_name, overrides, message) => {
    expect(errorOf(build(overrides))).toContain(message);
  });

  test("destination rules surface under the props written here (buffer 101 MiB, index name > 80)", () => {
    const msg = errorOf(build({ buffering: { ...REALTIME_LOW_LATENCY, bufferingSizeMiB: 101 }, indexName: "e".repeat(81) }));
    expect(msg).toContain("[test/Search] buffering.bufferingSizeMiB: buffering size must be an integer between 1 and 100 MiB (rule B4; received 101)");
    expect(msg).toContain("[test/Search] indexName: index name must be 1-80 characters long, got 81 (rule OS-INDEX;");
  });
});
