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
import { TERRAFORM_FIELDS, validateBuffering, validateDynamicPartitioningRetry, validateRedshiftIntermediatePrefixes, validateS3BackupSettings, validateS3Compression, validateS3ObjectNaming, validateHiveTimestampFormats, validateProcessorTypes, validateS3FeatureBuffering, validateS3Prefixes, validateStreamName, validateSourceBackupSource, PathMap, PathMappedValidator } from "../delivery-stream/validation";
import { LAMBDA_PROCESSOR_PARAMETERS, PROCESSOR_PARAMETER_NAMES, PROCESSOR_TYPES, validateDeAggregationParameters, validateLambdaProcessorParameters, validateMetadataExtractionParameters, validateProcessorParameterValue, validateTransformTimeout } from "../delivery-stream/processors";
import { validateDeadLetterQueueArn, validateRetryPolicy } from "../event-ingestion/validation";
import { topLevelObjectKeys } from "../delivery-stream/processors";
import { ORC_SERDE_ATTRIBUTES, PARQUET_SERDE_ATTRIBUTES, SCHEMA_CONFIGURATION_ATTRIBUTES, validateOrcSerDe, validateParquetSerDe, validateSchemaConfiguration, validateSerDeChoice } from "../data-lake-ingestion/conversion";
import * as P from "../core/patterns";
import { SHARD_LEVEL_METRICS } from "../core/patterns";

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

const BACKUP_MODES: Record<string, { rule: string; modes: string[] }> = {
  extended_s3_configuration: { rule: "EN1", modes: ["Disabled", "Enabled"] },
  redshift_configuration: { rule: "EN1", modes: ["Disabled", "Enabled"] },
  opensearch_configuration: { rule: "OS-BACKUP", modes: ["FailedDocumentsOnly", "AllDocuments"] },
  elasticsearch_configuration: { rule: "OS-BACKUP", modes: ["FailedDocumentsOnly", "AllDocuments"] },
  opensearchserverless_configuration: { rule: "OS-BACKUP", modes: ["FailedDocumentsOnly", "AllDocuments"] },
  splunk_configuration: { rule: "EN1", modes: ["FailedEventsOnly", "AllEvents"] },
  http_endpoint_configuration: { rule: "EN1", modes: ["FailedDataOnly", "AllData"] },
  snowflake_configuration: { rule: "EN1", modes: ["FailedDataOnly", "AllData"] },
  iceberg_configuration: { rule: "EN1", modes: ["FailedDataOnly", "AllData"] },
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
    const ep = known(aoss.collection_endpoint);
    if (!present(aoss.collection_endpoint)) v.error("opensearchserverless_configuration.collection_endpoint", "AOSS-ENDPOINT", "collection_endpoint is required", undefined);
    else if (typeof ep === "string") {
      v.pattern(ep, P.HTTPS_ENDPOINT, "opensearchserverless_configuration.collection_endpoint", "AOSS-ENDPOINT", "collection endpoint");
      v.length(ep, 1, 512, "opensearchserverless_configuration.collection_endpoint", "AOSS-ENDPOINT", "collection endpoint");
    }
    checkIndex(v, "opensearchserverless_configuration", aoss);
    checkVpc(v, "opensearchserverless_configuration", aoss);
  }
}

