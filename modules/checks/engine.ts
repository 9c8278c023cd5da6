/**
 * Rules on rendered Terraform resources: `aws_kinesis_firehose_delivery_stream`, `aws_kinesis_stream` and
 * `aws_cloudwatch_event_target`, as they appear in Terraform JSON configuration (`*.tf.json`, cdktf's synthesized
 * stacks) and in plans (`terraform show -json`). The same engine runs in the synth aspect ({@link RenderedChecks}) and
 * in the `check` command. Rule ids are those of the registry (modules/core/rules.ts).
 *
 * Values that are not known (Terraform references `${...}`, values unknown at plan time) are skipped.
 */
import { ruleById, ruleDocUrl, RuleSeverity } from "../core/rules";
import { Validator } from "../core/validation";
import { TERRAFORM_FIELDS, validateBuffering, validateDynamicPartitioningRetry, validateRedshiftIntermediatePrefixes, validateS3BackupSettings, validateS3Compression, validateS3ObjectNaming, validateHiveTimestampFormats, validateProcessorTypes, validateS3FeatureBuffering, validateS3Prefixes, validateStreamName, validateSourceBackupSource, validateTimeZone, validateUniqueStreamName, StreamPlacement, PathMap, PathMappedValidator } from "../delivery-stream/validation";
import { LAMBDA_PROCESSOR_PARAMETERS, PROCESSOR_PARAMETER_NAMES, PROCESSOR_TYPES, validateDeAggregationParameters, validateLambdaProcessorParameters, validateMetadataExtractionParameters, validateProcessorParameterValue, validateTransformTimeout } from "../delivery-stream/processors";
import { credentialTerraformFields, CredentialSpec, SECRET_TERRAFORM_FIELDS, validateCredentialsGiven, validateSecretsManagerConfiguration } from "../destinations/secrets";
import { MSK_SOURCE_TERRAFORM_FIELDS, ServerSideEncryptionFields, validateKinesisSourceArn, validateMskSource, validateServerSideEncryption } from "../delivery-stream/sources";
import { TARGET_INPUT_TERRAFORM_FIELDS, validateDeadLetterQueueArn, validateFirehoseTargetRole, validateName, validateRetryPolicy, validateTargetCount, validateTargetInput } from "../event-ingestion/validation";
import { topLevelObjectKeys } from "../delivery-stream/processors";
import { ORC_SERDE_ATTRIBUTES, PARQUET_SERDE_ATTRIBUTES, SCHEMA_CONFIGURATION_ATTRIBUTES, validateOrcSerDe, validateParquetSerDe, validateSchemaConfiguration, validateSerDeChoice } from "../data-lake-ingestion/conversion";
import * as P from "../core/patterns";
import { KINESIS_STREAM_TERRAFORM_FIELDS, validateFirehoseConsumerCount, validateKinesisStream } from "../kinesis-stream/validation";
import { Lazy } from "cdktf";
import { validateOpenSearchBackup, validateOpenSearchEndpoint, validateOpenSearchIndex, validateOpenSearchOptions, validateOpenSearchVpc } from "../destinations/opensearch";
import { validateCollectionEndpoint } from "../destinations/opensearch-serverless";
import { HTTP_DELIVERY, validateHttpEndpoint } from "../destinations/http-endpoint";
import { SPLUNK_CREDENTIALS, SPLUNK_DELIVERY, validateSplunk } from "../destinations/splunk";
import { validateRedshift } from "../destinations/redshift";
import { icebergCatalogKind, validateIcebergCatalogArn, validateIcebergProcessorTypes, validateIcebergRouting, validateIcebergTables } from "../destinations/iceberg";
import { RetryAndBackupRules, validateBackupBucketGiven, validateRetryAndBackupMode } from "../destinations/common";
import { EXTENDED_S3_DELIVERY } from "../destinations/s3";
import { REDSHIFT_CREDENTIALS, REDSHIFT_DELIVERY } from "../destinations/redshift";
import { ICEBERG_DELIVERY } from "../destinations/iceberg";
import { OPENSEARCH_RETRY } from "../destinations/opensearch";
import { SNOWFLAKE_DELIVERY, validateSnowflake, validateSnowflakeAuth, validateSnowflakeLoading, validateSnowflakePrivateLink, validateSnowflakeProcessorTypes } from "../destinations/snowflake";

/** One problem found in a rendered resource. */
export interface Finding {
  readonly ruleId: string;
  readonly severity: RuleSeverity;
  /** Terraform address (`aws_kinesis_stream.events`) or construct path. */
  readonly address: string;
  /** Attribute path inside the resource, e.g. `extended_s3_configuration.buffering_size`. */
  readonly attribute: string;
  readonly message: string;
  readonly value: unknown;
  readonly docUrl?: string;
}

/** Resource types the engine checks. */
export const CHECKED_RESOURCE_TYPES = ["aws_kinesis_firehose_delivery_stream", "aws_kinesis_stream", "aws_cloudwatch_event_target"] as const;

type Obj = Record<string, unknown>;

/** A value Terraform does not know yet: a reference or expression (`${...}`), or a value unknown at plan time. */
function isUnknownValue(v: unknown): boolean {
  return typeof v === "string" && v.includes("${");
}

/** The value when known and set, else undefined. */
function known<T = unknown>(v: unknown): T | undefined {
  if (v === null || v === undefined || isUnknownValue(v)) return undefined;
  return v as T;
}

function num(v: unknown): number | undefined {
  const k = known(v);
  if (typeof k === "number") return k;
  if (typeof k === "string" && k.trim() !== "" && !Number.isNaN(Number(k))) return Number(k);
  return undefined;
}

function str(v: unknown): string | undefined {
  const k = known(v);
  return typeof k === "string" ? k : undefined;
}

function bool(v: unknown): boolean | undefined {
  const k = known(v);
  if (typeof k === "boolean") return k;
  if (k === "true") return true;
  if (k === "false") return false;
  return undefined;
}

/** A nested block with at most one element: Terraform JSON writes it as an object or a one-element list. */
function block(v: unknown): Obj | undefined {
  if (Array.isArray(v)) return v.length > 0 && typeof v[0] === "object" && v[0] !== null ? (v[0] as Obj) : undefined;
  return typeof v === "object" && v !== null ? (v as Obj) : undefined;
}

