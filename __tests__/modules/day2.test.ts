/**
 * Defects that pass validate and plan but hurt after apply: data kept too long or three times, JSON objects that query
 * engines cannot split, grants that a customer-managed stream key needs, log policies without a source guard.
 */
import { AppendDelimiterToRecordProcessor, EventIngestion, RealtimeAnalytics, PipelineMonitoring, ExtendedS3Destination, FirehoseDeliveryStream, FirehoseLambdaProcessor, KinesisStreamSource, RedshiftDestination, RedshiftDestinationProps, SecureBucket, SecureOpenSearchDomain } from "../../modules";
import { DataLakeIngestion } from "../../modules/data-lake-ingestion/data-lake-ingestion";
import { errorOf, onlyResource, resourcesOf, synthJson, testStack } from "../helpers/stack";

type Res = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const STREAM = "arn:aws:kinesis:eu-west-1:111122223333:stream/acme-orders";
const KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const JDBC = "jdbc:redshift://analytics.abc123xyz.eu-west-1.redshift.amazonaws.com:5439/analytics";
const SECRET = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:warehouse/firehose-AbCdEf";

const warningsOf = (c: { node: { metadata: { type: string; data: unknown }[] } }) => c.node.metadata.filter((e) => e.type === "@cdktf/warn").map((e) => String(e.data));

function redshift(overrides: Partial<RedshiftDestinationProps>, bucket?: SecureBucket) {
  const stack = testStack();
  const b = bucket ?? new SecureBucket(stack, "Staging", { bucketName: "acme-staging" });
  const props: RedshiftDestinationProps = {
    clusterJdbcUrl: JDBC,
    tableName: "orders_raw",
    copyOptions: "JSON 'auto'",
    intermediateBucket: { bucket: b, prefix: "warehouse/staging/" },
    secret: { secretArn: SECRET },
    ...overrides,
  };
  const stream = new FirehoseDeliveryStream(stack, "W", { name: "acme-warehouse", source: new KinesisStreamSource({ streamArn: STREAM }), destination: new RedshiftDestination(props) });
  return { stack, stream, json: synthJson(stack) };
}

const stagingRule = (json: ReturnType<typeof synthJson>) =>
  ((resourcesOf(json, "aws_s3_bucket_lifecycle_configuration").find((l) => String((l as Res).bucket).includes("Staging_Bucket")) as Res).rule as Res[]).find((r) => String(r.id).startsWith("expire-redshift-staging"));

describe("Redshift staging data", () => {
  test("expires under the staging prefix after 7 days by default, configurable, or kept with false", () => {
    expect(stagingRule(redshift({}).json)).toEqual({
      id: "expire-redshift-staging-acme-warehouse",
      status: "Enabled",
      filter: [{ prefix: "warehouse/staging/" }],
      expiration: [{ days: 7 }],
      noncurrent_version_expiration: [{ noncurrent_days: 1 }],
      abort_incomplete_multipart_upload: [{ days_after_initiation: 1 }],
    });
    expect(stagingRule(redshift({ stagingExpirationDays: 2 }).json)!.expiration).toEqual([{ days: 2 }]);
    expect(stagingRule(redshift({ stagingExpirationDays: false }).json)).toBeUndefined();
    expect(errorOf(() => redshift({ stagingExpirationDays: 0 }))).toContain("destination.stagingExpirationDays: staging expiration must be an integer between 1 and 36500 days (rule REDSHIFT-STAGING; received 0)");
  });

  test("no source backup by default; a backup under the staging prefix is refused (it would expire with it)", () => {
    const { json } = redshift({});
    expect(onlyResource<Res>(json, "aws_kinesis_firehose_delivery_stream").redshift_configuration.s3_backup_mode).toBe("Disabled");
    const stack = testStack();
    const b = new SecureBucket(stack, "Staging", { bucketName: "acme-staging" });
    expect(
      errorOf(() =>
        new FirehoseDeliveryStream(stack, "W", {
          name: "acme-warehouse",
          source: new KinesisStreamSource({ streamArn: STREAM }),
          destination: new RedshiftDestination({ clusterJdbcUrl: JDBC, tableName: "t", secret: { secretArn: SECRET }, intermediateBucket: { bucket: b, prefix: "warehouse/" }, s3Backup: { bucket: b, prefix: "warehouse/source-backup/" } }),
        }),
      ),
    ).toContain('destination.s3Backup.prefix: the source backup lies under the staging prefix "warehouse/", whose files expire after 7 days: give the backup a prefix outside it (rule REDSHIFT-STAGING; received "warehouse/source-backup/")');
  });

  test("a bucket that is not a SecureBucket, or no prefix: a warning says the staging files are never deleted", () => {
    const { stream } = redshift({ intermediateBucket: { bucket: { bucketArn: "arn:aws:s3:::acme-external" }, prefix: "staging/" } });
    expect(warningsOf(stream)).toContainEqual(expect.stringContaining("Redshift staging files of acme-warehouse under staging/ are never deleted by Firehose"));
    const noPrefix = redshift({ intermediateBucket: { bucket: { bucketArn: "arn:aws:s3:::acme-external" } } });
    expect(warningsOf(noPrefix.stream)).toContainEqual(expect.stringContaining("destination.intermediateBucket.prefix: without a prefix the staging files cannot be expired apart from the rest of the bucket"));
  });

  test("staging and source backup log to separate log streams", () => {
    const stack = testStack();
    const b = new SecureBucket(stack, "Staging", { bucketName: "acme-staging" });
    new FirehoseDeliveryStream(stack, "W", {
      name: "acme-warehouse",
      source: new KinesisStreamSource({ streamArn: STREAM }),
      destination: new RedshiftDestination({ clusterJdbcUrl: JDBC, tableName: "t", secret: { secretArn: SECRET }, intermediateBucket: { bucket: b, prefix: "staging/" }, s3Backup: { bucket: b, prefix: "source-backup/" } }),
    });
    const rs = onlyResource<Res>(synthJson(stack), "aws_kinesis_firehose_delivery_stream").redshift_configuration;
    expect(rs.s3_configuration.cloudwatch_logging_options.log_stream_name).toBe("S3Delivery");
    expect(rs.s3_backup_configuration.cloudwatch_logging_options.log_stream_name).toBe("BackupDelivery");
    expect(rs.cloudwatch_logging_options.log_stream_name).toBe("DestinationDelivery");
  });
});

