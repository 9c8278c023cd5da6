/**
 * Every rule of the registry, both ways, on the side users write: construct props (through the public API) and
 * environment files. For each construct a clean baseline reports nothing; each mistake, the baseline with one thing
 * wrong, is reported under exactly its rule. The rendered side (Terraform JSON and planned HCL) is proven by
 * checks/rules-config.test.ts and checks/checker.plan.test.ts; the last test here checks that together they leave no
 * registry rule untested.
 */
import * as fs from "fs";
import * as path from "path";
import { TerraformStack } from "cdktf";
import {
  AppendDelimiterToRecordProcessor,
  CHECKED_RESOURCE_TYPES,
  CloudWatchLogProcessingProcessor,
  DataLakeIngestion,
  DataLakeIngestionProps,
  DecompressionProcessor,
  EventIngestion,
  EventIngestionProps,
  ExtendedS3Destination,
  ExtendedS3DestinationProps,
  FanOut,
  FanOutDestination,
  FanOutProps,
  FirehoseDeliveryStream,
  FirehoseDeliveryStreamProps,
  FirehoseLambdaProcessor,
  FirehoseLambdaProcessorProps,
  HttpEndpointDestination,
  HttpEndpointDestinationProps,
  IcebergDestination,
  IcebergDestinationProps,
  IDestination,
  IProcessor,
  KinesisDataStream,
  KinesisDataStreamProps,
  KinesisStreamSource,
  LambdaProcessor,
  MetadataExtractionProcessor,
  MskSource,
  OpenSearchDestination,
  OpenSearchDestinationProps,
  OpenSearchServerlessDestination,
  OpenSearchServerlessDestinationProps,
  PipelineMonitoring,
  PipelineMonitoringProps,
  RealtimeAnalytics,
  RealtimeAnalyticsProps,
  RecordDeAggregationProcessor,
  RedshiftDestination,
  RedshiftDestinationProps,
  RULES,
  SecureBucket,
  SecureBucketProps,
  SnowflakeDestination,
  SnowflakeDestinationProps,
  SplunkDestination,
  SplunkDestinationProps,
} from "../../modules";
import { EnvironmentConfig, validateEnvironment } from "../../app/config/environment";
import { findRisks } from "../../scripts/review/risks";
import { PlanResourceChange } from "../../scripts/review/types";
import { ReportedRules, reportedRules, reportedRulesOf } from "../helpers/reported-rules";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
type Build = (stack: TerraformStack) => void;

const ACCOUNT = "111122223333";
const BUCKET = { bucketArn: "arn:aws:s3:::acme-lake" };
const BACKUP = { bucketArn: "arn:aws:s3:::acme-backup" };
const FN = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:enrich`;
const SOURCE = `arn:aws:kinesis:eu-west-1:${ACCOUNT}:stream/acme-orders`;
const MSK = `arn:aws:kafka:eu-west-1:${ACCOUNT}:cluster/c/uuid-1`;
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
const PARTITIONED_PREFIX = "raw/source=!{partitionKeyFromQuery:source}/!{timestamp:yyyy/MM/dd}/";
const ERROR_PREFIX = "errors/!{firehose:error-output-type}/";

// ---------------------------------------------------------------------------------------------------------------
// Baselines: one clean configuration per construct (and per destination). Each mistake below is one of these with
// one thing changed.
// ---------------------------------------------------------------------------------------------------------------

const s3 = (p: Partial<ExtendedS3DestinationProps> = {}) => new ExtendedS3Destination({ bucket: BUCKET, ...p });
const keys = () => new MetadataExtractionProcessor({ partitionKeys: { source: ".source" } });
const partitioned = (p: Partial<ExtendedS3DestinationProps> = {}, processors: IProcessor[] = [keys()]) =>
  s3({ dynamicPartitioning: { enabled: true }, processors, prefix: PARTITIONED_PREFIX, errorOutputPrefix: ERROR_PREFIX, bufferingSizeMiB: 64, bufferingIntervalSeconds: 60, ...p });

/** A delivery stream named acme-events (Direct PUT unless `props.source`) to the destination `destination()` makes. */
const stream =
  (destination: () => IDestination, props: Partial<FirehoseDeliveryStreamProps> = {}): Build =>
  (stack) => {
    new FirehoseDeliveryStream(stack, "S", { name: "acme-events", destination: destination(), ...props });
  };
const fromKinesis = (destination: () => IDestination): Build => (stack) => {
  new FirehoseDeliveryStream(stack, "S", { name: "acme-events", source: new KinesisStreamSource({ streamArn: SOURCE }), destination: destination() });
};

const HTTP: HttpEndpointDestinationProps = {
  url: "https://analytics.partner.example.com/api/events",
  name: "PartnerAnalytics",
  secret: { secretArn: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:partner/api-key-AbCdEf` },
  s3Backup: { bucket: BACKUP, prefix: "partner/" },
};
const http = (p: Partial<HttpEndpointDestinationProps> = {}) => fromKinesis(() => new HttpEndpointDestination({ ...HTTP, ...p }));

const SPLUNK: SplunkDestinationProps = { hecEndpoint: "https://splunk.example.com:8088", hecEndpointType: "Event", secret: {}, s3Backup: { bucket: BACKUP, prefix: "splunk/" } };
const splunk = (p: Partial<SplunkDestinationProps> = {}) => fromKinesis(() => new SplunkDestination({ ...SPLUNK, ...p }));

