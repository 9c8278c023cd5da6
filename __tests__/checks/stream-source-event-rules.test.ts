/**
 * Rules whose one implementation serves both the construct props and the rendered resources (Kinesis data stream
 * K1-K7, EventBridge targets E1, E4, E5, E6, delivery stream sources and encryption S1-S4, Secrets Manager configuration SM): the rendered checks name the Terraform attributes, and Terraform's own
 * defaults and "unset" values apply.
 */
import { checkTerraformResource } from "../../modules/checks/engine";
import { checkTerraformDocument } from "../../modules/checks/input";

type Obj = Record<string, unknown>;
const KDS = "aws_kinesis_stream";
const stream = (over: Obj): Obj => ({ name: "events", shard_count: 1, ...over });
const findings = (type: string, config: Obj): string[] => checkTerraformResource(type, `${type}.x`, config).map((f) => `${f.ruleId} ${f.attribute}: ${f.message}`);

describe("Kinesis data stream rules (K1-K7) on the rendered aws_kinesis_stream", () => {
  test("no stream_mode_details is PROVISIONED (the provider's default): a shard count is needed, and at most 10000", () => {
    expect(findings(KDS, { name: "events" })).toEqual(["K3 shard_count: a PROVISIONED stream (the default mode) needs shard_count (at least 1)"]);
    expect(findings(KDS, stream({ shard_count: 10001 }))).toEqual(["K3 shard_count: shard count must be an integer between 1 and 10000"]);
    expect(findings(KDS, stream({ shard_count: "${var.shards}" }))).toEqual([]);
  });

  test("ON_DEMAND takes no shard count; 0 is Terraform's unset", () => {
    expect(findings(KDS, { name: "events", shard_count: 0, stream_mode_details: { stream_mode: "ON_DEMAND" } })).toEqual([]);
    expect(findings(KDS, { name: "events", shard_count: 3, stream_mode_details: { stream_mode: "ON_DEMAND" } })).toEqual([
      "K2 shard_count: shard_count must not be set when stream_mode_details.stream_mode is ON_DEMAND (on-demand streams scale their shards themselves)",
    ]);
  });

  test("shard-level metrics: each known name once, 1-7 of them; an empty set is none", () => {
    expect(findings(KDS, stream({ shard_level_metrics: [] }))).toEqual([]);
    expect(findings(KDS, stream({ shard_level_metrics: ["IncomingBytes", "IncomingBytes"] }))).toEqual(["K6 shard_level_metrics: each shard-level metric may appear once; repeated: IncomingBytes"]);
    expect(findings(KDS, stream({ shard_level_metrics: ["IncomingBytez"] }))).toEqual([
      "K6 shard_level_metrics[0]: shard-level metric must be one of IncomingBytes, IncomingRecords, OutgoingBytes, OutgoingRecords, WriteProvisionedThroughputExceeded, ReadProvisionedThroughputExceeded, IteratorAgeMilliseconds, ALL",
    ]);
  });

  test("KMS without a key, an unknown encryption type, a bad name", () => {
    expect(findings(KDS, stream({ encryption_type: "KMS" }))).toEqual(["K5 kms_key_id: encryption_type KMS needs kms_key_id (a key id, key ARN, alias or alias/aws/kinesis)"]);
    expect(findings(KDS, stream({ encryption_type: "KMS", kms_key_id: "${aws_kms_key.k.arn}" }))).toEqual([]);
    expect(findings(KDS, stream({ name: "bad name" }))).toEqual(["K7 name: Kinesis stream name must be 1–128 letters, digits, underscores, periods or hyphens (pattern ^[a-zA-Z0-9_.-]+$)"]);
  });
});

const EBT = "aws_cloudwatch_event_target";
const target = (over: Obj): Obj => ({ rule: "app-events", target_id: "t1", arn: "arn:aws:firehose:eu-west-1:111122223333:deliverystream/x", role_arn: "arn:aws:iam::111122223333:role/eb", ...over });

describe("EventBridge target rules (E1, E4, E5, E6) on the rendered aws_cloudwatch_event_target", () => {
  test("E4 names the Terraform attributes, and refuses input path names starting with AWS. as the props do", () => {
    expect(findings(EBT, target({ input: "{}", input_path: "$.detail" }))).toEqual(["E4 input, input_path: input, input_path and input_transformer are mutually exclusive; give at most one"]);
    expect(findings(EBT, target({ input_transformer: { input_paths: { "aws.id": "$.id" }, input_template: "<aws.id>" } }))).toEqual([
      "E4 input_transformer.input_paths.aws.id: input path names cannot start with 'AWS.' (reserved)",
    ]);
    expect(findings(EBT, target({ input: "{nope" }))).toEqual(["E4 input: input must be valid JSON"]);
    // A reference counts as given for the mutual exclusion, and is not read.
    expect(findings(EBT, target({ input: "${var.input}", input_path: "$.detail" })).map((f) => f.split(":")[0])).toEqual(["E4 input, input_path"]);
  });

  test("E6 rule and target_id: 1-64 of the EventBridge name pattern; E1 a Firehose target without role_arn", () => {
    expect(findings(EBT, target({ target_id: "" }))).toEqual(["E6 target_id: target_id must be 1-64 characters long, got 0"]);
    expect(findings(EBT, target({ rule: "app events" }))).toEqual(["E6 rule: rule name must be letters, digits, '.', '-', '_' (pattern ^[.\\-_A-Za-z0-9]+$)"]);
    expect(findings(EBT, target({ role_arn: undefined }))).toEqual(["E1 role_arn: a Firehose target needs role_arn: the role EventBridge assumes to call firehose:PutRecordBatch"]);
    expect(findings(EBT, target({ role_arn: undefined, arn: "arn:aws:sqs:eu-west-1:111122223333:q" }))).toEqual([]);
  });

  test("E5: the same limit and message as the props, per rule and bus", () => {
    const resource = (n: number, bus?: string) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, target({ target_id: `t${i}`, event_bus_name: bus })]));
    expect(checkTerraformDocument({ resource: { [EBT]: resource(5) } })).toEqual([]);
    const six = checkTerraformDocument({ resource: { [EBT]: resource(6, "app-bus") } });
    expect(six.map((f) => `${f.ruleId} ${f.message}`)).toEqual(Array(6).fill("E5 rule app-events has 6 targets; EventBridge allows at most 5 per rule"));
  });
});

