/**
 * Recipe (recipe: Firehose + Lambda transform + S3 Parquet + OpenSearch + CloudWatch alarms + SQS DLQ) and tutorial
 * (tutorial: S3, jq partitioning, Lambda partitioning of gzip data, the 6 MB limit and re-ingestion).
 */
import { DataLakeIngestion, FirehoseLambdaProcessor, LambdaProcessor } from "../../modules";
import { errorOf, resourcesOf, synthJson, testStack } from "../helpers/stack";
import { ACCOUNT, recipeLakeProps, recipe, tutorial } from "./architectures";
import { alarmsOf, deliveryStream, ref, Res, roleStatements } from "./synth";

describe("recipe: recipe", () => {
  const stack = testStack();
  recipe(stack);
  const json = synthJson(stack);

  test("the transform Lambda feeds both streams; the S3 stream writes Parquet (SNAPPY) under transformed-data/, partitioned by the events' source and detail-type, with a Glue table of the recipe's columns", () => {
    const fnArn = ref(json, "aws_lambda_function", "RecipeTransform_Function", "arn");
    const s3 = deliveryStream(json, "recipe-s3-parquet").extended_s3_configuration as Res;
    expect(s3.prefix).toBe(
      "transformed-data/source=!{partitionKeyFromQuery:source}/detail_type=!{partitionKeyFromQuery:detail_type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/",
    );
    expect(s3.dynamic_partitioning_configuration).toEqual({ enabled: true, retry_duration: 300 });
    expect([s3.buffering_size, s3.buffering_interval, s3.compression_format]).toEqual([64, 300, "UNCOMPRESSED"]);
    // The transform first, then the partition keys read from what it returns, then one event per line.
    expect(s3.processing_configuration.processors).toEqual([
      { type: "Lambda", parameters: [{ parameter_name: "LambdaArn", parameter_value: fnArn }, { parameter_name: "BufferSizeInMBs", parameter_value: "3" }] },
      {
        type: "MetadataExtraction",
        parameters: [
          { parameter_name: "MetadataExtractionQuery", parameter_value: '{source:.source,detail_type:(."detail-type")}' },
          { parameter_name: "JsonParsingEngine", parameter_value: "JQ-1.6" },
        ],
      },
      { type: "AppendDelimiterToRecord" },
    ]);
    expect(s3.data_format_conversion_configuration.output_format_configuration.serializer.parquet_ser_de.compression).toBe("SNAPPY");
    const table = resourcesOf(json, "aws_glue_catalog_table")[0] as Res;
    expect(table.storage_descriptor.columns.map((c: Res) => c.name)).toEqual(["event_id", "user_id", "event_type", "amount"]);
    expect(table.partition_keys.map((c: Res) => c.name)).toEqual(["source", "detail_type", "year", "month", "day", "hour"]);
    const search = deliveryStream(json, "recipe-opensearch").opensearch_configuration as Res;
    expect(search.processing_configuration.processors[0].parameters[0]).toEqual({ parameter_name: "LambdaArn", parameter_value: fnArn });
    expect(search).toMatchObject({ index_name: "events", s3_backup_mode: "FailedDocumentsOnly" });
    const fn = resourcesOf(json, "aws_lambda_function")[0] as Res;
    expect(fn).toMatchObject({ function_name: "recipe-transform", timeout: 300 });
  });

  test("the recipe's 5 MB buffer is refused with Parquet (rule B11)", () => {
    expect(errorOf(() => new DataLakeIngestion(testStack(), "Lake", recipeLakeProps(new LambdaProcessor({ functionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:t` }), 5)))).toContain(
      "bufferingSizeMiB: buffering size must be at least 64 MiB when record format conversion is enabled (rule B11; received 5)",
    );
  });

  test("an OpenSearch domain with encryption at rest, HTTPS and fine-grained access control, the recipe's instance type", () => {
    const domain = resourcesOf(json, "aws_opensearch_domain")[0] as Res;
    expect(domain).toMatchObject({
      domain_name: "recipe-search",
      cluster_config: { instance_type: "t3.medium.search", instance_count: 2 },
      encrypt_at_rest: { enabled: true },
      domain_endpoint_options: { enforce_https: true },
      advanced_security_options: { enabled: true },
    });
  });

  test("an SQS dead-letter queue for events EventBridge cannot hand to either stream, writable only by its rule", () => {
    const queue = resourcesOf(json, "aws_sqs_queue")[0] as Res;
    expect(queue).toMatchObject({ name: "recipe-events-dlq", sqs_managed_sse_enabled: true, message_retention_seconds: 1209600 });
    const targets = resourcesOf(json, "aws_cloudwatch_event_target") as Res[];
    expect(targets.map((t) => t.arn)).toEqual([ref(json, "aws_kinesis_firehose_delivery_stream", "RecipeLake", "arn"), ref(json, "aws_kinesis_firehose_delivery_stream", "RecipeSearch", "arn")]);
    expect(targets.every((t) => t.dead_letter_config.arn === ref(json, "aws_sqs_queue", "RecipeLake", "arn"))).toBe(true);
    const policy = JSON.parse((resourcesOf(json, "aws_sqs_queue_policy")[0] as Res).policy);
    expect(policy.Statement[0]).toMatchObject({ Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage", Condition: { ArnEquals: { "aws:SourceArn": ref(json, "aws_cloudwatch_event_rule", "RecipeLake", "arn") } } });
  });

  test("CloudWatch alarms on delivery, transformation, conversion, the function, the rule, the DLQ and the domain, sent to an encrypted topic with an e-mail subscription", () => {
    const metrics = alarmsOf(json, "").map((a) => a.metric_name);
    expect(metrics).toEqual(
      expect.arrayContaining([
        "DeliveryToS3.Success",
        "ExecuteProcessing.Success",
        "FailedConversion.Records",
        "DeliveryToAmazonOpenSearchService.Success",
        "Errors",
        "Throttles",
        "FailedInvocations",
        "ApproximateNumberOfMessagesVisible",
        "ClusterStatus.red",
        "FreeStorageSpace",
      ]),
    );
    expect(metrics).not.toContain("DeliveryToS3.Records");
    expect(resourcesOf(json, "aws_sns_topic")[0]).toMatchObject({ name: "recipe-alarms", kms_master_key_id: expect.any(String) });
    expect(resourcesOf(json, "aws_sns_topic_subscription")[0]).toMatchObject({ protocol: "email", endpoint: "data-platform@example.com" });
  });
});

describe("tutorial: tutorial", () => {
  const stack = testStack();
  tutorial(stack);
  const json = synthJson(stack);
  const bucketArn = ref(json, "aws_s3_bucket", "TutorialBucket", "arn");

  test("task 1: a plain Direct PUT stream into the demo bucket", () => {
    const s3 = deliveryStream(json, "tutorial-basic").extended_s3_configuration as Res;
    expect(s3).toMatchObject({ bucket_arn: bucketArn, compression_format: "GZIP" });
    expect(s3.dynamic_partitioning_configuration).toBeUndefined();
  });

  test("task 2: inline jq partitioning, the output path built from the keys", () => {
    const s3 = deliveryStream(json, "tutorial-jq-partitioning").extended_s3_configuration as Res;
    expect(s3.prefix).toBe("jq/customer_id=!{partitionKeyFromQuery:customer_id}/event_type=!{partitionKeyFromQuery:event_type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/");
    expect(s3.processing_configuration.processors[0].parameters).toEqual([
      { parameter_name: "MetadataExtractionQuery", parameter_value: "{customer_id:.customer_id,event_type:.event.type}" },
      { parameter_name: "JsonParsingEngine", parameter_value: "JQ-1.6" },
    ]);
  });

  test("task 3: gzip records partitioned by the partitioner Lambda into data/database/table/year/month/day/hour, failures under error/", () => {
    const s3 = deliveryStream(json, "tutorial-lambda-partitioning").extended_s3_configuration as Res;
    expect(s3.prefix).toBe(
      "data/database=!{partitionKeyFromLambda:database}/table=!{partitionKeyFromLambda:table}/year=!{partitionKeyFromLambda:year}/month=!{partitionKeyFromLambda:month}/day=!{partitionKeyFromLambda:day}/hour=!{partitionKeyFromLambda:hour}/",
    );
    expect(s3.error_output_prefix).toBe("error/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/");
    expect(s3.dynamic_partitioning_configuration).toEqual({ enabled: true, retry_duration: 300 });
    expect(s3.processing_configuration.processors).toEqual([
      {
        type: "Lambda",
        parameters: [
          { parameter_name: "LambdaArn", parameter_value: ref(json, "aws_lambda_function", "TutorialPartitioner_Function", "arn") },
          { parameter_name: "BufferSizeInMBs", parameter_value: "3" },
        ],
      },
    ]);
    const fn = resourcesOf(json, "aws_lambda_function")[0] as Res;
    expect(JSON.parse(fn.environment.variables.PARTITION_KEYS)).toEqual({ database: "database", table: "table" });
  });

  test("task 4: overflow records are re-ingested with PutRecordBatch into exactly this stream", () => {
    expect(roleStatements(json, "tutorial-partitioner-role")).toContainEqual({
      Sid: "ReingestIntoDeliveryStream",
      Effect: "Allow",
      Action: "firehose:PutRecordBatch",
      Resource: `arn:aws:firehose:us-east-1:${ACCOUNT}:deliverystream/tutorial-lambda-partitioning`,
    });
  });

  test("task 4: a batch over 3 MB (near the 6 MB payload limit) is refused (rule L2)", () => {
    expect(
      errorOf(
        () =>
          new FirehoseLambdaProcessor(testStack(), "P", { functionName: "tutorial-partitioner", handler: "partitioner", reingest: { kind: "none" }, bufferSizeMB: 6 }),
      ),
    ).toContain("bufferSizeMB: Lambda processor buffer size must be a number between 0.2 and 3 MB (rule L2; received 6)");
  });
});