function checkSources(v: Validator, c: Obj): void {
  const kinesis = block(c.kinesis_source_configuration);
  const msk = block(c.msk_source_configuration);
  if (kinesis) v.pattern(str(kinesis.kinesis_stream_arn), P.KINESIS_STREAM_ARN, "kinesis_source_configuration.kinesis_stream_arn", "S1", "Kinesis stream ARN");
  if (msk) {
    v.pattern(str(msk.msk_cluster_arn), P.MSK_CLUSTER_ARN, "msk_source_configuration.msk_cluster_arn", "S4", "MSK cluster ARN");
    const topic = str(msk.topic_name);
    v.length(topic, 1, 255, "msk_source_configuration.topic_name", "S4", "topic name");
    v.pattern(topic, P.MSK_TOPIC_NAME, "msk_source_configuration.topic_name", "S4", "topic name");
    const auth = block(msk.authentication_configuration);
    if (auth) v.oneOf(str(auth.connectivity), ["PUBLIC", "PRIVATE"], "msk_source_configuration.authentication_configuration.connectivity", "S4", "connectivity");
  }
  const sse = block(c.server_side_encryption);
  if (sse) {
    const enabled = bool(sse.enabled);
    if (enabled === true && (kinesis || msk)) {
      v.error("server_side_encryption.enabled", "S2", `server-side encryption cannot be combined with a ${kinesis ? "Kinesis" : "MSK"} source: encrypt the source stream instead`, true);
    }
    const keyType = str(sse.key_type);
    v.oneOf(keyType, ["AWS_OWNED_CMK", "CUSTOMER_MANAGED_CMK"], "server_side_encryption.key_type", "S3", "key_type");
    if (enabled !== false && keyType === "CUSTOMER_MANAGED_CMK" && !present(sse.key_arn)) {
      v.error("server_side_encryption.key_arn", "S3", "key_type CUSTOMER_MANAGED_CMK needs key_arn", undefined);
    }
    if ((keyType === "AWS_OWNED_CMK" || (keyType === undefined && !present(sse.key_type))) && present(sse.key_arn) && known(sse.key_arn) !== "") {
      v.error("server_side_encryption.key_arn", "S3", "key_arn is given only with key_type CUSTOMER_MANAGED_CMK", known(sse.key_arn));
    }
    v.pattern(str(sse.key_arn) || undefined, P.KMS_KEY_OR_ALIAS_ARN, "server_side_encryption.key_arn", "S3", "KMS key ARN");
  }
}

