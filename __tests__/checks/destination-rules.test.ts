/**
 * The destination rules (OS-*, AOSS-ENDPOINT, HTTP, SPLUNK, REDSHIFT, SNOWFLAKE*, ICEBERG*) are implemented once, in
 * the destination files, and serve both the construct props and the rendered resources. For each, a mistake that
 * used to be caught on one side only is now caught on the other too, with the same rule; values Terraform does not
 * know yet are skipped on the rendered side.
 */
import { Validator } from "../../modules/core/validation";
import { checkTerraformResource, Finding } from "../../modules/checks/engine";
import { HttpEndpointDestination, HttpEndpointDestinationProps } from "../../modules/destinations/http-endpoint";
import { IcebergDestination, IcebergDestinationProps } from "../../modules/destinations/iceberg";
import { OpenSearchDestination, OpenSearchDestinationProps } from "../../modules/destinations/opensearch";
import { RedshiftDestination, RedshiftDestinationProps } from "../../modules/destinations/redshift";
import { SnowflakeDestination, SnowflakeDestinationProps } from "../../modules/destinations/snowflake";
import { SplunkDestination, SplunkDestinationProps } from "../../modules/destinations/splunk";
import { IDestination } from "../../modules/delivery-stream/destination";

type Obj = Record<string, unknown>;
const ROLE = "arn:aws:iam::111122223333:role/firehose";
const BUCKET_ARN = "arn:aws:s3:::acme-destination-rules";
const S3CFG = { role_arn: ROLE, bucket_arn: BUCKET_ARN };
const BUCKET = { bucketArn: BUCKET_ARN };
const FH = "aws_kinesis_firehose_delivery_stream";

/** "rule attribute: message" of every finding (errors and warnings) of one rendered delivery stream. */
function rendered(destination: string, blockName: string, block: Obj): string[] {
  return checkTerraformResource(FH, `${FH}.x`, { name: "x", destination, [blockName]: block }).map((f: Finding) => `${f.ruleId} ${f.severity} ${f.attribute}: ${f.message}`);
}

/** "rule severity path: message" of every problem and warning of a destination's props. */
function props(d: IDestination): string[] {
  const v = new Validator(undefined, "test");
  d.validate({ validator: v, path: "destination", source: "DirectPut" });
  return [...v.problems.map((p) => `${p.rule} error ${p.propertyPath}: ${p.message}`), ...v.warnings.map((p) => `${p.rule} warning ${p.propertyPath}: ${p.message}`)];
}

const OS_BLOCK = { domain_arn: "arn:aws:es:eu-west-1:111122223333:domain/search", index_name: "events", role_arn: ROLE, s3_configuration: S3CFG };
const OS_PROPS: OpenSearchDestinationProps = { domainArn: "arn:aws:es:eu-west-1:111122223333:domain/search", indexName: "events", backup: { bucket: BUCKET } };

