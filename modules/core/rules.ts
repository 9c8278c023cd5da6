/**
 * The rules registry: every rule the library checks, in one place. Validation messages cite these ids, the
 * rendered-resource checks ({@link checkTerraformResource}) report them, and `docs/rules.md` is generated from this
 * list (`npm run docs:rules`).
 *
 * Adding a rule is one entry in {@link RULES}: a short stable id in the existing style, a one-line title, a severity,
 * the Terraform resource types and attributes it concerns (or the construct props, for rules about this library's
 * own settings), and the documentation that states it.
 */

/** `error` refuses the configuration; `warning` is reported and synthesis continues. */
export type RuleSeverity = "error" | "warning";

/** A Terraform resource type and the attributes (dotted block paths) a rule reads. */
export interface RuleTarget {
  readonly type: string;
  readonly attributes: readonly string[];
}

export interface RuleDefinition {
  /** Stable id cited in messages, e.g. `B9`. Never reused for another rule. */
  readonly id: string;
  /** One line saying what is required. */
  readonly title: string;
  readonly severity: RuleSeverity;
  /**
   * Resource types and attributes concerned. Rules on this library's own settings (environment files, construct
   * options) name `props` as type and the construct props as attributes.
   */
  readonly targets: readonly RuleTarget[];
  /** Documentation stating the rule: AWS documentation URLs, or a section of this repository's README. */
  readonly docs: readonly string[];
  /** Whether the rendered-resource checker (synth aspect and `check` CLI) implements it. */
  readonly rendered?: boolean;
}

const FH = "aws_kinesis_firehose_delivery_stream";
const KDS = "aws_kinesis_stream";
const EBT = "aws_cloudwatch_event_target";
const PROPS = "props";

const FH_API = "https://docs.aws.amazon.com/firehose/latest/APIReference/";
const FH_DEV = "https://docs.aws.amazon.com/firehose/latest/dev/";
const KDS_API = "https://docs.aws.amazon.com/kinesis/latest/APIReference/";
const EB_API = "https://docs.aws.amazon.com/eventbridge/latest/APIReference/";
const EB_DEV = "https://docs.aws.amazon.com/eventbridge/latest/userguide/";
const OS_DEV = "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/";
const LAMBDA_DEV = "https://docs.aws.amazon.com/lambda/latest/dg/";
const IAM_ARNS = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html";

const t = (type: string, ...attributes: string[]): RuleTarget => ({ type, attributes });
const fh = (...attributes: string[]): RuleTarget => t(FH, ...attributes);
const props = (...attributes: string[]): RuleTarget => t(PROPS, ...attributes);

/** Every destination block of a delivery stream, for rules that apply to all of them. */
const DEST_BLOCKS = [
  "extended_s3_configuration",
  "redshift_configuration",
  "opensearch_configuration",
  "elasticsearch_configuration",
  "opensearchserverless_configuration",
  "http_endpoint_configuration",
  "splunk_configuration",
  "snowflake_configuration",
  "iceberg_configuration",
];

