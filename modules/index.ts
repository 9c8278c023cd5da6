/**
 * Public API of cdktf-firehose-pipelines: everything a user may import, named one by one. What is not listed here is
 * internal and may change in any release (files under `private/` folders are never exported). The API report
 * `api/cdktf-firehose-pipelines.api.md` shows this surface; `npm run api:report` regenerates it.
 */
import * as Patterns from "./core/patterns";

// Core: encryption, IAM shapes, validation errors, rules registry, input patterns.
export { Patterns };
export { ENCRYPTION_CHOICES, PipelineKey } from "./core/encryption";
export type { EncryptionChoice, EncryptionKeyRef, EncryptionProps, PipelineKeyProps } from "./core/encryption";
export { ServiceRole } from "./core/iam";
export type { IRoleLike, PolicyStatement, ServiceRoleProps } from "./core/iam";
export { FirehoseValidationError, formatProblem, Validator } from "./core/validation";
export type { RequiredKind, ValidationProblem } from "./core/validation";
export { RULES, ruleById, ruleDocUrl } from "./core/rules";
export type { RuleDefinition, RuleSeverity, RuleTarget } from "./core/rules";

// Checks on rendered Terraform (synth aspect and the `check` command).
export { RenderedChecks } from "./checks/aspect";
export type { SkipOptions } from "./checks/aspect";
export { CHECKED_RESOURCE_TYPES } from "./checks/engine";
export type { Finding } from "./checks/engine";
export { CheckInputError, checkTerraformDocument } from "./checks/input";
export type { RenderedResource } from "./checks/input";

