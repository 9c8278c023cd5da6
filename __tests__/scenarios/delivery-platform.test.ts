/** Delivery platform: data lake, real-time analytics, multi-destination, performance patterns, resilience, monitoring. */
import { Construct } from "constructs";
import { DataLakeIngestion, ExtendedS3Destination, FanOut, FirehoseDeliveryStream, KinesisDataStream, RealtimeAnalytics, SecureBucket } from "../../modules";
import { errorOf, resourcesOf, synthJson, testStack } from "../helpers/stack";
import { analyticsBackupDestination, FUNCTIONS, HOURLY, multiDestinationProps, rawIngestionProps, realtimeAnalyticsProps, platform } from "./architectures";
import { alarmsOf, deliveryStream, ref, Res } from "./synth";

describe("delivery platform: delivery architectures", () => {
  const stack = testStack();
  platform(stack);
  const json = synthJson(stack);

  test("raw-data-ingestion: partitioned by source and hour, 128 MiB / 60 s, Parquet SNAPPY, cleansing Lambda with 3 MB batches, all source records backed up", () => {
    const stream = deliveryStream(json, "raw-data-ingestion");
    const s3 = stream.extended_s3_configuration as Res;
    expect(s3.prefix).toBe(`raw/source=!{partitionKeyFromQuery:source}/${HOURLY}`);
    expect(s3.prefix).toBe("raw/source=!{partitionKeyFromQuery:source}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/");
    expect(s3.error_output_prefix).toBe("errors/raw/");
    expect([s3.buffering_size, s3.buffering_interval]).toEqual([128, 60]);
    expect(s3.compression_format).toBe("UNCOMPRESSED");
    expect(s3.data_format_conversion_configuration.output_format_configuration.serializer.parquet_ser_de).toEqual({
      block_size_bytes: 268435456,
      page_size_bytes: 1048576,
      compression: "SNAPPY",
      enable_dictionary_compression: true,
    });
    expect(s3.data_format_conversion_configuration.schema_configuration).toMatchObject({ database_name: "analytics_catalog", table_name: "raw_events", region: "us-east-1", version_id: "LATEST" });
    expect(s3.processing_configuration.processors.map((p: Res) => p.type)).toEqual(["Lambda", "MetadataExtraction"]);
    expect(s3.processing_configuration.processors[0].parameters).toEqual([
      { parameter_name: "LambdaArn", parameter_value: FUNCTIONS.dataCleansing },
      { parameter_name: "BufferSizeInMBs", parameter_value: "3" },
      { parameter_name: "BufferIntervalInSeconds", parameter_value: "60" },
    ]);
    expect(s3.s3_backup_mode).toBe("Enabled");
    expect(s3.s3_backup_configuration).toMatchObject({ prefix: "backup/", bucket_arn: s3.bucket_arn });
    expect(stream.server_side_encryption).toEqual({ enabled: true, key_type: "AWS_OWNED_CMK" });
  });

  test("raw-data-ingestion as first drafted: GZIP next to Parquet is refused (rule F6)", () => {
    expect(errorOf(() => new DataLakeIngestion(testStack(), "Raw", { ...rawIngestionProps(), compression: "GZIP" }))).toContain(
      'compression: compression must be UNCOMPRESSED with record format conversion (the serializer compresses) (rule F6; received "GZIP")',
    );
  });

  test("processed-data-delivery reads the processed-events Kinesis stream: no SSE, dataset/month partitions, 64 MiB / 300 s, Parquet", () => {
    const stream = deliveryStream(json, "processed-data-delivery");
    expect(stream.kinesis_source_configuration).toEqual({
      kinesis_stream_arn: ref(json, "aws_kinesis_stream", "PlatformProcessedEvents", "arn"),
      role_arn: ref(json, "aws_iam_role", "PlatformCurated", "arn"),
    });
    expect(stream.server_side_encryption).toBeUndefined();
    const s3 = stream.extended_s3_configuration as Res;
    expect(s3.prefix).toBe("curated/dataset=!{partitionKeyFromQuery:dataset}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/");
    expect(s3.error_output_prefix).toBe("errors/curated/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/");
    expect([s3.buffering_size, s3.buffering_interval, s3.compression_format]).toEqual([64, 300, "UNCOMPRESSED"]);
    expect(s3.data_format_conversion_configuration.schema_configuration).toMatchObject({ database_name: "analytics_catalog", table_name: "curated_events" });
  });

  test("the curated stream as first drafted (query key in the prefix, no processor, no error prefix) is refused (rules DP3, DP6)", () => {
    const s = testStack();
    const msg = errorOf(
      () =>
        new FirehoseDeliveryStream(s, "Curated", {
          name: "processed-data-delivery",
          destination: draftCuratedDestination(s, "curated/dataset=!{partitionKeyFromQuery:dataset}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/"),
        }),
    );
    expect(msg).toContain("destination.errorOutputPrefix: dynamic partitioning requires an error output prefix (rule DP3; received undefined)");
    expect(msg).toContain("destination.prefix: !{partitionKeyFromQuery:...} needs a MetadataExtraction processor (rule DP6;");
  });

  test("realtime-analytics-delivery reads events-stream into OpenSearch: index events rotated daily, 5 MiB / 60 s, retry 1 h, failed documents only, formatter Lambda", () => {
    const stream = deliveryStream(json, "realtime-analytics-delivery");
    expect(stream.destination).toBe("opensearch");
    expect(stream.kinesis_source_configuration.kinesis_stream_arn).toBe(ref(json, "aws_kinesis_stream", "PlatformEventsStream", "arn"));
    expect(stream.server_side_encryption).toBeUndefined();
    expect(stream.opensearch_configuration).toMatchObject({
      domain_arn: ref(json, "aws_opensearch_domain", "PlatformRealtime", "arn"),
      index_name: "events",
      index_rotation_period: "OneDay",
      buffering_size: 5,
      buffering_interval: 60,
      retry_duration: 3600,
      s3_backup_mode: "FailedDocumentsOnly",
      processing_configuration: { enabled: true, processors: [{ type: "Lambda", parameters: [{ parameter_name: "LambdaArn", parameter_value: FUNCTIONS.opensearchFormatter }] }] },
    });
  });

  test("the first draft's SSE on the Kinesis-sourced stream (rule S2) and its !{timestamp} index name (OS-INDEX) are refused", () => {
    const s = testStack();
    const events = new KinesisDataStream(s, "Events", { name: "events-stream" });
    const msg = errorOf(
      () => new RealtimeAnalytics(s, "Realtime", { ...realtimeAnalyticsProps(events.toSource()), encryption: { type: "AWS_OWNED" }, indexName: "events-!{timestamp:yyyy-MM-dd}" }),
    );
    expect(msg).toContain('encryption: server-side encryption is only available for Direct PUT streams; encrypt the source instead (source is KinesisStreamAsSource) (rule S2; received {"type":"AWS_OWNED"})');
    expect(msg).toContain('[test/Realtime] indexName: index names take no !{...} expressions (Firehose rotates the index: see the index rotation) (rule OS-INDEX; received "events-!{timestamp:yyyy-MM-dd}")');
  });

  test("analytics-backup-delivery reads the same Kinesis stream into S3: dated prefix, 128 MiB / 900 s, GZIP, typed error prefix", () => {
    const stream = deliveryStream(json, "analytics-backup-delivery");
    expect(stream.kinesis_source_configuration.kinesis_stream_arn).toBe(ref(json, "aws_kinesis_stream", "PlatformEventsStream", "arn"));
    expect(stream.extended_s3_configuration).toMatchObject({
      prefix: "analytics-backup/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/",
      error_output_prefix: "analytics-backup-errors/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/",
      buffering_size: 128,
      buffering_interval: 900,
      compression_format: "GZIP",
    });
  });

  test("analytics-backup-delivery without an error prefix, as first drafted, is refused (rule DP16)", () => {
    const s = testStack();
    const bucket = new SecureBucket(s, "B", { bucketName: "acme-x-backup" });
    expect(errorOf(() => new FirehoseDeliveryStream(s, "Backup", { name: "analytics-backup-delivery", destination: analyticsBackupDestination(bucket, undefined) }))).toContain(
      "destination.errorOutputPrefix: errorOutputPrefix may be empty only when prefix contains no !{...} expressions (rule DP16; received undefined)",
    );
  });

  test("multi-destination: a 10-shard, 7-day stream fanned out to Redshift, an HTTP endpoint and Splunk, credentials in Secrets Manager", () => {
    const source = (resourcesOf(json, "aws_kinesis_stream") as Res[]).find((k) => k.name === "multi-destination-source");
    expect(source).toMatchObject({ stream_mode_details: { stream_mode: "PROVISIONED" }, shard_count: 10, retention_period: 168 });
    const sourceArn = ref(json, "aws_kinesis_stream", "PlatformMulti", "arn");
    const warehouse = deliveryStream(json, "warehouse-delivery");
    expect(warehouse.kinesis_source_configuration.kinesis_stream_arn).toBe(sourceArn);
    expect(warehouse.redshift_configuration).toMatchObject({
      cluster_jdbcurl: "jdbc:redshift://analytics-cluster.cluster-xyz.us-east-1.redshift.amazonaws.com:5439/analytics",
      data_table_name: "events_raw",
      copy_options: "JSON 'auto' TIMEFORMAT 'YYYY-MM-DD HH:MI:SS'",
      s3_backup_mode: "Enabled",
      secrets_manager_configuration: { enabled: true },
      processing_configuration: { enabled: true, processors: [{ type: "Lambda", parameters: [{ parameter_name: "LambdaArn", parameter_value: FUNCTIONS.redshiftFormatter }] }] },
    });
    expect(warehouse.redshift_configuration.password).toBeUndefined();
    const http = deliveryStream(json, "third-party-delivery");
    expect(http.http_endpoint_configuration).toMatchObject({
      url: "https://analytics.partner.com/api/events",
      name: "PartnerAnalytics",
      buffering_size: 16,
      buffering_interval: 60,
      retry_duration: 3600,
      s3_backup_mode: "FailedDataOnly",
      request_configuration: { content_encoding: "GZIP", common_attributes: [{ name: "X-Source", value: "kinesis-firehose" }, { name: "X-Environment", value: "production" }] },
      secrets_manager_configuration: { enabled: true },
    });
    expect(http.http_endpoint_configuration.access_key).toBeUndefined();
    const splunk = deliveryStream(json, "monitoring-delivery");
    expect(splunk.splunk_configuration).toMatchObject({
      hec_endpoint: "https://splunk.company.com:8088",
      hec_endpoint_type: "Event",
      hec_acknowledgment_timeout: 180,
      retry_duration: 3600,
      s3_backup_mode: "FailedEventsOnly",
      secrets_manager_configuration: { enabled: true },
    });
    expect(splunk.splunk_configuration.hec_token).toBeUndefined();
    expect(JSON.stringify(json)).not.toMatch(/firehose_user|redshift_password/);
  });

  test("the first draft's plaintext Redshift password is refused unless explicitly allowed (it would land in state)", () => {
    const props = multiDestinationProps();
    const [warehouse, ...rest] = props.destinations;
    const msg = errorOf(() => new FanOut(testStack(), "Multi", { ...props, destinations: [{ ...warehouse, secret: undefined, username: "firehose_user", password: "s3cret-pass" } as never, ...rest] }));
    expect(msg).toMatch(/destinations\[0\]\.password: .*allowPlaintextPassword.* \(rule REDSHIFT; received "\(redacted\)"\)/);
  });

  test("performance patterns: high-throughput Parquet with 512 MiB blocks and no dictionary; low-latency OpenSearch at 1 MiB / 60 s with a 1 MB processor batch", () => {
    const high = deliveryStream(json, "high-throughput-delivery").extended_s3_configuration as Res;
    expect([high.buffering_size, high.buffering_interval, high.compression_format]).toEqual([128, 60, "UNCOMPRESSED"]);
    expect(high.data_format_conversion_configuration.output_format_configuration.serializer.parquet_ser_de).toMatchObject({
      block_size_bytes: 536870912,
      page_size_bytes: 1048576,
      compression: "SNAPPY",
      enable_dictionary_compression: false,
    });
    const low = deliveryStream(json, "low-latency-delivery").opensearch_configuration as Res;
    expect(low).toMatchObject({ domain_arn: "arn:aws:es:us-east-1:111122223333:domain/search-domain", index_name: "realtime-events", buffering_size: 1, buffering_interval: 60, retry_duration: 300 });
    expect(low.processing_configuration.processors[0].parameters).toEqual([
      { parameter_name: "LambdaArn", parameter_value: FUNCTIONS.fastTransformer },
      { parameter_name: "BufferSizeInMBs", parameter_value: "1" },
      { parameter_name: "BufferIntervalInSeconds", parameter_value: "60" },
    ]);
  });

  test("resilient-delivery: customer-managed SSE, typed error prefix, every record backed up to another bucket, 3 MB processor batches", () => {
    const stream = deliveryStream(json, "resilient-delivery");
    expect(stream.server_side_encryption).toEqual({ enabled: true, key_type: "CUSTOMER_MANAGED_CMK", key_arn: ref(json, "aws_kms_key", "PlatformResilientKey", "arn") });
    const s3 = stream.extended_s3_configuration as Res;
    expect(s3.error_output_prefix).toBe("errors/processing/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/");
    expect(s3.s3_backup_mode).toBe("Enabled");
    expect(s3.s3_backup_configuration).toMatchObject({ bucket_arn: ref(json, "aws_s3_bucket", "PlatformBackupBucket", "arn"), prefix: "backup/successful/", buffering_size: 64, compression_format: "GZIP" });
    expect(s3.processing_configuration.processors[0].parameters).toContainEqual({ parameter_name: "BufferSizeInMBs", parameter_value: "3" });
  });

  test("the resilient stream's error prefix as first drafted (expressions, no error-output-type) is refused (rule DP16)", () => {
    const s = testStack();
    const bucket = new SecureBucket(s, "B", { bucketName: "acme-x-primary" });
    const destination = analyticsBackupDestination(bucket, "errors/processing/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/");
    expect(errorOf(() => new FirehoseDeliveryStream(s, "Resilient", { name: "resilient-delivery", destination }))).toContain(
      'destination.errorOutputPrefix: an errorOutputPrefix with expressions must contain !{firehose:error-output-type} (rule DP16; received "errors/processing/year=',
    );
  });

  test("monitoring follows AWS, not the first draft: namespace AWS/Firehose, success ratio below 0.95, freshness in seconds, conversion failures from FailedConversion.Records", () => {
    const raw = alarmsOf(json, "raw-data-ingestion-");
    const metric = (name: string) => raw.find((a) => a.metric_name === name);
    expect(raw.every((a) => a.namespace === "AWS/Firehose" || a.metric_query)).toBe(true);
    expect(metric("DeliveryToS3.Success")).toMatchObject({ statistic: "Average", comparison_operator: "LessThanThreshold", threshold: 0.95, evaluation_periods: 3, period: 300 });
    // 60 s interval x 1.5 with dynamic partitioning (rule B13) + 300 s margin, in seconds (the first draft's 900000 is ms).
    expect(metric("DeliveryToS3.DataFreshness")).toMatchObject({ statistic: "Maximum", comparison_operator: "GreaterThanThreshold", threshold: 390 });
    expect(metric("FailedConversion.Records")).toMatchObject({ statistic: "Sum", comparison_operator: "GreaterThanThreshold", threshold: 0 });
    // DeliveryToS3.Records counts delivered records: an alarm on it "> 0" would fire on every success.
    expect(alarmsOf(json, "").filter((a) => a.metric_name === "DeliveryToS3.Records")).toEqual([]);
    expect(alarmsOf(json, "").filter((a) => a.namespace === "AWS/KinesisFirehose")).toEqual([]);
    // Each destination kind gets its own success metric.
    expect(alarmsOf(json, "realtime-analytics-delivery-").map((a) => a.metric_name)).toContain("DeliveryToAmazonOpenSearchService.Success");
    expect(alarmsOf(json, "monitoring-delivery-").map((a) => a.metric_name)).toContain("DeliveryToSplunk.Success");
  });
});


/** An S3 destination with the first draft's curated prefix and dynamic partitioning, nothing else (no processor, no error prefix). */
function draftCuratedDestination(scope: Construct, prefix: string): ExtendedS3Destination {
  return new ExtendedS3Destination({ bucket: new SecureBucket(scope, "CuratedBucket", { bucketName: "acme-x-curated" }), prefix, dynamicPartitioning: { enabled: true }, bufferingSizeMiB: 64 });
}