describe("SecureBucket: versioned buckets with expiration", () => {
  const rule = (props: ConstructorParameters<typeof SecureBucket>[2]) => {
    const stack = testStack();
    const bucket = new SecureBucket(stack, "B", props);
    const lc = resourcesOf(synthJson(stack), "aws_s3_bucket_lifecycle_configuration").find((l) => String((l as Res).bucket).includes("aws_s3_bucket.B_Bucket")) as Res;
    return { rule: lc.rule[0] as Res, bucket };
  };

  test("with an expiration, noncurrent versions expire after 7 days by default (data gone at expiration + 7, not + 90)", () => {
    const { rule: r, bucket } = rule({ bucketName: "acme-data", lifecycle: { transitionToInfrequentAccessDays: 0, transitionToGlacierDays: 0, expirationDays: 30 } });
    expect(r.expiration).toEqual([{ days: 30 }]);
    expect(r.noncurrent_version_expiration).toEqual([{ noncurrent_days: 7 }]);
    expect(bucket.noncurrentVersionExpirationDays).toBe(7);
  });

  test("without an expiration the 90-day default stays; an explicit value always wins", () => {
    expect(rule({ bucketName: "acme-data" }).rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 90 }]);
    expect(rule({ bucketName: "acme-data", lifecycle: { expirationDays: 180, noncurrentVersionExpirationDays: 30 } }).rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
  });

  test("addPrefixExpiration refuses an empty prefix (it would expire the whole bucket) and a repeated id", () => {
    const stack = testStack();
    const b = new SecureBucket(stack, "B", { bucketName: "acme-data" });
    expect(errorOf(() => b.addPrefixExpiration({ id: "x", prefix: "", days: 7 }))).toContain("rule x: a prefix expiration needs a non-empty prefix (an empty one would expire the whole bucket) (rule S3-LIFECYCLE");
    b.addPrefixExpiration({ id: "x", prefix: "tmp/", days: 7 });
    expect(errorOf(() => b.addPrefixExpiration({ id: "x", prefix: "tmp2/", days: 7 }))).toContain("lifecycle rule ids must be unique in a bucket");
  });
});

describe("DataLakeIngestion: JSON record delimiter", () => {
  const processorsOf = (props: Partial<ConstructorParameters<typeof DataLakeIngestion>[2]>) => {
    const stack = testStack();
    new DataLakeIngestion(stack, "Lake", { streamName: "acme-events", bucket: { bucketArn: "arn:aws:s3:::acme-lake" }, ...props });
    const s3 = onlyResource<Res>(synthJson(stack), "aws_kinesis_firehose_delivery_stream").extended_s3_configuration;
    return ((s3.processing_configuration?.processors ?? []) as Res[]).map((p) => p.type);
  };

  test("JSON output gets AppendDelimiterToRecord by default, partitioned or not", () => {
    expect(processorsOf({})).toEqual(["AppendDelimiterToRecord"]);
    expect(processorsOf({ partitioning: { partitionKeys: { source: ".source" } } })).toEqual(["MetadataExtraction", "AppendDelimiterToRecord"]);
  });

  test("explicit opt-out for producers that end records with a newline themselves", () => {
    expect(processorsOf({ appendDelimiter: false })).toEqual([]);
    expect(processorsOf({ appendDelimiter: false, partitioning: { partitionKeys: { source: ".source" } } })).toEqual(["MetadataExtraction"]);
    expect(processorsOf({ partitioning: { partitionKeys: { source: ".source" }, appendDelimiter: false } })).toEqual(["MetadataExtraction"]);
  });

  test("format conversion (Parquet/ORC) gets none by default: the serializer writes columnar files", () => {
    const types = processorsOf({
      formatConversion: { output: { format: "PARQUET" }, table: { databaseName: "lake", tableName: "t", catalogId: "111122223333", region: "eu-west-1" } },
    });
    expect(types).not.toContain("AppendDelimiterToRecord");
  });
});

