import {
  FirehoseDeliveryStream,
  LambdaProcessor,
  OpenSearchDestination,
  OpenSearchDestinationProps,
  OpenSearchServerlessDestination,
  OpenSearchServerlessDestinationProps,
} from "../../../modules";
import { FIREHOSE_VPC_ENI_ACTIONS } from "../../../modules/destinations/opensearch";
import { errorOf, onlyResource, synthJson, testStack } from "../../helpers/stack";
import { onlyPolicyStatements, Statement } from "../../helpers/iam";

const DOMAIN = "arn:aws:es:eu-west-1:111122223333:domain/search-events";
const BUCKET = { bucketArn: "arn:aws:s3:::acme-os-backup", kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" };
const FN = "arn:aws:lambda:eu-west-1:111122223333:function:opensearch-formatter";
const COLLECTION_ARN = "arn:aws:aoss:eu-west-1:111122223333:collection/abc123def456";
const COLLECTION_ENDPOINT = "https://abc123def456.eu-west-1.aoss.amazonaws.com";
const SUBNETS = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"];
const SGS = ["sg-0a1b2c3d4e5f60001"];

const statements = onlyPolicyStatements;
const bySid = (all: Statement[], sid: string) => all.find((s) => s.Sid === sid);

function openSearchStream(props: Partial<OpenSearchDestinationProps>) {
  const stack = testStack();
  const stream = new FirehoseDeliveryStream(stack, "Search", {
    name: "acme-search",
    destination: new OpenSearchDestination({ domainArn: DOMAIN, indexName: "events", backup: { bucket: BUCKET }, ...props } as OpenSearchDestinationProps),
  });
  return { stack, stream };
}

function serverlessStream(props: Partial<OpenSearchServerlessDestinationProps>) {
  const stack = testStack();
  const stream = new FirehoseDeliveryStream(stack, "Search", {
    name: "acme-search",
    destination: new OpenSearchServerlessDestination({
      collectionEndpoint: COLLECTION_ENDPOINT,
      collectionArn: COLLECTION_ARN,
      indexName: "events",
      backup: { bucket: BUCKET },
      ...props,
    } as OpenSearchServerlessDestinationProps),
  });
  return { stack, stream };
}

describe("OpenSearchDestination", () => {
  const { stack, stream } = openSearchStream({
    indexRotation: "OneHour",
    documentIdFormat: "NO_DOCUMENT_ID",
    bufferingSizeMiB: 1,
    bufferingIntervalSeconds: 60,
    retryDurationSeconds: 3600,
    backup: { bucket: BUCKET, mode: "AllDocuments", prefix: "backup/" },
    processors: [new LambdaProcessor({ functionArn: FN })],
    vpc: { subnetIds: SUBNETS, securityGroupIds: SGS },
  });
  const json = synthJson(stack);
  const resource = onlyResource<Record<string, unknown>>(json, "aws_kinesis_firehose_delivery_stream");
  const config = resource.opensearch_configuration as Record<string, unknown>;
  const policy = statements(json);

  test("renders opensearch_configuration with every setting", () => {
    expect(resource.destination).toBe("opensearch");
    expect(config).toMatchObject({
      domain_arn: DOMAIN,
      index_name: "events",
      index_rotation_period: "OneHour",
      buffering_size: 1,
      buffering_interval: 60,
      retry_duration: 3600,
      s3_backup_mode: "AllDocuments",
      document_id_options: { default_document_id_format: "NO_DOCUMENT_ID" },
      vpc_config: { subnet_ids: SUBNETS, security_group_ids: SGS },
      s3_configuration: expect.objectContaining({ bucket_arn: BUCKET.bucketArn, prefix: "backup/", kms_key_arn: BUCKET.kmsKeyArn, compression_format: "GZIP" }),
      cloudwatch_logging_options: expect.objectContaining({ enabled: true, log_stream_name: "DestinationDelivery" }),
      processing_configuration: {
        enabled: true,
        processors: [{ type: "Lambda", parameters: [{ parameter_name: "LambdaArn", parameter_value: FN }] }],
      },
    });
    expect(config.cluster_endpoint).toBeUndefined();
    expect((config.vpc_config as Record<string, unknown>).role_arn).toBe((config as { role_arn: string }).role_arn);
  });

  test("grants exactly the es: actions of the Firehose developer guide on the domain and its index", () => {
    expect(bySid(policy, "DescribeAndWriteDomain")).toEqual({
      Sid: "DescribeAndWriteDomain",
      Effect: "Allow",
      Action: ["es:DescribeDomain", "es:DescribeDomains", "es:DescribeDomainConfig", "es:ESHttpPost", "es:ESHttpPut"],
      Resource: [DOMAIN, `${DOMAIN}/*`],
    });
    expect(bySid(policy, "ReadDomainState")).toEqual({
      Sid: "ReadDomainState",
      Effect: "Allow",
      Action: "es:ESHttpGet",
      Resource: [
        `${DOMAIN}/_all/_settings`,
        `${DOMAIN}/_cluster/stats`,
        `${DOMAIN}/events*/_mapping/*`,
        `${DOMAIN}/_nodes`,
        `${DOMAIN}/_nodes/stats`,
        `${DOMAIN}/_nodes/*/stats`,
        `${DOMAIN}/_stats`,
        `${DOMAIN}/events*/_stats`,
      ],
    });
  });

  test("grants the eight ENI actions for VPC delivery, the backup bucket and the processor", () => {
    // The documented list (Firehose developer guide, VPC delivery to OpenSearch), written out: the synthesized policy
    // and the exported constant must both say it.
    const eniActions = [
      "ec2:DescribeVpcs",
      "ec2:DescribeVpcAttribute",
      "ec2:DescribeSubnets",
      "ec2:DescribeSecurityGroups",
      "ec2:DescribeNetworkInterfaces",
      "ec2:CreateNetworkInterface",
      "ec2:CreateNetworkInterfacePermission",
      "ec2:DeleteNetworkInterface",
    ];
    expect(bySid(policy, "ManageDeliveryEnis")).toEqual({ Sid: "ManageDeliveryEnis", Effect: "Allow", Action: eniActions, Resource: "*" });
    expect(FIREHOSE_VPC_ENI_ACTIONS).toEqual(eniActions);
    expect(bySid(policy, "WriteBucketBackup")?.Resource).toEqual([BUCKET.bucketArn, `${BUCKET.bucketArn}/*`]);
    expect(bySid(policy, "InvokeProcessor")?.Resource).toBe(FN);
  });

  test("reports what monitoring needs", () => {
    expect(stream.destinationInfo).toEqual({
      kind: "AmazonOpenSearchService",
      bufferingIntervalSeconds: 60,
      bufferingSizeMiB: 1,
      backupToS3: true,
      dynamicPartitioning: false,
      formatConversion: false,
      lambdaFunctionArns: [FN],
      bucketArn: BUCKET.bucketArn,
      // Its own alarm, declared in its own file: the domain refusing the delivery role.
      monitoring: { alarms: [expect.objectContaining({ key: "AuthFailure", metricName: "DeliveryToAmazonOpenSearchService.AuthFailure", thresholdName: "openSearchAuthFailure" })] },
    });
    expect(stream.metricDataFreshness()).toEqual({ namespace: "AWS/Firehose", metricName: "DeliveryToAmazonOpenSearchService.DataFreshness", dimensions: { DeliveryStreamName: stream.physicalName }, statistic: "Maximum", periodSeconds: 300 });
  });

  test("defaults: OneDay rotation, 5 MiB / 300 s, 300 s retry, FailedDocumentsOnly, no VPC permissions", () => {
    const { stack: s } = openSearchStream({});
    const j = synthJson(s);
    const c = onlyResource<{ opensearch_configuration: Record<string, unknown> }>(j, "aws_kinesis_firehose_delivery_stream").opensearch_configuration;
    expect(c).toMatchObject({ index_rotation_period: "OneDay", buffering_size: 5, buffering_interval: 300, retry_duration: 300, s3_backup_mode: "FailedDocumentsOnly" });
    expect(c.vpc_config).toBeUndefined();
    expect(c.document_id_options).toBeUndefined();
    expect(bySid(statements(j), "ManageDeliveryEnis")).toBeUndefined();
  });

  test("a cluster endpoint with the domain ARN behind it scopes the grants to that ARN", () => {
    const { stack: s } = openSearchStream({ domainArn: undefined, clusterEndpoint: "https://search.acme.internal", clusterDomainArn: DOMAIN });
    const j = synthJson(s);
    const c = onlyResource<{ opensearch_configuration: Record<string, unknown> }>(j, "aws_kinesis_firehose_delivery_stream").opensearch_configuration;
    expect(c.cluster_endpoint).toBe("https://search.acme.internal");
    expect(c.domain_arn).toBeUndefined();
    expect(bySid(statements(j), "DescribeAndWriteDomain")?.Resource).toEqual([DOMAIN, `${DOMAIN}/*`]);
  });
});

describe("OpenSearchServerlessDestination", () => {
  const { stack, stream } = serverlessStream({ vpc: { subnetIds: SUBNETS, securityGroupIds: SGS } });
  const json = synthJson(stack);
  const resource = onlyResource<Record<string, unknown>>(json, "aws_kinesis_firehose_delivery_stream");

  test("renders opensearchserverless_configuration and grants aoss:APIAccessAll on the collection only", () => {
    expect(resource.destination).toBe("opensearchserverless");
    expect(resource.opensearchserverless_configuration).toMatchObject({
      collection_endpoint: COLLECTION_ENDPOINT,
      index_name: "events",
      s3_backup_mode: "FailedDocumentsOnly",
      vpc_config: { subnet_ids: SUBNETS, security_group_ids: SGS },
    });
    const policy = statements(json);
    expect(bySid(policy, "WriteCollection")).toEqual({ Sid: "WriteCollection", Effect: "Allow", Action: "aoss:APIAccessAll", Resource: COLLECTION_ARN });
    expect(policy.some((s) => [s.Action].flat().some((a) => a.startsWith("es:")))).toBe(false);
    expect(stream.destinationInfo.kind).toBe("AmazonOpenSearchServerless");
  });
});

describe("OpenSearch destination validation (OS-ENDPOINT, OS-INDEX, OS-VPC, B4)", () => {
  const PREFIX = "[test/Search] destination";
  const cases: [string, Partial<OpenSearchDestinationProps>, string][] = [
    ["neither domain ARN nor endpoint", { domainArn: undefined }, `${PREFIX}.domainArn: give exactly one of domainArn and clusterEndpoint (got neither) (rule OS-ENDPOINT; received {})`],
    [
      "both domain ARN and endpoint",
      { clusterEndpoint: "https://search.acme.internal" },
      `${PREFIX}.domainArn: give exactly one of domainArn and clusterEndpoint (got both) (rule OS-ENDPOINT; received {"domainArn":"${DOMAIN}","clusterEndpoint":"https://search.acme.internal"})`,
    ],
    ["a malformed domain ARN", { domainArn: "arn:aws:es:eu-west-1:111122223333:domain/My_Domain" }, `${PREFIX}.domainArn: OpenSearch domain ARN must be arn:aws:es:<region>:<account>:domain/<name> (pattern ^arn:aws[a-z-]*:es:[a-z0-9-]+:\\d{12}:domain\\/[a-z][-0-9a-z]{2,27}$) (rule OS-ENDPOINT; received "arn:aws:es:eu-west-1:111122223333:domain/My_Domain")`],
    ["an http cluster endpoint", { domainArn: undefined, clusterEndpoint: "http://search.acme.internal", clusterDomainArn: DOMAIN }, `${PREFIX}.clusterEndpoint: cluster endpoint must be a URL starting with https://, without spaces (pattern ^https:\\/\\/\\S+$) (rule OS-ENDPOINT; received "http://search.acme.internal")`],
    ["buffer 101 MiB", { bufferingSizeMiB: 101 }, `${PREFIX}.bufferingSizeMiB: buffering size must be an integer between 1 and 100 MiB (rule B4; received 101)`],
    ["buffer 0 MiB", { bufferingSizeMiB: 0 }, `${PREFIX}.bufferingSizeMiB: buffering size must be an integer between 1 and 100 MiB (rule B4; received 0)`],
    ["interval 901 s", { bufferingIntervalSeconds: 901 }, `${PREFIX}.bufferingIntervalSeconds: buffering interval must be an integer between 0 and 900 seconds (rule B4; received 901)`],
    ["index name over 80 characters", { indexName: "e".repeat(81) }, `${PREFIX}.indexName: index name must be 1-80 characters long, got 81 (rule OS-INDEX; received "${"e".repeat(81)}")`],
    ["an empty index name", { indexName: "" }, `${PREFIX}.indexName: index name is required (1-80 characters) (rule OS-INDEX; received "")`],
    ["an uppercase index name", { indexName: "Events" }, `${PREFIX}.indexName: index name must be free of uppercase letters, spaces and the characters \\ / * ? " < > | , # :, and not start with - _ or + (pattern ^[^-_+A-Z\\\\/*?"<>| ,#:][^A-Z\\\\/*?"<>| ,#:]*$) (rule OS-INDEX; received "Events")`],
    ["a rotation typo", { indexRotation: "OneDays" as never }, `${PREFIX}.indexRotation: index rotation must be one of NoRotation, OneHour, OneDay, OneWeek, OneMonth (rule OS-ROTATION; received "OneDays")`],
    ["retry 7201 s", { retryDurationSeconds: 7201 }, `${PREFIX}.retryDurationSeconds: retry duration must be an integer between 0 and 7200 seconds (rule OS-RETRY; received 7201)`],
    ["a document id typo", { documentIdFormat: "AUTO" as never }, `${PREFIX}.documentIdFormat: document id format must be one of FIREHOSE_DEFAULT, NO_DOCUMENT_ID (rule OS-DOCID; received "AUTO")`],
    ["a backup mode typo", { backup: { bucket: BUCKET, mode: "Failed" as never } }, `${PREFIX}.backup.mode: backup mode must be one of FailedDocumentsOnly, AllDocuments (rule OS-BACKUP; received "Failed")`],
    ["no backup bucket", { backup: undefined }, `${PREFIX}.backup.bucket: a backup bucket is required: Firehose writes failed documents to S3 (rule OS-BACKUP; received undefined)`],
    ["backup buffer 129 MiB", { backup: { bucket: BUCKET, bufferingSizeMiB: 129 } }, `${PREFIX}.backup.bufferingSizeMiB: buffering size must be an integer between 1 and 128 MiB (rule B2; received 129)`],
    [
      "VPC delivery with 17 subnets",
      { vpc: { subnetIds: Array.from({ length: 17 }, (_, i) => `subnet-0a1b2c3d4e5f6${String(i).padStart(4, "0")}`), securityGroupIds: SGS } },
      `${PREFIX}.vpc.subnetIds: VPC delivery needs 1-16 subnet ids, got 17 (rule OS-VPC;`,
    ],
    ["VPC delivery with no subnet", { vpc: { subnetIds: [], securityGroupIds: SGS } }, `${PREFIX}.vpc.subnetIds: VPC delivery needs 1-16 subnet ids, got 0 (rule OS-VPC; received [])`],
    [
      "VPC delivery with 6 security groups",
      { vpc: { subnetIds: SUBNETS, securityGroupIds: Array.from({ length: 6 }, (_, i) => `sg-0a1b2c3d4e5f6000${i}`) } },
      `${PREFIX}.vpc.securityGroupIds: VPC delivery needs 1-5 security group ids, got 6 (rule OS-VPC;`,
    ],
    ["a malformed subnet id", { vpc: { subnetIds: ["subnet-xyz"], securityGroupIds: SGS } }, `${PREFIX}.vpc.subnetIds[0]: subnet id must be subnet- followed by 8–17 lowercase hexadecimal digits (pattern ^subnet-[0-9a-f]{8,17}$) (rule OS-VPC; received "subnet-xyz")`],
    ["a repeated subnet id", { vpc: { subnetIds: [SUBNETS[0], SUBNETS[0]], securityGroupIds: SGS } }, `${PREFIX}.vpc.subnetIds: subnet ids must be unique; repeated: ${SUBNETS[0]} (rule OS-VPC;`],
  ];

  test.each(cases)("refuses %s", (_name, props, message) => {
    expect(errorOf(() => openSearchStream(props))).toContain(message);
  });

  test("collects every problem in one error", () => {
    const msg = errorOf(() => openSearchStream({ bufferingSizeMiB: 101, retryDurationSeconds: 7201, indexRotation: "Daily" as never }));
    expect(msg).toMatch(/^Invalid configuration \(3 problems\)/);
  });

  test("warns when a cluster endpoint comes without the domain ARN for the grants", () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    const { stack } = openSearchStream({ domainArn: undefined, clusterEndpoint: "https://search.acme.internal" });
    const node = stack.node.findChild("Search");
    const warnings = node.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    expect(warnings.join("\n")).toContain("destination.clusterDomainArn: without clusterDomainArn the delivery role gets no es: permissions; grant them yourself (rule OS-ENDPOINT");
    warn.mockRestore();
  });
});

