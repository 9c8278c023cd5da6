/**
 * Every rendered-resource rule, both ways, on Terraform JSON configuration (what cdktf synthesizes and HCL users can
 * write as *.tf.json): a clean baseline per resource type, and for each rule one mistake. Mistakes the provider lets
 * through to apply are also planned from HCL in checker.plan.test.ts; the ones here include the single-attribute
 * enum and range checks (the kind tflint-ruleset-aws makes) that the provider may already refuse at validate.
 */
import * as fs from "fs";
import * as path from "path";
import { RULES } from "../../modules/core/rules";
import { checkTerraformResource } from "../../modules/checks/engine";
import { checkTerraformDocument } from "../../modules/checks/input";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const ROLE = "arn:aws:iam::111122223333:role/firehose";
const BUCKET = "arn:aws:s3:::acme-checker-test";
const FN = "arn:aws:lambda:eu-west-1:111122223333:function:transform";
const S3CFG = { role_arn: ROLE, bucket_arn: BUCKET };

const FH = "aws_kinesis_firehose_delivery_stream";
const KDS = "aws_kinesis_stream";
const EBT = "aws_cloudwatch_event_target";

const lambda = (params: Obj = {}): Obj => ({
  type: "Lambda",
  parameters: Object.entries({ LambdaArn: FN, ...params }).map(([parameter_name, parameter_value]) => ({ parameter_name, parameter_value })),
});
const extraction = (query = "{source:.source}", engine = "JQ-1.6"): Obj => ({
  type: "MetadataExtraction",
  parameters: [
    { parameter_name: "MetadataExtractionQuery", parameter_value: query },
    { parameter_name: "JsonParsingEngine", parameter_value: engine },
  ],
});