function list(v: unknown): Obj[] {
  if (Array.isArray(v)) return v.filter((x): x is Obj => typeof x === "object" && x !== null);
  return typeof v === "object" && v !== null ? [v as Obj] : [];
}

/** Set when the value is present and not null (known or not). */
function present(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

const DESTINATION_BLOCKS: Record<string, string> = {
  extended_s3: "extended_s3_configuration",
  redshift: "redshift_configuration",
  elasticsearch: "elasticsearch_configuration",
  opensearch: "opensearch_configuration",
  opensearchserverless: "opensearchserverless_configuration",
  splunk: "splunk_configuration",
  http_endpoint: "http_endpoint_configuration",
  snowflake: "snowflake_configuration",
  iceberg: "iceberg_configuration",
};

const BUFFERING: Record<string, { rule: string; maxSize: number; maxInterval: number }> = {
  extended_s3_configuration: { rule: "B1", maxSize: 128, maxInterval: 900 },
  iceberg_configuration: { rule: "B3", maxSize: 128, maxInterval: 900 },
  opensearch_configuration: { rule: "B4", maxSize: 100, maxInterval: 900 },
  elasticsearch_configuration: { rule: "B4", maxSize: 100, maxInterval: 900 },
  opensearchserverless_configuration: { rule: "B4", maxSize: 100, maxInterval: 900 },
  splunk_configuration: { rule: "B5", maxSize: 5, maxInterval: 60 },
  http_endpoint_configuration: { rule: "B6", maxSize: 64, maxInterval: 900 },
  snowflake_configuration: { rule: "B7", maxSize: 128, maxInterval: 900 },
};

/**
 * Retry window and backup modes of each destination block, with their rule ids: the destination modules' own facts,
 * so a rendered block gets the rule id and message its construct's props get. The legacy Elasticsearch block has no
 * construct: its retry window is R1's.
 */
const RETRY_AND_BACKUP: Record<string, RetryAndBackupRules> = {
  extended_s3_configuration: EXTENDED_S3_DELIVERY,
  redshift_configuration: REDSHIFT_DELIVERY,
  splunk_configuration: SPLUNK_DELIVERY,
  http_endpoint_configuration: HTTP_DELIVERY,
  snowflake_configuration: SNOWFLAKE_DELIVERY,
  iceberg_configuration: ICEBERG_DELIVERY,
  opensearch_configuration: OPENSEARCH_RETRY,
  opensearchserverless_configuration: OPENSEARCH_RETRY,
  elasticsearch_configuration: { retryRule: "R1" },
};


/** Runs every rendered-resource rule on one resource; unknown types give no finding. */
export function checkTerraformResource(type: string, address: string, config: Obj): Finding[] {
  const v = new Validator(undefined, address);
  if (type === "aws_kinesis_firehose_delivery_stream") checkDeliveryStream(v, config);
  else if (type === "aws_kinesis_stream") checkKinesisStream(v, config);
  else if (type === "aws_cloudwatch_event_target") checkEventTarget(v, config);
  return findingsOf(v, address);
}

/** The problems and warnings a Validator collected, as findings of the resource at `address`. */
function findingsOf(v: Validator, address: string): Finding[] {
  const toFinding = (p: Validator["problems"][number], severity: RuleSeverity): Finding => ({
    ruleId: p.rule,
    severity,
    address,
    attribute: p.propertyPath,
    message: p.message,
    value: p.value,
    docUrl: ruleDocUrl(p.rule),
  });
  return [...v.problems.map((p) => toFinding(p, ruleById(p.rule)?.severity === "warning" ? "warning" : "error")), ...v.warnings.map((p) => toFinding(p, "warning"))];
}

// ---------------------------------------------------------------------------------------------------------------
// aws_kinesis_firehose_delivery_stream

function checkDeliveryStream(v: Validator, c: Obj): void {
  const name = str(c.name);
  if (name !== undefined) validateStreamName(v, name, "name");

  const destination = str(c.destination);
  if (destination !== undefined) {
    v.oneOf(destination, Object.keys(DESTINATION_BLOCKS), "destination", "EN1", "destination");
    const own = DESTINATION_BLOCKS[destination];
    if (own) {
      v.require(present(c[own]), own, "D2", `destination "${destination}" needs its ${own} block`, undefined);
      for (const other of Object.values(DESTINATION_BLOCKS)) {
        if (other !== own && present(c[other]) && block(c[other])) v.warn(other, "D1", `destination is "${destination}": this block is ignored`, destination);
      }
    }
  }

  checkSources(v, c);
  const s3Block = block(c.extended_s3_configuration);
  if (s3Block && (destination === undefined || destination === "extended_s3")) {
    const source = block(c.msk_source_configuration) ? "MSKAsSource" : block(c.kinesis_source_configuration) ? "KinesisStreamAsSource" : "DirectPut";
    validateSourceBackupSource(v, "extended_s3_configuration.s3_backup_mode", source, str(s3Block.s3_backup_mode) === "Enabled");
  }
  for (const [dest, blockName] of Object.entries(DESTINATION_BLOCKS)) {
    const b = block(c[blockName]);
    if (!b || (destination !== undefined && destination !== dest)) continue;
    checkDestinationCommon(v, blockName, b, c);
  }
  const s3 = block(c.extended_s3_configuration);
  if (s3 && (destination === undefined || destination === "extended_s3")) checkExtendedS3(v, s3, c);
  const redshift = block(c.redshift_configuration);
  if (redshift && destination === "redshift") checkRedshift(v, redshift);
  const splunk = block(c.splunk_configuration);
  if (splunk && destination === "splunk") checkSplunk(v, splunk);
  const http = block(c.http_endpoint_configuration);
  if (http && destination === "http_endpoint") checkHttp(v, http);
  for (const os of ["opensearch_configuration", "elasticsearch_configuration"]) {
    const b = block(c[os]);
    if (b && destination === os.replace("_configuration", "")) checkOpenSearch(v, os, b);
  }
  const iceberg = block(c.iceberg_configuration);
  if (iceberg && destination === "iceberg") checkIceberg(v, iceberg);
  const snowflake = block(c.snowflake_configuration);
  if (snowflake && destination === "snowflake") checkSnowflake(v, snowflake);
  const aoss = block(c.opensearchserverless_configuration);
  if (aoss && destination === "opensearchserverless") {
    validateCollectionEndpoint(v, "opensearchserverless_configuration.collection_endpoint", ruleValue(aoss.collection_endpoint));
    validateOpenSearchBackup(v, { bucket: "opensearchserverless_configuration.s3_configuration", mode: "opensearchserverless_configuration.s3_backup_mode" }, { bucket: present(aoss.s3_configuration) || undefined, mode: ruleValue(aoss.s3_backup_mode) });
    checkIndex(v, "opensearchserverless_configuration", aoss);
    checkVpc(v, "opensearchserverless_configuration", aoss);
  }
}

/** Where the rendered `server_side_encryption` block's fields are, for the rule code of the `encryption` prop. */
const SSE_TERRAFORM_FIELDS: ServerSideEncryptionFields = {
  enabled: "server_side_encryption.enabled",
  keyType: "server_side_encryption.key_type",
  keyArn: "server_side_encryption.key_arn",
  keyTypes: ["AWS_OWNED_CMK", "CUSTOMER_MANAGED_CMK"],
  awsOwned: "AWS_OWNED_CMK",
  customerManaged: "CUSTOMER_MANAGED_CMK",
};

function checkSources(v: Validator, c: Obj): void {
  // S1, S4, S2, S3: the rule code of the source and encryption props, with the Terraform attribute names.
  const kinesis = block(c.kinesis_source_configuration);
  const msk = block(c.msk_source_configuration);
  if (kinesis) validateKinesisSourceArn(v, "kinesis_source_configuration.kinesis_stream_arn", str(kinesis.kinesis_stream_arn));
  if (msk) {
    const auth = block(msk.authentication_configuration);
    validateMskSource(
      v,
      "msk_source_configuration",
      { clusterArn: str(msk.msk_cluster_arn), topicName: str(msk.topic_name), connectivity: auth ? str(auth.connectivity) : undefined, readFromTimestamp: str(msk.read_from_timestamp) },
      MSK_SOURCE_TERRAFORM_FIELDS,
    );
  }
  const sse = block(c.server_side_encryption);
  if (sse) {
    const sourceKind = msk ? "MSKAsSource" : kinesis ? "KinesisStreamAsSource" : "DirectPut";
    validateServerSideEncryption(
      v,
      { enabled: bool(sse.enabled), keyType: str(sse.key_type), keyTypeGiven: present(sse.key_type), keyArn: str(sse.key_arn), keyArnGiven: present(sse.key_arn), received: known(sse.enabled) },
      sourceKind,
      SSE_TERRAFORM_FIELDS,
    );
  }
}

/** Rules every destination block shares: buffering, retry, backup mode, processors, logging, nested S3 blocks. */
function checkDestinationCommon(v: Validator, name: string, b: Obj, c: Obj): void {
  const limits = BUFFERING[name];
  if (limits) {
    validateBuffering(v, name, num(b.buffering_size), num(b.buffering_interval), { minSizeMiB: 1, maxSizeMiB: limits.maxSize, maxIntervalSeconds: limits.maxInterval, rule: limits.rule }, TERRAFORM_FIELDS);
  }
  const retryAndBackup = RETRY_AND_BACKUP[name];
  if (retryAndBackup) validateRetryAndBackupMode(v, { retry: `${name}.retry_duration`, mode: `${name}.s3_backup_mode` }, { retrySeconds: num(b.retry_duration), mode: str(b.s3_backup_mode) }, retryAndBackup);
  if (name === "extended_s3_configuration" || name === "redshift_configuration") {
    if (str(b.s3_backup_mode) === "Enabled" && !block(b.s3_backup_configuration)) {
      v.error(`${name}.s3_backup_mode`, "BK1", 's3_backup_mode "Enabled" needs an s3_backup_configuration block (the bucket the source records go to)', "Enabled");
    }
  }
  checkLogging(v, name, b);
  checkProcessors(v, name, b, c);
  for (const nested of ["s3_configuration", "s3_backup_configuration"]) {
    const s = block(b[nested]);
    if (!s) continue;
    const path = `${name}.${nested}`;
    // B2, B12, the compression list and the prefix rules: the rule code of the destinations' backup props.
    let prefix = present(s.prefix) ? str(s.prefix) ?? UNKNOWN : undefined;
    let errorOutputPrefix = present(s.error_output_prefix) ? str(s.error_output_prefix) ?? UNKNOWN : undefined;
    if (name === "redshift_configuration" && nested === "s3_configuration") {
      prefix = validateRedshiftIntermediatePrefixes(v, { prefix: `${path}.prefix`, errorOutputPrefix: `${path}.error_output_prefix` }, str(s.prefix), str(s.error_output_prefix));
      errorOutputPrefix = undefined;
    }
    validateS3BackupSettings(v, path, { sizeMiB: num(s.buffering_size), intervalSeconds: num(s.buffering_interval), compression: str(s.compression_format), prefix, errorOutputPrefix }, TERRAFORM_FIELDS);
    checkLogging(v, path, s);
  }
}

function checkLogging(v: Validator, path: string, b: Obj): void {
  const log = block(b.cloudwatch_logging_options);
  if (log && bool(log.enabled) === true && (!present(log.log_group_name) || !present(log.log_stream_name) || known(log.log_group_name) === "" || known(log.log_stream_name) === "")) {
    v.warn(`${path}.cloudwatch_logging_options`, "CW1", "error logging enabled without log_group_name and log_stream_name: Firehose has nowhere to log", log);
  }
}

function processorParams(p: Obj): Map<string, unknown> {
  const m = new Map<string, unknown>();
  for (const param of list(p.parameters)) {
    const n = str(param.parameter_name);
    if (n !== undefined) m.set(n, param.parameter_value);
  }
  return m;
}

function processorsOf(b: Obj): Obj[] | undefined {
  const pc = block(b.processing_configuration);
  if (!pc || bool(pc.enabled) === false) return undefined;
  return list(pc.processors);
}

function checkProcessors(v: Validator, name: string, b: Obj, c: Obj): void {
  const processors = processorsOf(b);
  if (!processors) return;
  const base = `${name}.processing_configuration.processors`;
  const types: string[] = [];
  processors.forEach((p, i) => {
    const at = `${base}[${i}]`;
    const type = str(p.type);
    if (type !== undefined) types.push(type);
    v.oneOf(type, PROCESSOR_TYPES as readonly string[], `${at}.type`, "EN1", "processor type");
    const params = processorParams(p);
    list(p.parameters).forEach((param, j) => {
      v.oneOf(str(param.parameter_name), PROCESSOR_PARAMETER_NAMES as readonly string[], `${at}.parameters[${j}].parameter_name`, "EN1", "parameter_name");
      validateProcessorParameterValue(v, `${at}.parameters[${j}].parameter_value`, str(param.parameter_value));
    });
    // The rule code of the processors' props, on the rendered parameters.
    const paramAt = (n: string): string => `${at}.parameters.${n}`;
    if (type === "Lambda") {
      validateLambdaProcessorParameters(v, (field) => paramAt(LAMBDA_PROCESSOR_PARAMETERS[field]), {
        functionArn: str(params.get("LambdaArn")),
        functionArnSet: params.has("LambdaArn"),
        bufferSizeMB: num(params.get("BufferSizeInMBs")),
        bufferIntervalSeconds: num(params.get("BufferIntervalInSeconds")),
        numberOfRetries: num(params.get("NumberOfRetries")),
      });
    } else if (type === "MetadataExtraction") {
      validateMetadataExtractionParameters(v, { query: paramAt("MetadataExtractionQuery"), engine: paramAt("JsonParsingEngine") }, {
        query: str(params.get("MetadataExtractionQuery")),
        querySet: params.has("MetadataExtractionQuery"),
        engine: str(params.get("JsonParsingEngine")),
        engineSet: params.has("JsonParsingEngine"),
      });
    } else if (type === "RecordDeAggregation") {
      validateDeAggregationParameters(v, { subRecordType: paramAt("SubRecordType"), delimiter: paramAt("Delimiter") }, {
        subRecordType: str(params.get("SubRecordType")),
        delimiterSet: params.has("Delimiter"),
        delimiterBase64: str(params.get("Delimiter")),
        delimiterGiven: known(params.get("Delimiter")),
      });
    }
  });
  if (types.length === processors.length) {
    const dp = name === "extended_s3_configuration" && bool(block(b.dynamic_partitioning_configuration)?.enabled) === true;
    // Only an extended S3 destination can enable dynamic partitioning: elsewhere its processors are refused, except the
    // MetadataExtraction query an Iceberg destination routes records with.
    validateProcessorTypes(v, base, types, {
      dynamicPartitioning: dp || (name === "extended_s3_configuration" && isUnknownValue(block(b.dynamic_partitioning_configuration)?.enabled)),
      routesByQuery: name === "iceberg_configuration",
    });
  }
  void c;
}

function checkExtendedS3(v: Validator, s3: Obj, c: Obj): void {
  const N = "extended_s3_configuration";
  const dpBlock = block(s3.dynamic_partitioning_configuration);
  const dpRaw = dpBlock?.enabled;
  const dp = bool(dpRaw) === true;
  const size = present(s3.buffering_size) ? num(s3.buffering_size) : 5;
  const interval = present(s3.buffering_interval) ? num(s3.buffering_interval) : 300;
  validateS3Compression(v, `${N}.compression_format`, str(s3.compression_format));
  if (dpBlock) validateDynamicPartitioningRetry(v, `${N}.dynamic_partitioning_configuration.retry_duration`, num(dpBlock.retry_duration));
  const conv = block(s3.data_format_conversion_configuration);
  const convOn = !!conv && bool(conv.enabled) !== false;
  // B9, B10, B11, F6: the rule code of the construct props, on the rendered attributes.
  validateS3FeatureBuffering(v, {
    sizeMiB: size,
    intervalSeconds: interval,
    compression: present(s3.compression_format) ? str(s3.compression_format) : undefined,
    dynamicPartitioning: dp,
    formatConversion: !!conv && convOn,
    paths: { size: `${N}.buffering_size`, interval: `${N}.buffering_interval`, compression: `${N}.compression_format` },
    compressionName: "compression_format",
    sizeNote: present(s3.buffering_size) ? "" : " (unset: the provider sends 5)",
  });
  if (conv && convOn) checkConversion(v, `${N}.data_format_conversion_configuration`, conv);
  validateS3ObjectNaming(v, { fileExtension: `${N}.file_extension`, customTimeZone: `${N}.custom_time_zone` }, { fileExtension: str(s3.file_extension), customTimeZone: str(s3.custom_time_zone) });
  // DP20: the IANA zone lookup of the construct props, on the rendered attribute.
  validateTimeZone(v, str(s3.custom_time_zone), `${N}.custom_time_zone`);

  // Prefix rules, shared with the construct props (same code, Terraform field names).
  const processors = processorsOf(s3) ?? [];
  const facts = processors.map((p) => {
    const type = str(p.type) ?? "";
    const q = type === "MetadataExtraction" ? str(processorParams(p).get("MetadataExtractionQuery")) : undefined;
    return { type, keys: q !== undefined ? topLevelObjectKeys(q) : undefined };
  });
  if (!isUnknownValue(dpRaw) && processors.every((p) => str(p.type) !== undefined)) {
    validateS3Prefixes(v, N, { prefix: known(s3.prefix) === undefined ? (present(s3.prefix) ? "${unknown}" : undefined) : str(s3.prefix), errorOutputPrefix: present(s3.error_output_prefix) ? str(s3.error_output_prefix) ?? UNKNOWN : undefined, dynamicPartitioning: dp, processors: facts }, TERRAFORM_FIELDS);
  }
  void c;
}

/** Stands for a value that is set but not known; validateS3Prefixes skips it like an unresolved token. */
const UNKNOWN = "${unknown}";

function checkConversion(v: Validator, path: string, conv: Obj): void {
  const input = block(conv.input_format_configuration);
  const output = block(conv.output_format_configuration);
  const schema = block(conv.schema_configuration);
  const de = block(input?.deserializer);
  const ser = block(output?.serializer);
  // F3, F4, F7, F8: the rule code of the conversion props, on the rendered blocks.
  const deserializerKinds: Record<string, string> = { open_x_json_ser_de: "OPENX", hive_json_ser_de: "HIVE" };
  const serializerKinds: Record<string, string> = { parquet_ser_de: "PARQUET", orc_ser_de: "ORC" };
  validateSerDeChoice(
    v,
    { deserializer: `${path}.input_format_configuration.deserializer`, serializer: `${path}.output_format_configuration.serializer` },
    de ? Object.entries(deserializerKinds).filter(([k]) => present(de[k])).map(([, kind]) => kind) : [],
    ser ? Object.entries(serializerKinds).filter(([k]) => present(ser[k])).map(([, kind]) => kind) : [],
  );
  const hive = block(de?.hive_json_ser_de);
  const formats = hive ? known<unknown[]>(hive.timestamp_formats) : undefined;
  if (Array.isArray(formats)) validateHiveTimestampFormats(v, (i) => `${path}.input_format_configuration.deserializer.hive_json_ser_de.timestamp_formats[${i}]`, formats);
  const setAndNotEmpty = (x: unknown): boolean => present(x) && known(x) !== "";
  validateSchemaConfiguration(v, (field) => `${path}.${SCHEMA_CONFIGURATION_ATTRIBUTES[field]}`, {
    given: !!schema,
    databaseNameSet: setAndNotEmpty(schema?.database_name),
    tableNameSet: setAndNotEmpty(schema?.table_name),
    roleArnSet: setAndNotEmpty(schema?.role_arn),
    databaseName: str(schema?.database_name),
    tableName: str(schema?.table_name),
    catalogId: str(schema?.catalog_id),
    region: str(schema?.region),
  });
  const parquet = block(ser?.parquet_ser_de);
  if (parquet) {
    const at = `${path}.output_format_configuration.serializer.parquet_ser_de`;
    validateParquetSerDe(v, (field) => `${at}.${PARQUET_SERDE_ATTRIBUTES[field]}`, {
      blockSizeBytes: num(parquet.block_size_bytes),
      pageSizeBytes: num(parquet.page_size_bytes),
      maxPaddingBytes: num(parquet.max_padding_bytes),
      compression: str(parquet.compression),
      writerVersion: str(parquet.writer_version),
    });
  }
  const orc = block(ser?.orc_ser_de);
  if (orc) {
    const at = `${path}.output_format_configuration.serializer.orc_ser_de`;
    // The table's columns are not in the stream: bloom filter columns are not checked against them here.
    validateOrcSerDe(v, (field) => `${at}.${ORC_SERDE_ATTRIBUTES[field]}`, {
      blockSizeBytes: num(orc.block_size_bytes),
      stripeSizeBytes: num(orc.stripe_size_bytes),
      rowIndexStride: num(orc.row_index_stride),
      compression: str(orc.compression),
      formatVersion: str(orc.format_version),
      paddingTolerance: num(orc.padding_tolerance),
      dictionaryKeyThreshold: num(orc.dictionary_key_threshold),
      bloomFilterFalsePositiveProbability: num(orc.bloom_filter_false_positive_probability),
    });
  }
}

/** SM on the block's `secrets_manager_configuration` (the rule code of the destinations' secret props). */
function checkSecretsManager(v: Validator, name: string, b: Obj, opts: { needsRole?: boolean } = {}): void {
  const sm = block(b.secrets_manager_configuration);
  if (!sm) return;
  const values = { enabled: bool(sm.enabled), secretArn: str(sm.secret_arn), secretArnGiven: present(sm.secret_arn), roleArnGiven: present(sm.role_arn) };
  validateSecretsManagerConfiguration(v, `${name}.secrets_manager_configuration`, values, { needsRole: opts.needsRole, fields: SECRET_TERRAFORM_FIELDS });
}

/** SM, then the destination's own credential rule (a secret or every plaintext attribute): the code of the props. */
function checkCredentials(v: Validator, name: string, b: Obj, spec: CredentialSpec, opts: { smNeedsRole?: boolean } = {}): void {
  checkSecretsManager(v, name, b, { needsRole: opts.smNeedsRole });
  const sm = block(b.secrets_manager_configuration);
  const fields = credentialTerraformFields(spec);
  const given = { secret: !!sm && bool(sm.enabled) !== false && present(sm.enabled), plaintext: fields.plaintext.map((f) => present(b[f]) && known(b[f]) !== "") };
  validateCredentialsGiven(v, name, spec, given, fields);
}

function checkRedshift(v: Validator, b: Obj): void {
  const N = "redshift_configuration";
  checkCredentials(v, N, b, REDSHIFT_CREDENTIALS);
  const sm = block(b.secrets_manager_configuration);
  const columns = b.data_table_columns;
  validateRedshift(
    v,
    {
      clusterJdbcUrl: `${N}.cluster_jdbcurl`,
      tableName: `${N}.data_table_name`,
      columns: `${N}.data_table_columns`,
      copyOptions: `${N}.copy_options`,
      username: `${N}.username`,
      password: `${N}.password`,
      compression: `${N}.s3_configuration.compression_format`,
    },
    {
      clusterJdbcUrl: ruleValue(b.cluster_jdbcurl),
      tableName: ruleValue(b.data_table_name),
      // One string in Terraform, the joined list of the construct.
      columns: str(columns) ? str(columns)!.split(",") : undefined,
      copyOptions: ruleValue(b.copy_options),
      username: ruleValue(b.username),
      password: ruleValue(b.password),
      secret: !!sm && bool(sm.enabled) !== false && present(sm.enabled),
      compression: ruleValue(block(b.s3_configuration)?.compression_format),
    },
  );
  // DP18 (prefixes of the intermediate bucket) is checked with the other s3_configuration rules (checkDestinationCommon).
}

function checkSplunk(v: Validator, b: Obj): void {
  const N = "splunk_configuration";
  checkCredentials(v, N, b, SPLUNK_CREDENTIALS, { smNeedsRole: true });
  validateSplunk(
    v,
    { hecEndpoint: `${N}.hec_endpoint`, hecEndpointType: `${N}.hec_endpoint_type`, hecToken: `${N}.hec_token`, hecAcknowledgmentTimeout: `${N}.hec_acknowledgment_timeout` },
    { hecEndpoint: ruleValue(b.hec_endpoint), hecEndpointType: ruleValue(b.hec_endpoint_type), hecToken: ruleValue(b.hec_token), hecAcknowledgmentTimeout: num(b.hec_acknowledgment_timeout) },
  );
}

function checkHttp(v: Validator, b: Obj): void {
  const N = "http_endpoint_configuration";
  checkSecretsManager(v, N, b);
  const req = block(b.request_configuration);
  const at = `${N}.request_configuration`;
  const attrs = req && present(req.common_attributes) && !isUnknownValue(req.common_attributes) ? list(req.common_attributes) : undefined;
  validateHttpEndpoint(
    v,
    { url: `${N}.url`, name: `${N}.name`, accessKey: `${N}.access_key`, contentEncoding: `${at}.content_encoding`, commonAttributes: `${at}.common_attributes`, attributeValue: (i) => `${at}.common_attributes[${i}].value` },
    {
      url: ruleValue(b.url),
      name: ruleValue(b.name),
      accessKey: ruleValue(b.access_key),
      contentEncoding: req ? ruleValue(req.content_encoding) : undefined,
      commonAttributes: attrs?.map((a) => [ruleValue(a.name), ruleValue(a.value)] as const),
    },
  );
}

function checkIceberg(v: Validator, b: Obj): void {
  const N = "iceberg_configuration";
  const catalogArn = ruleValue(b.catalog_arn);
  validateIcebergCatalogArn(v, `${N}.catalog_arn`, catalogArn);
  validateBackupBucketGiven(v, `${N}.s3_configuration`, present(b.s3_configuration), "ICEBERG", undefined);
  const at = `${N}.destination_table_configuration`;
  const attribute = { databaseName: "database_name", tableName: "table_name", uniqueKeys: "unique_keys", s3ErrorOutputPrefix: "s3_error_output_prefix" } as const;
  const tables = isUnknownValue(b.destination_table_configuration)
    ? undefined
    : list(b.destination_table_configuration).map((t) => ({
        databaseName: ruleValue(t.database_name),
        tableName: ruleValue(t.table_name),
        uniqueKeys: ruleValue(t.unique_keys),
        s3ErrorOutputPrefix: ruleValue(t.s3_error_output_prefix),
      }));
  if (tables) validateIcebergTables(v, { tables: at, table: (i) => `${at}[${i}]`, field: (i, f) => `${at}[${i}].${attribute[f]}` }, tables, icebergCatalogKind(catalogArn));
  // Several tables: Firehose needs each record's table from a router (a MetadataExtraction query or a Lambda).
  const processors = processorsOf(b) ?? [];
  const types = processors.map((p) => str(p.type));
  validateIcebergProcessorTypes(v, `${N}.processing_configuration.processors`, types.filter((t): t is string => t !== undefined));
  if (tables && types.every((t) => t !== undefined)) {
    const extraction = processors.find((p) => str(p.type) === "MetadataExtraction");
    const query = extraction ? str(processorParams(extraction).get("MetadataExtractionQuery")) : undefined;
    validateIcebergRouting(v, `${N}.processing_configuration.processors`, {
      tableCount: tables.length,
      processorTypes: types as string[],
      extraction: extraction ? { keys: query !== undefined ? topLevelObjectKeys(query) : undefined, query } : undefined,
      uniqueKeys: tables.some((t) => Array.isArray(t.uniqueKeys) && t.uniqueKeys.length > 0),
    });
  }
}

function checkSnowflake(v: Validator, b: Obj): void {
  const N = "snowflake_configuration";
  const processorTypes = (processorsOf(b) ?? []).map((p) => str(p.type)).filter((t): t is string => t !== undefined);
  validateSnowflakeProcessorTypes(v, `${N}.processing_configuration.processors`, processorTypes);
  const role = block(b.snowflake_role_configuration);
  validateSnowflake(
    v,
    { accountUrl: `${N}.account_url`, database: `${N}.database`, schema: `${N}.schema`, table: `${N}.table`, snowflakeRole: `${N}.snowflake_role_configuration.snowflake_role`, backup: `${N}.s3_configuration` },
    {
      accountUrl: ruleValue(b.account_url),
      database: ruleValue(b.database),
      schema: ruleValue(b.schema),
      table: ruleValue(b.table),
      snowflakeRole: role ? ruleValue(role.snowflake_role) : undefined,
      backup: present(b.s3_configuration),
    },
  );
  // Key-pair credentials: a user and private key, or a secret (the API refuses neither).
  checkSecretsManager(v, N, b);
  const sm = block(b.secrets_manager_configuration);
  validateSnowflakeAuth(
    v,
    { secret: `${N}.secrets_manager_configuration`, plaintext: (name) => `${N}.${name}` },
    { secret: !!sm && bool(sm.enabled) === true, plaintext: { user: ruleValue(b.user), private_key: ruleValue(b.private_key) }, keyPairInConfiguration: true },
  );
  validateSnowflakeLoading(
    v,
    { option: `${N}.data_loading_option`, contentColumnName: `${N}.content_column_name`, metadataColumnName: `${N}.metadata_column_name` },
    { option: ruleValue(b.data_loading_option), contentColumnName: ruleValue(b.content_column_name), metadataColumnName: ruleValue(b.metadata_column_name) },
  );
  const vpc = block(b.snowflake_vpc_configuration);
  if (vpc) {
    validateSnowflakePrivateLink(
      v,
      { privateLinkVpceId: `${N}.snowflake_vpc_configuration.private_link_vpce_id`, accountUrl: `${N}.account_url` },
      { privateLinkVpceId: ruleValue(vpc.private_link_vpce_id), accountUrl: ruleValue(b.account_url) },
    );
  }
}

function checkOpenSearch(v: Validator, name: string, b: Obj): void {
  validateOpenSearchEndpoint(v, { domainArn: `${name}.domain_arn`, clusterEndpoint: `${name}.cluster_endpoint` }, { domainArn: ruleValue(b.domain_arn), clusterEndpoint: ruleValue(b.cluster_endpoint) });
  const doc = block(b.document_id_options);
  validateOpenSearchOptions(
    v,
    { indexRotation: `${name}.index_rotation_period`, documentIdFormat: `${name}.document_id_options.default_document_id_format` },
    { indexRotation: ruleValue(b.index_rotation_period), documentIdFormat: doc ? ruleValue(doc.default_document_id_format) : undefined },
  );
  validateOpenSearchBackup(v, { bucket: `${name}.s3_configuration`, mode: `${name}.s3_backup_mode` }, { bucket: present(b.s3_configuration) || undefined, mode: ruleValue(b.s3_backup_mode) });
  checkIndex(v, name, b);
  checkVpc(v, name, b);
}

/** OS-INDEX on `index_name` (and `type_name`, which only the OpenSearch Service block has). */
function checkIndex(v: Validator, name: string, b: Obj): void {
  const typeName = name === "opensearchserverless_configuration" ? undefined : `${name}.type_name`;
  validateOpenSearchIndex(v, { indexName: `${name}.index_name`, typeName }, { indexName: ruleValue(b.index_name), typeName: ruleValue(b.type_name) });
}

/** OS-VPC on `vpc_config`, with the prop names of {@link validateOpenSearchVpc} mapped to the attributes. */
function checkVpc(v: Validator, name: string, b: Obj): void {
  const vpc = block(b.vpc_config);
  if (!vpc) return;
  const at = `${name}.vpc_config`;
  const paths: PathMap = [
    [`${at}.subnetIds`, `${at}.subnet_ids`],
    [`${at}.securityGroupIds`, `${at}.security_group_ids`],
  ];
  validateOpenSearchVpc(new PathMappedValidator(v, paths), at, { subnetIds: ruleValue(vpc.subnet_ids), securityGroupIds: ruleValue(vpc.security_group_ids) });
}

/** Stands for a set value Terraform does not know yet, in the destination rule functions: an unresolved token. */
const UNRESOLVED = Lazy.stringValue({ produce: () => "" });

/**
 * A rendered value as the destination rule functions (shared with the constructs) take it: a value not known yet
 * (`${...}`, also inside a list) becomes an unresolved token, which they count as set and never check, as they do
 * with a construct's tokens; null becomes undefined.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function ruleValue(v: unknown): any {
  if (v === null || v === undefined) return undefined;
  if (isUnknownValue(v)) return UNRESOLVED;
  if (Array.isArray(v)) return v.map(ruleValue);
  return v;
}

// ---------------------------------------------------------------------------------------------------------------
// aws_kinesis_stream

function checkKinesisStream(v: Validator, c: Obj): void {
  // K1-K7: the rule code of the KinesisDataStream props, with the Terraform attribute names.
  const modeRaw = block(c.stream_mode_details)?.stream_mode;
  const metrics = known<unknown[]>(c.shard_level_metrics);
  validateKinesisStream(
    v,
    {
      name: str(c.name),
      // No stream_mode_details: PROVISIONED (the provider's default); an unknown mode is skipped.
      mode: present(modeRaw) ? str(modeRaw) : "PROVISIONED",
      modeNote: present(modeRaw) ? undefined : " (the default mode)",
      shardCount: num(c.shard_count),
      shardCountGiven: present(c.shard_count),
      retentionPeriodHours: num(c.retention_period),
      // An empty set is Terraform's "no shard-level metrics".
      shardLevelMetrics: Array.isArray(metrics) && metrics.length > 0 ? metrics : undefined,
      encryptionType: str(c.encryption_type),
      kmsKeyId: str(c.kms_key_id),
      kmsKeyIdGiven: present(c.kms_key_id),
    },
    KINESIS_STREAM_TERRAFORM_FIELDS,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// aws_cloudwatch_event_target

/** Where the event target props' retry policy is in the rendered `aws_cloudwatch_event_target`. */
const RETRY_POLICY_PATHS: PathMap = [
  ["retryPolicy", "retry_policy"],
  ["retryPolicy.maximumEventAgeSeconds", "retry_policy.maximum_event_age_in_seconds"],
  ["retryPolicy.maximumRetryAttempts", "retry_policy.maximum_retry_attempts"],
];

function checkEventTarget(v: Validator, c: Obj): void {
  // E6: names through the rule code of the EventIngestion props; the ARNs and bus (a name or an ARN) by length.
  validateName(v, str(c.rule), "rule", "rule", "E6", "rule name");
  validateName(v, str(c.target_id), "targetId", "target_id", "E6", "target_id");
  v.length(str(c.event_bus_name), 1, 1600, "event_bus_name", "E6", "event_bus_name (a name or ARN)");
  v.length(str(c.arn), 1, 1600, "arn", "E6", "target arn");
  v.length(str(c.role_arn), 1, 1600, "role_arn", "E6", "role_arn");
  const arn = typeof c.arn === "string" ? c.arn : undefined;
  const toFirehose = arn !== undefined && (/^arn:aws[a-z-]*:firehose:/.test(arn) || /^\$\{aws_kinesis_firehose_delivery_stream\.[^}]+\.arn\}$/.test(arn));
  validateFirehoseTargetRole(v, "role_arn", toFirehose, present(c.role_arn));

  // E2 and E3: the rule code of the construct props, with the props' names mapped to the rendered attributes.
  const retry = block(c.retry_policy);
  if (retry) {
    validateRetryPolicy(new PathMappedValidator(v, RETRY_POLICY_PATHS), "retryPolicy", {
      maximumEventAgeSeconds: num(retry.maximum_event_age_in_seconds),
      maximumRetryAttempts: num(retry.maximum_retry_attempts),
    });
  }
  const dlq = block(c.dead_letter_config);
  const dlqArn = dlq ? str(dlq.arn) : undefined;
  if (dlqArn !== undefined) validateDeadLetterQueueArn(v, "dead_letter_config.arn", dlqArn);
  // E4: the rule code of the EventIngestion props, with the Terraform attribute names.
  const tr = block(c.input_transformer);
  const paths = known<Obj>(tr?.input_paths);
  validateTargetInput(
    v,
    {
      input: str(c.input),
      inputPath: str(c.input_path),
      inputTransformer: tr ? { inputPaths: paths && typeof paths === "object" && !Array.isArray(paths) ? paths : undefined, inputTemplate: str(tr.input_template) } : undefined,
      given: { input: present(c.input), inputPath: present(c.input_path), inputTransformer: tr !== undefined },
    },
    TARGET_INPUT_TERRAFORM_FIELDS,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Rules across the resources of one configuration

/** A resource of a configuration, with its local name (`events` in `aws_kinesis_stream.events`) for references. */
export interface DocumentResource {
  readonly type: string;
  /** What findings name: a Terraform address or a construct path. */
  readonly address: string;
  /** The resource's local name, as Terraform references write it (`${aws_lambda_function.<name>.arn}`). */
  readonly name: string;
  readonly config: Obj;
}

/**
 * Rules that need several resources of one configuration: E5 (at most 5 targets per rule and bus), N-FIREHOSE-UNIQUE
 * (delivery stream names), FANOUT-CAPACITY (delivery streams per provisioned Kinesis stream) and L8 (the timeout
 * of a transformation function a delivery stream invokes). Values unknown at plan time are skipped.
 */
export function checkAcrossResources(resources: readonly DocumentResource[]): Finding[] {
  const out: Finding[] = [];
  // E5: targets grouped by bus and rule. A reference (`${aws_cloudwatch_event_rule.r.name}`) names one rule too.
  const byRule = new Map<string, DocumentResource[]>();
  for (const r of resources) {
    if (r.type !== "aws_cloudwatch_event_target") continue;
    const rule = r.config.rule;
    const busRaw = r.config.event_bus_name;
    if (typeof rule !== "string" || rule === UNKNOWN || busRaw === UNKNOWN) continue;
    const bus = typeof busRaw === "string" && busRaw !== "" ? busRaw : "default";
    const key = JSON.stringify([bus, rule]);
    byRule.set(key, [...(byRule.get(key) ?? []), r]);
  }
  for (const targets of byRule.values()) {
    for (const t of targets) {
      const v = new Validator(undefined, t.address);
      validateTargetCount(v, "rule", targets.length, { ruleName: String(t.config.rule), min: 0 });
      out.push(...findingsOf(v, t.address));
    }
  }
  // N-FIREHOSE-UNIQUE: a delivery stream named like an earlier one of the same provider (the `provider` meta-argument;
  // streams of different providers are not compared: their regions are in provider blocks, not in the resources).
  const streams: StreamPlacement[] = [];
  for (const r of resources) {
    if (r.type !== "aws_kinesis_firehose_delivery_stream") continue;
    // A provider that is not known (an unresolved reference, a plan without its configuration) could be any region.
    if (present(r.config.provider) && str(r.config.provider) === undefined) continue;
    const provider = str(r.config.provider) ?? "aws";
    const here: StreamPlacement = { name: str(r.config.name), label: r.address, group: provider, groupName: `provider ${provider}` };
    const v = new Validator(undefined, r.address);
    validateUniqueStreamName(v, "name", here, streams.filter((s) => s.group === provider), `the same configuration (provider ${provider})`);
    out.push(...findingsOf(v, r.address));
    streams.push(here);
  }
  // FANOUT-CAPACITY: the delivery streams reading one PROVISIONED aws_kinesis_stream of the configuration, by reference
  // (`${aws_kinesis_stream.<name>.arn}`) or by a literal ARN's stream name. The expected write rate the FanOut construct
  // also warns on is not in the resources; sources unknown at plan time are skipped.
  const kinesisStreams = resources.filter((r) => r.type === "aws_kinesis_stream");
  const readers = new Map<DocumentResource, DocumentResource[]>();
  for (const r of kinesisStreams.length > 0 ? resources : []) {
    if (r.type !== "aws_kinesis_firehose_delivery_stream") continue;
    const arn = block(r.config.kinesis_source_configuration)?.kinesis_stream_arn;
    if (typeof arn !== "string" || arn === UNKNOWN) continue;
    const ref = /^\$\{aws_kinesis_stream\.([^.}]+)\.arn\}$/.exec(arn);
    const literal = !ref && P.KINESIS_STREAM_ARN.re.test(arn) ? arn.slice(arn.indexOf(":stream/") + ":stream/".length) : undefined;
    const source = ref ? kinesisStreams.find((k) => k.name === ref[1]) : literal !== undefined ? kinesisStreams.find((k) => str(k.config.name) === literal) : undefined;
    if (source) readers.set(source, [...(readers.get(source) ?? []), r]);
  }
  for (const [source, consumers] of readers) {
    const details = source.config.stream_mode_details;
    // No stream_mode_details: PROVISIONED (the provider's default); an unknown mode is skipped.
    const mode = present(details) ? str(block(details)?.stream_mode) : "PROVISIONED";
    for (const r of consumers) {
      const v = new Validator(undefined, r.address);
      validateFirehoseConsumerCount(v, "kinesis_source_configuration.kinesis_stream_arn", mode, consumers.length);
      out.push(...findingsOf(v, r.address));
    }
  }
  // L8: Lambda processors whose function (by reference or by a literal ARN's name) has a timeout over 5 minutes.
  const byName = new Map<string, DocumentResource>();
  const byFunctionName = new Map<string, DocumentResource>();
  for (const r of resources) {
    if (r.type !== "aws_lambda_function") continue;
    byName.set(r.name, r);
    const fn = str(r.config.function_name);
    if (fn !== undefined) byFunctionName.set(fn, r);
  }
  if (byName.size === 0) return out;
  for (const r of resources) {
    if (r.type !== "aws_kinesis_firehose_delivery_stream") continue;
    const v = new Validator(undefined, r.address);
    for (const blockName of Object.values(DESTINATION_BLOCKS)) {
      const b = block(r.config[blockName]);
      const processors = b ? processorsOf(b) : undefined;
      processors?.forEach((p, i) => {
        if (str(p.type) !== "Lambda") return;
        const arn = processorParams(p).get("LambdaArn");
        if (typeof arn !== "string") return;
        const ref = /^\$\{aws_lambda_function\.([^.}]+)\.(?:arn|qualified_arn)\}$/.exec(arn);
        const literal = ref || isUnknownValue(arn) ? undefined : P.LAMBDA_FUNCTION_ARN.re.test(arn) ? arn.split(":")[6] : undefined;
        const fn = ref ? byName.get(ref[1]) : literal !== undefined ? byFunctionName.get(literal) : undefined;
        if (fn) validateTransformTimeout(v, `${blockName}.processing_configuration.processors[${i}].parameters.LambdaArn`, num(fn.config.timeout));
      });
    }
    out.push(...findingsOf(v, r.address));
  }
  return out;
}