// Constructs, their props, destinations, sources and processors.
export { PARTITIONER_TIME_KEYS } from "./data-lake-ingestion";
export type { DataLakePartitionerProps, PartitionerTimeKey } from "./data-lake-ingestion";
export { DataLakeIngestion, GlueSchemaTable, ICEBERG_PREVIEW_NOTE, IcebergDataLake, PARTITIONING_FAILED, previewIcebergRouting, previewPartitions, RANDOM_STRING_PLACEHOLDER, RecordFormatConversion } from "./data-lake-ingestion";
export type { DataLakeBackupProps, DataLakeFormatConversionProps, DataLakeIngestionProps, DataLakePartitioningProps, ExistingGlueTable, FormatConversionOptions, GlueColumn, GlueSchemaProps, GlueSchemaTableProps, GlueTableRef, HiveJsonDeserializer, IcebergDataLakeProps, IcebergLakeTableProps, IcebergRouting, IcebergRoutingPreview, IcebergRoutingPreviewConfig, JsonDeserializer, LambdaPartitioningProps, OpenXJsonDeserializer, OrcOutput, ParquetOutput, PartitionPreview, PartitionPreviewConfig, RecordFormatConversionProps } from "./data-lake-ingestion";
export { AppendDelimiterToRecordProcessor, CloudWatchLogProcessingProcessor, DecompressionProcessor, DeliveryStreamBase, DirectPutSource, FirehoseDeliveryStream, hivePartitionPrefix, HOURLY_TIME_FOLDERS, KinesisStreamSource, LambdaProcessor, MetadataExtractionProcessor, MskSource, partitionErrorPrefix, RecordDeAggregationProcessor } from "./delivery-stream";
export type { DeliveryStreamImportProps, GrantResult, IDeliveryStreamRef, CloudWatchLoggingOptions, DestinationBindContext, DestinationBinding, DestinationInfo, DestinationKind, DestinationValidationContext, FirehoseDeliveryStreamProps, IDestination, ILoggingTarget, IProcessor, ISource, KinesisStreamSourceProps, LambdaProcessorProps, LambdaReingestDescription, MetadataExtractionProcessorProps, MskSourceProps, PartitionNamespace, ProcessorType, RecordDeAggregationProcessorProps, RenderedProcessor, SourceBinding, SourceKind, StreamEncryption, StreamLoggingProps } from "./delivery-stream";
export { DestinationSecret, ExtendedS3Destination, HttpEndpointDestination, IcebergDestination, OpenSearchDestination, OpenSearchServerlessDestination, RedshiftDestination, SnowflakeDestination, SplunkDestination } from "./destinations";
export type { BucketRef, DestinationSecretProps, ExtendedS3DestinationProps, GlueIcebergCatalog, HttpEndpointBackupMode, HttpEndpointDestinationProps, IcebergBackupMode, IcebergCatalogProps, IcebergDestinationProps, IcebergTableProps, IDataFormatConversion, OpenSearchBackupMode, OpenSearchBackupProps, OpenSearchCommonProps, OpenSearchDestinationProps, OpenSearchDocumentIdFormat, OpenSearchIndexRotation, OpenSearchServerlessDestinationProps, OpenSearchVpcProps, PrefixExpiration, RedshiftDestinationProps, S3BackupProps, S3Compression, S3TablesIcebergCatalog, SecretRef, SecretSource, SnowflakeBackupMode, SnowflakeDataLoading, SnowflakeDestinationProps, SplunkBackupMode, SplunkDestinationProps } from "./destinations";
export { EVENT_PARTITION_KEYS, EventDataLake, EventIngestion } from "./event-ingestion";
export type { EventDataLakeProps, EventDeadLetterQueue, EventIngestionProps, EventRetryPolicy, NewlineDelimiter, TargetInputProps } from "./event-ingestion";
export { FanOut } from "./fan-out";
export type { FanOutBackupProps, FanOutDestination, FanOutDestinationBase, FanOutHttpEndpoint, FanOutProps, FanOutRedshift, FanOutS3Backup, FanOutSplunk } from "./fan-out";
export { KinesisDataStream, SHARD_LEVEL_METRICS } from "./kinesis-stream";
export type { KinesisDataStreamProps, KinesisStreamEncryption, KinesisStreamMode, ShardLevelMetric } from "./kinesis-stream";
export { BUILT_IN_PROCESSORS, builtInEntry, bundleHandler, FirehoseLambdaProcessor } from "./lambda-function";
export type { BuiltInProcessor, BundleResult, FirehoseLambdaProcessorProps, ReingestTarget } from "./lambda-function";
export { collectMonitoredResources, describeMetric, freshnessMetricName, isMonitorable, PipelineMonitoring, validateSubscriptions, validateThresholds } from "./monitoring";
export type { DeliveryStreamTarget, DestinationAlarm, DestinationFacts, DestinationMonitoring, DestinationWidget, EventRuleTarget, IMonitorable, KinesisStreamMetrics, KinesisStreamTarget, LambdaFunctionTarget, MetricDescription, MetricOptions, MetricStatistic, MonitoringTarget, OpenSearchDomainTarget } from "./monitoring";
export type { AlarmEvaluation, AlarmSpec, AlarmSubscription, ComparisonOperator, FreshnessAlarm, MetricQuerySpec, MonitoredDeliveryStream, MonitoredDomain, MonitoredFunction, MonitoredKinesisStream, MonitoredResources, MonitoredRule, MonitoringThresholds, PipelineMonitoringProps, ThresholdAlarm, ThresholdName, TreatMissingData } from "./monitoring";
export { firehoseOpenSearchRoleName, firehoseRoleMapping, OPENSEARCH_DEFAULT_ENGINE_VERSION, REALTIME_COST_OPTIMIZED, REALTIME_LOW_LATENCY, RealtimeAnalytics, roleMappingRequests, SecureOpenSearchDomain } from "./realtime-analytics";
export type { OpenSearchFormatterProps, ExistingOpenSearchDomain, OpenSearchDomainVpcProps, OpenSearchLogType, OpenSearchRoleMapping, OpenSearchSecurityRole, RealtimeAnalyticsProps, RealtimeBufferingPreset, RoleMappingOutputProps, SecureOpenSearchDomainProps, SecurityApiRequest } from "./realtime-analytics";
export { SecureBucket } from "./secure-bucket";
export type { SecureBucketLifecycleProps, SecureBucketProps } from "./secure-bucket";
