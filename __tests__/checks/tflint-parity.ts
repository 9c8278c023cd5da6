/**
 * Every rule tflint-ruleset-aws has for the three resource types our rendered-resource checks cover, as read from its
 * source: https://github.com/terraform-linters/tflint-ruleset-aws, `rules/models/provider.go` at commit
 * bdd24102073fa7bdecf06123300938f64c4abb64 (the list of rules) and the generated `rules/models/<rule>.go` files (each
 * rule's constraints, taken from the AWS SDK models; the mappings are `rules/models/mappings/kinesis-firehose.hcl`,
 * `kinesis.hcl` and `cloudwatch-event.hcl`). tflint generates rules only for attributes of a primitive type, so the
 * nested blocks of a delivery stream (`extended_s3_configuration`, ...) get none.
 *
 * `ours` is the id of the registry rule (modules/core/rules.ts) that refuses the same values; tflint-parity.test.ts
 * runs a bad value for each constraint through our engine and asserts it.
 */
export interface TflintRule {
  /** tflint rule name. */
  readonly name: string;
  readonly resourceType: "aws_kinesis_firehose_delivery_stream" | "aws_kinesis_stream" | "aws_cloudwatch_event_target";
  readonly attribute: string;
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
  readonly enum?: readonly string[];
  /** Our rule id catching every value this tflint rule refuses. */
  readonly ours: string;
}

export const TFLINT_SOURCE = { repo: "terraform-linters/tflint-ruleset-aws", listCommit: "bdd24102073fa7bdecf06123300938f64c4abb64", list: "rules/models/provider.go" };

export const TFLINT_RULES: readonly TflintRule[] = [
  { name: "aws_kinesis_firehose_delivery_stream_invalid_name", resourceType: "aws_kinesis_firehose_delivery_stream", attribute: "name", min: 1, max: 64, pattern: /^[a-zA-Z0-9_.-]+$/, ours: "N-FIREHOSE" },
  { name: "aws_kinesis_stream_invalid_encryption_type", resourceType: "aws_kinesis_stream", attribute: "encryption_type", enum: ["NONE", "KMS"], ours: "K5" },
  { name: "aws_kinesis_stream_invalid_kms_key_id", resourceType: "aws_kinesis_stream", attribute: "kms_key_id", min: 1, max: 2048, ours: "K5" },
  { name: "aws_kinesis_stream_invalid_name", resourceType: "aws_kinesis_stream", attribute: "name", min: 1, max: 128, pattern: /^[a-zA-Z0-9_.-]+$/, ours: "K7" },
  { name: "aws_cloudwatch_event_target_invalid_arn", resourceType: "aws_cloudwatch_event_target", attribute: "arn", min: 1, max: 1600, ours: "E6" },
  { name: "aws_cloudwatch_event_target_invalid_input", resourceType: "aws_cloudwatch_event_target", attribute: "input", max: 8192, ours: "E4" },
  { name: "aws_cloudwatch_event_target_invalid_input_path", resourceType: "aws_cloudwatch_event_target", attribute: "input_path", max: 256, ours: "E4" },
  { name: "aws_cloudwatch_event_target_invalid_role_arn", resourceType: "aws_cloudwatch_event_target", attribute: "role_arn", min: 1, max: 1600, ours: "E6" },
  { name: "aws_cloudwatch_event_target_invalid_rule", resourceType: "aws_cloudwatch_event_target", attribute: "rule", min: 1, max: 64, pattern: /^[.\-_A-Za-z0-9]+$/, ours: "E6" },
  { name: "aws_cloudwatch_event_target_invalid_target_id", resourceType: "aws_cloudwatch_event_target", attribute: "target_id", min: 1, max: 64, pattern: /^[.\-_A-Za-z0-9]+$/, ours: "E6" },
];
