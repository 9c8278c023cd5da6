/**
 * A full multi-destination stack:
 *
 *   producers ──► Kinesis data stream "acme-orders" ──► Firehose ──► Redshift (COPY from an intermediate bucket)
 *                                                   ├─► Firehose ──► partner HTTP endpoint
 *                                                   ├─► Firehose ──► Splunk HEC
 *                                                   └─► Firehose ──► S3 archive
 *   EventBridge rule (order events) ──► Firehose ──► S3 audit lake, partitioned by event source
 *   producers (Direct PUT) ──► Firehose ──► S3 data lake: Parquet (Glue table), partitioned by country and date
 *   producers (Direct PUT) ──► Firehose ──► OpenSearch domain (created, hardened), failed documents to S3
 *   Kinesis data stream "acme-orders" ──► Firehose ──► Snowflake (Snowpipe Streaming, key pair in Secrets Manager)
 *   producers (Direct PUT) ──► Firehose ──► Apache Iceberg tables in the Glue Data Catalog (orders upserted on
 *                                           order_id, refunds appended), routed by a jq 1.6 query
 *
 * Credentials of Redshift, the HTTP endpoint, Splunk and Snowflake live in Secrets Manager (created empty here: put their values
 * after the first apply), never in the Terraform state. CloudWatch alarms watch every stream, rule and destination and
 * notify an encrypted SNS topic.
 */