describe("OpenSearchServerlessDestination validation", () => {
  const PREFIX = "[test/Search] destination";
  const cases: [string, Partial<OpenSearchServerlessDestinationProps>, string][] = [
    ["an http collection endpoint", { collectionEndpoint: "http://abc123def456.eu-west-1.aoss.amazonaws.com" }, `${PREFIX}.collectionEndpoint: collection endpoint must be a URL starting with https://, without spaces (pattern ^https:\\/\\/\\S+$) (rule AOSS-ENDPOINT; received "http://abc123def456.eu-west-1.aoss.amazonaws.com")`],
    ["no collection endpoint", { collectionEndpoint: "" }, `${PREFIX}.collectionEndpoint: collectionEndpoint is required (rule AOSS-ENDPOINT; received "")`],
    ["an endpoint over 512 characters", { collectionEndpoint: `https://${"a".repeat(505)}` }, `${PREFIX}.collectionEndpoint: collection endpoint must be 1-512 characters long, got 513 (rule AOSS-ENDPOINT;`],
    ["a domain ARN as collection ARN", { collectionArn: DOMAIN }, `${PREFIX}.collectionArn: OpenSearch Serverless collection ARN must be arn:aws:aoss:<region>:<account>:collection/<id of 3–40 lowercase letters or digits> (pattern ^arn:aws[a-z-]*:aoss:[a-z0-9-]+:\\d{12}:collection\\/[a-z0-9]{3,40}$) (rule AOSS-ENDPOINT; received "arn:aws:es:eu-west-1:111122223333:domain/search-events")`],
    ["buffer 101 MiB", { bufferingSizeMiB: 101 }, `${PREFIX}.bufferingSizeMiB: buffering size must be an integer between 1 and 100 MiB (rule B4; received 101)`],
    ["retry 7201 s", { retryDurationSeconds: 7201 }, `${PREFIX}.retryDurationSeconds: retry duration must be an integer between 0 and 7200 seconds (rule OS-RETRY; received 7201)`],
    ["index name over 80 characters", { indexName: "e".repeat(81) }, `${PREFIX}.indexName: index name must be 1-80 characters long, got 81 (rule OS-INDEX;`],
  ];

  test.each(cases)("refuses %s", (_name, props, message) => {
    expect(errorOf(() => serverlessStream(props))).toContain(message);
  });
});
