import { TerraformVariable } from "cdktf";
import {
  AppendDelimiterToRecordProcessor,
  CloudWatchLogProcessingProcessor,
  DecompressionProcessor,
  ExtendedS3Destination,
  ExtendedS3DestinationProps,
  FirehoseDeliveryStream,
  FirehoseDeliveryStreamProps,
  FirehoseValidationError,
  IProcessor,
  KinesisStreamSource,
  LambdaProcessor,
  MetadataExtractionProcessor,
  MskSource,
  RecordDeAggregationProcessor,
  Validator,
} from "../../../modules";
import { topLevelObjectKeys } from "../../../modules/delivery-stream/processors";
import { errorOf, resourcesOf, synthJson, testStack } from "../../helpers/stack";

const BUCKET = { bucketArn: "arn:aws:s3:::acme-lake" };
const FN = "arn:aws:lambda:eu-west-1:111122223333:function:enrich";
const STREAM = "arn:aws:kinesis:eu-west-1:111122223333:stream/orders";
const PARTITIONED_PREFIX = "raw/source=!{partitionKeyFromQuery:source}/!{timestamp:yyyy/MM/dd}/";
const ERROR_PREFIX = "errors/!{firehose:error-output-type}/";

function s3(props: Partial<ExtendedS3DestinationProps>): ExtendedS3Destination {
  return new ExtendedS3Destination({ bucket: BUCKET, ...props });
}

function partitioned(props: Partial<ExtendedS3DestinationProps> = {}, processors: IProcessor[] = [new MetadataExtractionProcessor({ partitionKeys: { source: ".source" } })]) {
  return s3({ dynamicPartitioning: { enabled: true }, processors, prefix: PARTITIONED_PREFIX, errorOutputPrefix: ERROR_PREFIX, bufferingSizeMiB: 64, bufferingIntervalSeconds: 60, ...props });
}

function build(props: Partial<FirehoseDeliveryStreamProps> & { destination: FirehoseDeliveryStreamProps["destination"] }) {
  const stack = testStack();
  new FirehoseDeliveryStream(stack, "Events", { name: "acme-events", ...props });
  return stack;
}

/** The message of the error a configuration raises. */
function problem(props: Partial<FirehoseDeliveryStreamProps> & { destination: FirehoseDeliveryStreamProps["destination"] }): string {
  return errorOf(() => build(props));
}

const at = "[test/Events]";

