/**
 * Five reference architectures (event lake, delivery platform, clickstream, recipe, tutorial), each built with the public API only (`../../modules`). Every
 * builder uses names no other builder uses, so `all-scenarios.plan.test.ts` can put all of them into one stack.
 *
 * Where a first draft contradicted AWS, the builder follows AWS and says so with the rule id (docs/rules.md); the
 * draft's setting is asserted to be refused in the scenario's test.
 */
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import {
  DataLakeIngestion,
  DataLakeIngestionProps,
  EventDataLake,
  EventIngestion,
  ExtendedS3Destination,
  FanOut,
  FanOutProps,
  FirehoseDeliveryStream,
  FirehoseLambdaProcessor,
  KinesisDataStream,
  LambdaProcessor,
  PipelineMonitoring,
  REALTIME_LOW_LATENCY,
  RealtimeAnalytics,
  RealtimeAnalyticsProps,
  SecureBucket,
} from "../../modules";
import { ServiceRole } from "../../modules/core/iam";

export const ACCOUNT = "111122223333";
export const REGION = "us-east-1";
export const SEARCH_ADMIN = `arn:aws:iam::${ACCOUNT}:role/search-admin`;
const fn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
/** The platform functions exist outside these templates (the first draft references them as `<name>.arn`). */
export const FUNCTIONS = {
  dataCleansing: fn("data-cleansing"),
  opensearchFormatter: fn("opensearch-formatter"),
  redshiftFormatter: fn("redshift-formatter"),
  fastTransformer: fn("fast-transformer"),
  resilientProcessor: fn("resilient-processor"),
};

/** Hourly Hive-style time folders, as the scenarios write them. */
export const HOURLY = "year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/";

// ---------------------------------------------------------------------------------------------------------------
// Event lake: EventBridge → Firehose → S3 with dynamic partitioning, IAM for EventBridge, alarms.
// ---------------------------------------------------------------------------------------------------------------

export interface EventLake {
  readonly lake: DataLakeIngestion;
  readonly events: EventIngestion;
  readonly monitoring: PipelineMonitoring;
}

export function eventLake(scope: Construct): EventLake {
  // Partitioned by the event's source and detail-type, a newline appended to each event (EventBridge sends events
  // without one, rule E5): what EventDataLake sets up.
  const { lake, events } = new EventDataLake(scope, "EventLake", {
    lake: {
      streamName: "eventbridge-firehose-logs",
      bucketProps: { bucketName: "acme-eventlake-event-logs" },
      // "Buffer size and interval optimized for typical use cases": the smallest size dynamic partitioning accepts
      // (rule B9, 64 MiB) and a 2-minute interval (rule B10 requires ≥ 60 s).
      bufferingSizeMiB: 64,
      bufferingIntervalSeconds: 120,
    },
    events: {
      ruleName: "eventbridge-to-firehose",
      description: "Application events into the event-logs stream",
      eventPattern: { source: [{ prefix: "com.acme." }] },
    },
  });
  // "CloudWatch alarms for delivery success and partition sizes": DeliveryToS3.Success and PartitionCountExceeded
  // (the 0/1 signal that the active-partition quota is exceeded, rule DP14; PartitionCount, which the runbook
  // queries, is the count itself and has no fixed threshold). Plus the rule's FailedInvocations and its DLQ depth.
  const monitoring = new PipelineMonitoring(scope, "EventLakeMonitoring", {
    namePrefix: "eventlake",
    region: REGION,
    resources: {
      deliveryStreams: [lake.stream],
      rules: [{ ruleName: events.ruleName, eventBusName: events.eventBusName, deadLetterQueueName: events.deadLetterQueueName }],
    },
    dashboard: false,
  });
  return { lake, events, monitoring };
}

// ---------------------------------------------------------------------------------------------------------------
// Delivery platform: data lake, real-time analytics, multi-destination, performance patterns, resilience, monitoring.
// ---------------------------------------------------------------------------------------------------------------