/** Clean baselines, one per destination and resource type. */
const BASE: Record<string, [string, Obj]> = {
  s3: [FH, { name: "s3", destination: "extended_s3", extended_s3_configuration: { ...S3CFG } }],
  dp: [
    FH,
    {
      name: "dp",
      destination: "extended_s3",
      extended_s3_configuration: {
        ...S3CFG,
        buffering_size: 64,
        buffering_interval: 60,
        prefix: "d/!{partitionKeyFromQuery:source}/!{timestamp:yyyy}/",
        error_output_prefix: "e/!{firehose:error-output-type}/",
        dynamic_partitioning_configuration: [{ enabled: true, retry_duration: 300 }],
        processing_configuration: [{ enabled: true, processors: [extraction(), lambda()] }],
        custom_time_zone: "Europe/Paris",
        file_extension: ".json.gz",
      },
    },
  ],
  conversion: [
    FH,
    {
      name: "conv",
      destination: "extended_s3",
      extended_s3_configuration: {
        ...S3CFG,
        buffering_size: 128,
        data_format_conversion_configuration: {
          input_format_configuration: { deserializer: { open_x_json_ser_de: {} } },
          output_format_configuration: { serializer: { parquet_ser_de: { compression: "SNAPPY", block_size_bytes: 268435456 } } },
          schema_configuration: { database_name: "lake", table_name: "events", role_arn: ROLE },
        },
      },
    },
  ],
  orc: [
    FH,
    {
      name: "orc",
      destination: "extended_s3",
      extended_s3_configuration: {
        ...S3CFG,
        buffering_size: 128,
        data_format_conversion_configuration: {
          input_format_configuration: { deserializer: { hive_json_ser_de: { timestamp_formats: ["yyyy-MM-dd'T'HH:mm:ss", "millis"] } } },
          output_format_configuration: { serializer: { orc_ser_de: { compression: "ZLIB", padding_tolerance: 0.05 } } },
          schema_configuration: { database_name: "lake", table_name: "events", role_arn: ROLE },
        },
      },
    },
  ],
  kinesisSource: [FH, { name: "ks", destination: "extended_s3", kinesis_source_configuration: { kinesis_stream_arn: "arn:aws:kinesis:eu-west-1:111122223333:stream/src", role_arn: ROLE }, extended_s3_configuration: { ...S3CFG } }],
  msk: [
    FH,
    {
      name: "msk",
      destination: "extended_s3",
      msk_source_configuration: { msk_cluster_arn: "arn:aws:kafka:eu-west-1:111122223333:cluster/c/0000-1111", topic_name: "events", authentication_configuration: { connectivity: "PRIVATE", role_arn: ROLE } },
      extended_s3_configuration: { ...S3CFG },
    },
  ],
  sse: [FH, { name: "sse", destination: "extended_s3", server_side_encryption: { enabled: true, key_type: "AWS_OWNED_CMK" }, extended_s3_configuration: { ...S3CFG } }],
  http: [FH, { name: "http", destination: "http_endpoint", http_endpoint_configuration: { url: "https://c.example.com", name: "c", role_arn: ROLE, buffering_size: 64, retry_duration: 300, request_configuration: { content_encoding: "GZIP" }, s3_configuration: { ...S3CFG } } }],
  os: [FH, { name: "os", destination: "opensearch", opensearch_configuration: { domain_arn: "arn:aws:es:eu-west-1:111122223333:domain/search", index_name: "events", index_rotation_period: "OneDay", role_arn: ROLE, s3_backup_mode: "FailedDocumentsOnly", vpc_config: { subnet_ids: ["subnet-0123456789abcdef0"], security_group_ids: ["sg-0123456789abcdef0"], role_arn: ROLE }, document_id_options: { default_document_id_format: "NO_DOCUMENT_ID" }, s3_configuration: { ...S3CFG } } }],
  es: [FH, { name: "es", destination: "elasticsearch", elasticsearch_configuration: { domain_arn: "arn:aws:es:eu-west-1:111122223333:domain/legacy", index_name: "events", role_arn: ROLE, s3_configuration: { ...S3CFG } } }],
  aoss: [FH, { name: "aoss", destination: "opensearchserverless", opensearchserverless_configuration: { collection_endpoint: "https://abc.eu-west-1.aoss.amazonaws.com", index_name: "events", role_arn: ROLE, s3_configuration: { ...S3CFG } } }],
  splunk: [FH, { name: "splunk", destination: "splunk", splunk_configuration: { hec_endpoint: "https://s.example.com:8088", hec_endpoint_type: "Raw", hec_token: "t", buffering_size: 5, buffering_interval: 60, s3_configuration: { ...S3CFG } } }],
  splunkSecret: [FH, { name: "splunk-sm", destination: "splunk", splunk_configuration: { hec_endpoint: "https://s.example.com:8088", hec_endpoint_type: "Raw", secrets_manager_configuration: { enabled: true, secret_arn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:hec-AbCdEf", role_arn: ROLE }, s3_configuration: { ...S3CFG } } }],
  redshift: [FH, { name: "rs", destination: "redshift", redshift_configuration: { role_arn: ROLE, cluster_jdbcurl: "jdbc:redshift://a.b.eu-west-1.redshift.amazonaws.com:5439/db", username: "u", password: "password", data_table_name: "t", copy_options: "JSON 'auto' GZIP", s3_configuration: { ...S3CFG, compression_format: "GZIP" } } }],
  iceberg: [FH, { name: "ice", destination: "iceberg", iceberg_configuration: { role_arn: ROLE, catalog_arn: "arn:aws:glue:eu-west-1:111122223333:catalog", buffering_size: 128, buffering_interval: 300, destination_table_configuration: [{ database_name: "lake", table_name: "orders", unique_keys: ["order_id"] }], processing_configuration: [{ enabled: true, processors: [lambda()] }], s3_configuration: { ...S3CFG } } }],
  snowflake: [FH, { name: "snow", destination: "snowflake", snowflake_configuration: { account_url: "https://acme.eu-west-1.snowflakecomputing.com", role_arn: ROLE, database: "d", schema: "s", table: "t", user: "u", private_key: "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", buffering_size: 1, buffering_interval: 0, s3_configuration: { ...S3CFG } } }],
  stream: [KDS, { name: "events", shard_count: 1, retention_period: 24, encryption_type: "KMS", kms_key_id: "alias/aws/kinesis", shard_level_metrics: ["IncomingBytes"] }],
  onDemand: [KDS, { name: "events-od", stream_mode_details: { stream_mode: "ON_DEMAND" } }],
  target: [EBT, { rule: "app-events", target_id: "t1", event_bus_name: "default", arn: "arn:aws:firehose:eu-west-1:111122223333:deliverystream/x", role_arn: "arn:aws:iam::111122223333:role/eb", input_transformer: { input_paths: { s: "$.source" }, input_template: "<aws.events.event>\n" } }],
};

/** Deep-merges `patch` into a copy of `base`; `undefined` removes a key. */
function patched(base: Obj, patch: Obj): Obj {
  const out: Obj = Array.isArray(base) ? [...base] : { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete out[k];
    else if (v && typeof v === "object" && !Array.isArray(v) && out[k] && typeof out[k] === "object" && !Array.isArray(out[k])) out[k] = patched(out[k], v);
    else out[k] = v;
  }
  return out;
}

/** [rule, baseline, change that makes exactly one mistake of that rule]. */
const CASES: [string, keyof typeof BASE, Obj][] = [
  ["EN1", "s3", { destination: "s3" }],
  ["S3-COMPRESSION", "s3", { extended_s3_configuration: { compression_format: "BZIP2" } }],
  ["S3-COMPRESSION", "http", { http_endpoint_configuration: { s3_configuration: { compression_format: "BZIP2" } } }],
  ["EN1", "s3", { extended_s3_configuration: { s3_backup_mode: "Sometimes" } }],
  ["HTTP", "http", { http_endpoint_configuration: { s3_backup_mode: "Enabled" } }],
  ["SPLUNK", "splunk", { splunk_configuration: { s3_backup_mode: "AllData" } }],
  ["REDSHIFT", "redshift", { redshift_configuration: { s3_backup_mode: "AllData" } }],
  ["SNOWFLAKE", "snowflake", { snowflake_configuration: { s3_backup_mode: "Enabled" } }],
  ["ICEBERG", "iceberg", { iceberg_configuration: { s3_backup_mode: "Enabled" } }],
  ["EN1", "dp", { extended_s3_configuration: { processing_configuration: [{ enabled: true, processors: [extraction(), { ...lambda(), parameters: [...lambda().parameters, { parameter_name: "Timeout", parameter_value: "3" }] }] }] } }],
  ["EN1", "s3", { extended_s3_configuration: { processing_configuration: [{ enabled: true, processors: [{ type: "Gzip" }] }] } }],
  ["D1", "s3", { http_endpoint_configuration: { url: "https://c.example.com", s3_configuration: S3CFG } }],
  ["D2", "s3", { destination: "http_endpoint", extended_s3_configuration: undefined }],
  ["B1", "s3", { extended_s3_configuration: { buffering_interval: 901 } }],
  ["B2", "http", { http_endpoint_configuration: { s3_configuration: { buffering_size: 0 } } }],
  ["B3", "iceberg", { iceberg_configuration: { buffering_size: 129 } }],
  ["ICEBERG", "iceberg", { iceberg_configuration: { s3_configuration: undefined } }],
  ["ICEBERG-CATALOG", "iceberg", { iceberg_configuration: { catalog_arn: "arn:aws:glue:eu-west-1:111122223333:database/lake" } }],
  ["ICEBERG-TABLE", "iceberg", { iceberg_configuration: { destination_table_configuration: [{ database_name: "lake", table_name: "orders", unique_keys: [] }] } }],
  ["ICEBERG-TABLE", "iceberg", { iceberg_configuration: { destination_table_configuration: [{ database_name: "lake", table_name: "orders", unique_keys: ["id", "id"] }] } }],
  ["ICEBERG-ROUTING", "iceberg", { iceberg_configuration: { processing_configuration: undefined, destination_table_configuration: [{ database_name: "lake", table_name: "orders" }, { database_name: "lake", table_name: "refunds" }] } }],
  ["ICEBERG-PROCESSOR", "iceberg", { iceberg_configuration: { processing_configuration: [{ enabled: true, processors: [lambda(), { type: "AppendDelimiterToRecord" }] }] } }],
  ["SNOWFLAKE", "snowflake", { snowflake_configuration: { account_url: "https://acme.snowflake.com" } }],
  ["SNOWFLAKE", "snowflake", { snowflake_configuration: { schema: undefined } }],
  ["SNOWFLAKE-AUTH", "snowflake", { snowflake_configuration: { private_key: undefined } }],
  ["SNOWFLAKE-LOADING", "snowflake", { snowflake_configuration: { data_loading_option: "VARIANT_CONTENT_MAPPING" } }],
  ["SNOWFLAKE-PROCESSOR", "snowflake", { snowflake_configuration: { processing_configuration: [{ enabled: true, processors: [lambda(), { type: "AppendDelimiterToRecord" }] }] } }],
  ["SNOWFLAKE-PRIVATELINK", "snowflake", { snowflake_configuration: { snowflake_vpc_configuration: { private_link_vpce_id: "vpce-0123456789abcdef0" } } }],
  ["B4", "os", { opensearch_configuration: { buffering_size: 101 } }],
  ["B5", "splunk", { splunk_configuration: { buffering_interval: 61 } }],
  ["B6", "http", { http_endpoint_configuration: { buffering_size: 100 } }],
  ["B7", "snowflake", { snowflake_configuration: { buffering_interval: 901 } }],
  ["B12", "http", { http_endpoint_configuration: { s3_configuration: { buffering_interval: 0 } } }],
  ["B12", "s3", { extended_s3_configuration: { s3_backup_mode: "Enabled", s3_backup_configuration: { ...S3CFG, buffering_interval: 0 } } }],
  ["DP1", "s3", { extended_s3_configuration: { processing_configuration: [{ enabled: true, processors: [extraction()] }] } }],
  ["DP4", "dp", { extended_s3_configuration: { prefix: "d/!{timestamp:yyyy}/", processing_configuration: [{ enabled: true, processors: [{ type: "AppendDelimiterToRecord" }] }] } }],
  ["DP7", "s3", { extended_s3_configuration: { prefix: "d/!{partitionKeyFromQuery:t}/!{partitionKeyFromLambda:x}/", error_output_prefix: "e/!{firehose:error-output-type}/", buffering_size: 64, dynamic_partitioning_configuration: [{ enabled: true }], processing_configuration: [{ enabled: true, processors: [extraction("{t:.t}")] }] } }],
  ["DP9", "dp", { extended_s3_configuration: { prefix: "d/!{timestamp:yyyy}/", processing_configuration: [{ enabled: true, processors: [extraction("{}"), lambda()] }] } }],
  ["DP10", "dp", { extended_s3_configuration: { processing_configuration: [{ enabled: true, processors: [extraction("{source:.source}", "JQ-1.5"), lambda()] }] } }],
  ["DP11", "dp", { extended_s3_configuration: { processing_configuration: [{ enabled: true, processors: [extraction(), lambda(), { type: "RecordDeAggregation", parameters: [{ parameter_name: "SubRecordType", parameter_value: "DELIMITED" }] }] }] } }],
  ["DP12", "s3", { extended_s3_configuration: { processing_configuration: [{ enabled: true, processors: [{ type: "CloudWatchLogProcessing", parameters: [{ parameter_name: "DataMessageExtraction", parameter_value: "true" }] }] }] } }],
  ["DP13", "dp", { extended_s3_configuration: { dynamic_partitioning_configuration: [{ enabled: true, retry_duration: 7201 }] } }],
  ["DP15", "s3", { extended_s3_configuration: { prefix: "d/!{timestamp:}/", error_output_prefix: "e/!{firehose:error-output-type}/" } }],
  ["DP16", "s3", { extended_s3_configuration: { prefix: "d/!{firehose:error-output-type}/" } }],
  ["DP17", "s3", { extended_s3_configuration: { prefix: `${"p".repeat(1025)}/` } }],
  ["DP17", "http", { http_endpoint_configuration: { s3_configuration: { error_output_prefix: `${"e".repeat(1025)}/` } } }],
  ["DP16", "http", { http_endpoint_configuration: { s3_configuration: { prefix: "b/!{timestamp:yyyy}/" } } }],
  ["DP5", "s3", { extended_s3_configuration: { s3_backup_mode: "Enabled", s3_backup_configuration: { ...S3CFG, prefix: "b/!{partitionKey:x}/", error_output_prefix: "e/!{firehose:error-output-type}/" } } }],
  ["DP18", "redshift", { redshift_configuration: { s3_configuration: { prefix: "stage/!{timestamp:yyyy}/" } } }],
  ["DP18", "redshift", { redshift_configuration: { s3_configuration: { error_output_prefix: "errors/" } } }],
  ["DP19", "dp", { extended_s3_configuration: { file_extension: `.${"j".repeat(50)}` } }],
  ["DP19", "dp", { extended_s3_configuration: { file_extension: "json" } }],
  ["DP19", "dp", { extended_s3_configuration: { custom_time_zone: "America/Port-au-Prince" } }],
  ["DP20", "dp", { extended_s3_configuration: { custom_time_zone: "Europe/Pariss" } }],
  ["DP20", "dp", { extended_s3_configuration: { custom_time_zone: "europe/paris" } }],
  ["DP10", "dp", { extended_s3_configuration: { processing_configuration: [{ enabled: true, processors: [extraction("{source: (.source | abs)}"), lambda()] }] } }],
  ["DP10", "dp", { extended_s3_configuration: { processing_configuration: [{ enabled: true, processors: [extraction(".source"), lambda()] }] } }],
  ["DP11", "dp", { extended_s3_configuration: { processing_configuration: [{ enabled: true, processors: [extraction(), lambda(), { type: "RecordDeAggregation", parameters: [{ parameter_name: "SubRecordType", parameter_value: "DELIMITED" }, { parameter_name: "Delimiter", parameter_value: "####" }] }] }] } }],
  ["DP11", "dp", { extended_s3_configuration: { processing_configuration: [{ enabled: true, processors: [extraction(), lambda(), { type: "RecordDeAggregation", parameters: [{ parameter_name: "SubRecordType", parameter_value: "JSON" }, { parameter_name: "Delimiter", parameter_value: "IyMjIw==" }] }] }] } }],
  ["L1", "s3", { extended_s3_configuration: { processing_configuration: [{ enabled: true, processors: [{ type: "Lambda", parameters: [{ parameter_name: "NumberOfRetries", parameter_value: "3" }] }] }] } }],
  ["L1", "s3", { extended_s3_configuration: { processing_configuration: [{ enabled: true, processors: [lambda({ LambdaArn: "arn:aws:s3:::bucket" })] }] } }],
  ["L2", "s3", { extended_s3_configuration: { processing_configuration: [{ enabled: true, processors: [lambda({ BufferSizeInMBs: "5" })] }] } }],
  ["L3", "s3", { extended_s3_configuration: { processing_configuration: [{ enabled: true, processors: [lambda({ BufferIntervalInSeconds: "901" })] }] } }],
  ["L3", "s3", { extended_s3_configuration: { processing_configuration: [{ enabled: true, processors: [lambda({ BufferIntervalInSeconds: "30" })] }] } }],
  ["L4", "s3", { extended_s3_configuration: { processing_configuration: [{ enabled: true, processors: [lambda({ NumberOfRetries: "-1" })] }] } }],
  ["L4", "s3", { extended_s3_configuration: { processing_configuration: [{ enabled: true, processors: [lambda({ NumberOfRetries: "301" })] }] } }],
  ["L6", "s3", { extended_s3_configuration: { processing_configuration: [{ enabled: true, processors: [lambda({ NumberOfRetries: "" })] }] } }],
  ["R1", "es", { elasticsearch_configuration: { retry_duration: 7201 } }],
  ["HTTP", "http", { http_endpoint_configuration: { retry_duration: 7201 } }],
  ["SPLUNK", "splunk", { splunk_configuration: { retry_duration: -1 } }],
  ["REDSHIFT", "redshift", { redshift_configuration: { retry_duration: 7201 } }],
  ["SNOWFLAKE", "snowflake", { snowflake_configuration: { retry_duration: 7201 } }],
  ["ICEBERG", "iceberg", { iceberg_configuration: { retry_duration: 7201 } }],
  ["OS-RETRY", "os", { opensearch_configuration: { retry_duration: 7201 } }],
  ["OS-RETRY", "aoss", { opensearchserverless_configuration: { retry_duration: 7201 } }],
  ["F3", "conversion", { extended_s3_configuration: { data_format_conversion_configuration: { output_format_configuration: { serializer: { orc_ser_de: {} } } } } }],
  ["F3", "conversion", { extended_s3_configuration: { data_format_conversion_configuration: { input_format_configuration: { deserializer: { open_x_json_ser_de: undefined } } } } }],
  ["F4", "conversion", { extended_s3_configuration: { data_format_conversion_configuration: { schema_configuration: { table_name: undefined } } } }],
  ["F4", "conversion", { extended_s3_configuration: { data_format_conversion_configuration: { schema_configuration: { catalog_id: "me" } } } }],
  ["F4", "conversion", { extended_s3_configuration: { data_format_conversion_configuration: { schema_configuration: undefined } } }],
  ["F7", "conversion", { extended_s3_configuration: { data_format_conversion_configuration: { output_format_configuration: { serializer: { parquet_ser_de: { compression: "ZSTD" } } } } } }],
  ["F7", "conversion", { extended_s3_configuration: { data_format_conversion_configuration: { output_format_configuration: { serializer: { parquet_ser_de: { page_size_bytes: 1024 } } } } } }],
  ["F8", "orc", { extended_s3_configuration: { data_format_conversion_configuration: { output_format_configuration: { serializer: { orc_ser_de: { stripe_size_bytes: 1024 } } } } } }],
  ["F8", "orc", { extended_s3_configuration: { data_format_conversion_configuration: { output_format_configuration: { serializer: { orc_ser_de: { compression: "LZO" } } } } } }],
  ["F8", "orc", { extended_s3_configuration: { data_format_conversion_configuration: { output_format_configuration: { serializer: { orc_ser_de: { padding_tolerance: 1.5 } } } } } }],
  ["S1", "kinesisSource", { kinesis_source_configuration: { kinesis_stream_arn: "arn:aws:kinesis:eu-west-1:111122223333:stream/bad name" } }],
  ["S2", "kinesisSource", { server_side_encryption: { enabled: true, key_type: "AWS_OWNED_CMK" } }],
  ["S3", "sse", { server_side_encryption: { key_type: "AWS_MANAGED" } }],
  ["S3", "sse", { server_side_encryption: { key_arn: "arn:aws:kms:eu-west-1:111122223333:key/abc" } }],
  ["S4", "msk", { msk_source_configuration: { topic_name: "events topic" } }],
  ["S4", "msk", { msk_source_configuration: { authentication_configuration: { connectivity: "VPC" } } }],
  ["S5", "msk", { extended_s3_configuration: { s3_backup_mode: "Enabled", s3_backup_configuration: S3CFG } }],
  ["F9", "orc", { extended_s3_configuration: { data_format_conversion_configuration: { input_format_configuration: { deserializer: { hive_json_ser_de: { timestamp_formats: ["millis", ""] } } } } } }],
  ["HTTP", "http", { http_endpoint_configuration: { url: "http://c.example.com" } }],
  ["HTTP", "http", { http_endpoint_configuration: { request_configuration: { content_encoding: "BR" } } }],
  ["SM", "splunkSecret", { splunk_configuration: { secrets_manager_configuration: { role_arn: undefined } } }],
  ["SPLUNK", "splunk", { splunk_configuration: { hec_endpoint_type: "Json" } }],
  ["SPLUNK", "splunk", { splunk_configuration: { hec_acknowledgment_timeout: 60 } }],
  ["REDSHIFT", "redshift", { redshift_configuration: { cluster_jdbcurl: "jdbc:mysql://db.example.com:3306/x" } }],
  ["REDSHIFT", "redshift", { redshift_configuration: { s3_configuration: { compression_format: "Snappy" } } }],
  ["OS-ENDPOINT", "os", { opensearch_configuration: { cluster_endpoint: "https://search.example.com" } }],
  ["OS-INDEX", "os", { opensearch_configuration: { index_name: "events-!{timestamp:yyyy-MM-dd}" } }],
  ["OS-ROTATION", "os", { opensearch_configuration: { index_rotation_period: "OneYear" } }],
  ["OS-DOCID", "os", { opensearch_configuration: { document_id_options: { default_document_id_format: "RANDOM" } } }],
  ["OS-BACKUP", "os", { opensearch_configuration: { s3_backup_mode: "Enabled" } }],
  ["OS-VPC", "os", { opensearch_configuration: { vpc_config: { security_group_ids: ["sg-1", "sg-2", "sg-3", "sg-4", "sg-5", "sg-6"] } } }],
  ["AOSS-ENDPOINT", "aoss", { opensearchserverless_configuration: { collection_endpoint: undefined } }],
  ["K1", "onDemand", { stream_mode_details: { stream_mode: "FAST" } }],
  ["K2", "onDemand", { shard_count: 2 }],
  ["K3", "stream", { shard_count: 0 }],
  ["K4", "stream", { retention_period: 8761 }],
  ["K5", "stream", { encryption_type: "AES" }],
  ["K6", "stream", { shard_level_metrics: ["IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords", "WriteProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded", "IteratorAgeMilliseconds", "ALL"] }],
  ["K7", "stream", { name: "x".repeat(129) }],
  ["E4", "target", { input: "{not json", input_transformer: undefined }],
  ["E4", "target", { input_path: "$.detail" }],
  ["E6", "target", { target_id: "bad id!" }],
  ["E6", "target", { rule: "r".repeat(65) }],
];

const LAMBDA_FN = (timeout: number): Obj => ({ function_name: "transform", role: ROLE, handler: "index.handler", runtime: "nodejs20.x", filename: "fn.zip", timeout });
const target = (i: number, rule = "app-events"): Obj => ({ ...BASE.target[1], rule, target_id: `t${i}` });

/** A delivery stream `ks<i>` reading the Kinesis stream `arn`. */
const reader = (i: number, arn: string): [string, Obj] => [`ks${i}`, patched(BASE.kinesisSource[1], { name: `ks${i}`, kinesis_source_configuration: { kinesis_stream_arn: arn } })];
const SRC_REF = "${aws_kinesis_stream.src.arn}";

/** Rules that need several resources of one configuration: [rule, clean configuration, the same with one mistake]. */
const DOC_CASES: [string, Obj, Obj][] = [
  [
    "E5",
    { resource: { [EBT]: Object.fromEntries([1, 2, 3, 4, 5].map((i) => [`t${i}`, target(i)]).concat([["other", target(6, "other-rule")]])) } },
    { resource: { [EBT]: Object.fromEntries([1, 2, 3, 4, 5, 6].map((i) => [`t${i}`, target(i)])) } },
  ],
  [
    "N-FIREHOSE-UNIQUE",
    { resource: { [FH]: { a: BASE.s3[1], b: patched(BASE.s3[1], { name: "s3-copy" }), other: patched(BASE.s3[1], { provider: "aws.us" }) } } },
    { resource: { [FH]: { a: BASE.s3[1], b: BASE.s3[1] } } },
  ],
  [
    "FANOUT-CAPACITY",
    // 4 readers of the PROVISIONED stream; 2 more of an ON_DEMAND one (by reference and by literal ARN)
    {
      resource: {
        [KDS]: { src: BASE.stream[1], od: BASE.onDemand[1] },
        [FH]: Object.fromEntries([1, 2, 3, 4].map((i) => reader(i, SRC_REF)).concat([reader(5, "${aws_kinesis_stream.od.arn}"), reader(6, "arn:aws:kinesis:eu-west-1:111122223333:stream/events-od")])),
      },
    },
    // a 5th reader of the PROVISIONED stream, by its literal ARN
    { resource: { [KDS]: { src: BASE.stream[1] }, [FH]: Object.fromEntries([1, 2, 3, 4].map((i) => reader(i, SRC_REF)).concat([reader(5, "arn:aws:kinesis:eu-west-1:111122223333:stream/events")])) } },
  ],
  [
    "L8",
    { resource: { aws_lambda_function: { fn: LAMBDA_FN(300) }, [FH]: { s: patched(BASE.s3[1], { extended_s3_configuration: { processing_configuration: [{ enabled: true, processors: [lambda({ LambdaArn: "${aws_lambda_function.fn.arn}" })] }] } }) } } },
    { resource: { aws_lambda_function: { fn: LAMBDA_FN(900) }, [FH]: { s: patched(BASE.s3[1], { extended_s3_configuration: { processing_configuration: [{ enabled: true, processors: [lambda({ LambdaArn: "${aws_lambda_function.fn.arn}" })] }] } }) } } },
  ],
  [
    "L8",
    { resource: { aws_lambda_function: { fn: LAMBDA_FN(60) }, [FH]: { s: patched(BASE.s3[1], { extended_s3_configuration: { processing_configuration: [{ enabled: true, processors: [lambda()] }] } }) } } },
    { resource: { aws_lambda_function: { fn: LAMBDA_FN(301) }, [FH]: { s: patched(BASE.s3[1], { extended_s3_configuration: { processing_configuration: [{ enabled: true, processors: [lambda()] }] } }) } } },
  ],
];

describe("rendered-resource rules on Terraform JSON", () => {
  test("every baseline is clean", () => {
    for (const [name, [type, config]] of Object.entries(BASE)) expect([name, checkTerraformResource(type, `${type}.${name}`, config)]).toEqual([name, []]);
  });

  test.each(CASES.map(([rule, base, change], i) => [`${rule} #${i}: ${JSON.stringify(change).slice(0, 90)}`, rule, base, change] as const))("%s", (_name, rule, base, change) => {
    const [type, config] = BASE[base];
    const found = checkTerraformResource(type, `${type}.bad`, patched(config, change)).map((f) => f.ruleId);
    expect(found.length).toBeGreaterThan(0);
    expect([...new Set(found)]).toEqual([rule]);
  });

  test("every rule marked as checked on rendered Terraform is exercised here or in the planned HCL", () => {
    const planned = [...fs.readFileSync(path.join(__dirname, "fixtures", "rules.tf"), "utf8").matchAll(/resource "\w+" "bad_([A-Z0-9-]+)_/g)].map((m) => m[1]);
    const exercised = new Set([...planned, ...CASES.map((c) => c[0]), ...DOC_CASES.map((c) => c[0])]);
    const missing = RULES.filter((r) => r.rendered && !exercised.has(r.id)).map((r) => r.id);
    expect(missing).toEqual([]);
    // and nothing is exercised that the registry does not mark as rendered
    expect([...exercised].filter((id) => !RULES.find((r) => r.id === id)?.rendered)).toEqual([]);
  });

  test.each(DOC_CASES.map(([rule, clean, bad], i) => [`${rule} across resources #${i}`, rule, clean, bad] as const))("%s: clean, then caught", (_name, rule, clean, bad) => {
    expect(checkTerraformDocument(clean)).toEqual([]);
    const found = checkTerraformDocument(bad);
    expect(found.length).toBeGreaterThan(0);
    expect([...new Set(found.map((f) => f.ruleId))]).toEqual([rule]);
  });

  test("E5 names every target of the over-full rule; L8 names the processor's LambdaArn; N-FIREHOSE-UNIQUE names the first stream; FANOUT-CAPACITY names every reader", () => {
    const e5 = checkTerraformDocument(DOC_CASES[0][2]);
    expect(e5.map((f) => `${f.address} ${f.attribute}`)).toEqual([1, 2, 3, 4, 5, 6].map((i) => `${EBT}.t${i} rule`));
    expect(e5[0].severity).toBe("error");
    const l8 = checkTerraformDocument(DOC_CASES[3][2]);
    expect(l8.map((f) => [f.address, f.attribute, f.severity, f.value])).toEqual([[`${FH}.s`, "extended_s3_configuration.processing_configuration.processors[0].parameters.LambdaArn", "warning", 900]]);
    const fanOut = checkTerraformDocument(DOC_CASES[2][2]);
    expect(fanOut.map((f) => `${f.address} ${f.attribute} ${f.value}`)).toEqual([1, 2, 3, 4, 5].map((i) => `${FH}.ks${i} kinesis_source_configuration.kinesis_stream_arn 5`));
    expect(fanOut[0].message).toBe(
      "5 delivery streams on one PROVISIONED stream: each calls GetRecords once per second per shard and a shard serves 5 calls per second to all consumers, so they would be throttled; use at most 4, or split them over two streams",
    );
    const unique = checkTerraformDocument(DOC_CASES[1][2]);
    expect(unique.map((f) => [f.address, f.attribute, f.message])).toEqual([[`${FH}.b`, "name", `delivery stream name "s3" is already used by ${FH}.a in the same configuration (provider aws); names are unique per account and region`]]);
  });

  test("N-FIREHOSE-UNIQUE on plans: the provider (region) of each stream comes from the plan's configuration; without it the rule is skipped", () => {
    const stream = (name: string) => ({
      address: `${FH}.${name}`,
      mode: "managed",
      type: FH,
      name,
      change: { actions: ["create"], after: { name: "events", destination: "extended_s3", extended_s3_configuration: [{ ...S3CFG }] }, after_unknown: {} },
    });
    const plan = (providers?: [string, string]) => ({
      format_version: "1.2",
      terraform_version: "1.11.4",
      resource_changes: [stream("a"), stream("b")],
      ...(providers ? { configuration: { root_module: { resources: [{ address: `${FH}.a`, provider_config_key: providers[0] }, { address: `${FH}.b`, provider_config_key: providers[1] }] } } } : {}),
    });
    expect(checkTerraformDocument(plan(["aws", "aws.west"]))).toEqual([]);
    expect(checkTerraformDocument(plan(["aws.west", "aws.west"])).map((f) => `${f.address} ${f.ruleId}`)).toEqual([`${FH}.b N-FIREHOSE-UNIQUE`]);
    expect(checkTerraformDocument(plan())).toEqual([]);
  });

  test("cdktf's synthesized JSON (nested blocks as objects or lists, references as ${...}) is read as Terraform JSON", () => {
    const doc = {
      "//": { metadata: {} },
      resource: {
        aws_kinesis_stream: {
          a: { name: "a", shard_count: 1 },
          b: { name: "b", shard_count: "${var.shards}", encryption_type: "KMS", kms_key_id: "${aws_kms_key.k.arn}", retention_period: "${var.r}" },
          c: { name: "c", encryption_type: "KMS" },
        },
        aws_s3_bucket: { x: { bucket: "Not A Valid Bucket" } },
      },
    };
    expect(checkTerraformDocument(doc).map((f) => `${f.address} ${f.ruleId}`)).toEqual(["aws_kinesis_stream.c K3", "aws_kinesis_stream.c K5"]);
  });
});

describe("rendered pattern checks say in words what they expect, then the pattern", () => {
  const messages = (base: string, change: Obj, attribute: string): string[] => {
    const [type, config] = BASE[base];
    return checkTerraformResource(type, `${type}.bad`, patched(config, change))
      .filter((f) => f.attribute === attribute)
      .map((f) => `${f.ruleId} ${f.message} (received ${JSON.stringify(f.value)})`);
  };
  test.each([
    [
      "http",
      { http_endpoint_configuration: { url: "http://c.example.com" } },
      "http_endpoint_configuration.url",
      'HTTP endpoint URL must be a URL starting with https:// (pattern ^https:\\/\\/.+$) (received "http://c.example.com")',
    ],
    [
      "dp",
      { extended_s3_configuration: { file_extension: "json" } },
      "extended_s3_configuration.file_extension",
      "DP19 file extension must be empty, or a period followed by lowercase letters, digits or the characters ! - _ . * ' ( ) (pattern ^$|^\\.[0-9a-z!\\-_.*'()]+$) (received \"json\")",
    ],
    [
      "dp",
      { extended_s3_configuration: { custom_time_zone: "America/Port-au-Prince" } },
      "extended_s3_configuration.custom_time_zone",
      "DP19 custom time zone must be empty, or a time zone name of letters, '/' and '_' such as UTC or Europe/Paris (pattern ^$|^[a-zA-Z/_]+$) (received \"America/Port-au-Prince\")",
    ],
    [
      "dp",
      { extended_s3_configuration: { custom_time_zone: "Europe/Pariss" } },
      "extended_s3_configuration.custom_time_zone",
      'DP20 unknown time zone: give an IANA zone name such as Europe/Paris or UTC (did you mean Europe/Paris?) (received "Europe/Pariss")',
    ],
    [
      "dp",
      { extended_s3_configuration: { custom_time_zone: "europe/paris" } },
      "extended_s3_configuration.custom_time_zone",
      'DP20 time zone names are case-sensitive: write Europe/Paris (received "europe/paris")',
    ],
    [
      "msk",
      { msk_source_configuration: { topic_name: "events topic" } },
      "msk_source_configuration.topic_name",
      'S4 MSK topic name must be letters, digits, periods, underscores or hyphens (pattern ^[a-zA-Z0-9._-]+$) (received "events topic")',
    ],
    [
      "os",
      { opensearch_configuration: { domain_arn: undefined, cluster_endpoint: "http://search.example.com" } },
      "opensearch_configuration.cluster_endpoint",
      'OS-ENDPOINT cluster endpoint must be a URL starting with https://, without spaces (pattern ^https:\\/\\/\\S+$) (received "http://search.example.com")',
    ],
    [
      "aoss",
      { opensearchserverless_configuration: { collection_endpoint: "http://abc.eu-west-1.aoss.amazonaws.com" } },
      "opensearchserverless_configuration.collection_endpoint",
      'AOSS-ENDPOINT collection endpoint must be a URL starting with https://, without spaces (pattern ^https:\\/\\/\\S+$) (received "http://abc.eu-west-1.aoss.amazonaws.com")',
    ],
  ])("%s: %j", (base, change, attribute, expected) => {
    expect(messages(base, change, attribute)).toEqual([expected]);
  });
});