const REDSHIFT: RedshiftDestinationProps = {
  clusterJdbcUrl: "jdbc:redshift://analytics.abc123xyz.eu-west-1.redshift.amazonaws.com:5439/analytics",
  tableName: "orders_raw",
  columns: ["order_id", "amount", "ts"],
  copyOptions: "JSON 'auto'",
  intermediateBucket: { bucket: { bucketArn: "arn:aws:s3:::acme-staging", kmsKeyArn: KEY }, prefix: "warehouse/" },
  secret: {},
};
const redshift = (p: Partial<RedshiftDestinationProps> = {}) => fromKinesis(() => new RedshiftDestination({ ...REDSHIFT, ...p }));

const OPENSEARCH = { domainArn: `arn:aws:es:eu-west-1:${ACCOUNT}:domain/search-events`, indexName: "events", backup: { bucket: BACKUP } } as OpenSearchDestinationProps;
const opensearch = (p: Partial<OpenSearchDestinationProps> = {}) => stream(() => new OpenSearchDestination({ ...OPENSEARCH, ...p } as OpenSearchDestinationProps));

const SERVERLESS: OpenSearchServerlessDestinationProps = {
  collectionEndpoint: "https://abc123def456.eu-west-1.aoss.amazonaws.com",
  collectionArn: `arn:aws:aoss:eu-west-1:${ACCOUNT}:collection/abc123def456`,
  indexName: "events",
  backup: { bucket: BACKUP },
};
const serverless = (p: Partial<OpenSearchServerlessDestinationProps> = {}) => stream(() => new OpenSearchServerlessDestination({ ...SERVERLESS, ...p }));

const routing = () => new MetadataExtractionProcessor({ partitionKeys: { destinationDatabaseName: '"sales"', destinationTableName: '"orders"', operation: ".op" } });
const ICEBERG: IcebergDestinationProps = {
  catalog: { type: "glue", region: "eu-west-1", accountId: ACCOUNT, warehouse: { bucketArn: "arn:aws:s3:::acme-lake-warehouse", kmsKeyArn: KEY } },
  tables: [{ databaseName: "sales", tableName: "orders", uniqueKeys: ["order_id"], s3ErrorOutputPrefix: "errors/orders/" }],
  s3Backup: { bucket: BACKUP, prefix: "backup/" },
};
const iceberg = (p: Partial<IcebergDestinationProps> = {}) => stream(() => new IcebergDestination({ ...ICEBERG, processors: [routing()], ...p }));

const SNOWFLAKE: SnowflakeDestinationProps = {
  accountUrl: "https://xy12345.eu-west-1.snowflakecomputing.com",
  database: "ANALYTICS",
  schema: "RAW",
  table: "ORDERS",
  secret: {},
  s3Backup: { bucket: BACKUP, prefix: "snowflake/" },
};
const snowflake = (p: Partial<SnowflakeDestinationProps> = {}) => fromKinesis(() => new SnowflakeDestination({ ...SNOWFLAKE, ...p }));

const kinesis =
  (p: Partial<KinesisDataStreamProps> = {}): Build =>
  (stack) => {
    new KinesisDataStream(stack, "K", { name: "acme-orders", mode: "PROVISIONED", shardCount: 2, retentionPeriodHours: 48, shardLevelMetrics: ["IncomingBytes"], ...p });
  };

const LAMBDA: FirehoseLambdaProcessorProps = {
  functionName: "acme-cwl",
  handler: "cloudwatch-logs",
  reingest: { kind: "firehose", deliveryStreamName: "acme-events", region: "eu-west-1", accountId: ACCOUNT },
};
const lambda =
  (p: Partial<FirehoseLambdaProcessorProps> = {}): Build =>
  (stack) => {
    new FirehoseLambdaProcessor(stack, "F", { ...LAMBDA, ...p });
  };

/** A delivery stream of the event lake shape: partitioned by source, one event per line. */
const eventStream = (stack: TerraformStack, id: string) =>
  new FirehoseDeliveryStream(stack, id, {
    name: `acme-${id}`,
    destination: partitioned({}, [keys(), new AppendDelimiterToRecordProcessor()]),
  });
const events =
  (p: Partial<EventIngestionProps> = {}, streams = 1): Build =>
  (stack) => {
    const deliveryStreams = Array.from({ length: streams }, (_, i) => eventStream(stack, `events${i}`));
    new EventIngestion(stack, "Ingest", { ruleName: "acme-app-events", eventPattern: { source: [{ prefix: "com.acme." }] }, deliveryStreams, ...p });
  };

const bucket =
  (p: Partial<SecureBucketProps> = {}): Build =>
  (stack) => {
    new SecureBucket(stack, "B", { bucketName: "acme-data", ...p });
  };

const DOMAIN = { domainName: "acme-search", masterUserArn: `arn:aws:iam::${ACCOUNT}:role/search-admin`, accessPrincipalArns: [`arn:aws:iam::${ACCOUNT}:role/analyst`] };
const realtime =
  (p: Partial<RealtimeAnalyticsProps> = {}): Build =>
  (stack) => {
    new RealtimeAnalytics(stack, "Search", { streamName: "acme-search-events", domain: DOMAIN, indexName: "events", backupBucketName: "acme-search-events-backup", transform: new LambdaProcessor({ functionArn: FN }), ...p });
  };
const domain = (p: Record<string, unknown>) => realtime({ domain: { ...DOMAIN, ...p } as Any });

const SCHEMA = { databaseName: "lake", tableName: "events", columns: [{ name: "event_id", type: "string" }] };
const lake =
  (p: Partial<DataLakeIngestionProps> = {}): Build =>
  (stack) => {
    new DataLakeIngestion(stack, "Lake", { streamName: "acme-lake", bucket: BUCKET, partitioning: { partitionKeys: { source: ".source" } }, ...p });
  };