const FH = "aws_kinesis_firehose_delivery_stream";
const ROLE = "arn:aws:iam::111122223333:role/firehose";
const fh = (over: Obj): Obj => ({ name: "s", destination: "extended_s3", extended_s3_configuration: { role_arn: ROLE, bucket_arn: "arn:aws:s3:::acme-src" }, ...over });
const msk = (over: Obj): Obj => ({
  msk_source_configuration: { msk_cluster_arn: "arn:aws:kafka:eu-west-1:111122223333:cluster/c/0000-1111", topic_name: "events", authentication_configuration: { connectivity: "PRIVATE", role_arn: ROLE }, ...over },
});

describe("source and encryption rules (S1-S4) on the rendered delivery stream, with the props' messages", () => {
  test("S4: a start time that is not RFC 3339 (as the MskSource props), connectivity, topic", () => {
    expect(findings(FH, fh(msk({ read_from_timestamp: "1970-01-01T00:00:00Z" })))).toEqual([]);
    expect(findings(FH, fh(msk({ read_from_timestamp: "yesterday" })))).toEqual([
      "S4 msk_source_configuration.read_from_timestamp: read_from_timestamp must be an RFC 3339 timestamp such as 1970-01-01T00:00:00Z",
    ]);
    expect(findings(FH, fh(msk({ authentication_configuration: { connectivity: "VPC", role_arn: ROLE } })))).toEqual([
      "S4 msk_source_configuration.authentication_configuration.connectivity: MSK connectivity must be one of PUBLIC, PRIVATE",
    ]);
  });

  test("S2 and S3 name the server_side_encryption attributes", () => {
    expect(findings(FH, fh({ ...msk({}), server_side_encryption: { enabled: true } }))).toEqual([
      "S2 server_side_encryption.enabled: server-side encryption is only available for Direct PUT streams; encrypt the source instead (source is MSKAsSource)",
    ]);
    expect(findings(FH, fh({ server_side_encryption: { enabled: true, key_type: "CUSTOMER_MANAGED_CMK" } }))).toEqual([
      "S3 server_side_encryption.key_arn: CUSTOMER_MANAGED_CMK encryption needs key_arn",
    ]);
    expect(findings(FH, fh({ server_side_encryption: { enabled: true, key_type: "CUSTOMER_MANAGED_CMK", key_arn: "${aws_kms_key.k.arn}" } }))).toEqual([]);
    expect(findings(FH, fh({ server_side_encryption: { enabled: true, key_arn: "arn:aws:kms:eu-west-1:111122223333:key/abc" } }))).toEqual([
      "S3 server_side_encryption.key_arn: key_arn is given only with CUSTOMER_MANAGED_CMK encryption",
    ]);
  });
});

describe("Secrets Manager configuration (SM) on the rendered destinations, with the secret props' rule code", () => {
  const splunk = (sm: Obj): Obj => ({
    name: "s",
    destination: "splunk",
    splunk_configuration: { hec_endpoint: "https://s.example.com:8088", hec_endpoint_type: "Raw", secrets_manager_configuration: sm, s3_configuration: { role_arn: ROLE, bucket_arn: "arn:aws:s3:::acme-src" } },
  });
  const SECRET = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:hec-AbCdEf";
  test("an enabled configuration needs a secret ARN of the right form, and Splunk its role", () => {
    expect(findings(FH, splunk({ enabled: true, secret_arn: SECRET, role_arn: ROLE }))).toEqual([]);
    expect(findings(FH, splunk({ enabled: true, role_arn: ROLE }))).toEqual(["SM splunk_configuration.secrets_manager_configuration.secret_arn: an enabled Secrets Manager configuration needs secret_arn"]);
    expect(findings(FH, splunk({ enabled: true, secret_arn: "hec-token", role_arn: ROLE }))).toEqual([
      "SM splunk_configuration.secrets_manager_configuration.secret_arn: Secrets Manager secret ARN must be arn:aws:secretsmanager:<region>:<account>:secret:<name> (pattern ^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[a-zA-Z0-9\\-/_+=.@!]+$)",
    ]);
    expect(findings(FH, splunk({ enabled: true, secret_arn: "${aws_secretsmanager_secret.s.arn}" }))).toEqual(["SM splunk_configuration.secrets_manager_configuration.role_arn: the secret needs role_arn for this destination"]);
  });
});