export const RULES: readonly RuleDefinition[] = [
  // Buffering hints
  { id: "B1", title: "Extended S3 buffering: size 1-128 MiB, interval 0-900 s", severity: "error", targets: [fh("extended_s3_configuration.buffering_size", "extended_s3_configuration.buffering_interval")], docs: [`${FH_API}API_BufferingHints.html`, `${FH_DEV}buffering-hints.html`], rendered: true },
  { id: "B2", title: "Backup and intermediate S3 buffering (s3_configuration, s3_backup_configuration): size 1-128 MiB, interval 0-900 s", severity: "error", targets: [fh("*.s3_configuration.buffering_size", "*.s3_configuration.buffering_interval", "extended_s3_configuration.s3_backup_configuration.buffering_size", "extended_s3_configuration.s3_backup_configuration.buffering_interval")], docs: [`${FH_API}API_BufferingHints.html`], rendered: true },
  { id: "B3", title: "Iceberg buffering: size 1-128 MiB, interval 0-900 s", severity: "error", targets: [fh("iceberg_configuration.buffering_size", "iceberg_configuration.buffering_interval")], docs: [`${FH_API}API_BufferingHints.html`], rendered: true },
  { id: "B4", title: "OpenSearch / Elasticsearch / OpenSearch Serverless buffering: size 1-100 MiB, interval 0-900 s", severity: "error", targets: [fh("opensearch_configuration.buffering_size", "opensearch_configuration.buffering_interval", "opensearchserverless_configuration.buffering_size", "elasticsearch_configuration.buffering_size")], docs: [`${FH_API}API_AmazonopensearchserviceBufferingHints.html`], rendered: true },
  { id: "B5", title: "Splunk buffering: size 1-5 MiB, interval 0-60 s", severity: "error", targets: [fh("splunk_configuration.buffering_size", "splunk_configuration.buffering_interval")], docs: [`${FH_API}API_SplunkBufferingHints.html`], rendered: true },
  { id: "B6", title: "HTTP endpoint buffering: size 1-64 MiB (the provider allows up to 100), interval 0-900 s", severity: "error", targets: [fh("http_endpoint_configuration.buffering_size", "http_endpoint_configuration.buffering_interval")], docs: [`${FH_API}API_HttpEndpointBufferingHints.html`], rendered: true },
  { id: "B7", title: "Snowflake buffering: size 1-128 MiB, interval 0-900 s", severity: "error", targets: [fh("snowflake_configuration.buffering_size", "snowflake_configuration.buffering_interval")], docs: [`${FH_API}API_SnowflakeBufferingHints.html`], rendered: true },
  { id: "B9", title: "Dynamic partitioning needs an extended S3 buffering size of at least 64 MiB", severity: "error", targets: [fh("extended_s3_configuration.buffering_size", "extended_s3_configuration.dynamic_partitioning_configuration.enabled")], docs: [`${FH_DEV}buffering.html`, `${FH_DEV}dynamic-partitioning.html`], rendered: true },
  { id: "B10", title: "Dynamic partitioning needs a buffering interval of at least 60 s (no zero buffering)", severity: "error", targets: [fh("extended_s3_configuration.buffering_interval", "extended_s3_configuration.dynamic_partitioning_configuration.enabled")], docs: [`${FH_DEV}buffering.html`], rendered: true },
  { id: "B11", title: "Record format conversion needs an extended S3 buffering size of at least 64 MiB", severity: "error", targets: [fh("extended_s3_configuration.buffering_size", "extended_s3_configuration.data_format_conversion_configuration.enabled")], docs: [`${FH_DEV}record-format-conversion.html`], rendered: true },
  { id: "B12", title: "Zero buffering (interval 0) is not available for the S3 backup destination", severity: "warning", targets: [fh("extended_s3_configuration.s3_backup_configuration.buffering_interval", "*.s3_configuration.buffering_interval")], docs: [`${FH_DEV}create-configure-backup.html`, `${FH_DEV}buffering-hints.html`], rendered: true },

  { id: "B13", title: "With dynamic partitioning, delivery can lag the buffering interval by about 1.5x (DataFreshness alarm thresholds allow for it)", severity: "warning", targets: [t("aws_cloudwatch_metric_alarm", "threshold")], docs: [`${FH_DEV}buffering.html`] },

  // Dynamic partitioning and S3 prefixes
  { id: "DP1", title: "Dynamic-partitioning processors (MetadataExtraction, RecordDeAggregation) need dynamic partitioning enabled on an extended S3 destination", severity: "error", targets: [fh("extended_s3_configuration.processing_configuration.processors.type", "extended_s3_configuration.dynamic_partitioning_configuration.enabled")], docs: [`${FH_DEV}dynamic-partitioning.html`, `${FH_API}API_DynamicPartitioningConfiguration.html`], rendered: true },
  { id: "DP3", title: "Dynamic partitioning needs both prefix and error_output_prefix", severity: "error", targets: [fh("extended_s3_configuration.prefix", "extended_s3_configuration.error_output_prefix")], docs: [`${FH_DEV}dynamic-partitioning.html`], rendered: true },
  { id: "DP4", title: "Dynamic partitioning needs a key source: a MetadataExtraction processor or a Lambda processor", severity: "error", targets: [fh("extended_s3_configuration.processing_configuration.processors")], docs: [`${FH_DEV}dynamic-partitioning-partitioning-keys.html`], rendered: true },
  { id: "DP5", title: "Prefix expressions are !{namespace:value} with namespace partitionKeyFromQuery, partitionKeyFromLambda, timestamp or firehose", severity: "error", targets: [fh("extended_s3_configuration.prefix", "extended_s3_configuration.error_output_prefix")], docs: [`${FH_DEV}s3-prefixes.html`], rendered: true },
  { id: "DP6", title: "The partitionKeyFromQuery keys of the prefix must equal the keys of the MetadataExtraction query", severity: "error", targets: [fh("extended_s3_configuration.prefix", "extended_s3_configuration.processing_configuration.processors.parameters")], docs: [`${FH_DEV}dynamic-partitioning-partitioning-keys.html`], rendered: true },
  { id: "DP7", title: "!{partitionKeyFromLambda:...} needs a Lambda processor", severity: "error", targets: [fh("extended_s3_configuration.prefix")], docs: [`${FH_DEV}dynamic-partitioning.html`], rendered: true },
  { id: "DP8", title: "partitionKeyFrom* expressions need dynamic partitioning enabled", severity: "error", targets: [fh("extended_s3_configuration.prefix", "extended_s3_configuration.error_output_prefix")], docs: [`${FH_DEV}dynamic-partitioning.html`, `${FH_DEV}s3-prefixes.html`], rendered: true },
  { id: "DP9", title: "A MetadataExtraction query needs at least one key (more than 50 is warned)", severity: "error", targets: [fh("extended_s3_configuration.processing_configuration.processors.parameters")], docs: [`${FH_DEV}dynamic-partitioning-partitioning-keys.html`], rendered: true },
  { id: "DP10", title: "MetadataExtraction needs MetadataExtractionQuery (a jq 1.6 object expression) and JsonParsingEngine JQ-1.6", severity: "error", targets: [fh("extended_s3_configuration.processing_configuration.processors.parameters")], docs: [`${FH_DEV}dynamic-partitioning-partitioning-keys.html`, `${FH_API}API_ProcessorParameter.html`], rendered: true },
  { id: "DP11", title: "RecordDeAggregation: SubRecordType JSON or DELIMITED; DELIMITED needs a base64 Delimiter", severity: "error", targets: [fh("extended_s3_configuration.processing_configuration.processors.parameters")], docs: [`${FH_DEV}dynamic-partitioning-multirecord-deaggergation.html`], rendered: true },
  { id: "DP12", title: "CloudWatchLogProcessing must follow a Decompression processor", severity: "error", targets: [fh("*.processing_configuration.processors.type")], docs: [`${FH_DEV}dynamic-partitioning.html`, `${FH_API}API_Processor.html`], rendered: true },
  { id: "DP13", title: "Dynamic partitioning retry duration: 0-7200 s", severity: "error", targets: [fh("extended_s3_configuration.dynamic_partitioning_configuration.retry_duration")], docs: [`${FH_API}API_RetryOptions.html`, `${FH_API}API_DynamicPartitioningConfiguration.html`], rendered: true },
  { id: "DP14", title: "Active partitions: 500 per stream by default; records over the quota go to the error prefix (monitored, not checked)", severity: "warning", targets: [t("aws_cloudwatch_metric_alarm", "metric_name")], docs: [`${FH_DEV}limits.html`, `${FH_DEV}buffering.html`] },
  { id: "DP15", title: "!{timestamp:...} needs a Java DateTimeFormatter pattern", severity: "error", targets: [fh("extended_s3_configuration.prefix", "extended_s3_configuration.error_output_prefix")], docs: [`${FH_DEV}s3-prefixes.html`], rendered: true },
  { id: "DP16", title: "error_output_prefix may be empty only without prefix expressions; with expressions it needs !{firehose:error-output-type}, which prefix must not use", severity: "error", targets: [fh("extended_s3_configuration.prefix", "extended_s3_configuration.error_output_prefix")], docs: [`${FH_DEV}s3-prefixes.html`], rendered: true },
  { id: "DP17", title: "prefix and error_output_prefix: at most 1024 characters", severity: "error", targets: [fh("*.prefix", "*.error_output_prefix")], docs: [`${FH_API}API_ExtendedS3DestinationConfiguration.html`, `${FH_DEV}s3-prefixes.html`], rendered: true },
  { id: "DP18", title: "Redshift intermediate bucket: no prefix expressions and no error_output_prefix", severity: "error", targets: [fh("redshift_configuration.s3_configuration.prefix", "redshift_configuration.s3_configuration.error_output_prefix")], docs: [`${FH_DEV}s3-prefixes.html`], rendered: true },
  { id: "DP19", title: "custom_time_zone (at most 50 characters, a zone such as UTC) and file_extension (a '.' then lowercase letters, digits, !-_.*'() ; at most 50: the provider's limit, the API allows 128)", severity: "error", targets: [fh("extended_s3_configuration.custom_time_zone", "extended_s3_configuration.file_extension")], docs: [`${FH_API}API_ExtendedS3DestinationConfiguration.html`], rendered: true },

  // Lambda and other processors
  { id: "L1", title: "A Lambda processor needs its LambdaArn parameter (a function ARN, optionally with version or alias)", severity: "error", targets: [fh("*.processing_configuration.processors.parameters")], docs: [`${FH_API}API_ProcessorParameter.html`, `${FH_DEV}data-transformation.html`], rendered: true },
  { id: "L2", title: "Lambda processor BufferSizeInMBs: 0.2-3 MB", severity: "error", targets: [fh("*.processing_configuration.processors.parameters")], docs: [`${FH_DEV}data-transformation.html`, `${FH_API}API_ProcessorParameter.html`], rendered: true },
  { id: "L3", title: "Lambda processor BufferIntervalInSeconds: 0-900 s (under 60 s is warned)", severity: "error", targets: [fh("*.processing_configuration.processors.parameters")], docs: [`${FH_DEV}data-transformation.html`], rendered: true },
  { id: "L4", title: "Lambda processor NumberOfRetries: a non-negative integer (over 300 is warned)", severity: "error", targets: [fh("*.processing_configuration.processors.parameters")], docs: [`${FH_API}API_ProcessorParameter.html`, `${FH_DEV}data-transformation-failure-handling.html`], rendered: true },
  { id: "L6", title: "Processor parameter values: 1-5120 characters", severity: "error", targets: [fh("*.processing_configuration.processors.parameters.parameter_value")], docs: [`${FH_API}API_ProcessorParameter.html`], rendered: true },
  { id: "L8", title: "Firehose waits at most 5 minutes for a transformation function: a longer timeout only delays failure", severity: "warning", targets: [props("functionTimeoutSeconds"), fh("*.processing_configuration.processors.parameters"), t("aws_lambda_function", "timeout")], docs: [`${FH_DEV}data-transformation.html`], rendered: true },
  { id: "P1", title: "Each processor type at most once per destination; one Lambda processor per stream", severity: "error", targets: [fh("*.processing_configuration.processors.type")], docs: [`${FH_API}API_ProcessingConfiguration.html`, `${FH_DEV}data-transformation.html`], rendered: true },
  { id: "EN1", title: "Delivery stream enumerations: destination, extended S3 s3_backup_mode, index_rotation_period, hec_endpoint_type, content_encoding, document id format, processor type and parameter names take the values the API lists", severity: "error", targets: [fh("destination", "extended_s3_configuration.s3_backup_mode", "*.index_rotation_period", "splunk_configuration.hec_endpoint_type", "http_endpoint_configuration.request_configuration.content_encoding", "*.processing_configuration.processors.type", "*.processing_configuration.processors.parameters.parameter_name", "msk_source_configuration.authentication_configuration.connectivity")], docs: [`${FH_API}API_CreateDeliveryStream.html`, `${FH_API}API_ExtendedS3DestinationConfiguration.html`, `${FH_API}API_Processor.html`], rendered: true },
  { id: "R1", title: "Delivery retry duration of the legacy Elasticsearch block: 0-7200 s (the other destinations check theirs under their own rule)", severity: "error", targets: [fh("elasticsearch_configuration.retry_duration")], docs: [`${FH_API}API_RetryOptions.html`], rendered: true },
  { id: "L12", title: "Source-record backup can be enabled later but not disabled (extended S3, Redshift; Splunk: FailedEventsOnly to AllEvents only)", severity: "warning", targets: [fh("extended_s3_configuration.s3_backup_mode", "redshift_configuration.s3_backup_mode", "splunk_configuration.s3_backup_mode")], docs: [`${FH_DEV}create-configure-backup.html`, `${FH_API}API_ExtendedS3DestinationUpdate.html`, `${FH_API}API_RedshiftDestinationUpdate.html`] },
  { id: "S6", title: "Direct PUT quotas per stream (records, requests and bytes per second; raise them before throttling): monitored by alarms", severity: "warning", targets: [t("aws_cloudwatch_metric_alarm", "metric_query")], docs: [`${FH_DEV}limits.html`] },
  { id: "BK1", title: "An S3 backup mode that backs data up (extended S3 \"Enabled\") needs its s3_backup_configuration", severity: "error", targets: [fh("extended_s3_configuration.s3_backup_mode", "extended_s3_configuration.s3_backup_configuration")], docs: [`${FH_API}API_ExtendedS3DestinationConfiguration.html`, `${FH_DEV}create-configure-backup.html`], rendered: true },
  { id: "D1", title: "Only the configuration block named by destination is used; other destination blocks are ignored", severity: "warning", targets: [fh("destination", ...DEST_BLOCKS)], docs: [`${FH_API}API_CreateDeliveryStream.html`], rendered: true },
  { id: "D2", title: "The destination needs its configuration block (e.g. destination extended_s3 needs extended_s3_configuration)", severity: "error", targets: [fh("destination", ...DEST_BLOCKS)], docs: [`${FH_API}API_CreateDeliveryStream.html`], rendered: true },
  { id: "CW1", title: "CloudWatch error logging enabled needs log_group_name and log_stream_name", severity: "warning", targets: [fh("*.cloudwatch_logging_options.enabled", "*.cloudwatch_logging_options.log_group_name", "*.cloudwatch_logging_options.log_stream_name")], docs: [`${FH_API}API_CloudWatchLoggingOptions.html`], rendered: true },

  // Record format conversion
  { id: "F3", title: "Format conversion needs exactly one deserializer and exactly one serializer", severity: "error", targets: [fh("extended_s3_configuration.data_format_conversion_configuration.input_format_configuration.deserializer", "extended_s3_configuration.data_format_conversion_configuration.output_format_configuration.serializer")], docs: [`${FH_API}API_Deserializer.html`, `${FH_API}API_Serializer.html`], rendered: true },
  { id: "F4", title: "Format conversion schema_configuration needs database_name, table_name and role_arn (same account)", severity: "error", targets: [fh("extended_s3_configuration.data_format_conversion_configuration.schema_configuration")], docs: [`${FH_API}API_SchemaConfiguration.html`], rendered: true },
  { id: "F6", title: "Format conversion needs compression_format UNCOMPRESSED (the serializer compresses)", severity: "error", targets: [fh("extended_s3_configuration.compression_format")], docs: [`${FH_DEV}record-format-conversion.html`], rendered: true },
  { id: "F7", title: "Parquet: block size at least 64 MiB, page size at least 64 KiB, compression UNCOMPRESSED/GZIP/SNAPPY, writer version V1/V2", severity: "error", targets: [fh("extended_s3_configuration.data_format_conversion_configuration.output_format_configuration.serializer.parquet_ser_de")], docs: [`${FH_API}API_ParquetSerDe.html`], rendered: true },
  { id: "F8", title: "ORC: stripe size at least 8 MiB, block size at least 64 MiB, row index stride at least 1000, compression NONE/ZLIB/SNAPPY, proportions in [0, 1]", severity: "error", targets: [fh("extended_s3_configuration.data_format_conversion_configuration.output_format_configuration.serializer.orc_ser_de")], docs: [`${FH_API}API_OrcSerDe.html`], rendered: true },
  { id: "F9", title: "Hive JSON timestamp formats are Joda-Time patterns or millis", severity: "error", targets: [fh("extended_s3_configuration.data_format_conversion_configuration.input_format_configuration.deserializer.hive_json_ser_de.timestamp_formats")], docs: [`${FH_API}API_HiveJsonSerDe.html`], rendered: true },

  // Sources and encryption
  { id: "S1", title: "Kinesis source: a Kinesis data stream ARN and a role", severity: "error", targets: [fh("kinesis_source_configuration.kinesis_stream_arn", "kinesis_source_configuration.role_arn")], docs: [`${FH_API}API_KinesisStreamSourceConfiguration.html`], rendered: true },
  { id: "S2", title: "Server-side encryption cannot be combined with a Kinesis or MSK source (encrypt the source stream instead)", severity: "error", targets: [fh("server_side_encryption.enabled", "kinesis_source_configuration", "msk_source_configuration")], docs: [`${FH_API}API_StartDeliveryStreamEncryption.html`], rendered: true },
  { id: "S3", title: "Server-side encryption: key_type AWS_OWNED_CMK or CUSTOMER_MANAGED_CMK; key_arn required exactly with CUSTOMER_MANAGED_CMK", severity: "error", targets: [fh("server_side_encryption.key_type", "server_side_encryption.key_arn")], docs: [`${FH_API}API_DeliveryStreamEncryptionConfigurationInput.html`], rendered: true },
  { id: "S4", title: "MSK source: cluster ARN, topic 1-255 of [a-zA-Z0-9._-], connectivity PUBLIC or PRIVATE, role", severity: "error", targets: [fh("msk_source_configuration.msk_cluster_arn", "msk_source_configuration.topic_name", "msk_source_configuration.authentication_configuration")], docs: [`${FH_API}API_MSKSourceConfiguration.html`], rendered: true },
  { id: "S5", title: "Backup settings are supported only for Direct PUT and Kinesis sources", severity: "warning", targets: [fh("msk_source_configuration", "extended_s3_configuration.s3_backup_mode")], docs: [`${FH_DEV}create-configure-backup.html`], rendered: true },

  // Kinesis data streams
  { id: "K1", title: "Kinesis stream mode: PROVISIONED or ON_DEMAND", severity: "error", targets: [t(KDS, "stream_mode_details.stream_mode")], docs: [`${KDS_API}API_StreamModeDetails.html`], rendered: true },
  { id: "K2", title: "ON_DEMAND streams take no shard count", severity: "error", targets: [t(KDS, "shard_count", "stream_mode_details.stream_mode")], docs: [`${KDS_API}API_CreateStream.html`], rendered: true },
  { id: "K3", title: "PROVISIONED streams (the default mode) need a shard count of at least 1", severity: "error", targets: [t(KDS, "shard_count", "stream_mode_details.stream_mode")], docs: [`${KDS_API}API_CreateStream.html`], rendered: true },
  { id: "K4", title: "Kinesis retention period: 24-8760 hours", severity: "error", targets: [t(KDS, "retention_period")], docs: [`${KDS_API}API_IncreaseStreamRetentionPeriod.html`], rendered: true },
  { id: "K5", title: "Kinesis encryption_type NONE or KMS; KMS needs kms_key_id (key id, ARN or alias)", severity: "error", targets: [t(KDS, "encryption_type", "kms_key_id")], docs: [`${KDS_API}API_StartStreamEncryption.html`], rendered: true },
  { id: "K6", title: "shard_level_metrics: 1-7 of the Kinesis shard metric names", severity: "error", targets: [t(KDS, "shard_level_metrics")], docs: [`${KDS_API}API_EnableEnhancedMonitoring.html`], rendered: true },
  { id: "K7", title: "Kinesis stream name: 1-128 of letters, digits, '_', '.', '-'", severity: "error", targets: [t(KDS, "name")], docs: [`${KDS_API}API_CreateStream.html`], rendered: true },

  // EventBridge targets
  { id: "E1", title: "An EventBridge target delivering to Firehose needs role_arn (a role EventBridge assumes to call PutRecordBatch)", severity: "error", targets: [t(EBT, "arn", "role_arn")], docs: [`${EB_API}API_Target.html`, `${EB_DEV}eb-targets.html`], rendered: true },
  { id: "E2", title: "Retry policy: maximum_retry_attempts 0-185, maximum_event_age_in_seconds 60-86400", severity: "error", targets: [t(EBT, "retry_policy.maximum_retry_attempts", "retry_policy.maximum_event_age_in_seconds")], docs: [`${EB_API}API_RetryPolicy.html`, `${EB_DEV}eb-rule-retry-policy.html`], rendered: true },
  { id: "E3", title: "Dead-letter queue: a standard SQS queue ARN (FIFO queues are not supported)", severity: "error", targets: [t(EBT, "dead_letter_config.arn")], docs: [`${EB_API}API_DeadLetterConfig.html`, `${EB_DEV}eb-rule-dlq.html`], rendered: true },
  { id: "E4", title: "input, input_path and input_transformer are mutually exclusive; input is JSON of at most 8192 characters, input_path at most 256, at most 100 input paths", severity: "error", targets: [t(EBT, "input", "input_path", "input_transformer")], docs: [`${EB_API}API_Target.html`, `${EB_API}API_InputTransformer.html`], rendered: true },
  { id: "E5", title: "At most 5 targets per rule; Firehose adds no delimiter between events (end the template with a newline or use AppendDelimiterToRecord)", severity: "error", targets: [t(EBT, "rule", "event_bus_name"), props("deliveryStreams", "additionalDeliveryStreams", "inputTransformer.inputTemplate")], docs: [`${EB_API}API_PutTargets.html`, `${EB_DEV}eb-quota.html`], rendered: true },
  { id: "E6", title: "EventBridge target fields: rule and target_id 1-64 of [.-_A-Za-z0-9], event_bus_name (a bus name or ARN), arn and role_arn 1-1600 characters", severity: "error", targets: [t(EBT, "rule", "target_id", "event_bus_name", "arn", "role_arn")], docs: [`${EB_API}API_PutTargets.html`, `${EB_API}API_Target.html`], rendered: true },

  // Names
  { id: "N-FIREHOSE", title: "Delivery stream name: 1-64 of letters, digits, '_', '.', '-'", severity: "error", targets: [fh("name")], docs: [`${FH_API}API_CreateDeliveryStream.html`], rendered: true },
  { id: "N-S3", title: "S3 bucket name rules (3-63 lowercase letters, digits, '.', '-'; no reserved prefixes or suffixes)", severity: "error", targets: [t("aws_s3_bucket", "bucket")], docs: ["https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html"] },
  { id: "N-LAMBDA", title: "Lambda function name: 1-64 of letters, digits, '-', '_'", severity: "error", targets: [t("aws_lambda_function", "function_name")], docs: ["https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html"] },
  { id: "N-IAM", title: "A derived IAM role name must fit IAM's 64 characters", severity: "error", targets: [t("aws_iam_role", "name")], docs: ["https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html"] },
  { id: "N-OPENSEARCH", title: "OpenSearch domain name: 3-28 characters, a lowercase letter then lowercase letters, digits, '-'", severity: "error", targets: [t("aws_opensearch_domain", "domain_name")], docs: [`${OS_DEV}createupdatedomains.html`] },
  { id: "N-RULE", title: "EventBridge rule name 1-64 of [.-_A-Za-z0-9]; description at most 512 characters", severity: "error", targets: [t("aws_cloudwatch_event_rule", "name", "description")], docs: [`${EB_API}API_PutRule.html`] },

  // Destinations
  { id: "S3-COMPRESSION", title: "S3 compression: UNCOMPRESSED, GZIP, ZIP, Snappy or HADOOP_SNAPPY", severity: "error", targets: [fh("extended_s3_configuration.compression_format", "*.s3_configuration.compression_format", "*.s3_backup_configuration.compression_format")], docs: [`${FH_API}API_ExtendedS3DestinationConfiguration.html`, `${FH_API}API_S3DestinationConfiguration.html`], rendered: true },
  { id: "REDSHIFT", title: "Redshift: JDBC URL, table and column limits, credentials (username and password, or a secret), retry 0-7200 s, s3_backup_mode Disabled or Enabled, intermediate files COPY can read", severity: "error", targets: [fh("redshift_configuration.cluster_jdbcurl", "redshift_configuration.retry_duration", "redshift_configuration.s3_backup_mode", "redshift_configuration.username", "redshift_configuration.password", "redshift_configuration.secrets_manager_configuration", "redshift_configuration.s3_configuration.compression_format")], docs: [`${FH_API}API_RedshiftDestinationConfiguration.html`, "https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-file-compression.html"], rendered: true },
  { id: "SPLUNK", title: "Splunk: HEC endpoint (at most 2048), endpoint type Raw or Event, HEC token or a secret, acknowledgement timeout 180-600 s, retry 0-7200 s, s3_backup_mode FailedEventsOnly or AllEvents", severity: "error", targets: [fh("splunk_configuration.hec_endpoint", "splunk_configuration.retry_duration", "splunk_configuration.s3_backup_mode", "splunk_configuration.hec_endpoint_type", "splunk_configuration.hec_token", "splunk_configuration.hec_acknowledgment_timeout", "splunk_configuration.secrets_manager_configuration")], docs: [`${FH_API}API_SplunkDestinationConfiguration.html`], rendered: true },
  { id: "HTTP", title: "HTTP endpoint: https URL (1-1000), name 1-256, access key (at most 4096) or a secret, content encoding NONE or GZIP, at most 50 common attributes (names 1-256, values at most 1024), retry 0-7200 s, s3_backup_mode FailedDataOnly or AllData", severity: "error", targets: [fh("http_endpoint_configuration.url", "http_endpoint_configuration.retry_duration", "http_endpoint_configuration.s3_backup_mode", "http_endpoint_configuration.name", "http_endpoint_configuration.access_key", "http_endpoint_configuration.request_configuration")], docs: [`${FH_API}API_HttpEndpointDestinationConfiguration.html`, `${FH_API}API_HttpEndpointRequestConfiguration.html`], rendered: true },
  { id: "SM", title: "Secrets Manager: a secret ARN in the stream's region; names, KMS keys and recovery window (0 or 7-30 days)", severity: "error", targets: [fh("*.secrets_manager_configuration.secret_arn"), t("aws_secretsmanager_secret", "name", "kms_key_id", "recovery_window_in_days")], docs: [`${FH_API}API_SecretsManagerConfiguration.html`, `${FH_DEV}secrets-manager-whats-secret.html`], rendered: true },
  { id: "OS-ENDPOINT", title: "OpenSearch: exactly one of domain_arn and cluster_endpoint (an https URL)", severity: "error", targets: [fh("opensearch_configuration.domain_arn", "opensearch_configuration.cluster_endpoint", "elasticsearch_configuration.domain_arn", "elasticsearch_configuration.cluster_endpoint")], docs: [`${FH_API}API_AmazonopensearchserviceDestinationConfiguration.html`], rendered: true },
  { id: "OS-INDEX", title: "OpenSearch index name: 1-80 characters OpenSearch accepts (lowercase, no spaces or reserved characters), no !{...} expressions; type name at most 100", severity: "error", targets: [fh("opensearch_configuration.index_name", "opensearch_configuration.type_name", "opensearchserverless_configuration.index_name")], docs: [`${FH_API}API_AmazonopensearchserviceDestinationConfiguration.html`], rendered: true },
  { id: "OS-ROTATION", title: "OpenSearch index rotation: NoRotation, OneHour, OneDay, OneWeek or OneMonth", severity: "error", targets: [fh("opensearch_configuration.index_rotation_period")], docs: [`${FH_API}API_AmazonopensearchserviceDestinationConfiguration.html`], rendered: true },
  { id: "OS-DOCID", title: "OpenSearch document id format: FIREHOSE_DEFAULT or NO_DOCUMENT_ID", severity: "error", targets: [fh("opensearch_configuration.document_id_options.default_document_id_format")], docs: [`${FH_API}API_DocumentIdOptions.html`], rendered: true },
  { id: "OS-BACKUP", title: "OpenSearch backup mode: FailedDocumentsOnly or AllDocuments", severity: "error", targets: [fh("opensearch_configuration.s3_backup_mode", "opensearchserverless_configuration.s3_backup_mode")], docs: [`${FH_API}API_AmazonopensearchserviceDestinationConfiguration.html`], rendered: true },
  { id: "OS-RETRY", title: "OpenSearch retry duration: 0-7200 s", severity: "error", targets: [fh("opensearch_configuration.retry_duration", "opensearchserverless_configuration.retry_duration")], docs: [`${FH_API}API_AmazonopensearchserviceRetryOptions.html`, `${FH_API}API_AmazonOpenSearchServerlessRetryOptions.html`], rendered: true },
  { id: "OS-VPC", title: "OpenSearch delivery in a VPC: 1-16 subnets, 1-5 security groups, well-formed ids, none twice", severity: "error", targets: [fh("opensearch_configuration.vpc_config.subnet_ids", "opensearch_configuration.vpc_config.security_group_ids")], docs: [`${FH_API}API_VpcConfiguration.html`], rendered: true },
  { id: "AOSS-ENDPOINT", title: "OpenSearch Serverless: collection_endpoint required (https, at most 512 characters)", severity: "error", targets: [fh("opensearchserverless_configuration.collection_endpoint")], docs: [`${FH_API}API_AmazonOpenSearchServerlessDestinationConfiguration.html`], rendered: true },
  { id: "OS-DOMAIN", title: "Created OpenSearch domains: engine version, instance types with encryption at rest, instance and master counts, zone awareness, gp3 volume limits, VPC subnets per zone", severity: "error", targets: [t("aws_opensearch_domain", "engine_version", "cluster_config", "ebs_options", "vpc_options", "encrypt_at_rest")], docs: [`${OS_DEV}createupdatedomains.html`, `${OS_DEV}limits.html`, `${OS_DEV}encryption-at-rest.html`] },
  { id: "OS-FGAC", title: "Fine-grained access control needs the IAM ARN of its master user", severity: "error", targets: [t("aws_opensearch_domain", "advanced_security_options.master_user_options.master_user_arn")], docs: [`${OS_DEV}fgac.html`] },
  { id: "OS-ACCESS", title: "OpenSearch access policy principals are IAM role, user or account root ARNs", severity: "error", targets: [t("aws_opensearch_domain_policy", "access_policies")], docs: [`${OS_DEV}ac.html`, IAM_ARNS] },
  { id: "GLUE", title: "Glue names and columns: lowercase names, unique columns, valid Glue types, partition columns apart from data columns", severity: "error", targets: [t("aws_glue_catalog_table", "name", "database_name", "storage_descriptor.columns", "partition_keys")], docs: ["https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html", "https://docs.aws.amazon.com/glue/latest/webapi/API_Column.html"] },
  { id: "S3-LIFECYCLE", title: "S3 lifecycle: STANDARD_IA after at least 30 days, Glacier 30 days after STANDARD_IA, expiration after every transition", severity: "error", targets: [t("aws_s3_bucket_lifecycle_configuration", "rule")], docs: ["https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html"] },
  { id: "LOGS", title: "CloudWatch Logs retention: one of the values PutRetentionPolicy accepts", severity: "error", targets: [t("aws_cloudwatch_log_group", "retention_in_days")], docs: ["https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html"] },

  // EventBridge rules, buses, archives
  { id: "EB-RULE", title: "EventBridge rule: exactly one of event pattern (a non-empty JSON object) and schedule expression; schedules only on the default bus", severity: "error", targets: [t("aws_cloudwatch_event_rule", "event_pattern", "schedule_expression", "event_bus_name")], docs: [`${EB_API}API_PutRule.html`, `${EB_DEV}eb-event-patterns.html`, `${EB_DEV}eb-create-rule-schedule.html`] },
  { id: "EB-BUS", title: "Event bus: an existing name or a created bus, not both; custom buses are not named 'default' and contain no '/'", severity: "error", targets: [t("aws_cloudwatch_event_bus", "name")], docs: [`${EB_API}API_CreateEventBus.html`] },
  { id: "EB-ARCHIVE", title: "Event archive retention: 0 (forever) or more days", severity: "error", targets: [t("aws_cloudwatch_event_archive", "retention_days")], docs: [`${EB_API}API_CreateArchive.html`] },

  // Lambda functions
  { id: "LF1", title: "Lambda environment: variable names letters, digits and '_' (not AWS_*), at most 4 KB in total", severity: "error", targets: [t("aws_lambda_function", "environment.variables")], docs: [`${LAMBDA_DEV}configuration-envvars.html`, `${LAMBDA_DEV}gettingstarted-limits.html`] },
  { id: "LF2", title: "Lambda handler: a built-in processor or a custom entry file", severity: "error", targets: [props("handler")], docs: ["README.md#lambda-processors-lossless-and-6-mb-safe"] },
  { id: "LF3", title: "Lambda memory: 128-10240 MB", severity: "error", targets: [t("aws_lambda_function", "memory_size")], docs: [`${LAMBDA_DEV}configuration-memory.html`] },
  { id: "LF4", title: "Lambda reserved concurrency: 0 or more", severity: "error", targets: [t("aws_lambda_function", "reserved_concurrent_executions")], docs: [`${LAMBDA_DEV}configuration-concurrency.html`] },
  { id: "LF5", title: "Re-ingestion target: { kind: 'firehose' | 'kinesis' | 'none' } with its stream", severity: "error", targets: [props("reingest")], docs: [`${FH_DEV}data-transformation.html`] },

  // Identifiers
  { id: "A1", title: "AWS account ids are 12 digits", severity: "error", targets: [props("accountId")], docs: ["https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html"] },
  { id: "A2", title: "ARNs have the format of their service and resource type", severity: "error", targets: [props("role.roleArn", "reingest.streamArn", "reingest.kmsKeyArn")], docs: [IAM_ARNS] },
  { id: "A3", title: "AWS Regions are codes such as eu-west-1", severity: "error", targets: [props("region", "reingest.region", "roleMappingOutput.region")], docs: ["https://docs.aws.amazon.com/general/latest/gr/rande.html"] },
  { id: "A4", title: "AWS partitions: aws, aws-cn, aws-us-gov", severity: "error", targets: [props("reingest.partition")], docs: [IAM_ARNS] },
  { id: "TF-OUTPUT", title: "Terraform output names are identifiers: a letter or '_', then letters, digits, '_' or '-'", severity: "error", targets: [props("roleMappingOutput.outputName")], docs: ["README.md#real-time-analytics-firehose-to-amazon-opensearch-service"] },

  // This library's settings
  { id: "X1", title: "Alternative construct props: give exactly one of each documented pair (existing or created resource, complete or partial value), and the companions each needs", severity: "error", targets: [props("bucket", "bucketProps", "createStreamKey", "backup", "prefix", "dataPrefix", "errorPrefix", "errorOutputPrefix", "formatConversion", "role", "roleName", "domain", "existingDomain", "backupBucket", "backupBucketName")], docs: ["README.md#use-the-constructs-from-your-own-cdktf-project"] },
  { id: "FANOUT", title: "Fan-out: one stream source (created or existing), a backup bucket, at least one destination, unique destination names of a known kind", severity: "error", targets: [props("stream", "existingStream", "backupBucket", "backupBucketProps", "destinations")], docs: ["README.md#fan-out-one-kinesis-data-stream-to-redshift-http-endpoints-splunk-and-s3"] },
  { id: "MON", title: "Monitoring: alarm periods (10, 20, 30 or a multiple of 60 s), evaluation periods within a day, known alarm names and thresholds, valid topics and subscriptions", severity: "error", targets: [t("aws_cloudwatch_metric_alarm", "period", "evaluation_periods", "threshold"), t("aws_sns_topic_subscription", "protocol", "endpoint")], docs: ["https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html", "https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html"] },
  // Added with the Iceberg and Snowflake destinations, the encryption switch and the day-2 checks
  { id: "ICEBERG", title: "Iceberg destination: retry 0-7200 s, s3_backup_mode FailedDataOnly or AllData, and an S3 backup bucket (s3_configuration)", severity: "error", targets: [fh("iceberg_configuration.retry_duration", "iceberg_configuration.s3_backup_mode", "iceberg_configuration.s3_configuration")], docs: [`${FH_API}API_IcebergDestinationConfiguration.html`], rendered: true },
  { id: "ICEBERG-CATALOG", title: "Iceberg catalog: a Glue Data Catalog ARN (arn:aws:glue:<region>:<account>:catalog) or an S3 Tables catalog (catalog/s3tablescatalog/<table bucket>); a Glue catalog needs a warehouse location", severity: "error", targets: [fh("iceberg_configuration.catalog_arn")], docs: [`${FH_API}API_CatalogConfiguration.html`, "https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-buckets-naming.html"], rendered: true },
  { id: "ICEBERG-TABLE", title: "Iceberg tables: at least one, none twice, valid database and table names, unique keys non-empty and distinct, error output prefix at most 1024 characters", severity: "error", targets: [fh("iceberg_configuration.destination_table_configuration")], docs: [`${FH_API}API_DestinationTableConfiguration.html`, "https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-buckets-naming.html"], rendered: true },
  { id: "ICEBERG-ROUTING", title: "Several Iceberg tables need a router (a jq MetadataExtraction query or a Lambda processor) giving destinationDatabaseName, destinationTableName and operation only", severity: "error", targets: [fh("iceberg_configuration.processing_configuration.processors")], docs: [`${FH_DEV}apache-iceberg-format-input-record-different.html`], rendered: true },
  { id: "ICEBERG-PROCESSOR", title: "Processors AWS does not document for Iceberg destinations", severity: "warning", targets: [fh("iceberg_configuration.processing_configuration.processors.type")], docs: [`${FH_DEV}apache-iceberg-format-input-record-different.html`] , rendered: true },
  { id: "SNOWFLAKE", title: "Snowflake destination: an HTTPS account URL (<account>.snowflakecomputing.com), database, schema, table and role of 1-255 characters, retry 0-7200 s, backup mode, an S3 backup bucket", severity: "error", targets: [fh("snowflake_configuration.account_url", "snowflake_configuration.database", "snowflake_configuration.schema", "snowflake_configuration.table", "snowflake_configuration.retry_duration", "snowflake_configuration.s3_backup_mode")], docs: [`${FH_API}API_SnowflakeDestinationConfiguration.html`], rendered: true },
  { id: "SNOWFLAKE-AUTH", title: "Snowflake key-pair credentials: a Secrets Manager secret (the constructs accept nothing else: no private key, passphrase or user in configuration or state), or user and private_key", severity: "error", targets: [fh("snowflake_configuration.private_key", "snowflake_configuration.key_passphrase", "snowflake_configuration.user", "snowflake_configuration.secrets_manager_configuration")], docs: [`${FH_DEV}secrets-manager-whats-secret.html`, `${FH_API}API_SnowflakeDestinationConfiguration.html`], rendered: true },
  { id: "SNOWFLAKE-LOADING", title: "Snowflake data loading option JSON_MAPPING, VARIANT_CONTENT_MAPPING or VARIANT_CONTENT_AND_METADATA_MAPPING, with exactly the content and metadata columns it uses", severity: "error", targets: [fh("snowflake_configuration.data_loading_option", "snowflake_configuration.content_column_name", "snowflake_configuration.metadata_column_name")], docs: [`${FH_API}API_SnowflakeDestinationConfiguration.html`], rendered: true },
  { id: "SNOWFLAKE-PRIVATELINK", title: "Snowflake PrivateLink: the VPC endpoint service name (com.amazonaws.vpce.<region>.vpce-svc-...), 47-255 characters", severity: "error", targets: [fh("snowflake_configuration.snowflake_vpc_configuration.private_link_vpce_id")], docs: [`${FH_API}API_SnowflakeVpcConfiguration.html`], rendered: true },
  { id: "SNOWFLAKE-PROCESSOR", title: "Only Lambda processing is documented for Snowflake destinations", severity: "warning", targets: [fh("snowflake_configuration.processing_configuration.processors.type")], docs: [`${FH_DEV}data-transformation.html`] , rendered: true },
  { id: "DP20", title: "custom_time_zone is an IANA time zone, written in its exact case", severity: "error", targets: [fh("extended_s3_configuration.custom_time_zone")], docs: [`${FH_DEV}s3-prefixes.html`, `${FH_API}API_ExtendedS3DestinationConfiguration.html`] , rendered: true },
  { id: "N-FIREHOSE-UNIQUE", title: "Delivery stream names are unique per account and region: two streams of one name in a stack, or in stacks of the same account and region, are refused", severity: "error", targets: [fh("name")], docs: [`${FH_API}API_CreateDeliveryStream.html`] , rendered: true },
  { id: "LF6", title: "A processor function re-ingests into the stream it is attached to, with the kind its source needs (firehose for Direct PUT, kinesis with the source stream's ARN)", severity: "error", targets: [props("reingest")], docs: [`${FH_API}API_PutRecordBatch.html`, `${KDS_API}API_PutRecords.html`] },
  { id: "X2", title: "Required props are present and of the right kind (checked for plain JavaScript callers too)", severity: "error", targets: [props("(every construct's required props)")], docs: ["README.md#validation"] },
  { id: "ENCRYPTION", title: "encryption is \"customer-managed\" or \"aws-owned\"; encryptionKey only with customer-managed, and a KMS key ARN", severity: "error", targets: [props("encryption", "encryptionKey")], docs: ["https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html", `${FH_DEV}encryption.html`] },
  { id: "MON-STORAGE", title: "An OpenSearch FreeStorageSpace threshold at or above what a node can report free (volume less the 20% OpenSearch reserves) never clears", severity: "error", targets: [t("aws_cloudwatch_metric_alarm", "threshold"), t("aws_opensearch_domain", "ebs_options.volume_size")], docs: [`${OS_DEV}cloudwatch-alarms.html`, `${OS_DEV}sizing-domains.html`] },
  { id: "FANOUT-CAPACITY", title: "At most 4 Firehose consumers on a provisioned Kinesis stream (5 reads/s per shard); an expected write rate (a FanOut prop, not rendered) beyond the shards' write or shared read capacity is warned", severity: "error", targets: [t(KDS, "shard_count"), fh("kinesis_source_configuration.kinesis_stream_arn")], docs: ["https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html"] , rendered: true },
  { id: "REDSHIFT-STAGING", title: "Redshift staging files expire (1 day or more after COPY); a source backup must not sit under the staging prefix", severity: "error", targets: [fh("redshift_configuration.s3_configuration.prefix", "redshift_configuration.s3_backup_configuration.prefix"), t("aws_s3_bucket_lifecycle_configuration", "rule")], docs: [`${FH_DEV}create-destination.html`, "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lifecycle-mgmt.html"] },
  { id: "C1", title: "Environment file: default-exports defineEnvironment({...}) with a region, tags of text, a local or s3 backend and a pipelines array", severity: "error", targets: [props("region", "accountId", "tags", "backend", "pipelines")], docs: ["README.md#add-an-environment"] },
  { id: "C2", title: "Environment pipelines: a known kind, a unique name of 1-24 lowercase letters, digits or '-', and the settings of that kind", severity: "error", targets: [props("pipelines")], docs: ["README.md#add-an-environment"] },
];

const BY_ID = new Map(RULES.map((r) => [r.id, r]));
if (BY_ID.size !== RULES.length) throw new Error("duplicate rule id in the rules registry");

/** The rule with this id, or undefined. */
export function ruleById(id: string): RuleDefinition | undefined {
  return BY_ID.get(id);
}

/** Where the rule is documented: its first AWS URL, else this repository's rule list. */
export function ruleDocUrl(id: string): string | undefined {
  const rule = BY_ID.get(id);
  if (!rule) return undefined;
  return rule.docs.find((d) => d.startsWith("https://")) ?? `docs/rules.md#${id.toLowerCase()}`;
}
