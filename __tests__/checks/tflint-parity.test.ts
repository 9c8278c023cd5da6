/**
 * Parity with tflint-ruleset-aws: for every rule it has on aws_kinesis_firehose_delivery_stream, aws_kinesis_stream
 * and aws_cloudwatch_event_target (listed in tflint-parity.ts), each constraint (length bounds, pattern, enum) gets a
 * value that breaks it, set on a clean resource; our engine must refuse it with the listed registry rule, at error
 * severity.
 */
import { checkTerraformResource } from "../../modules/checks/engine";
import { ruleById } from "../../modules/core/rules";
import { TFLINT_RULES, TflintRule } from "./tflint-parity";

type Obj = Record<string, unknown>;
const ROLE = "arn:aws:iam::111122223333:role/firehose";

const CLEAN: Record<TflintRule["resourceType"], Obj> = {
  aws_kinesis_firehose_delivery_stream: { name: "events", destination: "extended_s3", extended_s3_configuration: { role_arn: ROLE, bucket_arn: "arn:aws:s3:::acme-parity" } },
  aws_kinesis_stream: { name: "events", shard_count: 1, encryption_type: "KMS", kms_key_id: "alias/aws/kinesis" },
  aws_cloudwatch_event_target: { rule: "app-events", target_id: "t1", arn: "arn:aws:firehose:eu-west-1:111122223333:deliverystream/x", role_arn: "arn:aws:iam::111122223333:role/eb" },
};

/** A string of `length` characters, valid for the attribute otherwise (JSON for `input`, a JSON path for `input_path`). */
function ofLength(attribute: string, length: number): string {
  if (attribute === "input") return JSON.stringify("x".repeat(length - 2));
  if (attribute === "input_path") return `$.${"a".repeat(length - 2)}`;
  if (attribute === "arn" || attribute === "role_arn") return `arn:aws:iam::111122223333:role/${"r".repeat(length - 31)}`;
  return "a".repeat(length);
}

/** [description, bad value] for every constraint of a tflint rule. */
function badValues(r: TflintRule): [string, string][] {
  const out: [string, string][] = [];
  if (r.max !== undefined) out.push([`longer than ${r.max}`, ofLength(r.attribute, r.max + 1)]);
  if (r.min !== undefined) out.push([`shorter than ${r.min}`, ""]);
  if (r.pattern) out.push([`not matching ${r.pattern}`, "has space!"]);
  if (r.enum) out.push([`not one of ${r.enum.join(", ")}`, "AES256"]);
  return out;
}

const CASES = TFLINT_RULES.flatMap((r) => badValues(r).map(([what, value]) => [`${r.name}: ${what} -> ${r.ours}`, r, value] as const));

describe("tflint-ruleset-aws parity", () => {
  test("the clean resources pass", () => {
    for (const [type, config] of Object.entries(CLEAN)) expect([type, checkTerraformResource(type, `${type}.clean`, config)]).toEqual([type, []]);
  });

  test("the list covers the three resource types, every rule with at least one constraint, each mapped to a registry error rule", () => {
    expect(new Set(TFLINT_RULES.map((r) => r.resourceType)).size).toBe(3);
    for (const r of TFLINT_RULES) {
      expect([r.name, badValues(r).length > 0]).toEqual([r.name, true]);
      expect([r.name, ruleById(r.ours)?.severity]).toEqual([r.name, "error"]);
    }
  });

  test.each(CASES)("%s", (_name, rule, value) => {
    // Sanity: the value does break tflint's constraint.
    const breaks = (rule.max !== undefined && value.length > rule.max) || (rule.min !== undefined && value.length < rule.min) || (rule.pattern !== undefined && !rule.pattern.test(value)) || (rule.enum !== undefined && !rule.enum.includes(value));
    expect(breaks).toBe(true);
    const config = { ...CLEAN[rule.resourceType], [rule.attribute]: value };
    const findings = checkTerraformResource(rule.resourceType, `${rule.resourceType}.bad`, config);
    const errors = findings.filter((f) => f.severity === "error");
    expect(errors.map((f) => f.ruleId)).toContain(rule.ours);
    expect([...new Set(errors.map((f) => f.ruleId))]).toEqual([rule.ours]);
    expect(errors.find((f) => f.ruleId === rule.ours)?.attribute).toBe(rule.attribute);
  });
});