const conversion = (fc: Record<string, unknown>) => lake({ formatConversion: { output: { format: "PARQUET" }, schema: SCHEMA, ...fc } as Any });

const FANOUT_DESTINATIONS: FanOutDestination[] = [
  { kind: "http-endpoint", name: "partner", url: HTTP.url, secret: HTTP.secret! },
  { kind: "s3-backup", name: "archive" },
];
const fanOut =
  (p: Partial<FanOutProps> = {}): Build =>
  (stack) => {
    new FanOut(stack, "orders", { name: "acme-orders", stream: { mode: "PROVISIONED", shardCount: 2 }, backupBucketProps: { bucketName: "acme-orders-backup" }, destinations: FANOUT_DESTINATIONS, ...p });
  };

const monitoring =
  (p: Partial<PipelineMonitoringProps> = {}): Build =>
  (stack) => {
    const s = new FirehoseDeliveryStream(stack, "S", { name: "acme-events", destination: s3() });
    new PipelineMonitoring(stack, "Monitoring", { namePrefix: "acme", region: "eu-west-1", accountId: ACCOUNT, resources: { deliveryStreams: [s], domains: [{ domainName: "search", volumeSizeGiB: 20 }] }, ...p });
  };

const imported =
  (p: Record<string, unknown> = {}): Build =>
  (stack) => {
    FirehoseDeliveryStream.fromDeliveryStreamName(stack, "Imported", "acme-events", { region: "eu-west-1", accountId: ACCOUNT, ...p } as Any);
  };

const BASELINES: [string, Build][] = [
  ["FirehoseDeliveryStream to S3", stream(() => s3())],
  ["FirehoseDeliveryStream to S3, partitioned, with a Lambda and a de-aggregation", stream(() => partitioned({}, [keys(), new LambdaProcessor({ functionArn: FN }), new RecordDeAggregationProcessor({ subRecordType: "JSON" })]))],
  ["FirehoseDeliveryStream from MSK", stream(() => s3(), { source: new MskSource({ clusterArn: MSK, topicName: "orders" }) })],
  ["FirehoseDeliveryStream imported by name", imported()],
  ["HttpEndpointDestination", http()],
  ["SplunkDestination", splunk()],
  ["RedshiftDestination", redshift()],
  ["OpenSearchDestination", opensearch()],
  ["OpenSearchServerlessDestination", serverless()],
  ["IcebergDestination", iceberg()],
  ["SnowflakeDestination", snowflake()],
  ["KinesisDataStream", kinesis()],
  ["FirehoseLambdaProcessor", lambda()],
  ["EventIngestion", events()],
  ["SecureBucket", bucket()],
  ["RealtimeAnalytics", realtime()],
  ["DataLakeIngestion with format conversion", conversion({})],
  ["FanOut", fanOut()],
  ["PipelineMonitoring", monitoring()],
];

// ---------------------------------------------------------------------------------------------------------------
// Mistakes: [rule, what is wrong, the build, how it is reported (default: the rule's severity)].
// ---------------------------------------------------------------------------------------------------------------

type Channel = "error" | "warning";
type Mistake = [rule: string, mistake: string, build: Build, channel?: Channel];

