/**
 * Name and ARN patterns, in one place: the construct validations and the rendered-resource checks use these.
 * Each pattern has its words (`what`), which messages show before the regular expression.
 */
export interface Pattern {
  readonly re: RegExp;
  /** What the value must be, in words. */
  readonly what: string;
}

const pattern = (re: RegExp, what: string): Pattern => ({ re, what });

/** `aws`, `aws-cn`, `aws-us-gov`, ... */
const PARTITION = "aws[a-z-]*";
const REGION_PART = "[a-z0-9-]+";

export const ACCOUNT_ID = pattern(/^\d{12}$/, "12 digits");
export const REGION = pattern(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, "an AWS Region code such as eu-west-1");

export const FIREHOSE_STREAM_NAME = pattern(/^[a-zA-Z0-9_.-]+$/, "1–64 letters, digits, underscores, periods or hyphens");
export const KINESIS_STREAM_NAME = pattern(/^[a-zA-Z0-9_.-]+$/, "1–128 letters, digits, underscores, periods or hyphens");
export const EVENT_RULE_NAME = pattern(/^[.\-_A-Za-z0-9]+$/, "letters, digits, '.', '-', '_'");

export const IAM_ROLE_ARN = pattern(new RegExp(`^arn:${PARTITION}:iam::\\d{12}:role/.+$`), "an IAM role ARN, arn:aws:iam::<account>:role/<name>");
export const KINESIS_STREAM_ARN = pattern(new RegExp(`^arn:${PARTITION}:kinesis:${REGION_PART}:\\d{12}:stream/[a-zA-Z0-9_.-]{1,128}$`), "arn:aws:kinesis:<region>:<account>:stream/<name>");
export const MSK_CLUSTER_ARN = pattern(new RegExp(`^arn:${PARTITION}:kafka:${REGION_PART}:\\d{12}:cluster/[^/]+/[^/]+$`), "arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>");
/** A KMS key or alias ARN. */
export const KMS_KEY_OR_ALIAS_ARN = pattern(new RegExp(`^arn:${PARTITION}:kms:${REGION_PART}:\\d{12}:(key|alias)/.+$`), "arn:aws:kms:<region>:<account>:key/<id> or :alias/<name>");
/** A KMS key ARN (no alias). */
export const KMS_KEY_ARN = pattern(new RegExp(`^arn:${PARTITION}:kms:${REGION_PART}:\\d{12}:key/[a-zA-Z0-9-]+$`), "arn:aws:kms:<region>:<account>:key/<key id>");
export const LAMBDA_FUNCTION_ARN = pattern(
  new RegExp(`^arn:${PARTITION}:lambda:${REGION_PART}:\\d{12}:function:[a-zA-Z0-9_-]+(:[a-zA-Z0-9_$-]+)?$`),
  "arn:aws:lambda:<region>:<account>:function:<name>[:<version or alias>]",
);
export const SECRET_ARN = pattern(new RegExp(`^arn:${PARTITION}:secretsmanager:${REGION_PART}:\\d{12}:secret:[a-zA-Z0-9\\-/_+=.@!]+$`), "arn:aws:secretsmanager:<region>:<account>:secret:<name>");
export const SQS_QUEUE_ARN = pattern(new RegExp(`^arn:${PARTITION}:sqs:${REGION_PART}:\\d{12}:[A-Za-z0-9_-]{1,80}(\\.fifo)?$`), "arn:aws:sqs:<region>:<account>:<queue>");
export const SNS_TOPIC_ARN = pattern(new RegExp(`^arn:${PARTITION}:sns:${REGION_PART}:\\d{12}:[A-Za-z0-9_-]{1,256}$`), "arn:aws:sns:<region>:<account>:<topic>");
export const S3_BUCKET_ARN = pattern(new RegExp(`^arn:${PARTITION}:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`), "arn:aws:s3:::<bucket>");
export const OPENSEARCH_DOMAIN_ARN = pattern(new RegExp(`^arn:${PARTITION}:es:${REGION_PART}:\\d{12}:domain/[a-z][-0-9a-z]{2,27}$`), "arn:aws:es:<region>:<account>:domain/<name>");
/** The ClusterJDBCURL pattern of the Firehose API (RedshiftDestinationConfiguration), anchored. */
/** API CatalogConfiguration.CatalogARN: the Glue Data Catalog, or an S3 Tables catalog (catalog/s3tablescatalog/<bucket>). */
export const ICEBERG_CATALOG_ARN = pattern(/^arn:.*:glue:.*:\d{12}:catalog(?:(\/[a-z0-9_-]+){1,2})?$/, "arn:aws:glue:<region>:<account>:catalog or ...:catalog/s3tablescatalog/<table bucket>");
/** A Snowflake account URL, HTTPS (the protocol may be omitted). */
export const SNOWFLAKE_ACCOUNT_URL = pattern(/^(https:\/\/)?[A-Za-z0-9][A-Za-z0-9._-]*\.snowflakecomputing\.com(:\d{1,5})?\/?$/, "https://<account identifier>.snowflakecomputing.com");
/** The VPC endpoint service name of a Snowflake PrivateLink account. */
export const SNOWFLAKE_VPCE_ID = pattern(/^([a-zA-Z0-9\-_]+\.){2,3}vpce\.[a-zA-Z0-9-]*\.vpce-svc-[a-zA-Z0-9-]{17}$/, "com.amazonaws.vpce.<region>.vpce-svc-<17 characters>");
export const REDSHIFT_JDBC_URL = pattern(
  /^jdbc:(redshift|postgresql):\/\/((?!-)[A-Za-z0-9-]{1,63}(?<!-)\.)+redshift(-serverless)?\.([a-zA-Z0-9.]+):\d{1,5}\/[a-zA-Z0-9_$-]+$/,
  "jdbc:redshift://<host>.redshift[-serverless].<domain>:<port>/<database>",
);

/** Shard-level (enhanced) metric names accepted by EnableEnhancedMonitoring (rule K6). */
export const SHARD_LEVEL_METRICS = [
  "IncomingBytes",
  "IncomingRecords",
  "OutgoingBytes",
  "OutgoingRecords",
  "WriteProvisionedThroughputExceeded",
  "ReadProvisionedThroughputExceeded",
  "IteratorAgeMilliseconds",
  "ALL",
] as const;