describe("synth-time validation of FirehoseDeliveryStream (each rule, its message)", () => {
  test.each([
    // buffering
    ["B1 size above 128 MiB", { destination: s3({ bufferingSizeMiB: 129 }) }, `${at} destination.bufferingSizeMiB: buffering size must be an integer between 1 and 128 MiB (rule B1; received 129)`],
    ["B1 size zero", { destination: s3({ bufferingSizeMiB: 0 }) }, `${at} destination.bufferingSizeMiB: buffering size must be an integer between 1 and 128 MiB (rule B1; received 0)`],
    ["B1 interval above 900 s", { destination: s3({ bufferingIntervalSeconds: 901 }) }, `${at} destination.bufferingIntervalSeconds: buffering interval must be an integer between 0 and 900 seconds (rule B1; received 901)`],
    ["B1 negative interval", { destination: s3({ bufferingIntervalSeconds: -1 }) }, `${at} destination.bufferingIntervalSeconds: buffering interval must be an integer between 0 and 900 seconds (rule B1; received -1)`],
    ["B9 dynamic partitioning with a 5 MiB buffer", { destination: partitioned({ bufferingSizeMiB: 5 }) }, `${at} destination.bufferingSizeMiB: buffering size must be at least 64 MiB when dynamic partitioning is enabled (rule B9; received 5)`],
    ["B10 dynamic partitioning with a 30 s interval", { destination: partitioned({ bufferingIntervalSeconds: 30 }) }, `${at} destination.bufferingIntervalSeconds: buffering interval must be at least 60 seconds when dynamic partitioning is enabled (rule B10; received 30)`],
    ["B2 backup buffer above 128 MiB", { destination: s3({ sourceBackup: { bucket: BUCKET, bufferingSizeMiB: 200 } }) }, `${at} destination.sourceBackup.bufferingSizeMiB: buffering size must be an integer between 1 and 128 MiB (rule B2; received 200)`],
    ["DP5 an unknown expression in the backup prefix", { destination: s3({ sourceBackup: { bucket: BUCKET, prefix: "b/!{partitionKey:x}/", errorOutputPrefix: ERROR_PREFIX } }) }, `${at} destination.sourceBackup.prefix: unknown expression namespace "partitionKey" (allowed: partitionKeyFromQuery, partitionKeyFromLambda, timestamp, firehose) (rule DP5;`],
    ["S3-COMPRESSION backup compression not in the list", { destination: s3({ sourceBackup: { bucket: BUCKET, compression: "BZIP2" as never } }) }, `${at} destination.sourceBackup.compression: compression must be one of UNCOMPRESSED, GZIP, ZIP, Snappy, HADOOP_SNAPPY (rule S3-COMPRESSION; received "BZIP2")`],
    // dynamic partitioning and prefixes
    ["DP3 partitioning without prefix", { destination: partitioned({ prefix: undefined }) }, `${at} destination.prefix: dynamic partitioning requires a prefix (rule DP3; received undefined)`],
    ["DP3 partitioning without error prefix", { destination: partitioned({ errorOutputPrefix: undefined }) }, `${at} destination.errorOutputPrefix: dynamic partitioning requires an error output prefix (rule DP3; received undefined)`],
    ["DP4 partitioning without a key source", { destination: partitioned({ prefix: "raw/!{timestamp:yyyy}/" }, []) }, `${at} destination.processors: dynamic partitioning needs a MetadataExtraction processor or a Lambda processor returning partition keys (rule DP4; received [])`],
    ["DP5 unknown namespace", { destination: s3({ prefix: "raw/!{partitionKey:source}/", errorOutputPrefix: ERROR_PREFIX }) }, `${at} destination.prefix: unknown expression namespace "partitionKey" (allowed: partitionKeyFromQuery, partitionKeyFromLambda, timestamp, firehose) (rule DP5; received "raw/!{partitionKey:source}/")`],
    ["DP5 unclosed expression", { destination: s3({ prefix: "raw/!{timestamp:yyyy", errorOutputPrefix: ERROR_PREFIX }) }, `${at} destination.prefix: prefix: "!{" at position 4 is not closed by "}" (rule DP5; received "raw/!{timestamp:yyyy")`],
    ["DP5 unknown firehose value", { destination: s3({ prefix: "raw/!{firehose:uuid}/", errorOutputPrefix: ERROR_PREFIX }) }, `${at} destination.prefix: unknown firehose expression "uuid" (allowed: random-string, error-output-type) (rule DP5; received "raw/!{firehose:uuid}/")`],
    ["DP6 prefix key missing from the query", { destination: partitioned({ prefix: "raw/source=!{partitionKeyFromQuery:source}/tenant=!{partitionKeyFromQuery:tenant}/" }) }, `${at} destination.prefix: prefix uses partitionKeyFromQuery key(s) tenant that the MetadataExtraction query does not produce (query keys: source) (rule DP6;`],
    ["DP6 query key unused by the prefix", { destination: partitioned({}, [new MetadataExtractionProcessor({ partitionKeys: { source: ".source", tenant: ".tenant.id" } })]) }, `${at} destination.prefix: every MetadataExtraction query key must be used in the prefix; unused: tenant (rule DP6;`],
    ["DP6 query keys parsed from a raw query", { destination: partitioned({}, [new MetadataExtractionProcessor({ query: '{source: .source, "region": .meta.region}' })]) }, "every MetadataExtraction query key must be used in the prefix; unused: region (rule DP6;"],
    ["DP6 partitionKeyFromQuery without MetadataExtraction", { destination: partitioned({}, [new LambdaProcessor({ functionArn: FN })]) }, `${at} destination.prefix: !{partitionKeyFromQuery:...} needs a MetadataExtraction processor (rule DP6;`],
    ["DP7 partitionKeyFromLambda without a Lambda processor", { destination: partitioned({ prefix: "raw/t=!{partitionKeyFromLambda:table}/source=!{partitionKeyFromQuery:source}/" }) }, `${at} destination.prefix: !{partitionKeyFromLambda:...} needs a Lambda processor (rule DP7;`],
    ["DP8 partition keys without dynamic partitioning", { destination: s3({ prefix: PARTITIONED_PREFIX, errorOutputPrefix: ERROR_PREFIX }) }, `${at} destination.prefix: !{partitionKeyFromQuery:...} and !{partitionKeyFromLambda:...} need dynamic partitioning enabled (rule DP8;`],
    ["DP1 MetadataExtraction without dynamic partitioning", { destination: s3({ processors: [new MetadataExtractionProcessor({ partitionKeys: { source: ".source" } })] }) }, `${at} destination.processors: MetadataExtraction is a dynamic-partitioning processor and needs dynamic partitioning enabled (rule DP1; received ["MetadataExtraction"])`],
    ["DP10 neither partitionKeys nor query", { destination: partitioned({}, [new MetadataExtractionProcessor({})]) }, `${at} destination.processors[0]: give exactly one of partitionKeys and query (rule DP10;`],
    ["DP10 query that is not an object construction", { destination: partitioned({}, [new MetadataExtractionProcessor({ query: ".source" })]) }, `${at} destination.processors[0].query: the MetadataExtractionQuery must be a jq object construction such as {source:.source} (rule DP10; received ".source")`],
    ["DP10 a key expression jq 1.6 cannot compile", { destination: partitioned({}, [new MetadataExtractionProcessor({ partitionKeys: { source: ".source | ascii_downcase |" } })]) }, `${at} destination.processors[0].partitionKeys.source: the jq expression of partition key "source" does not compile with jq 1.6 (the engine Firehose runs): syntax error, unexpected end of expression (rule DP10; received ".source | ascii_downcase |")`],
    ["DP10 a query using a jq 1.7 builtin", { destination: partitioned({}, [new MetadataExtractionProcessor({ query: "{source: (.source | ltrimstr(\"x\") | abs)}" })]) }, `${at} destination.processors[0].query: the MetadataExtractionQuery does not compile with jq 1.6 (the engine Firehose runs): abs/0 is not defined at line`],
    ["DP11 DELIMITED without delimiter", { destination: partitioned({}, [new MetadataExtractionProcessor({ partitionKeys: { source: ".source" } }), new RecordDeAggregationProcessor({ subRecordType: "DELIMITED" })]) }, `${at} destination.processors[1].delimiter: a DELIMITED de-aggregation needs a delimiter (rule DP11; received undefined)`],
    ["DP9 a query with no key", { destination: partitioned({}, [new MetadataExtractionProcessor({ query: "{}" })]) }, `${at} destination.processors[0].query: a MetadataExtraction query needs at least one key (rule DP9; received "{}")`],
    ["DP9 no partition key", { destination: partitioned({}, [new MetadataExtractionProcessor({ partitionKeys: {} })]) }, `${at} destination.processors[0].partitionKeys: a MetadataExtraction query needs at least one key (rule DP9; received {})`],
    ["DP11 a delimiter with JSON sub-records", { destination: partitioned({}, [new MetadataExtractionProcessor({ partitionKeys: { source: ".source" } }), new RecordDeAggregationProcessor({ subRecordType: "JSON", delimiter: "####" })]) }, `${at} destination.processors[1].delimiter: delimiter applies to DELIMITED sub-records only (rule DP11; received "####")`],
    ["L6 a query over 5120 characters", { destination: partitioned({}, [new MetadataExtractionProcessor({ query: `{source:.source${" ".repeat(5110)}}` })]) }, `${at} destination.processors[0].query: processor parameter value must be 1-5120 characters long, got 5126 (rule L6;`],
    ["DP12 CloudWatchLogProcessing without Decompression", { destination: s3({ processors: [new CloudWatchLogProcessingProcessor()] }) }, `${at} destination.processors: CloudWatchLogProcessing needs a Decompression processor before it (rule DP12; received ["CloudWatchLogProcessing"])`],
    ["DP12 CloudWatchLogProcessing before Decompression", { destination: s3({ processors: [new CloudWatchLogProcessingProcessor(), new DecompressionProcessor()] }) }, `${at} destination.processors: CloudWatchLogProcessing must follow Decompression (rule DP12;`],
    ["DP13 partitioning retry above 7200 s", { destination: partitioned({ dynamicPartitioning: { enabled: true, retryDurationSeconds: 7201 } }) }, `${at} destination.dynamicPartitioning.retryDurationSeconds: dynamic partitioning retry duration must be an integer between 0 and 7200 seconds (rule DP13; received 7201)`],
    ["DP15 empty timestamp pattern", { destination: s3({ prefix: "raw/!{timestamp:}/", errorOutputPrefix: ERROR_PREFIX }) }, `${at} destination.prefix: !{timestamp:...} needs a Java DateTimeFormatter pattern such as yyyy/MM/dd (rule DP15;`],
    ["DP16 error-output-type in the prefix", { destination: s3({ prefix: "raw/!{firehose:error-output-type}/", errorOutputPrefix: ERROR_PREFIX }) }, `${at} destination.prefix: !{firehose:error-output-type} may only appear in errorOutputPrefix (rule DP16;`],
    ["DP16 error prefix without error-output-type", { destination: partitioned({ errorOutputPrefix: "errors/!{timestamp:yyyy}/" }) }, `${at} destination.errorOutputPrefix: an errorOutputPrefix with expressions must contain !{firehose:error-output-type} (rule DP16; received "errors/!{timestamp:yyyy}/")`],
    ["DP16 prefix expressions with no error prefix", { destination: s3({ prefix: "raw/!{timestamp:yyyy}/" }) }, `${at} destination.errorOutputPrefix: errorOutputPrefix may be empty only when prefix contains no !{...} expressions (rule DP16; received undefined)`],
    ["DP17 prefix over 1024 characters", { destination: s3({ prefix: "a".repeat(1025) }) }, `${at} destination.prefix: prefix must be 0-1024 characters long, got 1025 (rule DP17;`],
    ["DP19 file extension without a dot", { destination: s3({ fileExtension: "json" }) }, `${at} destination.fileExtension: file extension must be empty, or a period followed by lowercase letters, digits or the characters ! - _ . * ' ( ) (pattern ^$|^\\.[0-9a-z!\\-_.*'()]+$) (rule DP19; received "json")`],
    ["DP19 file extension over 50 characters (the provider's limit)", { destination: s3({ fileExtension: `.${"j".repeat(50)}` }) }, `${at} destination.fileExtension: file extension must be 0-50 characters long, got 51 (rule DP19;`],
    ["DP19 time zone with a space", { destination: s3({ customTimeZone: "Europe/Paris time" }) }, `${at} destination.customTimeZone: custom time zone must be empty, or a time zone name of letters, '/' and '_' such as UTC or Europe/Paris (pattern ^$|^[a-zA-Z/_]+$) (rule DP19; received "Europe/Paris time")`],
    // Lambda processor
    ["L1 Lambda processor without an ARN", { destination: s3({ processors: [new LambdaProcessor({ functionArn: "" })] }) }, `${at} destination.processors[0].functionArn: a Lambda processor needs the function ARN (LambdaArn) (rule L1; received "")`],
    ["L1 not a function ARN", { destination: s3({ processors: [new LambdaProcessor({ functionArn: "arn:aws:s3:::bucket" })] }) }, `${at} destination.processors[0].functionArn: Lambda function ARN must be arn:aws:lambda:<region>:<account>:function:<name>[:<version or alias>] (pattern ^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[a-zA-Z0-9_-]+(:[a-zA-Z0-9_$-]+)?$) (rule L1; received "arn:aws:s3:::bucket")`],
    ["L2 Lambda buffer of 5 MB", { destination: s3({ processors: [new LambdaProcessor({ functionArn: FN, bufferSizeMB: 5 })] }) }, `${at} destination.processors[0].bufferSizeMB: Lambda processor buffer size must be a number between 0.2 and 3 MB (rule L2; received 5)`],
    ["L3 Lambda interval of 901 s", { destination: s3({ processors: [new LambdaProcessor({ functionArn: FN, bufferIntervalSeconds: 901 })] }) }, `${at} destination.processors[0].bufferIntervalSeconds: Lambda processor buffer interval must be an integer between 0 and 900 seconds (rule L3; received 901)`],
    ["L4 negative retries", { destination: s3({ processors: [new LambdaProcessor({ functionArn: FN, numberOfRetries: -1 })] }) }, `${at} destination.processors[0].numberOfRetries: numberOfRetries must be a non-negative integer (rule L4; received -1)`],
    ["P1 a processor type twice", { destination: s3({ processors: [new AppendDelimiterToRecordProcessor(), new AppendDelimiterToRecordProcessor()] }) }, `${at} destination.processors: each processor type may appear once; repeated: AppendDelimiterToRecord (rule P1;`],
    // sources and encryption
    ["S2 SSE with a Kinesis source", { source: new KinesisStreamSource({ streamArn: STREAM }), encryption: { type: "AWS_OWNED" as const }, destination: s3({}) }, `${at} encryption: server-side encryption is only available for Direct PUT streams; encrypt the source instead (source is KinesisStreamAsSource) (rule S2; received {"type":"AWS_OWNED"})`],
    ["S2 SSE with an MSK source", { source: new MskSource({ clusterArn: "arn:aws:kafka:eu-west-1:111122223333:cluster/c/uuid-1", topicName: "t" }), encryption: { type: "AWS_OWNED" as const }, destination: s3({}) }, `${at} encryption: server-side encryption is only available for Direct PUT streams; encrypt the source instead (source is MSKAsSource) (rule S2;`],
    ["S3 customer-managed SSE without a key", { encryption: { type: "CUSTOMER_MANAGED" as const, keyArn: "" }, destination: s3({}) }, `${at} encryption.keyArn: CUSTOMER_MANAGED encryption needs keyArn (rule S3; received "")`],
    ["S1 malformed Kinesis stream ARN", { source: new KinesisStreamSource({ streamArn: "arn:aws:kinesis:eu-west-1:1234:stream/orders" }), destination: s3({}) }, `${at} source.streamArn: Kinesis stream ARN must be arn:aws:kinesis:<region>:<account>:stream/<name> (pattern ^arn:aws[a-z-]*:kinesis:[a-z0-9-]+:\\d{12}:stream\\/[a-zA-Z0-9_.-]{1,128}$) (rule S1; received "arn:aws:kinesis:eu-west-1:1234:stream/orders")`],
    ["S4 MSK topic with a slash", { source: new MskSource({ clusterArn: "arn:aws:kafka:eu-west-1:111122223333:cluster/c/uuid-1", topicName: "orders/v1" }), destination: s3({}) }, `${at} source.topicName: MSK topic name must be letters, digits, periods, underscores or hyphens (pattern ^[a-zA-Z0-9._-]+$) (rule S4; received "orders/v1")`],
    ["S4 MSK start time not RFC 3339", { source: new MskSource({ clusterArn: "arn:aws:kafka:eu-west-1:111122223333:cluster/c/uuid-1", topicName: "t", readFromTimestamp: "yesterday" }), destination: s3({}) }, `${at} source.readFromTimestamp: readFromTimestamp must be an RFC 3339 timestamp such as 1970-01-01T00:00:00Z (rule S4; received "yesterday")`],
    ["S4 MSK connectivity other than PUBLIC or PRIVATE", { source: new MskSource({ clusterArn: "arn:aws:kafka:eu-west-1:111122223333:cluster/c/uuid-1", topicName: "t", connectivity: "VPC" as never }), destination: s3({}) }, `${at} source.connectivity: MSK connectivity must be one of PUBLIC, PRIVATE (rule S4; received "VPC")`],
    ["S3 a key ARN with AWS-owned SSE", { encryption: { type: "AWS_OWNED", keyArn: "arn:aws:kms:eu-west-1:111122223333:key/abc" } as never, destination: s3({}) }, `${at} encryption.keyArn: keyArn is given only with CUSTOMER_MANAGED encryption (rule S3; received "arn:aws:kms:eu-west-1:111122223333:key/abc")`],
    // ARN formats
    ["bucket ARN that is not an S3 ARN", { destination: new ExtendedS3Destination({ bucket: { bucketArn: "acme-lake" } }) }, `${at} destination.bucket.bucketArn: bucket ARN must be arn:aws:s3:::<bucket> (pattern ^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$) (rule A2; received "acme-lake")`],
    ["bucket key that is not a KMS ARN", { destination: new ExtendedS3Destination({ bucket: { bucketArn: "arn:aws:s3:::acme-lake", kmsKeyArn: "alias/lake" } }) }, `${at} destination.bucket.kmsKeyArn: KMS key ARN must be arn:aws:kms:<region>:<account>:key/<id> or :alias/<name> (pattern ^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:(key|alias)\\/.+$) (rule A2; received "alias/lake")`],
    ["backup bucket ARN malformed", { destination: s3({ sourceBackup: { bucket: { bucketArn: "arn:aws:s3:::Acme_Backup" } } }) }, `${at} destination.sourceBackup.bucket.bucketArn: bucket ARN must be arn:aws:s3:::<bucket> (pattern ^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$) (rule A2; received "arn:aws:s3:::Acme_Backup")`],
    ["existing role ARN malformed", { role: { roleArn: "arn:aws:iam::role/x" }, destination: s3({}) }, `${at} role.roleArn: role ARN must be an IAM role ARN, arn:aws:iam::<account>:role/<name> (pattern ^arn:aws[a-z-]*:iam::\\d{12}:role\\/.+$) (rule A2; received "arn:aws:iam::role/x")`],
    // naming, and logging
    ["stream name with a space", { name: "acme events", destination: s3({}) }, `${at} name: delivery stream name must be 1–64 letters, digits, underscores, periods or hyphens (pattern ^[a-zA-Z0-9_.-]+$) (rule N-FIREHOSE; received "acme events")`],
    ["stream name over 64 characters", { name: "a".repeat(65), destination: s3({}) }, `${at} name: delivery stream name must be 1-64 characters long, got 65 (rule N-FIREHOSE;`],
    ["log retention that CloudWatch refuses", { logging: { retentionDays: 10 }, destination: s3({}) }, `${at} logging.retentionDays: log retention must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 days (rule LOGS; received 10)`],
    ["F6 format conversion with GZIP", { destination: s3({ compression: "GZIP", dataFormatConversion: { validate: () => undefined, bind: () => ({}) as never } }) }, `${at} destination.compression: compression must be UNCOMPRESSED with record format conversion (the serializer compresses) (rule F6; received "GZIP")`],
    ["B11 format conversion with a 5 MiB buffer", { destination: s3({ bufferingSizeMiB: 5, dataFormatConversion: { validate: () => undefined, bind: () => ({}) as never } }) }, `${at} destination.bufferingSizeMiB: buffering size must be at least 64 MiB when record format conversion is enabled (rule B11; received 5)`],
  ])("%s", (_name, props, expected) => {
    expect(problem(props as Parameters<typeof problem>[0])).toContain(expected);
  });

  test("collects every problem into one error, before any resource exists", () => {
    const stack = testStack();
    let error: unknown;
    try {
      new FirehoseDeliveryStream(stack, "Events", { name: "bad name", destination: partitioned({ bufferingSizeMiB: 5, bufferingIntervalSeconds: 30 }) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FirehoseValidationError);
    const err = error as FirehoseValidationError;
    expect(err.problems.map((p) => `${p.propertyPath} ${p.rule}`)).toEqual(["name N-FIREHOSE", "destination.bufferingSizeMiB B9", "destination.bufferingIntervalSeconds B10"]);
    expect(err.message).toMatch(/^Invalid configuration \(3 problems\):\n {2}- \[test\/Events\] name:/);
    expect(resourcesOf(synthJson(stack), "aws_kinesis_firehose_delivery_stream")).toHaveLength(0);
    expect(resourcesOf(synthJson(stack), "aws_iam_role")).toHaveLength(0);
  });

  test("unresolved tokens are not judged", () => {
    const stack = testStack();
    const size = new TerraformVariable(stack, "size", { type: "number" });
    const name = new TerraformVariable(stack, "name", { type: "string" });
    expect(() =>
      new FirehoseDeliveryStream(stack, "Events", { name: name.stringValue, destination: partitioned({ bufferingSizeMiB: size.numberValue }) }),
    ).not.toThrow();
  });

  test("valid partitioned configuration passes, with a Lambda providing extra keys", () => {
    expect(() =>
      build({
        destination: partitioned({ prefix: "raw/source=!{partitionKeyFromQuery:source}/table=!{partitionKeyFromLambda:table}/!{timestamp:yyyy}/" }, [
          new MetadataExtractionProcessor({ partitionKeys: { source: ".source" } }),
          new LambdaProcessor({ functionArn: FN }),
          new RecordDeAggregationProcessor({ subRecordType: "DELIMITED", delimiter: "####" }),
          new AppendDelimiterToRecordProcessor(),
        ]),
      }),
    ).not.toThrow();
  });

  test("the DELIMITED delimiter is base64-encoded for the API", () => {
    const stack = build({
      destination: partitioned({}, [new MetadataExtractionProcessor({ partitionKeys: { source: ".source" } }), new RecordDeAggregationProcessor({ subRecordType: "DELIMITED", delimiter: "####" })]),
    });
    expect(JSON.stringify(synthJson(stack))).toContain('{"parameter_name":"Delimiter","parameter_value":"IyMjIw=="}');
  });
});

describe("warnings (rules marked warn) are annotations, not errors", () => {
  test.each([
    ["B12 zero buffering on the backup", { destination: s3({ sourceBackup: { bucket: BUCKET, bufferingIntervalSeconds: 0 } }) }, "destination.sourceBackup.bufferingIntervalSeconds: zero buffering is not available for S3 backup destinations (rule B12; received 0)"],
    ["S5 backup with an MSK source", { source: new MskSource({ clusterArn: "arn:aws:kafka:eu-west-1:111122223333:cluster/c/uuid-1", topicName: "t" }), destination: s3({ sourceBackup: { bucket: BUCKET } }) }, "destination.sourceBackup: source-record backup is only supported for Direct PUT and Kinesis sources (rule S5;"],
    ["L3 Lambda interval under 60 s", { destination: s3({ processors: [new LambdaProcessor({ functionArn: FN, bufferIntervalSeconds: 10 })] }) }, "destination.processors[0].bufferIntervalSeconds: intervals under 60 s were refused by older Firehose quotas; check your region accepts it (rule L3; received 10)"],
  ])("%s", (_name, props, expected) => {
    const stack = testStack();
    const stream = new FirehoseDeliveryStream(stack, "Events", { name: "acme-events", ...(props as Omit<FirehoseDeliveryStreamProps, "name">) });
    const warnings = stream.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    expect(warnings).toEqual([expect.stringContaining(expected)]);
  });
});

test("DP9: more than 50 query keys is a warning (a CDK limit AWS does not document)", () => {
  const v = new Validator(testStack());
  new MetadataExtractionProcessor({ partitionKeys: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, `.k${i}`])) }).validate(v, "p");
  expect(v.problems).toEqual([]);
  expect(v.warnings.map((w) => `${w.propertyPath} ${w.rule} ${w.message} ${w.value}`)).toEqual(["p.partitionKeys DP9 more than 50 keys in one MetadataExtraction query 51"]);
});