/** Delivery platform "raw_ingestion", as corrected. Exported so tests can feed it the first draft's invalid settings. */
export function rawIngestionProps(): DataLakeIngestionProps {
  return {
    streamName: "raw-data-ingestion",
    bucketProps: { bucketName: "acme-platform-data-lake-raw" },
    dataPrefix: "raw/",
    // The first draft's static error prefix is valid: rule DP16 asks for !{firehose:error-output-type} only when the error
    // prefix has expressions.
    errorOutputPrefix: "errors/raw/",
    partitioning: { partitionKeys: { source: ".source" } },
    // The cleansing/enrichment function returns no partition keys: a transform, not partitioning.lambda.
    transform: { functionArn: FUNCTIONS.dataCleansing, bufferSizeMB: 3, bufferIntervalSeconds: 60 },
    bufferingSizeMiB: 128,
    bufferingIntervalSeconds: 60,
    // First draft: compression_format "GZIP" with Parquet. Rule F6: with format conversion the S3 compression must be
    // UNCOMPRESSED; the Parquet serializer compresses (SNAPPY). So no `compression` here (the construct then sends
    // UNCOMPRESSED).
    formatConversion: {
      output: { format: "PARQUET", blockSizeBytes: 268435456, pageSizeBytes: 1048576, compression: "SNAPPY", enableDictionaryCompression: true },
      table: { databaseName: "analytics_catalog", tableName: "raw_events", catalogId: ACCOUNT, region: REGION },
    },
    // First draft: s3_backup_mode "Enabled" without s3_backup_configuration, which the provider lets through and AWS refuses
    // (the provider accepts it at plan): the source records go to backup/ in the data bucket.
    backup: {},
  };
}

/** Delivery platform "realtime_analytics", as corrected (the caller passes the source). */
export function realtimeAnalyticsProps(source: RealtimeAnalyticsProps["source"]): RealtimeAnalyticsProps {
  return {
    streamName: "realtime-analytics-delivery",
    source,
    domain: { domainName: "analytics-domain", masterUserArn: SEARCH_ADMIN, instanceType: "r7g.large.search", instanceCount: 2, zoneAwareness: { availabilityZoneCount: 2 } },
    // First draft: index_name "events-!{timestamp:yyyy-MM-dd}". OpenSearch index names take no !{...} expressions (rule OS-INDEX,
    // rule OS-INDEX); index_rotation_period OneDay appends the date itself: events-2025-01-31.
    indexName: "events",
    indexRotation: "OneDay",
    buffering: { bufferingSizeMiB: 5, bufferingIntervalSeconds: 60 },
    retryDurationSeconds: 3600,
    backupMode: "FailedDocumentsOnly",
    backupBucketName: "acme-platform-analytics-failed-docs",
    transform: new LambdaProcessor({ functionArn: FUNCTIONS.opensearchFormatter }),
    // First draft: server_side_encryption AWS_OWNED_CMK on a Kinesis-sourced stream. Rule S2: SSE is for Direct PUT only;
    // the Kinesis stream is encrypted instead (KinesisDataStream: KMS with a rotated key).
  };
}

/** The "analytics_backup" stream's destination; `errorOutputPrefix` is the correction (the test also tries without). */
export function analyticsBackupDestination(bucket: SecureBucket, errorOutputPrefix: string | undefined): ExtendedS3Destination {
  return new ExtendedS3Destination({
    bucket,
    prefix: "analytics-backup/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/",
    errorOutputPrefix,
    bufferingSizeMiB: 128,
    bufferingIntervalSeconds: 900,
    compression: "GZIP",
  });
}