describe("customer-managed SSE key: the EventBridge target role", () => {
  test("the role that puts events into a CMK-encrypted stream gets kms:GenerateDataKey and kms:Decrypt on that key", () => {
    const stack = testStack();
    const stream = new FirehoseDeliveryStream(stack, "Events", {
      name: "acme-events",
      encryption: { type: "CUSTOMER_MANAGED", keyArn: KEY },
      destination: new ExtendedS3Destination({ bucket: { bucketArn: "arn:aws:s3:::acme-lake" }, processors: [new AppendDelimiterToRecordProcessor()] }),
    });
    new EventIngestion(stack, "Ingest", { ruleName: "acme-app-events", eventPattern: { source: ["com.acme"] }, deliveryStreams: [stream] });
    const json = synthJson(stack);
    const policy = resourcesOf(json, "aws_iam_role_policy").find((p) => String((p as Res).role).includes("Ingest_Role")) as Res;
    expect(JSON.parse(policy.policy).Statement).toContainEqual({ Sid: "EncryptRecordsForDeliveryStream", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: KEY });
  });
});

describe("customer-managed SSE key: the Lambda re-ingest grant", () => {
  test("re-ingesting into a stream with a customer-managed key adds kms:GenerateDataKey and kms:Decrypt on it", () => {
    const stack = testStack();
    new FirehoseLambdaProcessor(stack, "Fn", {
      functionName: "acme-formatter",
      handler: "opensearch-formatter",
      reingest: { kind: "firehose", deliveryStreamName: "acme-events", region: "eu-west-1", accountId: "111122223333", kmsKeyArn: KEY },
    });
    const statements = resourcesOf(synthJson(stack), "aws_iam_role_policy").flatMap((p) => JSON.parse(String((p as Res).policy)).Statement as Res[]);
    expect(statements).toContainEqual({ Sid: "ReingestIntoDeliveryStream", Effect: "Allow", Action: "firehose:PutRecordBatch", Resource: "arn:aws:firehose:eu-west-1:111122223333:deliverystream/acme-events" });
    expect(statements).toContainEqual({ Sid: "EncryptDeliveryStream", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: KEY });
  });

  test("a bad key ARN is refused", () => {
    expect(
      errorOf(() =>
        new FirehoseLambdaProcessor(testStack(), "Fn", {
          functionName: "acme-formatter",
          handler: "opensearch-formatter",
          reingest: { kind: "firehose", deliveryStreamName: "acme-events", region: "eu-west-1", accountId: "111122223333", kmsKeyArn: "alias/x" },
        }),
      ),
    ).toContain('reingest.kmsKeyArn: KMS key ARN must be arn:aws:kms:<region>:<account>:key/<id> or :alias/<name> (pattern ^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:(key|alias)\\/.+$) (rule A2; received "alias/x")');
  });
});

describe("SecureOpenSearchDomain: log resource policy", () => {
  test("es.amazonaws.com may write the log groups only for this domain (aws:SourceArn) and account", () => {
    const stack = testStack();
    new SecureOpenSearchDomain(stack, "Search", { domainName: "acme-search", masterUserArn: "arn:aws:iam::111122223333:role/admin", accountId: "111122223333" });
    const doc = JSON.parse(String(onlyResource<Res>(synthJson(stack), "aws_cloudwatch_log_resource_policy").policy_document).replace(/\$\{[^}]*\}/g, "TOKEN"));
    expect(doc.Statement[0].Condition).toEqual({
      ArnLike: { "aws:SourceArn": "arn:TOKEN:es:TOKEN:111122223333:domain/acme-search" },
      StringEquals: { "aws:SourceAccount": "111122223333" },
    });
  });
});

describe("RealtimeAnalytics → PipelineMonitoring", () => {
  test("monitoredDomain carries the node volume: the FreeStorageSpace alarm is 25% of it in MiB", () => {
    const stack = testStack();
    const analytics = new RealtimeAnalytics(stack, "Search", {
      streamName: "acme-search-events",
      indexName: "events",
      backupBucketName: "acme-search-backup",
      domain: { domainName: "acme-search", masterUserArn: "arn:aws:iam::111122223333:role/admin", ebs: { volumeSizeGiB: 100 } },
    });
    expect(analytics.monitoredDomain).toEqual({ domainName: "acme-search", volumeSizeGiB: 100 });
    const m = new PipelineMonitoring(stack, "Monitoring", { namePrefix: "acme", region: "eu-west-1", accountId: "111122223333", resources: { deliveryStreams: [analytics.deliveryStream], domains: [analytics.monitoredDomain!] } });
    expect(m.alarmSpecs.find((a) => a.key === "FreeStorageLow")!.threshold).toBe(25600);
    expect(m.alarmSpecs.find((a) => a.key === "AuthFailure")!.metricName).toBe("DeliveryToAmazonOpenSearchService.AuthFailure");
  });
});