const MISTAKES: Mistake[] = [
  // Buffering
  ["B1", "extended S3 buffering of 129 MiB", stream(() => s3({ bufferingSizeMiB: 129 }))],
  ["B2", "source backup buffering of 200 MiB", stream(() => s3({ sourceBackup: { bucket: BACKUP, bufferingSizeMiB: 200 } }))],
  ["B3", "Iceberg buffering of 129 MiB", iceberg({ bufferingSizeMiB: 129 })],
  ["B4", "OpenSearch buffering of 101 MiB", opensearch({ bufferingSizeMiB: 101 })],
  ["B5", "Splunk buffering of 6 MiB", splunk({ bufferingSizeMiB: 6 })],
  ["B6", "HTTP endpoint buffering of 65 MiB", http({ bufferingSizeMiB: 65 })],
  ["B7", "Snowflake buffering interval of 901 s", snowflake({ bufferingIntervalSeconds: 901 })],
  ["B9", "dynamic partitioning with a 5 MiB buffer", stream(() => partitioned({ bufferingSizeMiB: 5 }))],
  ["B10", "dynamic partitioning with a 30 s interval", stream(() => partitioned({ bufferingIntervalSeconds: 30 }))],
  ["B11", "format conversion with a 5 MiB buffer", lake({ partitioning: undefined, bufferingSizeMiB: 5, formatConversion: { output: { format: "PARQUET" }, schema: SCHEMA } as Any })],
  ["B12", "zero buffering on the source backup", stream(() => s3({ sourceBackup: { bucket: BACKUP, bufferingIntervalSeconds: 0 } }))],
  // Dynamic partitioning and prefixes
  ["DP1", "MetadataExtraction without dynamic partitioning", stream(() => s3({ processors: [keys()] }))],
  ["DP3", "dynamic partitioning without a prefix", stream(() => partitioned({ prefix: undefined }))],
  ["DP4", "dynamic partitioning without a key source", stream(() => partitioned({ prefix: "raw/!{timestamp:yyyy}/" }, []))],
  ["DP5", "an unknown prefix namespace", stream(() => s3({ prefix: "raw/!{partitionKey:source}/", errorOutputPrefix: ERROR_PREFIX }))],
  ["DP6", "a query key the prefix does not use", stream(() => partitioned({}, [new MetadataExtractionProcessor({ partitionKeys: { source: ".source", tenant: ".tenant" } })]))],
  ["DP7", "partitionKeyFromLambda without a Lambda processor", stream(() => partitioned({ prefix: "raw/t=!{partitionKeyFromLambda:table}/source=!{partitionKeyFromQuery:source}/" }))],
  ["DP8", "partition keys without dynamic partitioning", stream(() => s3({ prefix: "raw/!{partitionKeyFromLambda:table}/", errorOutputPrefix: ERROR_PREFIX, processors: [new LambdaProcessor({ functionArn: FN })] }))],
  ["DP9", "a MetadataExtraction query with no key", stream(() => partitioned({ prefix: "raw/!{timestamp:yyyy}/" }, [new MetadataExtractionProcessor({ partitionKeys: {} }), new LambdaProcessor({ functionArn: FN })]))],
  ["DP10", "a query that is not a jq object construction", stream(() => partitioned({}, [new MetadataExtractionProcessor({ query: ".source" })]))],
  ["DP11", "a DELIMITED de-aggregation without delimiter", stream(() => partitioned({}, [keys(), new RecordDeAggregationProcessor({ subRecordType: "DELIMITED" })]))],
  ["DP12", "CloudWatchLogProcessing before Decompression", stream(() => s3({ processors: [new CloudWatchLogProcessingProcessor(), new DecompressionProcessor()] }))],
  ["DP13", "a partitioning retry of 7201 s", stream(() => partitioned({ dynamicPartitioning: { enabled: true, retryDurationSeconds: 7201 } }))],
  ["DP15", "an empty timestamp pattern", stream(() => s3({ prefix: "raw/!{timestamp:}/", errorOutputPrefix: ERROR_PREFIX }))],
  ["DP16", "error-output-type in the data prefix", stream(() => s3({ prefix: "raw/!{firehose:error-output-type}/", errorOutputPrefix: ERROR_PREFIX }))],
  ["DP17", "a prefix of 1025 characters", stream(() => s3({ prefix: "a".repeat(1025) }))],
  ["DP18", "expressions in the Redshift intermediate prefix", redshift({ intermediateBucket: { bucket: REDSHIFT.intermediateBucket.bucket, prefix: "w/!{timestamp:yyyy}/" } })],
  ["DP19", "a file extension without its period", stream(() => s3({ fileExtension: "json" }))],
  ["DP20", "a time zone that is not an IANA zone", stream(() => s3({ customTimeZone: "Europe/Pariss" }))],
  // Processors
  ["L1", "a Lambda processor with an S3 ARN", stream(() => s3({ processors: [new LambdaProcessor({ functionArn: "arn:aws:s3:::bucket" })] }))],
  ["L2", "a Lambda processor buffer of 5 MB", stream(() => s3({ processors: [new LambdaProcessor({ functionArn: FN, bufferSizeMB: 5 })] }))],
  ["L3", "a Lambda processor interval of 901 s", stream(() => s3({ processors: [new LambdaProcessor({ functionArn: FN, bufferIntervalSeconds: 901 })] }))],
  ["L4", "negative Lambda retries", stream(() => s3({ processors: [new LambdaProcessor({ functionArn: FN, numberOfRetries: -1 })] }))],
  ["L6", "a MetadataExtraction query over 5120 characters", stream(() => partitioned({}, [new MetadataExtractionProcessor({ partitionKeys: { source: `.source // "${"x".repeat(5200)}"` } })]))],
  ["L8", "a transformation function timeout of 600 s", stream(() => s3({ processors: [new LambdaProcessor({ functionArn: FN, functionTimeoutSeconds: 600 })] }))],
  ["P1", "a processor type twice", stream(() => s3({ processors: [new AppendDelimiterToRecordProcessor(), new AppendDelimiterToRecordProcessor()] }))],
  ["LF6", "a processor re-ingesting into another delivery stream", (stack) => {
    const fn = new FirehoseLambdaProcessor(stack, "F", LAMBDA);
    new FirehoseDeliveryStream(stack, "S", { name: "acme-other", destination: s3({ processors: [fn.processor()] }) });
  }],
  // Record format conversion
  ["F3", "an output format that is neither Parquet nor ORC", conversion({ output: { format: "AVRO" } })],
  ["F4", "an existing table with a catalog id that is not an account", conversion({ schema: undefined, table: { databaseName: "lake", tableName: "t", catalogId: "me", region: "eu-west-1" } })],
  ["F6", "format conversion with GZIP compression", lake({ compression: "GZIP", formatConversion: { output: { format: "PARQUET" }, schema: SCHEMA } as Any })],
  ["F7", "a Parquet page of 1 KiB", conversion({ output: { format: "PARQUET", pageSizeBytes: 1024 } })],
  ["F8", "an ORC row index stride of 10", conversion({ output: { format: "ORC", rowIndexStride: 10 } })],
  ["F9", "an empty Hive timestamp format", conversion({ input: { kind: "HIVE", timestampFormats: [""] } })],
  ["GLUE", "an upper-case Glue database name", conversion({ schema: { ...SCHEMA, databaseName: "Lake-DB" } })],
  // Sources and encryption
  ["S1", "a Kinesis stream ARN with a 4-digit account", stream(() => s3(), { source: new KinesisStreamSource({ streamArn: "arn:aws:kinesis:eu-west-1:1234:stream/orders" }) })],
  ["S2", "stream encryption with a Kinesis source", stream(() => s3(), { source: new KinesisStreamSource({ streamArn: SOURCE }), encryption: { type: "AWS_OWNED" } as Any })],
  ["S3", "customer-managed SSE without a key", stream(() => s3(), { encryption: { type: "CUSTOMER_MANAGED", keyArn: "" } as Any })],
  ["S4", "an MSK topic with a slash", stream(() => s3(), { source: new MskSource({ clusterArn: MSK, topicName: "orders/v1" }) })],
  ["S5", "a source backup with an MSK source", stream(() => s3({ sourceBackup: { bucket: BACKUP } }), { source: new MskSource({ clusterArn: MSK, topicName: "orders" }) })],
  ["ENCRYPTION", "an unknown encryption choice", stream(() => s3(), { encryption: "customer_managed" as never })],
  // Kinesis data streams
  ["K1", "an unknown stream mode", kinesis({ mode: "FAST" as never, shardCount: undefined })],
  ["K2", "a shard count on an ON_DEMAND stream", kinesis({ mode: "ON_DEMAND" })],
  ["K3", "a PROVISIONED stream of 0 shards", kinesis({ shardCount: 0 })],
  ["K4", "a retention of 9000 hours", kinesis({ retentionPeriodHours: 9000 })],
  ["K5", "a KMS alias instead of a key ARN", kinesis({ encryption: { type: "CUSTOMER_MANAGED", keyArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/k` } })],
  ["K6", "a shard-level metric twice", kinesis({ shardLevelMetrics: ["IncomingBytes", "IncomingBytes"] })],
  ["K7", "a stream name with a space", kinesis({ name: "acme orders" })],
  // EventBridge
  ["E2", "a maximum event age of 30 s", events({ retryPolicy: { maximumEventAgeSeconds: 30 } })],
  ["E3", "a FIFO dead-letter queue", events({ deadLetterQueue: { queueArn: `arn:aws:sqs:eu-west-1:${ACCOUNT}:dlq.fifo` } })],
  ["E4", "input that is not JSON", events({ input: "{not json" })],
  ["E5", "six delivery streams on one rule", events({}, 6)],
  ["N-RULE", "a rule name with a space", events({ ruleName: "app events" })],
  ["EB-RULE", "both an event pattern and a schedule", events({ scheduleExpression: "rate(1 hour)" })],
  ["EB-BUS", "a created bus named default", events({ createEventBus: { name: "default" } })],
  ["EB-ARCHIVE", "a negative archive retention", events({ archive: { retentionDays: -1 } })],
  // Names
  ["N-FIREHOSE", "a delivery stream name with a space", stream(() => s3(), { name: "acme events" })],
  ["N-FIREHOSE-UNIQUE", "two delivery streams of one name in a stack", (stack) => {
    new FirehoseDeliveryStream(stack, "First", { name: "acme-events", destination: s3() });
    new FirehoseDeliveryStream(stack, "Second", { name: "acme-events", destination: s3() });
  }],
  ["N-S3", "a bucket name with upper case and '_'", bucket({ bucketName: "Acme_Data" })],
  ["N-LAMBDA", "a function name with a space", lambda({ functionName: "acme cwl" })],
  ["N-IAM", "a function name of 60 characters (its role name would not fit)", lambda({ functionName: "a".repeat(60) })],
  ["N-OPENSEARCH", "a domain name with upper case and '_'", domain({ domainName: "My_Domain" })],
  // Destinations
  ["S3-COMPRESSION", "BZIP2 compression", stream(() => s3({ compression: "BZIP2" as never }))],
  ["REDSHIFT", "a Redshift retry of 7201 s", redshift({ retryDurationSeconds: 7201 })],
  ["REDSHIFT-STAGING", "a staging expiration of 0 days", redshift({ stagingExpirationDays: 0 })],
  ["SPLUNK", "a HEC acknowledgement timeout of 100 s", splunk({ hecAcknowledgmentTimeoutSeconds: 100 })],
  ["HTTP", "an http:// endpoint", http({ url: "http://analytics.partner.example.com/api/events" })],
  ["SM", "a secret ARN without its 6-character suffix", http({ secret: { secretArn: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:partner/api-key` } })],
  ["OS-ENDPOINT", "neither a domain ARN nor a cluster endpoint", opensearch({ domainArn: undefined })],
  ["OS-INDEX", "an index name of 81 characters", opensearch({ indexName: "e".repeat(81) })],
  ["OS-ROTATION", "an unknown index rotation", opensearch({ indexRotation: "OneDays" as never })],
  ["OS-DOCID", "an unknown document id format", opensearch({ documentIdFormat: "AUTO" as never })],
  ["OS-BACKUP", "an unknown backup mode", opensearch({ backup: { bucket: BACKUP, mode: "Failed" as never } })],
  ["OS-RETRY", "an OpenSearch retry of 7201 s", opensearch({ retryDurationSeconds: 7201 })],
  ["OS-VPC", "VPC delivery without a subnet", opensearch({ vpc: { subnetIds: [], securityGroupIds: ["sg-0a1b2c3d4e5f60001"] } })],
  ["AOSS-ENDPOINT", "an http:// collection endpoint", serverless({ collectionEndpoint: "http://abc123def456.eu-west-1.aoss.amazonaws.com" })],
  ["OS-DOMAIN", "a legacy Elasticsearch engine", domain({ engineVersion: "Elasticsearch_7.10" })],
  ["OS-FGAC", "no master user", domain({ masterUserArn: "" })],
  ["OS-ACCESS", "a wildcard access principal", domain({ accessPrincipalArns: ["*"] })],
  ["ICEBERG", "an Iceberg retry of 7201 s", iceberg({ retryDurationSeconds: 7201 })],
  ["ICEBERG-CATALOG", "a catalog region that is not a Region code", iceberg({ catalog: { ...ICEBERG.catalog, region: "Europe" } as Any })],
  ["ICEBERG-TABLE", "no destination table", iceberg({ tables: [] })],
  ["ICEBERG-ROUTING", "two tables without a router", iceberg({ tables: [{ databaseName: "sales", tableName: "orders" }, { databaseName: "sales", tableName: "refunds" }], processors: [] })],
  ["ICEBERG-PROCESSOR", "a processor AWS does not document for Iceberg", iceberg({ processors: [routing(), new AppendDelimiterToRecordProcessor()] })],
  ["SNOWFLAKE", "no S3 backup bucket", snowflake({ s3Backup: undefined })],
  ["SNOWFLAKE-AUTH", "no credentials", snowflake({ secret: undefined })],
  ["SNOWFLAKE-LOADING", "VARIANT_CONTENT_MAPPING without its content column", snowflake({ dataLoading: { option: "VARIANT_CONTENT_MAPPING" } as Any })],
  ["SNOWFLAKE-PRIVATELINK", "a VPC endpoint id instead of the endpoint service name", snowflake({ accountUrl: "https://xy12345.eu-west-1.privatelink.snowflakecomputing.com", privateLinkVpceId: "vpce-0123456789abcdef0" })],
  ["SNOWFLAKE-PROCESSOR", "a processor AWS does not document for Snowflake", snowflake({ processors: [new AppendDelimiterToRecordProcessor()] })],
  ["S3-LIFECYCLE", "a STANDARD_IA transition after 10 days", bucket({ lifecycle: { transitionToInfrequentAccessDays: 10 } })],
  ["LOGS", "a log retention of 10 days", stream(() => s3(), { logging: { retentionDays: 10 } as Any })],
  // Lambda functions
  ["LF1", "a reserved AWS_ environment variable", lambda({ environment: { AWS_SECRET: "x" } })],
  ["LF2", "an unknown built-in processor", lambda({ handler: "nope" as never })],
  ["LF3", "64 MB of memory", lambda({ memorySizeMB: 64 })],
  ["LF4", "a negative reserved concurrency", lambda({ reservedConcurrentExecutions: -1 })],
  ["LF5", "an unknown re-ingest kind", lambda({ reingest: { kind: "sqs" } as never })],
  // Identifiers
  ["A1", "an imported stream's 4-digit account", imported({ accountId: "1234" })],
  ["A2", "an existing role ARN without its account", stream(() => s3(), { role: { roleArn: "arn:aws:iam::role/x" } as Any })],
  ["A3", "an imported stream's region that is not a Region code", imported({ region: "Europe" })],
  ["A4", "an imported stream's unknown partition", imported({ partition: "azure" })],
  ["TF-OUTPUT", "a role-mapping output name starting with a digit", realtime({ roleMappingOutput: { region: "eu-west-1", outputName: "1-mapping" } })],
  // This library's settings
  ["X1", "both an existing and a created bucket", lake({ bucketProps: { bucketName: "acme-lake-data" } })],
  ["X2", "a delivery stream without its destination", (stack) => new FirehoseDeliveryStream(stack, "S", { name: "acme-events" } as Any)],
  ["FANOUT", "no backup bucket", fanOut({ backupBucketProps: undefined })],
  ["FANOUT-CAPACITY", "five delivery streams on one PROVISIONED stream", fanOut({ destinations: [0, 1, 2, 3, 4].map((i) => ({ kind: "s3-backup", name: `copy${i}` }) as FanOutDestination) })],
  ["MON", "a success threshold of 95 (a ratio is 0-1)", monitoring({ thresholds: { deliverySuccess: { threshold: 95 } } })],
  ["MON-STORAGE", "a free storage threshold a 20 GiB node can never report", monitoring({ thresholds: { openSearchFreeStorageMiB: { threshold: 16384 } } })],
];