/** Delivery platform "multi_destination_delivery", as corrected. */
export function multiDestinationProps(): FanOutProps {
  return {
    // The first draft's delivery stream names, through `streamName` (FanOut would otherwise name them `<name>-<destination>`).
    name: "multi-destination",
    stream: { name: "multi-destination-source", mode: "PROVISIONED", shardCount: 10, retentionPeriodHours: 168 },
    backupBucketProps: { bucketName: "acme-platform-multi-destination" },
    destinations: [
      {
        kind: "redshift",
        name: "warehouse-delivery",
        streamName: "warehouse-delivery",
        clusterJdbcUrl: "jdbc:redshift://analytics-cluster.cluster-xyz.us-east-1.redshift.amazonaws.com:5439/analytics",
        tableName: "events_raw",
        copyOptions: "JSON 'auto' TIMEFORMAT 'YYYY-MM-DD HH:MI:SS'",
        // First draft: username + password from a variable, which land in Terraform state. Credentials come from Secrets
        // Manager instead (rule SM: secrets_manager_configuration), {"username":"firehose_user","password":...}.
        secret: {},
        sourceBackup: true, // s3_backup_mode "Enabled"
        processors: [new LambdaProcessor({ functionArn: FUNCTIONS.redshiftFormatter })],
      },
      {
        kind: "http-endpoint",
        name: "third-party-delivery",
        streamName: "third-party-delivery",
        endpointName: "PartnerAnalytics",
        url: "https://analytics.partner.com/api/events",
        secret: {}, // the partner API key, {"api_key": ...}, instead of access_key in state
        bufferingSizeMiB: 16,
        bufferingIntervalSeconds: 60,
        retryDurationSeconds: 3600,
        s3BackupMode: "FailedDataOnly",
        contentEncoding: "GZIP",
        commonAttributes: { "X-Source": "kinesis-firehose", "X-Environment": "production" },
      },
      {
        kind: "splunk",
        name: "monitoring-delivery",
        streamName: "monitoring-delivery",
        hecEndpoint: "https://splunk.company.com:8088",
        hecEndpointType: "Event",
        secret: {}, // {"hec_token": ...} instead of hec_token in state
        hecAcknowledgmentTimeoutSeconds: 180,
        retryDurationSeconds: 3600,
        s3BackupMode: "FailedEventsOnly",
      },
    ],
  };
}

export interface Platform {
  readonly raw: DataLakeIngestion;
  readonly processedEvents: KinesisDataStream;
  readonly curated: DataLakeIngestion;
  readonly eventsStream: KinesisDataStream;
  readonly realtime: RealtimeAnalytics;
  readonly analyticsBackup: FirehoseDeliveryStream;
  readonly multi: FanOut;
  readonly highThroughput: DataLakeIngestion;
  readonly lowLatency: RealtimeAnalytics;
  readonly resilient: FirehoseDeliveryStream;
  readonly monitoring: PipelineMonitoring;
}