/** Rules every destination block shares: buffering, retry, backup mode, processors, logging, nested S3 blocks. */
function checkDestinationCommon(v: Validator, name: string, b: Obj, c: Obj): void {
  const limits = BUFFERING[name];
  if (limits) {
    validateBuffering(v, name, num(b.buffering_size), num(b.buffering_interval), { minSizeMiB: 1, maxSizeMiB: limits.maxSize, maxIntervalSeconds: limits.maxInterval, rule: limits.rule }, TERRAFORM_FIELDS);
  }
  if (name !== "extended_s3_configuration") v.range(num(b.retry_duration), 0, 7200, `${name}.retry_duration`, "R1", "retry duration", { unit: "seconds" });
  const modes = BACKUP_MODES[name];
  if (modes) v.oneOf(str(b.s3_backup_mode), modes.modes, `${name}.s3_backup_mode`, modes.rule, "s3_backup_mode");
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
    validateS3BackupSettings(v, path, { sizeMiB: num(s.buffering_size), intervalSeconds: num(s.buffering_interval), compression: str(s.compression_format), prefix, errorOutputPrefix }, TERRAFORM_FIELDS, "EN1");
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
  validateS3Compression(v, `${N}.compression_format`, str(s3.compression_format), "EN1");
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

function checkCredentials(v: Validator, name: string, b: Obj, rule: string, fields: string[], what: string, opts: { smNeedsRole?: boolean } = {}): void {
  const sm = block(b.secrets_manager_configuration);
  const smOn = sm && bool(sm.enabled) !== false && present(sm.enabled);
  if (sm && bool(sm.enabled) === true) {
    if (!present(sm.secret_arn)) v.error(`${name}.secrets_manager_configuration.secret_arn`, "SM", "an enabled secrets_manager_configuration needs secret_arn", undefined);
    v.pattern(str(sm.secret_arn), P.SECRET_ARN, `${name}.secrets_manager_configuration.secret_arn`, "SM", "Secrets Manager secret ARN");
    if (opts.smNeedsRole && !present(sm.role_arn)) v.error(`${name}.secrets_manager_configuration.role_arn`, "SM", "the secret needs role_arn for this destination", undefined);
  }
  if (!smOn && fields.some((f) => !present(b[f]) || known(b[f]) === "")) {
    v.error(`${name}.${fields.find((f) => !present(b[f]) || known(b[f]) === "")}`, rule, `give ${what}, or a secrets_manager_configuration with enabled = true`, undefined);
  }
}

function checkRedshift(v: Validator, b: Obj): void {
  const N = "redshift_configuration";
  const url = str(b.cluster_jdbcurl);
  v.length(url, 1, 512, `${N}.cluster_jdbcurl`, "REDSHIFT", "cluster JDBC URL");
  v.pattern(url, P.REDSHIFT_JDBC_URL, `${N}.cluster_jdbcurl`, "REDSHIFT", "cluster JDBC URL");
  v.length(str(b.data_table_name), 1, 512, `${N}.data_table_name`, "REDSHIFT", "table name");
  v.length(str(b.data_table_columns), 0, 10240, `${N}.data_table_columns`, "REDSHIFT", "column list");
  v.length(str(b.copy_options), 0, 10240, `${N}.copy_options`, "REDSHIFT", "COPY options");
  checkCredentials(v, N, b, "REDSHIFT", ["username", "password"], "username and password");
  const pw = str(b.password);
  if (pw !== undefined && (pw.length < 6 || pw.length > 512)) v.error(`${N}.password`, "REDSHIFT", `password must be 6-512 characters long, got ${pw.length}`, "(redacted)");
  const s3 = block(b.s3_configuration);
  if (s3) {
    const comp = str(s3.compression_format);
    if (comp === "Snappy" || comp === "ZIP") v.error(`${N}.s3_configuration.compression_format`, "REDSHIFT", "COPY cannot load Snappy/ZIP files from the intermediate bucket; use UNCOMPRESSED or GZIP", comp);
    // DP18 (prefixes of the intermediate bucket) is checked with the other s3_configuration rules (checkDestinationCommon).
  }
}

function checkSplunk(v: Validator, b: Obj): void {
  const N = "splunk_configuration";
  v.length(str(b.hec_endpoint), 1, 2048, `${N}.hec_endpoint`, "SPLUNK", "HEC endpoint");
  v.oneOf(str(b.hec_endpoint_type), ["Raw", "Event"], `${N}.hec_endpoint_type`, "SPLUNK", "HEC endpoint type");
  v.range(num(b.hec_acknowledgment_timeout), 180, 600, `${N}.hec_acknowledgment_timeout`, "SPLUNK", "HEC acknowledgement timeout", { unit: "seconds" });
  checkCredentials(v, N, b, "SPLUNK", ["hec_token"], "hec_token", { smNeedsRole: true });
  const token = str(b.hec_token);
  if (token !== undefined && token.length > 2048) v.error(`${N}.hec_token`, "SPLUNK", `HEC token must be at most 2048 characters, got ${token.length}`, "(redacted)");
}

function checkHttp(v: Validator, b: Obj): void {
  const N = "http_endpoint_configuration";
  const url = str(b.url);
  v.length(url, 1, 1000, `${N}.url`, "HTTP", "endpoint URL");
  v.pattern(url, P.HTTPS_URL, `${N}.url`, "HTTP", "endpoint URL");
  v.length(str(b.name), 1, 256, `${N}.name`, "HTTP", "endpoint name");
  const key = str(b.access_key);
  if (key !== undefined && key.length > 4096) v.error(`${N}.access_key`, "HTTP", `access key must be at most 4096 characters, got ${key.length}`, "(redacted)");
  const sm = block(b.secrets_manager_configuration);
  if (sm && bool(sm.enabled) === true && !present(sm.secret_arn)) v.error(`${N}.secrets_manager_configuration.secret_arn`, "SM", "an enabled secrets_manager_configuration needs secret_arn", undefined);
  const req = block(b.request_configuration);
  if (req) {
    v.oneOf(str(req.content_encoding), ["NONE", "GZIP"], `${N}.request_configuration.content_encoding`, "HTTP", "content encoding");
    const attrs = list(req.common_attributes);
    v.require(attrs.length <= 50, `${N}.request_configuration.common_attributes`, "HTTP", `at most 50 common attributes, got ${attrs.length}`, attrs.length);
  }
}

function checkIceberg(v: Validator, b: Obj): void {
  const N = "iceberg_configuration";
  v.pattern(str(b.catalog_arn), P.ICEBERG_CATALOG_ARN, `${N}.catalog_arn`, "ICEBERG-CATALOG", "Iceberg catalog ARN");
  if (!present(b.s3_configuration)) v.error(`${N}.s3_configuration`, "ICEBERG", "an Iceberg destination needs s3_configuration (the bucket for failed or all records)", undefined);
  const tables = list(b.destination_table_configuration);
  const seen = new Set<string>();
  tables.forEach((t, i) => {
    const at = `${N}.destination_table_configuration[${i}]`;
    const db = str(t.database_name);
    const table = str(t.table_name);
    v.length(db, 1, 255, `${at}.database_name`, "ICEBERG-TABLE", "database name");
    v.length(table, 1, 255, `${at}.table_name`, "ICEBERG-TABLE", "table name");
    if (db !== undefined && table !== undefined) {
      if (seen.has(`${db}.${table}`)) v.error(at, "ICEBERG-TABLE", `table ${db}.${table} is listed twice`, `${db}.${table}`);
      seen.add(`${db}.${table}`);
    }
    const keys = known<unknown[]>(t.unique_keys);
    if (Array.isArray(keys)) {
      if (keys.length === 0) v.error(`${at}.unique_keys`, "ICEBERG-TABLE", "unique_keys, when set, lists at least one column (omit it for insert-only tables)", keys);
      const dup = keys.filter((k, j) => typeof k === "string" && keys.indexOf(k) !== j);
      if (dup.length > 0) v.error(`${at}.unique_keys`, "ICEBERG-TABLE", `unique keys repeated: ${[...new Set(dup)].join(", ")}`, keys);
    }
    v.length(str(t.s3_error_output_prefix), 0, 1024, `${at}.s3_error_output_prefix`, "ICEBERG-TABLE", "S3 error output prefix");
  });
  // Several tables: Firehose needs each record's table from a router (a MetadataExtraction query or a Lambda).
  const types = (processorsOf(b) ?? []).map((p) => str(p.type));
  if (tables.length > 1 && !types.includes("MetadataExtraction") && !types.includes("Lambda")) {
    v.error(`${N}.processing_configuration`, "ICEBERG-ROUTING", `${tables.length} destination tables need a router: a MetadataExtraction query or a Lambda processor giving each record's destinationDatabaseName and destinationTableName`, types);
  }
}

function checkSnowflake(v: Validator, b: Obj): void {
  const N = "snowflake_configuration";
  const url = str(b.account_url);
  v.length(url, 24, 2048, `${N}.account_url`, "SNOWFLAKE", "account URL");
  v.pattern(url, P.SNOWFLAKE_ACCOUNT_URL, `${N}.account_url`, "SNOWFLAKE", "account URL");
  for (const field of ["database", "schema", "table"]) {
    if (!present(b[field])) v.error(`${N}.${field}`, "SNOWFLAKE", `${field} is required`, undefined);
    else v.length(str(b[field]), 1, 255, `${N}.${field}`, "SNOWFLAKE", field);
  }
  const role = block(b.snowflake_role_configuration);
  if (role) v.length(str(role.snowflake_role), 1, 255, `${N}.snowflake_role_configuration.snowflake_role`, "SNOWFLAKE", "Snowflake role");
  // Key-pair credentials: a user and private key, or a secret (the API refuses neither).
  const sm = block(b.secrets_manager_configuration);
  if (!(sm && bool(sm.enabled) === true) && (!present(b.user) || !present(b.private_key))) {
    v.error(`${N}.${present(b.user) ? "private_key" : "user"}`, "SNOWFLAKE-AUTH", "give user and private_key, or (better: kept out of state) a secrets_manager_configuration with enabled = true", undefined);
  }
  const option = str(b.data_loading_option);
  v.oneOf(option, ["JSON_MAPPING", "VARIANT_CONTENT_MAPPING", "VARIANT_CONTENT_AND_METADATA_MAPPING"], `${N}.data_loading_option`, "SNOWFLAKE-LOADING", "data loading option");
  const needsContent = option === "VARIANT_CONTENT_MAPPING" || option === "VARIANT_CONTENT_AND_METADATA_MAPPING";
  if (needsContent && !present(b.content_column_name)) v.error(`${N}.content_column_name`, "SNOWFLAKE-LOADING", `${option} needs content_column_name`, undefined);
  if (option === "VARIANT_CONTENT_AND_METADATA_MAPPING" && !present(b.metadata_column_name)) v.error(`${N}.metadata_column_name`, "SNOWFLAKE-LOADING", `${option} needs metadata_column_name`, undefined);
  if (option !== undefined && !needsContent && present(b.content_column_name)) v.error(`${N}.content_column_name`, "SNOWFLAKE-LOADING", `content_column_name is used only with the VARIANT options, not ${option}`, known(b.content_column_name));
  const vpc = block(b.snowflake_vpc_configuration);
  if (vpc) {
    const id = str(vpc.private_link_vpce_id);
    v.length(id, 47, 255, `${N}.snowflake_vpc_configuration.private_link_vpce_id`, "SNOWFLAKE-PRIVATELINK", "PrivateLink VPC endpoint id");
    v.pattern(id, P.SNOWFLAKE_VPCE_ID, `${N}.snowflake_vpc_configuration.private_link_vpce_id`, "SNOWFLAKE-PRIVATELINK", "PrivateLink VPC endpoint service name");
  }
}

function checkOpenSearch(v: Validator, name: string, b: Obj): void {
  const hasArn = present(b.domain_arn);
  const hasEndpoint = present(b.cluster_endpoint);
  if (hasArn === hasEndpoint) v.error(`${name}.domain_arn`, "OS-ENDPOINT", `give exactly one of domain_arn and cluster_endpoint (got ${hasArn ? "both" : "neither"})`, { domain_arn: known(b.domain_arn), cluster_endpoint: known(b.cluster_endpoint) });
  v.pattern(str(b.domain_arn), P.OPENSEARCH_DOMAIN_ARN, `${name}.domain_arn`, "OS-ENDPOINT", "OpenSearch domain ARN");
  v.pattern(str(b.cluster_endpoint), P.HTTPS_ENDPOINT, `${name}.cluster_endpoint`, "OS-ENDPOINT", "cluster endpoint");
  v.oneOf(str(b.index_rotation_period), ["NoRotation", "OneHour", "OneDay", "OneWeek", "OneMonth"], `${name}.index_rotation_period`, "OS-ROTATION", "index_rotation_period");
  v.length(str(b.type_name), 0, 100, `${name}.type_name`, "OS-INDEX", "type_name");
  const doc = block(b.document_id_options);
  if (doc) v.oneOf(str(doc.default_document_id_format), ["FIREHOSE_DEFAULT", "NO_DOCUMENT_ID"], `${name}.document_id_options.default_document_id_format`, "OS-DOCID", "default_document_id_format");
  checkIndex(v, name, b);
  checkVpc(v, name, b);
}

function checkIndex(v: Validator, name: string, b: Obj): void {
  const index = str(b.index_name);
  v.length(index, 1, 80, `${name}.index_name`, "OS-INDEX", "index name");
  if (index !== undefined && index.includes("!{")) v.error(`${name}.index_name`, "OS-INDEX", "index names take no !{...} expressions (use index_rotation_period)", index);
}

function checkVpc(v: Validator, name: string, b: Obj): void {
  const vpc = block(b.vpc_config);
  if (!vpc) return;
  const subnets = known<unknown[]>(vpc.subnet_ids);
  const sgs = known<unknown[]>(vpc.security_group_ids);
  if (Array.isArray(subnets) && !subnets.some(isUnknownValue)) v.require(subnets.length >= 1 && subnets.length <= 16, `${name}.vpc_config.subnet_ids`, "OS-VPC", `1-16 subnets, got ${subnets.length}`, subnets.length);
  if (Array.isArray(sgs) && !sgs.some(isUnknownValue)) v.require(sgs.length >= 1 && sgs.length <= 5, `${name}.vpc_config.security_group_ids`, "OS-VPC", `1-5 security groups, got ${sgs.length}`, sgs.length);
}

// ---------------------------------------------------------------------------------------------------------------
// aws_kinesis_stream

function checkKinesisStream(v: Validator, c: Obj): void {
  const name = str(c.name);
  v.length(name, 1, 128, "name", "K7", "stream name");
  v.pattern(name, P.KINESIS_STREAM_NAME, "name", "K7", "stream name");
  const modeBlock = block(c.stream_mode_details);
  const modeRaw = modeBlock?.stream_mode;
  const mode = str(modeRaw);
  v.oneOf(mode, ["PROVISIONED", "ON_DEMAND"], "stream_mode_details.stream_mode", "K1", "stream mode");
  const shards = num(c.shard_count);
  if (mode === "ON_DEMAND" && shards !== undefined && shards !== 0) v.error("shard_count", "K2", "shard_count must not be set when stream_mode is ON_DEMAND", shards);
  if ((mode === "PROVISIONED" || (!present(modeRaw) && !isUnknownValue(modeRaw))) && !isUnknownValue(c.shard_count)) {
    if (shards === undefined || shards < 1 || !Number.isInteger(shards)) v.error("shard_count", "K3", "shard_count must be an integer of at least 1 when stream_mode is PROVISIONED (the default)", shards);
  }
  v.range(num(c.retention_period), 24, 8760, "retention_period", "K4", "retention period", { unit: "hours" });
  const enc = str(c.encryption_type);
  v.oneOf(enc, ["NONE", "KMS"], "encryption_type", "K5", "encryption_type");
  if (enc === "KMS" && (!present(c.kms_key_id) || known(c.kms_key_id) === "")) v.error("kms_key_id", "K5", "encryption_type KMS needs kms_key_id (a key id, key ARN, alias or alias/aws/kinesis)", undefined);
  v.length(str(c.kms_key_id) || undefined, 1, 2048, "kms_key_id", "K5", "kms_key_id");
  const metrics = known<unknown[]>(c.shard_level_metrics);
  if (Array.isArray(metrics) && !metrics.some(isUnknownValue)) {
    for (const m of metrics) v.oneOf(m as string, SHARD_LEVEL_METRICS, "shard_level_metrics", "K6", "shard-level metric");
    v.require(metrics.length <= 7, "shard_level_metrics", "K6", `at most 7 shard-level metrics, got ${metrics.length}`, metrics.length);
  }
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
  const rule = str(c.rule);
  v.length(rule, 1, 64, "rule", "E6", "rule name");
  v.pattern(rule, P.EVENT_RULE_NAME, "rule", "E6", "rule name");
  const targetId = str(c.target_id);
  v.length(targetId, 1, 64, "target_id", "E6", "target_id");
  v.pattern(targetId, P.EVENT_RULE_NAME, "target_id", "E6", "target_id");
  v.length(str(c.event_bus_name), 1, 1600, "event_bus_name", "E6", "event_bus_name (a name or ARN)");
  v.length(str(c.arn), 1, 1600, "arn", "E6", "target arn");
  v.length(str(c.role_arn), 1, 1600, "role_arn", "E6", "role_arn");
  const arn = typeof c.arn === "string" ? c.arn : undefined;
  const toFirehose = arn !== undefined && (/^arn:aws[a-z-]*:firehose:/.test(arn) || /^\$\{aws_kinesis_firehose_delivery_stream\.[^}]+\.arn\}$/.test(arn));
  if (toFirehose && !present(c.role_arn)) v.error("role_arn", "E1", "a Firehose target needs role_arn: the role EventBridge assumes to call firehose:PutRecordBatch", undefined);

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
  const given = ["input", "input_path", "input_transformer"].filter((k) => present(c[k]) && (k !== "input_transformer" || block(c[k])));
  if (given.length > 1) v.error(given.join(", "), "E4", "input, input_path and input_transformer are mutually exclusive; give at most one", given);
  const input = str(c.input);
  if (input !== undefined) {
    v.length(input, 0, 8192, "input", "E4", "input");
    let ok = true;
    try {
      JSON.parse(input);
    } catch {
      ok = false;
    }
    v.require(ok, "input", "E4", "input must be valid JSON", input);
  }
  v.length(str(c.input_path), 0, 256, "input_path", "E4", "input_path");
  const tr = block(c.input_transformer);
  if (tr) {
    const paths = known<Obj>(tr.input_paths);
    if (paths && typeof paths === "object") v.require(Object.keys(paths).length <= 100, "input_transformer.input_paths", "E4", `at most 100 input paths, got ${Object.keys(paths).length}`, Object.keys(paths).length);
    v.length(str(tr.input_template), 1, 8192, "input_transformer.input_template", "E4", "input_template");
  }
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

/** At most this many targets per EventBridge rule (PutTargets; rule E5). */
const MAX_TARGETS_PER_RULE = 5;

/**
 * Rules that need several resources of one configuration: E5 (at most 5 targets per rule and bus) and L8 (the timeout
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
    if (targets.length <= MAX_TARGETS_PER_RULE) continue;
    for (const t of targets) {
      const v = new Validator(undefined, t.address);
      v.error("rule", "E5", `rule ${String(t.config.rule)} has ${targets.length} targets; EventBridge allows at most ${MAX_TARGETS_PER_RULE} per rule`, targets.length);
      out.push(...findingsOf(v, t.address));
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