// ---------------------------------------------------------------------------------------------------------------
// Environment files (app/config): rules only an environment's config.ts can break.
// ---------------------------------------------------------------------------------------------------------------

const ENV_FILE = "environments/qa/config.ts";
const ENVIRONMENT: EnvironmentConfig = {
  region: "eu-west-1",
  namingPrefix: "acme-qa",
  tags: { Project: "lake" },
  backend: { type: "local" },
  pipelines: [{ kind: "data-lake", name: "events", partitionKeys: { source: ".source" } }],
};
const environment = (p: Partial<EnvironmentConfig>) => () => validateEnvironment(ENV_FILE, { ...ENVIRONMENT, ...p });

const CONFIG_MISTAKES: [rule: string, mistake: string, check: () => unknown][] = [
  ["C1", "a region that is not a Region code", environment({ region: "Ireland" })],
  ["C2", "a pipeline name with upper case", environment({ pipelines: [{ kind: "data-lake", name: "Events" }] })],
];

// ---------------------------------------------------------------------------------------------------------------
// Changes between deployments (`review` on a plan): rules only a change from the deployed configuration breaks.
// ---------------------------------------------------------------------------------------------------------------

const planned = (block: string, before: string | undefined, after: string | undefined): PlanResourceChange => ({
  address: "aws_kinesis_firehose_delivery_stream.s",
  type: "aws_kinesis_firehose_delivery_stream",
  name: "s",
  change: {
    actions: ["update"],
    before: { name: "s", [block]: [{ bucket_arn: BUCKET.bucketArn, s3_backup_mode: before }] },
    after: { name: "s", [block]: [{ bucket_arn: BUCKET.bucketArn, s3_backup_mode: after }] },
    after_unknown: {},
  },
});
/** Rule ids the review cites for one planned update. */
const reviewedRules = (c: PlanResourceChange): string[] => [...new Set(findRisks(c, "update").flatMap((r) => [...r.summary.matchAll(/\(rule ([A-Za-z0-9-]+)\)/g)].map((m) => m[1])))];