export function platform(scope: Construct): Platform {
  // Data lake architecture.
  const raw = new DataLakeIngestion(scope, "PlatformRaw", rawIngestionProps());
  const processedEvents = new KinesisDataStream(scope, "PlatformProcessedEvents", { name: "processed-events" });
  const curated = new DataLakeIngestion(scope, "PlatformCurated", {
    streamName: "processed-data-delivery",
    source: processedEvents.toSource(),
    bucketProps: { bucketName: "acme-platform-data-lake-curated" },
    dataPrefix: "curated/",
    // First draft: no error_output_prefix and no MetadataExtraction processor for !{partitionKeyFromQuery:dataset}: rules DP3
    // and DP6. The construct generates both from these props.
    errorPrefix: "errors/curated/",
    partitioning: { partitionKeys: { dataset: ".dataset" }, timeFolders: "year=!{timestamp:yyyy}/month=!{timestamp:MM}/" },
    bufferingSizeMiB: 64,
    bufferingIntervalSeconds: 300,
    formatConversion: { output: { format: "PARQUET" }, table: { databaseName: "analytics_catalog", tableName: "curated_events", catalogId: ACCOUNT, region: REGION } },
  });

  // Real-time analytics architecture: one Kinesis stream read by the OpenSearch stream and the S3 backup stream.
  const eventsStream = new KinesisDataStream(scope, "PlatformEventsStream", { name: "events-stream" });
  const realtime = new RealtimeAnalytics(scope, "PlatformRealtime", realtimeAnalyticsProps(eventsStream.toSource()));
  const analyticsBackupBucket = new SecureBucket(scope, "PlatformAnalyticsBackupBucket", { bucketName: "acme-platform-analytics-backup" });
  const analyticsBackup = new FirehoseDeliveryStream(scope, "PlatformAnalyticsBackup", {
    name: "analytics-backup-delivery",
    source: eventsStream.toSource(),
    // First draft: a prefix with !{timestamp:...} and no error prefix. Rule DP16: the error prefix may be empty only when
    // the prefix has no expressions.
    destination: analyticsBackupDestination(analyticsBackupBucket, "analytics-backup-errors/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/"),
  });

  // Multi-destination architecture.
  const multi = new FanOut(scope, "PlatformMulti", multiDestinationProps());

  // Performance patterns.
  const highThroughput = new DataLakeIngestion(scope, "PlatformHighThroughput", {
    streamName: "high-throughput-delivery",
    bucketProps: { bucketName: "acme-platform-storage" },
    dataPrefix: "high-throughput/",
    bufferingSizeMiB: 128,
    bufferingIntervalSeconds: 60,
    // First draft: GZIP with Parquet (rule F6, see raw-data-ingestion) and no schema_configuration (rule F4: the Glue table
    // holding the schema is required).
    formatConversion: {
      output: { format: "PARQUET", blockSizeBytes: 536870912, pageSizeBytes: 1048576, compression: "SNAPPY", enableDictionaryCompression: false },
      table: { databaseName: "analytics_catalog", tableName: "high_throughput_events", catalogId: ACCOUNT, region: REGION },
    },
  });
  const lowLatency = new RealtimeAnalytics(scope, "PlatformLowLatency", {
    streamName: "low-latency-delivery",
    existingDomain: { domainArn: `arn:aws:es:${REGION}:${ACCOUNT}:domain/search-domain`, endpoint: "https://search-search-domain-abc123.us-east-1.es.amazonaws.com" },
    indexName: "realtime-events",
    buffering: REALTIME_LOW_LATENCY, // 1 MiB / 60 s
    retryDurationSeconds: 300,
    // The first draft gives no backup; Firehose always writes failed documents to S3 (rule OS-INDEX, OS-BACKUP).
    backupBucketName: "acme-platform-low-latency-failed-docs",
    transform: new LambdaProcessor({ functionArn: FUNCTIONS.fastTransformer, bufferSizeMB: 1, bufferIntervalSeconds: 60 }),
  });

  // Error handling and resilience.
  const encryptionKey = new KmsKey(scope, "PlatformResilientKey", { description: "resilient-delivery SSE", enableKeyRotation: true });
  const primary = new SecureBucket(scope, "PlatformPrimaryBucket", { bucketName: "acme-platform-primary" });
  const backup = new SecureBucket(scope, "PlatformBackupBucket", { bucketName: "acme-platform-backup" });
  const resilient = new FirehoseDeliveryStream(scope, "PlatformResilient", {
    name: "resilient-delivery",
    destination: new ExtendedS3Destination({
      bucket: primary,
      // First draft: "errors/processing/year=!{timestamp:yyyy}/..." — rule DP16: an error prefix with expressions must
      // contain !{firehose:error-output-type}.
      errorOutputPrefix: "errors/processing/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/",
      sourceBackup: { bucket: backup, prefix: "backup/successful/", bufferingSizeMiB: 64, compression: "GZIP" },
      processors: [new LambdaProcessor({ functionArn: FUNCTIONS.resilientProcessor, bufferSizeMB: 3, bufferIntervalSeconds: 60 })],
    }),
    encryption: { type: "CUSTOMER_MANAGED", keyArn: encryptionKey.arn },
  });

  // Monitoring and alerting, corrected :
  // - namespace AWS/Firehose (the first draft's AWS/KinesisFirehose does not exist);
  // - DataFreshness is in seconds, its threshold derived from each stream's buffering (the first draft's 900000 "ms");
  // - format conversion errors are FailedConversion.Records, not DeliveryToS3.Records (which counts successes).
  const monitoring = new PipelineMonitoring(scope, "PlatformMonitoring", {
    namePrefix: "platform",
    region: REGION,
    accountId: ACCOUNT,
    resources: {
      deliveryStreams: [raw.stream, curated.stream, realtime.deliveryStream, analyticsBackup, ...Object.values(multi.deliveryStreams), highThroughput.stream, lowLatency.deliveryStream, resilient],
      kinesisStreams: [processedEvents, eventsStream, multi.stream!],
      domains: [{ domainName: "analytics-domain" }],
    },
    thresholds: { deliverySuccess: { threshold: 0.95, evaluationPeriods: 3 } },
    dashboard: false,
  });
  return { raw, processedEvents, curated, eventsStream, realtime, analyticsBackup, multi, highThroughput, lowLatency, resilient, monitoring };
}

