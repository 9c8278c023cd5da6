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
/** Event bus names (CreateEventBus); custom buses cannot contain `/` (partner buses do). */
export const EVENT_BUS_NAME = pattern(/^[/.\-_A-Za-z0-9]+$/, "letters, digits, '/', '.', '-', '_'");

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

/** An AWS partition: `aws`, `aws-cn`, `aws-us-gov`, `aws-iso-b`, ... */
export const PARTITION_NAME = pattern(/^aws(-[a-z]+)*$/, "an AWS partition such as aws, aws-cn or aws-us-gov");
export const S3_TABLE_BUCKET_NAME = pattern(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, "3–63 lowercase letters, digits or hyphens, starting and ending with a letter or digit");
/** S3 Tables namespace and table names. */
export const S3_TABLES_NAME = pattern(/^[a-z0-9]([a-z0-9_]*[a-z0-9])?$/, "lowercase letters, digits or underscores, starting and ending with a letter or digit");
/** Glue database and table names as Athena and the Glue catalog accept them. */
export const GLUE_NAME = pattern(/^[a-z0-9_]{1,255}$/, "1–255 lowercase letters, digits or underscores");
export const GLUE_COLUMN_NAME = pattern(/^[a-z_][a-z0-9_]{0,254}$/, "1–255 lowercase letters, digits or underscores, starting with a letter or underscore");
export const LAMBDA_FUNCTION_NAME = pattern(/^[a-zA-Z0-9_-]{1,64}$/, "1–64 letters, digits, hyphens or underscores");
/** An RFC 3339 timestamp, such as 1970-01-01T00:00:00Z (MSK source ReadFromTimestamp). */
export const RFC3339_TIMESTAMP = pattern(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, "an RFC 3339 timestamp such as 1970-01-01T00:00:00Z");
export const MSK_TOPIC_NAME = pattern(/^[a-zA-Z0-9._-]+$/, "letters, digits, periods, underscores or hyphens");
export const SECRET_NAME = pattern(/^[a-zA-Z0-9/_+=.@-]+$/, "letters, digits or the characters / _ + = . @ -");
/** The monitoring name prefix (SNS topic, KMS key alias and dashboard names). */
export const MONITORING_NAME_PREFIX = pattern(/^[A-Za-z0-9_-]{1,200}$/, "1–200 letters, digits, underscores or hyphens");
/** An HTTPS URL (the HTTP endpoint destination). */
export const HTTPS_URL = pattern(/^https:\/\/.+$/, "a URL starting with https://");
/** An HTTPS endpoint without whitespace (OpenSearch cluster and collection endpoints). */
export const HTTPS_ENDPOINT = pattern(/^https:\/\/\S+$/, "a URL starting with https://, without spaces");
/** S3 file extension: empty, or a period then lowercase letters, digits or `!-_.*'()`. */
export const S3_FILE_EXTENSION = pattern(/^$|^\.[0-9a-z!\-_.*'()]+$/, "empty, or a period followed by lowercase letters, digits or the characters ! - _ . * ' ( )");
/** S3 custom time zone: empty, or letters, `/` and `_` (an IANA zone name). */
export const S3_TIME_ZONE = pattern(/^$|^[a-zA-Z/_]+$/, "empty, or a time zone name of letters, '/' and '_' such as UTC or Europe/Paris");
/** Base64 text (RFC 4648 alphabet, padded to a multiple of 4 characters), e.g. `IyMjIw==` for `####`. */
export const BASE64 = pattern(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, "base64-encoded (e.g. #### is IyMjIw==)");
export const OPENSEARCH_INDEX_NAME = pattern(
  /^[^-_+A-Z\\/*?"<>| ,#:][^A-Z\\/*?"<>| ,#:]*$/,
  "free of uppercase letters, spaces and the characters \\ / * ? \" < > | , # :, and not start with - _ or +",
);
export const OPENSEARCH_DOMAIN_NAME = pattern(/^[a-z][a-z0-9-]+$/, "a lowercase letter followed by lowercase letters, digits or hyphens");
export const OPENSEARCH_ENGINE_VERSION = pattern(/^OpenSearch_\d+\.\d+$/, "OpenSearch_<major>.<minor>, such as OpenSearch_2.19");
export const OPENSEARCH_INSTANCE_TYPE = pattern(/^[a-z0-9]+\.[a-z0-9]+\.search$/, "<family>.<size>.search, such as r7g.large.search");
export const AOSS_COLLECTION_ARN = pattern(
  new RegExp(`^arn:${PARTITION}:aoss:${REGION_PART}:\\d{12}:collection/[a-z0-9]{3,40}$`),
  "arn:aws:aoss:<region>:<account>:collection/<id of 3–40 lowercase letters or digits>",
);
/** An IAM role, user or account root ARN. */
export const IAM_PRINCIPAL_ARN = pattern(
  new RegExp(`^arn:${PARTITION}:iam::\\d{12}:(root|role/.+|user/.+)$`),
  "arn:aws:iam::<account>:role/<name>, arn:aws:iam::<account>:user/<name> or arn:aws:iam::<account>:root",
);
export const SUBNET_ID = pattern(/^subnet-[0-9a-f]{8,17}$/, "subnet- followed by 8–17 lowercase hexadecimal digits");
export const SECURITY_GROUP_ID = pattern(/^sg-[0-9a-f]{8,17}$/, "sg- followed by 8–17 lowercase hexadecimal digits");
export const SCHEDULE_EXPRESSION = pattern(
  /^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(\S+ \S+ \S+ \S+ \S+ \S+\))$/,
  "rate(<number> minute(s)|hour(s)|day(s)) or cron(<six fields separated by single spaces>)",
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