const REVIEW_MISTAKES: [rule: string, mistake: string, change: PlanResourceChange][] = [
  ["L12", "extended S3 source backup turned off", planned("extended_s3_configuration", "Enabled", "Disabled")],
  ["L12", "extended S3 source backup mode removed (the default is Disabled)", planned("extended_s3_configuration", "Enabled", undefined)],
  ["L12", "Splunk backup from AllEvents back to FailedEventsOnly", planned("splunk_configuration", "AllEvents", "FailedEventsOnly")],
  ["L12", "Redshift source backup turned off", planned("redshift_configuration", "Enabled", "Disabled")],
  ["L12", "Redshift source backup mode removed (the default is Disabled)", planned("redshift_configuration", "Enabled", undefined)],
];
/** The same blocks changed the way Firehose allows: no rule cited. */
const REVIEW_BASELINES: [string, PlanResourceChange][] = [
  ["extended S3 source backup turned on", planned("extended_s3_configuration", "Disabled", "Enabled")],
  ["Splunk backup from FailedEventsOnly to AllEvents", planned("splunk_configuration", "FailedEventsOnly", "AllEvents")],
  ["extended S3 backup left on", planned("extended_s3_configuration", "Enabled", "Enabled")],
  ["Redshift source backup turned on", planned("redshift_configuration", "Disabled", "Enabled")],
];