// ---------------------------------------------------------------------------------------------------------------
// Clickstream: Kinesis data stream (on-demand and provisioned modes, shard-level metrics, retention).
// ---------------------------------------------------------------------------------------------------------------

export interface Clickstream {
  readonly onDemand: KinesisDataStream;
  readonly provisioned: KinesisDataStream;
  readonly producer: ServiceRole;
  readonly consumer: ServiceRole;
  readonly monitoring: PipelineMonitoring;
}

export function clickstream(scope: Construct): Clickstream {
  const onDemand = new KinesisDataStream(scope, "ClickstreamOnDemand", {
    name: "clickstream-on-demand",
    mode: "ON_DEMAND",
    retentionPeriodHours: 24,
    shardLevelMetrics: ["IncomingBytes", "OutgoingBytes", "IteratorAgeMilliseconds"],
  });
  const provisioned = new KinesisDataStream(scope, "ClickstreamProvisioned", {
    name: "clickstream-provisioned",
    mode: "PROVISIONED",
    shardCount: 4,
    // "From 24 hours up to 7 days": 168 h. AWS accepts up to 8760 h (365 days, rule K4).
    retentionPeriodHours: 168,
    shardLevelMetrics: ["ALL"],
  });
  // The runbook's permissions (kinesis:PutRecord, GetRecords, DescribeStream): exact grants on one stream each.
  const producer = new ServiceRole(scope, "ClickstreamProducer", { name: "clickstream-producer", service: "lambda.amazonaws.com", description: "writes clickstream events" });
  provisioned.grantWrite(producer);
  const consumer = new ServiceRole(scope, "ClickstreamConsumer", { name: "clickstream-consumer", service: "lambda.amazonaws.com", description: "reads clickstream events" });
  provisioned.grantRead(consumer);
  // The runbook's GetRecords.IteratorAgeMilliseconds check and throttling, as alarms. (Its `/aws/kinesis/<stream>`
  // log group does not exist: Kinesis Data Streams publishes metrics, not logs.)
  const monitoring = new PipelineMonitoring(scope, "ClickstreamMonitoring", {
    namePrefix: "clickstream",
    region: REGION,
    resources: { deliveryStreams: [], kinesisStreams: [onDemand, provisioned] },
    dashboard: false,
  });
  return { onDemand, provisioned, producer, consumer, monitoring };
}

// ---------------------------------------------------------------------------------------------------------------
// Recipe: recipe: Firehose + Lambda transform + S3 Parquet + OpenSearch + CloudWatch alarms + SQS DLQ.
// ---------------------------------------------------------------------------------------------------------------