import { App, LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import {
  AppendDelimiterToRecordProcessor,
  EventIngestion,
  ExtendedS3Destination,
  FanOut,
  FirehoseDeliveryStream,
  IcebergDataLake,
  KinesisStreamSource,
  MetadataExtractionProcessor,
  DataLakeIngestion,
  PipelineMonitoring,
  REALTIME_LOW_LATENCY,
  RealtimeAnalytics,
  SecureBucket,
  SnowflakeDestination,
  hivePartitionPrefix,
  partitionErrorPrefix,
} from "cdktf-firehose-pipelines";

const REGION = "us-east-1";
const ACCOUNT_ID = "123456789012";

const app = new App();
const stack = new TerraformStack(app, "multi-destination");
new AwsProvider(stack, "aws", { region: REGION, defaultTags: [{ tags: { Project: "multi-destination" } }] });
new LocalBackend(stack, { path: "terraform.tfstate" });

// One Kinesis data stream fanned out to four delivery streams; failed records and Redshift's COPY files go to one
// backup bucket.
const orders = new FanOut(stack, "Orders", {
  name: "acme-orders",
  stream: { mode: "ON_DEMAND", retentionPeriodHours: 48 },
  backupBucketProps: { bucketName: "acme-orders-backup", lifecycle: { expirationDays: 400 } },
  accountId: ACCOUNT_ID,
  destinations: [
    {
      kind: "redshift",
      name: "warehouse",
      clusterJdbcUrl: "jdbc:redshift://analytics.abc123xyz789.us-east-1.redshift.amazonaws.com:5439/analytics",
      tableName: "orders_raw",
      copyOptions: "JSON 'auto' TIMEFORMAT 'auto'",
      secret: {},
    },
    {
      kind: "http-endpoint",
      name: "partner",
      url: "https://analytics.partner.example.com/api/events",
      endpointName: "PartnerAnalytics",
      secret: {},
      bufferingSizeMiB: 4,
      bufferingIntervalSeconds: 60,
    },
    { kind: "splunk", name: "splunk", hecEndpoint: "https://splunk.example.com:8088", hecEndpointType: "Event", secret: {} },
    { kind: "s3-backup", name: "archive" },
  ],
});

// Order events from EventBridge into an audit lake partitioned by event source.
const audit = new SecureBucket(stack, "AuditLake", { bucketName: "acme-orders-audit" });
const auditStream = new FirehoseDeliveryStream(stack, "AuditEvents", {
  name: "acme-orders-audit",
  accountId: ACCOUNT_ID,
  destination: new ExtendedS3Destination({
    bucket: audit,
    dynamicPartitioning: { enabled: true },
    // EventBridge sends one JSON event per record without a newline: add one so the files are JSON Lines.
    processors: [new MetadataExtractionProcessor({ partitionKeys: { source: ".source" } }), new AppendDelimiterToRecordProcessor()],
    prefix: hivePartitionPrefix("audit/", ["source"], "partitionKeyFromQuery"),
    errorOutputPrefix: partitionErrorPrefix("audit-errors/"),
    bufferingSizeMiB: 64,
    bufferingIntervalSeconds: 300,
  }),
});
const rule = new EventIngestion(stack, "OrderEvents", {
  ruleName: "acme-order-events",
  eventPattern: { source: [{ prefix: "acme.orders" }] },
  deliveryStreams: [auditStream],
  accountId: ACCOUNT_ID,
});

// Order records as Parquet in a data lake: partitioned by country (jq) then by day, with a Glue table created from the
// columns (partition columns come from the prefix) so Athena can query it as soon as files land.
const lake = new DataLakeIngestion(stack, "OrdersLake", {
  streamName: "acme-orders-lake",
  accountId: ACCOUNT_ID,
  bucketProps: { bucketName: "acme-orders-lake", lifecycle: { expirationDays: 730 } },
  dataPrefix: "orders/",
  errorPrefix: "orders-errors/",
  partitioning: { partitionKeys: { country: ".shipping.country" }, timeFolders: "dt=!{timestamp:yyyy-MM-dd}/" },
  // Dynamic partitioning and format conversion need a buffer of at least 64 MiB.
  bufferingSizeMiB: 128,
  bufferingIntervalSeconds: 300,
  formatConversion: {
    output: { format: "PARQUET", compression: "SNAPPY" },
    schema: {
      databaseName: "acme_orders",
      tableName: "orders",
      columns: [
        { name: "order_id", type: "string" },
        { name: "customer_id", type: "string" },
        { name: "amount", type: "decimal(12,2)" },
        { name: "currency", type: "string" },
        { name: "created_at", type: "timestamp" },
      ],
    },
  },
});

// Near-real-time search over order events: a created OpenSearch domain (encrypted with its own KMS key, TLS 1.2,
// fine-grained access control with an IAM master user, audit logs), one small data node; failed documents go to S3.
const search = new RealtimeAnalytics(stack, "OrderSearch", {
  streamName: "acme-orders-search",
  accountId: ACCOUNT_ID,
  domain: {
    domainName: "acme-orders",
    // The smallest size with encryption at rest and fine-grained access control (t2 types have neither).
    instanceType: "t3.medium.search",
    instanceCount: 1,
    masterUserArn: `arn:aws:iam::${ACCOUNT_ID}:role/search-admin`,
  },
  indexName: "orders",
  indexRotation: "OneDay",
  buffering: REALTIME_LOW_LATENCY,
  backupBucketName: "acme-orders-search-failed",
});

// The same Kinesis data stream into Snowflake: each order as one VARIANT column plus Firehose's metadata, failed
// records to the fan-out's backup bucket. The secret is created empty: put {"user","private_key"} after the first apply.
const warehouse = new FirehoseDeliveryStream(stack, "OrdersSnowflake", {
  name: "acme-orders-snowflake",
  accountId: ACCOUNT_ID,
  source: new KinesisStreamSource({ streamArn: orders.streamArn, kmsKeyArn: orders.stream?.kmsKeyArn }),
  destination: new SnowflakeDestination({
    accountUrl: "https://acme-analytics.us-east-1.snowflakecomputing.com",
    database: "ACME",
    schema: "RAW",
    table: "ORDERS",
    secret: {},
    snowflakeRole: "FIREHOSE_LOADER",
    dataLoading: { option: "VARIANT_CONTENT_AND_METADATA_MAPPING", contentColumnName: "RECORD_CONTENT", metadataColumnName: "RECORD_METADATA" },
    bufferingIntervalSeconds: 10,
    s3Backup: { bucket: orders.backupBucket, prefix: "snowflake/", errorOutputPrefix: "snowflake-errors/" },
  }),
});

// An Iceberg lake: orders upserted on order_id, refunds appended; each record says its table ("kind") and operation.
const iceberg = new IcebergDataLake(stack, "OrdersIceberg", {
  streamName: "acme-orders-iceberg",
  region: REGION,
  accountId: ACCOUNT_ID,
  warehouseBucketProps: { bucketName: "acme-orders-iceberg" },
  errorBucketProps: { bucketName: "acme-orders-iceberg-errors", lifecycle: { expirationDays: 400 } },
  databaseName: "acme_orders_iceberg",
  tables: [
    {
      tableName: "orders",
      uniqueKeys: ["order_id"],
      columns: [
        { name: "order_id", type: "string" },
        { name: "status", type: "string" },
        { name: "amount", type: "decimal(12,2)" },
        { name: "updated_at", type: "timestamp" },
      ],
    },
    { tableName: "refunds", columns: [{ name: "refund_id", type: "string" }, { name: "order_id", type: "string" }, { name: "amount", type: "decimal(12,2)" }] },
  ],
  routing: { query: { destinationTableName: ".kind", operation: '.op // "insert"' } },
});

const streams: Record<string, FirehoseDeliveryStream> = {
  ...orders.deliveryStreams,
  audit: auditStream,
  lake: lake.stream,
  search: search.deliveryStream,
  snowflake: warehouse,
  iceberg: iceberg.stream,
};
new PipelineMonitoring(stack, "Monitoring", {
  namePrefix: "acme-orders",
  region: REGION,
  accountId: ACCOUNT_ID,
  resources: {
    deliveryStreams: Object.values(streams),
    kinesisStreams: orders.streamName ? [{ streamName: orders.streamName }] : [],
    rules: [{ ruleName: rule.ruleName, eventBusName: rule.eventBusName, deadLetterQueueName: rule.deadLetterQueueName }],
    domains: [{ domainName: "acme-orders" }],
  },
  subscriptions: [{ protocol: "email", endpoint: "data-oncall@example.com" }],
});

new TerraformOutput(stack, "kinesis_stream_arn", { value: orders.streamArn });
for (const [name, s] of Object.entries(streams)) new TerraformOutput(stack, `${name}_delivery_stream_arn`, { value: s.streamArn });

app.synth();