/** Rules about a change between deployments, proven by REVIEW_MISTAKES. */
const REVIEW_ONLY: Record<string, string> = {
  L12: "turning a backup off is a change from the deployed configuration: `review` reads it from the plan",
};

/**
 * Rules no construct prop can break: the constructs always render these attributes right, or check the prop under a
 * more precise rule. Only an escape hatch (`addOverride`), a raw provider resource or hand-written Terraform can, and
 * the rendered tests prove those. The clean baselines above are synthesized with the rendered checks on, so they also
 * show that the constructs render these attributes right.
 */
const RENDERED_ONLY: Record<string, string> = {
  EN1: "enumerations come from typed props; the values users choose are checked under the destination's own rule (S3-COMPRESSION, OS-ROTATION, SPLUNK, ...)",
  R1: "only the legacy elasticsearch_configuration block, which no construct renders; the others check their retry duration under their own rule (HTTP, SPLUNK, REDSHIFT, OS-RETRY, ICEBERG, SNOWFLAKE)",
  BK1: "the S3 destination renders s3_backup_configuration whenever sourceBackup is given",
  D1: "a destination construct renders only its own configuration block",
  D2: "a destination construct always renders the block its destination names",
  CW1: "error logging is rendered with the log group and stream the construct creates",
  E1: "EventIngestion always creates the target's role",
  E6: "EventIngestion derives target ids; the rule and bus names users give are checked under N-RULE and EB-BUS",
};

/** Environment-file rules, proven by CONFIG_MISTAKES. */
const CONFIG_ONLY: Record<string, string> = {
  C1: "the shape of an environment file (region, prefix, tags, backend, pipelines)",
  C2: "pipeline entries of an environment file",
};

/**
 * Rules that nothing reports: advice kept in the registry because alarms or docs cite it. They have no check to test;
 * listing them here keeps a rule from losing its check unnoticed.
 */
const NOT_CHECKED: Record<string, string> = {
  B13: "DataFreshness alarm thresholds allow for the 1.5x lag; nothing is refused or warned",
  DP14: "monitored by the PartitionCountExceeded alarms, not checked",
  S6: "monitored by the Direct PUT quota alarms, not checked",
};

/**
 * Rules on a resource type the rendered-resource checker reads (CHECKED_RESOURCE_TYPES) that it does not check: a new
 * rule on those types is marked rendered, or listed here with its reason. "Not yet" marks a gap of the rendered checks.
 */
const NOT_RENDERED: Record<string, string> = {
  L12: "a change between deployments: review reads it from the plan",
  "REDSHIFT-STAGING":
    "about the lifecycle rule the Redshift construct adds from stagingExpirationDays: the days and the no-prefix warning are props of no rendered resource, and a rendered source backup under the staging prefix is a mistake only if an aws_s3_bucket_lifecycle_configuration (a type the checker does not read) expires that prefix",
};

const severity = (rule: string): Channel => (RULES.find((r) => r.id === rule)?.severity ?? "error") as Channel;

/**
 * `reported` names `rule` and nothing else, and the construct's own props check reports it (an error thrown by the
 * constructor, before anything is created, or a construct warning): the rendered checks at synth may name it too.
 */
function expectOnly(reported: ReportedRules, rule: string, channel: Channel): void {
  const ids = [...new Set([...reported.errors, ...reported.warnings, ...(reported.renderedWarnings ?? [])])];
  const byProps = channel === "error" ? reported.refusedAt === "props" && reported.errors.includes(rule) : reported.warnings.includes(rule);
  expect({ ids, byProps, refused: reported.errors.length > 0, ...(reported.refusedAt ? { refusedAt: reported.refusedAt } : {}) }).toEqual({
    ids: [rule],
    byProps: true,
    refused: channel === "error",
    ...(channel === "error" ? { refusedAt: "props" } : {}),
  });
}