export interface Recipe {
  readonly transform: FirehoseLambdaProcessor;
  readonly lake: DataLakeIngestion;
  readonly search: RealtimeAnalytics;
  readonly events: EventIngestion;
  readonly monitoring: PipelineMonitoring;
}

/** The recipe's S3 stream; `bufferingSizeMiB` is the correction (the test also tries the recipe's 5). */
export function recipeLakeProps(transform: LambdaProcessor, bufferingSizeMiB: number): DataLakeIngestionProps {
  return {
    streamName: "recipe-s3-parquet",
    bucketProps: { bucketName: "acme-recipe-recipe-data" },
    dataPrefix: "transformed-data/",
    transform: transform.props,
    // Recipe: BUFFER_SIZE_MB=5 / 300 s. Rule B11: format conversion needs ≥ 64 MiB.
    bufferingSizeMiB,
    bufferingIntervalSeconds: 300,
    formatConversion: {
      output: { format: "PARQUET", compression: "SNAPPY" },
      // The columns of the recipe's test record {"event_id","user_id","event_type","amount"}.
      schema: {
        databaseName: "recipe_analytics",
        tableName: "events",
        columns: [
          { name: "event_id", type: "string" },
          { name: "user_id", type: "string" },
          { name: "event_type", type: "string" },
          { name: "amount", type: "decimal(10,2)" },
        ],
      },
    },
  };
}

export function recipe(scope: Construct): Recipe {
  const transform = new FirehoseLambdaProcessor(scope, "RecipeTransform", {
    functionName: "recipe-transform",
    handler: "transform",
    // Records the 6 MB response cannot hold are re-ingested into the S3 stream (Direct PUT).
    reingest: { kind: "firehose", deliveryStreamName: "recipe-s3-parquet", region: REGION, accountId: ACCOUNT },
    timeoutSeconds: 300,
    bufferSizeMB: 3,
  });
  const search = new RealtimeAnalytics(scope, "RecipeSearch", {
    streamName: "recipe-opensearch",
    // The recipe's production OPENSEARCH_INSTANCE_TYPE / _COUNT.
    domain: { domainName: "recipe-search", masterUserArn: SEARCH_ADMIN, instanceType: "t3.medium.search", instanceCount: 2, zoneAwareness: { availabilityZoneCount: 2 } },
    indexName: "events",
    backupBucketName: "acme-recipe-recipe-search-backup",
    // Same function as the S3 stream, without re-ingestion (it targets the S3 stream): overflow becomes
    // ProcessingFailed and lands in the backup bucket.
    transform: new LambdaProcessor({ functionArn: transform.functionArn, bufferSizeMB: 1, functionTimeoutSeconds: 300 }),
    accountId: ACCOUNT,
  });
  // "SQS: dead letter queue for failed records". Firehose invokes the transform synchronously, and Lambda DLQs apply
  // to asynchronous invocations only: failed records go to S3 under processing-failed/. An SQS DLQ does
  // apply where producers hand events to Firehose asynchronously: EventBridge → Firehose (rule E3), with a depth alarm.
  // The rule feeds the S3 stream (EventDataLake: partitioned by source and detail-type after the transform, which keeps
  // both fields, one event per line) and the OpenSearch stream.
  const { lake, events } = new EventDataLake(scope, "RecipeLake", {
    accountId: ACCOUNT,
    lake: recipeLakeProps(transform.processor(), 64),
    events: { ruleName: "recipe-events", eventPattern: { source: ["com.acme.recipe"] } },
    additionalDeliveryStreams: [search.deliveryStream],
  });
  const monitoring = new PipelineMonitoring(scope, "RecipeMonitoring", {
    namePrefix: "recipe",
    region: REGION,
    accountId: ACCOUNT,
    resources: {
      deliveryStreams: [lake.stream, search.deliveryStream],
      functions: [{ functionName: "recipe-transform", timeoutSeconds: transform.timeoutSeconds }],
      rules: [{ ruleName: events.ruleName, eventBusName: events.eventBusName, deadLetterQueueName: events.deadLetterQueueName }],
      domains: [{ domainName: "recipe-search" }],
    },
    subscriptions: [{ protocol: "email", endpoint: "data-platform@example.com" }],
    dashboard: false,
  });
  return { transform, lake, search, events, monitoring };
}