describe("OpenSearch (OS-*)", () => {
  test("baselines are clean both ways", () => {
    expect(rendered("opensearch", "opensearch_configuration", OS_BLOCK)).toEqual([]);
    expect(props(new OpenSearchDestination(OS_PROPS))).toEqual([]);
  });

  test("OS-INDEX: !{...} in the index name, refused both ways with the same message", () => {
    const message = "index names take no !{...} expressions (Firehose rotates the index: see the index rotation)";
    expect(rendered("opensearch", "opensearch_configuration", { ...OS_BLOCK, index_name: "events-!{firehose:random-string}" })).toEqual([`OS-INDEX error opensearch_configuration.index_name: ${message}`]);
    expect(props(new OpenSearchDestination({ ...OS_PROPS, indexName: "events-!{firehose:random-string}" }))).toEqual([`OS-INDEX error destination.indexName: ${message}`]);
  });

  test("OS-INDEX: an uppercase index name is refused on the rendered resource too", () => {
    expect(rendered("opensearch", "opensearch_configuration", { ...OS_BLOCK, index_name: "Events" })).toEqual([
      'OS-INDEX error opensearch_configuration.index_name: index name must be free of uppercase letters, spaces and the characters \\ / * ? " < > | , # :, and not start with - _ or + (pattern ^[^-_+A-Z\\\\/*?"<>| ,#:][^A-Z\\\\/*?"<>| ,#:]*$)',
    ]);
  });

  test("OS-ENDPOINT: the exactly-one message names the fields as written on each side", () => {
    expect(rendered("opensearch", "opensearch_configuration", { ...OS_BLOCK, domain_arn: undefined })).toEqual([
      "OS-ENDPOINT error opensearch_configuration.domain_arn: give exactly one of domain_arn and cluster_endpoint (got neither)",
    ]);
    expect(props(new OpenSearchDestination({ ...OS_PROPS, domainArn: undefined }))).toEqual(["OS-ENDPOINT error destination.domainArn: give exactly one of domainArn and clusterEndpoint (got neither)"]);
  });

  test("OS-VPC: malformed and repeated subnet ids are refused on the rendered resource too, at the attribute path", () => {
    const vpc = { subnet_ids: ["subnet-1", "subnet-0123456789abcdef0", "subnet-0123456789abcdef0"], security_group_ids: ["sg-0123456789abcdef0"], role_arn: ROLE };
    expect(rendered("opensearch", "opensearch_configuration", { ...OS_BLOCK, vpc_config: vpc })).toEqual([
      "OS-VPC error opensearch_configuration.vpc_config.subnet_ids[0]: subnet id must be subnet- followed by 8–17 lowercase hexadecimal digits (pattern ^subnet-[0-9a-f]{8,17}$)",
      "OS-VPC error opensearch_configuration.vpc_config.subnet_ids: subnet ids must be unique; repeated: subnet-0123456789abcdef0",
    ]);
  });

  test("OS-BACKUP: the rendered block needs its backup bucket and a valid mode", () => {
    expect(rendered("opensearch", "opensearch_configuration", { ...OS_BLOCK, s3_configuration: undefined, s3_backup_mode: "Failed" })).toEqual([
      "OS-BACKUP error opensearch_configuration.s3_configuration: a backup bucket is required: Firehose writes failed documents to S3",
      "OS-BACKUP error opensearch_configuration.s3_backup_mode: backup mode must be one of FailedDocumentsOnly, AllDocuments",
    ]);
  });

  test("values Terraform does not know yet are skipped, and count as set", () => {
    const unknown = { ...OS_BLOCK, domain_arn: "${aws_opensearch_domain.d.arn}", index_name: "${var.index}", vpc_config: { subnet_ids: ["${aws_subnet.a.id}"], security_group_ids: "${var.sgs}", role_arn: ROLE } };
    expect(rendered("opensearch", "opensearch_configuration", unknown)).toEqual([]);
    expect(rendered("opensearchserverless", "opensearchserverless_configuration", { collection_endpoint: "${aws_opensearchserverless_collection.c.collection_endpoint}", index_name: "events", role_arn: ROLE, s3_configuration: S3CFG })).toEqual([]);
  });
});