describe("every construct baseline is clean", () => {
  test.each(BASELINES)("%s", (_name, build) => {
    expect(reportedRules(build)).toEqual({ errors: [], warnings: [], renderedWarnings: [] });
  });

  test("the environment baseline is clean", () => {
    expect(reportedRulesOf(environment({}))).toEqual({ errors: [], warnings: [] });
  });
});

describe("each mistake is reported under its rule, and only that rule", () => {
  test.each(MISTAKES.map(([rule, mistake, build, channel]) => [`${rule}: ${mistake}`, rule, build, channel ?? severity(rule)] as const))("%s", (_name, rule, build, channel) => {
    expectOnly(reportedRules(build), rule, channel);
  });

  test.each(CONFIG_MISTAKES.map(([rule, mistake, check]) => [`${rule}: ${mistake}`, rule, check] as const))("environment file, %s", (_name, rule, check) => {
    expectOnly(reportedRulesOf(check), rule, severity(rule));
  });
});

describe("changes between deployments (review)", () => {
  test.each(REVIEW_BASELINES)("allowed: %s", (_name, change) => {
    expect(reviewedRules(change)).toEqual([]);
  });
  test.each(REVIEW_MISTAKES.map(([rule, mistake, change]) => [`${rule}: ${mistake}`, rule, change] as const))("%s", (_name, rule, change) => {
    expect(reviewedRules(change)).toEqual([rule]);
  });
});

/** Rule ids the rendered tests exercise: the planned HCL fixture's `bad_<rule>_` resources and the Terraform JSON cases. */
function renderedExercised(): Set<string> {
  const checks = path.join(__dirname, "..", "checks");
  const planned = [...fs.readFileSync(path.join(checks, "fixtures", "rules.tf"), "utf8").matchAll(/resource "\w+" "bad_([A-Z0-9-]+)_/g)].map((m) => m[1]);
  const source = fs.readFileSync(path.join(checks, "rules-config.test.ts"), "utf8");
  const block = (name: string): string => {
    const start = source.indexOf(`const ${name}: `);
    if (start < 0) throw new Error(`rules-config.test.ts has no ${name} table any more: update renderedExercised()`);
    return source.slice(start, source.indexOf("\n];", start));
  };
  // CASES rows start `["B1", "s3", ...`; DOC_CASES rows start with the rule alone on its line: `"E5",`.
  const json = [...block("CASES").matchAll(/^\s*\["([A-Z][A-Z0-9-]*)",/gm), ...block("DOC_CASES").matchAll(/^\s*"([A-Z][A-Z0-9-]*)",\s*$/gm)].map((m) => m[1]);
  return new Set([...planned, ...json]);
}

describe("no registry rule is left without a test", () => {
  const props = new Set(MISTAKES.map((m) => m[0]));
  const config = new Set(CONFIG_MISTAKES.map((m) => m[0]));
  const review = new Set(REVIEW_MISTAKES.map((m) => m[0]));
  const rendered = renderedExercised();
  const ids = RULES.map((r) => r.id);

  test("the lists name registry rules only, each rule in at most one list", () => {
    const listed = [...Object.keys(RENDERED_ONLY), ...Object.keys(CONFIG_ONLY), ...Object.keys(REVIEW_ONLY), ...Object.keys(NOT_CHECKED)];
    expect(listed.filter((id) => !ids.includes(id))).toEqual([]);
    expect(listed.filter((id, i) => listed.indexOf(id) !== i)).toEqual([]);
    expect([...props, ...config, ...review].filter((id) => !ids.includes(id))).toEqual([]);
  });

  test("every rule has a props-side mistake here, unless it is listed with its reason", () => {
    const listedWithReason = (id: string) => id in RENDERED_ONLY || id in CONFIG_ONLY || id in REVIEW_ONLY || id in NOT_CHECKED;
    expect(ids.filter((id) => !props.has(id) && !listedWithReason(id))).toEqual([]);
    // A listed rule that got a props-side test is listed wrongly.
    expect(ids.filter((id) => props.has(id) && listedWithReason(id))).toEqual([]);
  });

  test("every environment-file rule and every review rule has its mistake", () => {
    expect(Object.keys(CONFIG_ONLY).filter((id) => !config.has(id))).toEqual([]);
    expect(Object.keys(REVIEW_ONLY).filter((id) => !review.has(id))).toEqual([]);
  });

  test("every rule marked rendered is exercised by the rendered tests; rendered-only rules are marked rendered", () => {
    expect(RULES.filter((r) => r.rendered && !rendered.has(r.id)).map((r) => r.id)).toEqual([]);
    expect(Object.keys(RENDERED_ONLY).filter((id) => !RULES.find((r) => r.id === id)?.rendered)).toEqual([]);
  });

  test("every rule on a resource type the rendered checker reads is rendered, or listed with its reason", () => {
    const onChecked = RULES.filter((r) => r.targets.some((t) => (CHECKED_RESOURCE_TYPES as readonly string[]).includes(t.type)));
    expect(onChecked.filter((r) => !r.rendered && !(r.id in NOT_RENDERED)).map((r) => r.id)).toEqual([]);
    expect(Object.keys(NOT_RENDERED).filter((id) => !onChecked.some((r) => r.id === id) || RULES.find((r) => r.id === id)?.rendered)).toEqual([]);
  });

  test("rules nothing reports are not marked rendered either", () => {
    expect(Object.keys(NOT_CHECKED).filter((id) => RULES.find((r) => r.id === id)?.rendered)).toEqual([]);
  });
});