// ---------------------------------------------------------------------------------------------------------------
// Tutorial: tutorial: Firehose to S3, partitioning by jq, partitioning by Lambda on gzip data, 6 MB, re-ingestion.
// ---------------------------------------------------------------------------------------------------------------

export interface Tutorial {
  readonly bucket: SecureBucket;
  readonly basic: DataLakeIngestion;
  readonly jq: DataLakeIngestion;
  readonly partitioner: FirehoseLambdaProcessor;
  readonly lambdaPartitioned: DataLakeIngestion;
}

export function tutorial(scope: Construct): Tutorial {
  // One demo bucket, as in the tutorial; each task writes under its own prefix.
  const bucket = new SecureBucket(scope, "TutorialBucket", { bucketName: "kinesisfirehose-demo-acme" });
  // Task 1: a plain Direct PUT stream to S3.
  const basic = new DataLakeIngestion(scope, "TutorialBasic", { streamName: "tutorial-basic", bucket, dataPrefix: "basic/", errorPrefix: "basic-error/" });
  // Task 2: inline parsing with a jq expression, output path from the keys.
  const jq = new DataLakeIngestion(scope, "TutorialJq", {
    streamName: "tutorial-jq-partitioning",
    bucket,
    dataPrefix: "jq/",
    errorPrefix: "jq-error/",
    partitioning: { partitionKeys: { customer_id: ".customer_id", event_type: ".event.type" } },
  });
  // Tasks 3-4: gzip records, partitioned by a Lambda function that decompresses them. Its batch stays ≤ 3 MB (rule
  // L2) under the 6 MB synchronous payload limit; what the response cannot hold is marked "Dropped" (the
  // tutorial's "Drop" is not a valid result) and re-ingested with firehose:PutRecordBatch on this stream only.
  const partitioner = new FirehoseLambdaProcessor(scope, "TutorialPartitioner", {
    functionName: "tutorial-partitioner",
    handler: "partitioner",
    reingest: { kind: "firehose", deliveryStreamName: "tutorial-lambda-partitioning", region: REGION, accountId: ACCOUNT },
    environment: { PARTITION_KEYS: JSON.stringify({ database: "database", table: "table" }), EVENT_TIME_FIELD: "timestamp" },
    bufferSizeMB: 3,
  });
  const lambdaPartitioned = new DataLakeIngestion(scope, "TutorialLambda", {
    streamName: "tutorial-lambda-partitioning",
    bucket,
    // "kinesisfirehose-demo/data/database/table/year/month/day/hour/" as Hive-style folders, all returned by the
    // function: the time keys come from each record's own event time (TIME_PARTITION_KEYS), not its arrival time.
    dataPrefix: "data/",
    // "kinesisfirehose-demo/error/": rule DP16 — with expressions, the error prefix names the error type.
    errorPrefix: "error/",
    partitioning: { lambda: { ...partitioner.processor().props, partitionKeys: ["database", "table", "year", "month", "day", "hour"] }, timeFolders: "" },
    // The partitioner ends every record with "\n" itself: no second delimiter.
    appendDelimiter: false,
  });
  return { bucket, basic, jq, partitioner, lambdaPartitioned };
}

/** Every scenario in one scope (the combined Terraform plan). */
export function allScenarios(scope: Construct): { s000: EventLake; s001: Platform; s002: Clickstream; s003: Recipe; s004: Tutorial } {
  return { s000: eventLake(scope), s001: platform(scope), s002: clickstream(scope), s003: recipe(scope), s004: tutorial(scope) };
}