test("DP10: a query with computed keys is an object construction: accepted (its keys are only known at run time)", () => {
  const v = new Validator(testStack());
  new MetadataExtractionProcessor({ query: "{(.kind): .id}" }).validate(v, "p");
  expect(v.problems).toEqual([]);
});

test("L4: more than 300 retries is a warning", () => {
  const v = new Validator(testStack());
  new LambdaProcessor({ functionArn: FN, numberOfRetries: 301 }).validate(v, "p");
  expect(v.problems).toEqual([]);
  expect(v.warnings.map((w) => `${w.propertyPath} ${w.rule} ${w.value}`)).toEqual(["p.numberOfRetries L4 301"]);
});

describe("topLevelObjectKeys", () => {
  test.each([
    ["{source:.source}", ["source"]],
    ['{ a: .x | tostring, "b-c": (.y, .z), d: {e: .f} }', ["a", "b-c", "d"]],
    ['{year: .ts | strftime("%Y"), month: (.ts|strftime("%m"))}', ["year", "month"]],
    ["{$__loc__}", undefined],
    ["{(.k): .v}", undefined],
    [".source", undefined],
    ["{a: (.x}", undefined],
  ])("%s", (query, keys) => {
    expect(topLevelObjectKeys(query)).toEqual(keys);
  });
});