describe("HTTP, SPLUNK", () => {
  const HTTP_BLOCK = { url: "https://c.example.com", role_arn: ROLE, s3_configuration: S3CFG };
  test("HTTP: common attribute values of over 1024 characters and blank names, refused both ways", () => {
    const attrs = [{ name: " ", value: "v" }, { name: "team", value: "x".repeat(1025) }];
    expect(rendered("http_endpoint", "http_endpoint_configuration", { ...HTTP_BLOCK, request_configuration: { content_encoding: "GZIP", common_attributes: attrs } })).toEqual([
      "HTTP error http_endpoint_configuration.request_configuration.common_attributes: attribute names must be 1-256 characters and not blank",
      "HTTP error http_endpoint_configuration.request_configuration.common_attributes[1].value: attribute values must be strings of at most 1024 characters",
    ]);
    const d = new HttpEndpointDestination({ url: "https://c.example.com", s3Backup: { bucket: BUCKET }, commonAttributes: { " ": "v", team: "x".repeat(1025) } } as HttpEndpointDestinationProps);
    expect(props(d)).toEqual([
      "HTTP error destination.commonAttributes: attribute names must be 1-256 characters and not blank",
      "HTTP error destination.commonAttributes.team: attribute values must be strings of at most 1024 characters",
    ]);
  });

  test("SPLUNK: an endpoint without https:// gets the same warning both ways", () => {
    const warning = "Firehose sends events to Splunk over HTTPS; the endpoint should start with https://";
    expect(rendered("splunk", "splunk_configuration", { hec_endpoint: "http://s.example.com:8088", hec_endpoint_type: "Raw", hec_token: "t", s3_configuration: S3CFG })).toEqual([
      `SPLUNK warning splunk_configuration.hec_endpoint: ${warning}`,
    ]);
    const d = new SplunkDestination({ hecEndpoint: "http://s.example.com:8088", s3Backup: { bucket: BUCKET }, secret: { secretArn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:hec-AbCdEf" } } as SplunkDestinationProps);
    expect(props(d)).toEqual([`SPLUNK warning destination.hecEndpoint: ${warning}`]);
  });
});

describe("REDSHIFT", () => {
  const RS_BLOCK = { role_arn: ROLE, cluster_jdbcurl: "jdbc:redshift://a.b.eu-west-1.redshift.amazonaws.com:5439/db", username: "u", password: "password", data_table_name: "t" };
  test("GZIP intermediate files without GZIP in the COPY options: the same warning both ways", () => {
    const warning = "the intermediate files are GZIP-compressed: copyOptions must include GZIP or COPY fails";
    expect(rendered("redshift", "redshift_configuration", { ...RS_BLOCK, s3_configuration: { ...S3CFG, compression_format: "GZIP" } })).toEqual([`REDSHIFT warning redshift_configuration.copy_options: ${warning}`]);
    expect(rendered("redshift", "redshift_configuration", { ...RS_BLOCK, copy_options: "JSON 'auto' gzip", s3_configuration: { ...S3CFG, compression_format: "GZIP" } })).toEqual([]);
    const d = new RedshiftDestination({ clusterJdbcUrl: RS_BLOCK.cluster_jdbcurl, tableName: "t", secret: { secretArn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:rs-AbCdEf" }, intermediateBucket: { bucket: BUCKET, prefix: "stage/", compression: "GZIP" } } as RedshiftDestinationProps);
    expect(props(d).filter((p) => p.startsWith("REDSHIFT "))).toEqual([`REDSHIFT warning destination.copyOptions: ${warning}`]);
  });

  test("a plaintext username without password is refused on the rendered resource too", () => {
    expect(rendered("redshift", "redshift_configuration", { ...RS_BLOCK, password: undefined, s3_configuration: S3CFG })).toContain(
      "REDSHIFT error redshift_configuration.username: username goes in the secret; a plaintext username needs a plaintext password",
    );
  });
});

describe("SNOWFLAKE*", () => {
  const SF_BLOCK = { account_url: "https://acme.eu-west-1.snowflakecomputing.com", role_arn: ROLE, database: "d", schema: "s", table: "t", user: "u", private_key: "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", s3_configuration: S3CFG };
  const SF_PROPS = { accountUrl: "https://acme.eu-west-1.snowflakecomputing.com", database: "d", schema: "s", table: "t", secret: { secretArn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:sf-AbCdEf" }, s3Backup: { bucket: BUCKET } } as SnowflakeDestinationProps;

  test("baselines are clean both ways", () => {
    expect(rendered("snowflake", "snowflake_configuration", SF_BLOCK)).toEqual([]);
    expect(props(new SnowflakeDestination(SF_PROPS))).toEqual([]);
  });

  test("SNOWFLAKE: no S3 bucket for failed records, named as written", () => {
    expect(rendered("snowflake", "snowflake_configuration", { ...SF_BLOCK, s3_configuration: undefined })).toEqual([
      "SNOWFLAKE error snowflake_configuration.s3_configuration: Firehose requires an S3 bucket for failed (or all) records: give s3_configuration",
    ]);
    expect(props(new SnowflakeDestination({ ...SF_PROPS, s3Backup: undefined as never }))).toEqual(["SNOWFLAKE error destination.s3Backup: Firehose requires an S3 bucket for failed (or all) records: give s3Backup"]);
  });

  test("SNOWFLAKE-LOADING: a metadata column the option does not use, refused both ways", () => {
    expect(rendered("snowflake", "snowflake_configuration", { ...SF_BLOCK, data_loading_option: "VARIANT_CONTENT_MAPPING", content_column_name: "c", metadata_column_name: "m" })).toEqual([
      "SNOWFLAKE-LOADING error snowflake_configuration.metadata_column_name: metadata_column_name applies to VARIANT_CONTENT_AND_METADATA_MAPPING only, not VARIANT_CONTENT_MAPPING",
    ]);
    expect(props(new SnowflakeDestination({ ...SF_PROPS, dataLoading: { option: "VARIANT_CONTENT_MAPPING", contentColumnName: "c", metadataColumnName: "m" } as never }))).toEqual([
      "SNOWFLAKE-LOADING error destination.dataLoading.metadataColumnName: metadataColumnName applies to VARIANT_CONTENT_AND_METADATA_MAPPING only, not VARIANT_CONTENT_MAPPING",
    ]);
  });

  test("SNOWFLAKE-PRIVATELINK: a PrivateLink endpoint with a public account URL, the same warning both ways", () => {
    const vpce = "com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0";
    const warning = "with PrivateLink, give the account's privatelink URL (<account>.<region>.privatelink.snowflakecomputing.com)";
    expect(rendered("snowflake", "snowflake_configuration", { ...SF_BLOCK, snowflake_vpc_configuration: { private_link_vpce_id: vpce } })).toEqual([`SNOWFLAKE-PRIVATELINK warning snowflake_configuration.account_url: ${warning}`]);
    expect(props(new SnowflakeDestination({ ...SF_PROPS, privateLinkVpceId: vpce }))).toEqual([`SNOWFLAKE-PRIVATELINK warning destination.accountUrl: ${warning}`]);
  });

  test("SNOWFLAKE-AUTH: the constructs refuse plaintext keys; a rendered block needs user and private_key, or a secret", () => {
    expect(rendered("snowflake", "snowflake_configuration", { ...SF_BLOCK, private_key: undefined })).toEqual([
      "SNOWFLAKE-AUTH error snowflake_configuration.private_key: give user and private_key, or (better: kept out of state) a secret (secrets_manager_configuration enabled)",
    ]);
    expect(props(new SnowflakeDestination({ ...SF_PROPS, privateKey: "k" } as never))).toEqual([
      'SNOWFLAKE-AUTH error destination.privateKey: Snowflake credentials are read from Secrets Manager only ({"user","private_key","key_passphrase"} in secret): a plaintext privateKey would land in Terraform state',
    ]);
  });
});

describe("ICEBERG*", () => {
  const S3_TABLES_ARN = "arn:aws:glue:eu-west-1:111122223333:catalog/s3tablescatalog/acme-tables";
  const ICE_BLOCK = { role_arn: ROLE, catalog_arn: S3_TABLES_ARN, destination_table_configuration: [{ database_name: "sales", table_name: "orders" }], s3_configuration: S3CFG };
  const ICE_PROPS: IcebergDestinationProps = { catalog: { type: "s3-tables", region: "eu-west-1", accountId: "111122223333", tableBucketName: "acme-tables" }, tables: [{ databaseName: "sales", tableName: "orders" }], s3Backup: { bucket: BUCKET } } as IcebergDestinationProps;

  test("baselines are clean both ways", () => {
    expect(rendered("iceberg", "iceberg_configuration", ICE_BLOCK)).toEqual([]);
    expect(props(new IcebergDestination(ICE_PROPS))).toEqual([]);
  });

  test("ICEBERG-TABLE: S3 Tables naming applies to rendered tables of an s3tablescatalog ARN too", () => {
    expect(rendered("iceberg", "iceberg_configuration", { ...ICE_BLOCK, destination_table_configuration: [{ database_name: "aws_sales", table_name: "orders" }] })).toEqual([
      'ICEBERG-TABLE error iceberg_configuration.destination_table_configuration[0].database_name: S3 Tables namespaces may not start with the reserved prefix "aws"',
    ]);
    expect(props(new IcebergDestination({ ...ICE_PROPS, tables: [{ databaseName: "aws_sales", tableName: "orders" }] }))).toEqual([
      'ICEBERG-TABLE error destination.tables[0].databaseName: S3 Tables namespaces may not start with the reserved prefix "aws"',
    ]);
  });

  test("ICEBERG-TABLE: no table at all", () => {
    expect(rendered("iceberg", "iceberg_configuration", { ...ICE_BLOCK, destination_table_configuration: undefined })).toEqual([
      "ICEBERG-TABLE error iceberg_configuration.destination_table_configuration: give at least one destination table (the role is granted exactly the tables listed)",
    ]);
  });

  test("ICEBERG-ROUTING: a routing query producing other keys, refused on the rendered resource too", () => {
    const query = { type: "MetadataExtraction", parameters: [{ parameter_name: "MetadataExtractionQuery", parameter_value: "{table:.t}" }, { parameter_name: "JsonParsingEngine", parameter_value: "JQ-1.6" }] };
    expect(rendered("iceberg", "iceberg_configuration", { ...ICE_BLOCK, processing_configuration: [{ enabled: true, processors: [query] }] })).toEqual([
      "ICEBERG-ROUTING error iceberg_configuration.processing_configuration.processors: the routing query may only produce destinationDatabaseName, destinationTableName, operation; unknown: table",
    ]);
  });

  test("ICEBERG-ROUTING: unique keys without a router, the same warning both ways", () => {
    const warning = "uniqueKeys are set but no processor gives each record its operation (update/delete): every record will be inserted";
    expect(rendered("iceberg", "iceberg_configuration", { ...ICE_BLOCK, destination_table_configuration: [{ database_name: "sales", table_name: "orders", unique_keys: ["id"] }] })).toEqual([
      `ICEBERG-ROUTING warning iceberg_configuration.processing_configuration.processors: ${warning}`,
    ]);
    expect(props(new IcebergDestination({ ...ICE_PROPS, tables: [{ databaseName: "sales", tableName: "orders", uniqueKeys: ["id"] }] }))).toEqual([`ICEBERG-ROUTING warning destination.processors: ${warning}`]);
  });

  test("ICEBERG: no S3 bucket for failed records, named as written", () => {
    expect(rendered("iceberg", "iceberg_configuration", { ...ICE_BLOCK, s3_configuration: undefined })).toEqual([
      "ICEBERG error iceberg_configuration.s3_configuration: Firehose requires an S3 bucket for failed (or all) records: give s3_configuration",
    ]);
  });
});

describe("retry duration and backup mode: the destination's own rule and message, both ways", () => {
  const RETRY = "retry duration must be an integer between 0 and 7200 seconds";
  const SECRET = { secretArn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:dest-AbCdEf" };
  const RS_URL = "jdbc:redshift://a.b.eu-west-1.redshift.amazonaws.com:5439/db";
  /** [rule, destination, block name, clean block, the construct with a retry and a mode, the mode message (none: the mode is no prop, or another rule's)]. */
  const CASES: [string, string, string, Obj, (retry: number, mode: string) => IDestination, string | undefined][] = [
    [
      "HTTP",
      "http_endpoint",
      "http_endpoint_configuration",
      { url: "https://c.example.com", role_arn: ROLE, s3_configuration: S3CFG },
      (retry, mode) => new HttpEndpointDestination({ url: "https://c.example.com", s3Backup: { bucket: BUCKET }, retryDurationSeconds: retry, s3BackupMode: mode } as HttpEndpointDestinationProps),
      "S3 backup mode must be one of FailedDataOnly, AllData",
    ],
    [
      "SPLUNK",
      "splunk",
      "splunk_configuration",
      { hec_endpoint: "https://s.example.com:8088", hec_endpoint_type: "Raw", hec_token: "t", s3_configuration: S3CFG },
      (retry, mode) => new SplunkDestination({ hecEndpoint: "https://s.example.com:8088", secret: SECRET, s3Backup: { bucket: BUCKET }, retryDurationSeconds: retry, s3BackupMode: mode } as SplunkDestinationProps),
      "S3 backup mode must be one of FailedEventsOnly, AllEvents",
    ],
    [
      "SNOWFLAKE",
      "snowflake",
      "snowflake_configuration",
      { account_url: "https://acme.eu-west-1.snowflakecomputing.com", role_arn: ROLE, database: "d", schema: "s", table: "t", user: "u", private_key: "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", s3_configuration: S3CFG },
      (retry, mode) =>
        new SnowflakeDestination({ accountUrl: "https://acme.eu-west-1.snowflakecomputing.com", database: "d", schema: "s", table: "t", secret: SECRET, s3Backup: { bucket: BUCKET }, retryDurationSeconds: retry, s3BackupMode: mode } as SnowflakeDestinationProps),
      "S3 backup mode must be one of FailedDataOnly, AllData",
    ],
    [
      "ICEBERG",
      "iceberg",
      "iceberg_configuration",
      { role_arn: ROLE, catalog_arn: "arn:aws:glue:eu-west-1:111122223333:catalog", destination_table_configuration: [{ database_name: "sales", table_name: "orders" }], s3_configuration: S3CFG },
      (retry, mode) => new IcebergDestination({ catalog: { type: "glue" }, tables: [{ databaseName: "sales", tableName: "orders" }], s3Backup: { bucket: BUCKET }, retryDurationSeconds: retry, s3BackupMode: mode } as unknown as IcebergDestinationProps),
      "S3 backup mode must be one of FailedDataOnly, AllData",
    ],
    [
      "REDSHIFT",
      "redshift",
      "redshift_configuration",
      { role_arn: ROLE, cluster_jdbcurl: RS_URL, username: "u", password: "password", data_table_name: "t", copy_options: "GZIP", s3_configuration: { ...S3CFG, compression_format: "GZIP" } },
      (retry) => new RedshiftDestination({ clusterJdbcUrl: RS_URL, tableName: "t", secret: SECRET, intermediateBucket: { bucket: BUCKET, prefix: "stage/", compression: "GZIP" }, copyOptions: "GZIP", retryDurationSeconds: retry } as RedshiftDestinationProps),
      undefined,
    ],
    ["OS-RETRY", "opensearch", "opensearch_configuration", OS_BLOCK, (retry) => new OpenSearchDestination({ ...OS_PROPS, retryDurationSeconds: retry }), undefined],
  ];

  test.each(CASES)("%s", (rule, destination, blockName, block, construct, modes) => {
    expect(rendered(destination, blockName, block)).toEqual([]);
    expect(props(construct(7201, "AllData")).filter((p) => p.includes("retryDurationSeconds"))).toEqual([`${rule} error destination.retryDurationSeconds: ${RETRY}`]);
    expect(rendered(destination, blockName, { ...block, retry_duration: 7201 })).toEqual([`${rule} error ${blockName}.retry_duration: ${RETRY}`]);
    if (modes) {
      expect(props(construct(60, "Sometimes")).filter((p) => p.includes("s3BackupMode"))).toEqual([`${rule} error destination.s3BackupMode: ${modes}`]);
      expect(rendered(destination, blockName, { ...block, s3_backup_mode: "Sometimes" })).toEqual([`${rule} error ${blockName}.s3_backup_mode: ${modes}`]);
    }
  });

  test("Redshift's s3_backup_mode (derived from s3Backup on the construct) is REDSHIFT's on the rendered block", () => {
    const block = CASES.find((c) => c[0] === "REDSHIFT")![3];
    expect(rendered("redshift", "redshift_configuration", { ...block, s3_backup_mode: "AllData" })).toEqual(["REDSHIFT error redshift_configuration.s3_backup_mode: S3 backup mode must be one of Disabled, Enabled"]);
  });

  test("the legacy Elasticsearch block keeps R1; extended S3's backup mode keeps EN1", () => {
    expect(rendered("elasticsearch", "elasticsearch_configuration", { ...OS_BLOCK, retry_duration: 7201 })).toEqual([`R1 error elasticsearch_configuration.retry_duration: ${RETRY}`]);
    expect(rendered("extended_s3", "extended_s3_configuration", { ...S3CFG, s3_backup_mode: "AllData" })).toEqual(["EN1 error extended_s3_configuration.s3_backup_mode: s3_backup_mode must be one of Disabled, Enabled"]);
  });
});

describe("credentials: one rule code for the props and the rendered block", () => {
  const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:dest-AbCdEf";
  const RS = { role_arn: ROLE, cluster_jdbcurl: "jdbc:redshift://a.b.eu-west-1.redshift.amazonaws.com:5439/db", data_table_name: "t", copy_options: "GZIP", s3_configuration: { ...S3CFG, compression_format: "GZIP" } };
  const SPLUNK_BLOCK = { hec_endpoint: "https://s.example.com:8088", hec_endpoint_type: "Raw", s3_configuration: S3CFG };

  test("REDSHIFT, SPLUNK: neither a secret nor the plaintext credentials, refused both ways by the destination's rule", () => {
    expect(rendered("redshift", "redshift_configuration", { ...RS, username: "u" })).toEqual([
      "REDSHIFT error redshift_configuration.password: Redshift needs credentials: give username and password, or a secrets_manager_configuration with enabled = true",
      "REDSHIFT error redshift_configuration.username: username goes in the secret; a plaintext username needs a plaintext password",
    ]);
    expect(rendered("redshift", "redshift_configuration", RS)).toEqual(["REDSHIFT error redshift_configuration.username: Redshift needs credentials: give username and password, or a secrets_manager_configuration with enabled = true"]);
    expect(rendered("splunk", "splunk_configuration", SPLUNK_BLOCK)).toEqual(["SPLUNK error splunk_configuration.hec_token: Splunk needs credentials: give hec_token, or a secrets_manager_configuration with enabled = true"]);
    expect(rendered("splunk", "splunk_configuration", { ...SPLUNK_BLOCK, secrets_manager_configuration: { enabled: true, secret_arn: SECRET_ARN, role_arn: ROLE } })).toEqual([]);
    const rs = new RedshiftDestination({ clusterJdbcUrl: RS.cluster_jdbcurl, tableName: "t", intermediateBucket: { bucket: BUCKET, prefix: "stage/", compression: "GZIP" }, copyOptions: "GZIP" } as RedshiftDestinationProps);
    expect(props(rs)).toEqual(['REDSHIFT error destination.secret: Redshift needs credentials: pass secret ({ secretArn } of a secret holding "username", "password", or {} to create one)']);
    const splunk = new SplunkDestination({ hecEndpoint: "https://s.example.com:8088", s3Backup: { bucket: BUCKET } } as SplunkDestinationProps);
    expect(props(splunk)).toEqual(['SPLUNK error destination.secret: Splunk needs credentials: pass secret ({ secretArn } of a secret holding "hec_token", or {} to create one)']);
  });

  test.each([
    ["http_endpoint", "http_endpoint_configuration", { url: "https://c.example.com", role_arn: ROLE, s3_configuration: S3CFG }],
    ["snowflake", "snowflake_configuration", { account_url: "https://acme.eu-west-1.snowflakecomputing.com", role_arn: ROLE, database: "d", schema: "s", table: "t", s3_configuration: S3CFG }],
  ])("SM on the %s block: an enabled secret needs a complete secret_arn", (destination, blockName, block) => {
    expect(rendered(destination, blockName, { ...block, secrets_manager_configuration: { enabled: true, secret_arn: SECRET_ARN } })).toEqual([]);
    expect(rendered(destination, blockName, { ...block, secrets_manager_configuration: { enabled: true } })).toEqual([`SM error ${blockName}.secrets_manager_configuration.secret_arn: an enabled Secrets Manager configuration needs secret_arn`]);
    const bad = rendered(destination, blockName, { ...block, secrets_manager_configuration: { enabled: true, secret_arn: "arn:aws:s3:::not-a-secret" } });
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatch(new RegExp(`^SM error ${blockName}\\.secrets_manager_configuration\\.secret_arn: Secrets Manager secret ARN must be `));
  });
});
