/**
 * Rules whose one implementation serves both the construct props and the rendered resources (Kinesis data stream
 * K1-K7): the rendered checks name the Terraform attributes, and Terraform's own defaults and "unset" values apply.
 */
import { checkTerraformResource } from "../../modules/checks/engine";

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
