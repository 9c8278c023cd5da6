/**
 * The checker on plain HCL: one configuration (fixtures/rules.tf) with a clean baseline (good_*) and one mistake per
 * rule (bad_<rule>_*), each a mistake the provider lets through to apply. Planned ONCE offline; the checker then runs
 * on the plan JSON through the CLI, as an HCL user would run it in CI.
 */
import * as fs from "fs";
import * as path from "path";
import { validateAndPlanOffline, PlanJson } from "../../scripts/terraform";
import { main } from "../../scripts/check/cli";
import { checkTerraformDocument } from "../../modules/checks/input";
import { describeTerraform, tempDir } from "../helpers/terraform";

const FIXTURE = path.join(__dirname, "fixtures", "rules.tf");

/** `bad_K5_kms_without_key` → `K5`, `bad_N-FIREHOSE_name` → `N-FIREHOSE`. */
function expectedRule(address: string): string | undefined {
  return /\.bad_([A-Z0-9-]+)_/.exec(address)?.[1];
}

describeTerraform("check: HCL planned offline, checker on the plan JSON", () => {
  let dir: string;
  let plan: PlanJson;
  let planFile: string;

  beforeAll(() => {
    dir = tempDir("check-plan");
    fs.copyFileSync(FIXTURE, path.join(dir, "main.tf"));
    plan = validateAndPlanOffline(dir).plan;
    planFile = path.join(dir, "plan.json");
    fs.writeFileSync(planFile, JSON.stringify(plan));
  }, 900_000);

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("the provider accepts every mistake at plan (they would fail only at apply)", () => {
    const addresses = (plan.resource_changes ?? []).map((c) => c.address);
    const bad = addresses.filter((a) => expectedRule(a));
    expect(bad.length).toBeGreaterThanOrEqual(30);
    expect(addresses.filter((a) => a.includes(".good"))).toHaveLength(9);
  });

  test("each mistake is caught by its rule and only its rule; the baseline is clean", () => {
    const findings = checkTerraformDocument(plan);
    const addresses = (plan.resource_changes ?? []).map((c) => c.address);
    for (const address of addresses) {
      const rule = expectedRule(address);
      const mine = findings.filter((f) => f.address === address).map((f) => f.ruleId);
      if (rule) {
        expect([address, mine.length > 0 && mine.every((r) => r === rule)]).toEqual([address, true]);
      } else {
        expect([address, mine]).toEqual([address, []]);
      }
    }
  });

  test("`check --format json plan.json`: an array of findings, exit code 1", async () => {
    let out = "";
    const code = await main(["--format", "json", planFile], { out: (s) => (out += s), err: () => undefined });
    expect(code).toBe(1);
    const findings = JSON.parse(out) as Record<string, unknown>[];
    const bk1 = findings.find((f) => f.address === "aws_kinesis_firehose_delivery_stream.bad_BK1_backup_mode");
    expect(bk1).toEqual({
      ruleId: "BK1",
      severity: "error",
      address: "aws_kinesis_firehose_delivery_stream.bad_BK1_backup_mode",
      attribute: "extended_s3_configuration.s3_backup_mode",
      message: 's3_backup_mode "Enabled" needs an s3_backup_configuration block (the bucket the source records go to) (received "Enabled")',
      docUrl: "https://docs.aws.amazon.com/firehose/latest/APIReference/API_ExtendedS3DestinationConfiguration.html",
    });
    for (const f of findings) expect(Object.keys(f).sort()).toEqual(["address", "attribute", "docUrl", "message", "ruleId", "severity"]);
    expect(findings.find((f) => f.ruleId === "CW1")?.severity).toBe("warning");
  });

  test("values unknown at plan time are skipped", () => {
    const change = (plan.resource_changes ?? []).find((c) => c.address === "aws_kinesis_firehose_delivery_stream.bad_B1_size")!;
    const withUnknown = {
      format_version: "1.2",
      terraform_version: "1.11.4",
      resource_changes: [{ ...change, change: { ...change.change, after_unknown: { extended_s3_configuration: [{ buffering_size: true }] } } }],
    };
    expect(checkTerraformDocument(withUnknown)).toEqual([]);
  });
});
