/**
 * The review on real Terraform plans (3 plans): the dev environment from scratch, and a partitioning change planned
 * against a state file built for the test from a first plan of the same stack.
 */
import * as fs from "fs";
import * as path from "path";
import { App } from "cdktf";
import { PipelinesStack } from "../../app/stack";
import type { EnvironmentConfig } from "../../app/config/environment";
import { commentMarker } from "../../scripts/review/markdown";
import { planStackDir, providerSchemas, reviewEnvironment, reviewPlan, StackPlan } from "../../scripts/review/run";
import { stateFromPlan } from "../../scripts/review/state";
import { describeTerraform, tempDir } from "../helpers/terraform";
import { missingLines, readmeBlock } from "../helpers/readme";

describeTerraform("review of the dev environment, offline (fresh: everything is created)", () => {
  let result: ReturnType<typeof reviewEnvironment>;
  let streamNames: string[];
  beforeAll(() => {
    result = reviewEnvironment({ environment: "dev", offline: true, outdir: tempDir("review-dev") });
    const synthJson = JSON.parse(fs.readFileSync(path.join(result.stackDir, "cdk.tf.json"), "utf8"));
    streamNames = Object.values(synthJson.resource.aws_kinesis_firehose_delivery_stream as Record<string, { name: string }>).map((s) => s.name);
  });

  test("without state it does not claim 'No risky change': it says risks cannot be assessed, exit 3", () => {
    expect(result.exitCode).toBe(3);
    expect(result.markdown).not.toContain("No risky change");
    expect(result.markdown).toContain("### Risks cannot be assessed without state");
  });

  test("the README's example review is this output (trimmed)", () => {
    expect(missingLines(readmeBlock("Real output of `npm run review -- dev --offline`"), result.markdown)).toEqual([]);
  });

  test("counts only creates, groups by pipeline, and reports no risk", () => {
    const { review } = result;
    expect(review.counts.create).toBeGreaterThan(10);
    expect(review.counts.create).toBe(review.changes.length);
    expect([review.counts.update, review.counts.replace, review.counts.delete]).toEqual([0, 0, 0]);
    expect(review.risks).toEqual([]);
    const streams = review.changes.filter((c) => c.type === "aws_kinesis_firehose_delivery_stream");
    expect(streams.length).toBe(streamNames.length);
    for (const s of streams) {
      // Grouped under its pipeline: the first segment of its construct path below the stack.
      expect(s.path).toMatch(/^[a-z][a-z0-9-]*\/.+\/Stream$/);
      expect(s.group).toBe(s.path!.split("/")[0]);
    }
  });

  test("the Markdown has the marker, the counts, the pipeline groups and a Mermaid data flow", () => {
    const md = result.markdown;
    const stream = result.review.changes.find((c) => c.type === "aws_kinesis_firehose_delivery_stream")!;
    expect(md.startsWith(commentMarker("dev"))).toBe(true);
    expect(md).toContain(`**${result.review.counts.create}** create · **0** update in place · **0** replace · **0** delete`);
    expect(md).toContain(`<summary><b>${stream.group}</b>`);
    expect(md).toContain(`| \`+\` create | \`${stream.path}\` | \`aws_kinesis_firehose_delivery_stream\` |`);
    expect(md).toContain("```mermaid\nflowchart LR");
    for (const name of streamNames) expect(result.review.diagram).toContain(`["Firehose: ${name}"]`);
    expect(result.review.diagram).toMatch(/n\d+ -- extended_s3 --> n\d+/);
  });
});

const config = (partitionKeys?: Record<string, string>): EnvironmentConfig => ({
  region: "eu-west-1",
  namingPrefix: "rvw",
  tags: { Project: "review-test" },
  backend: { type: "local" },
  pipelines: [{ kind: "data-lake", name: "events", partitionKeys, bufferingSizeMiB: 64, bufferingIntervalSeconds: 60 }],
});

function synth(cfg: EnvironmentConfig, name: string): string {
  const app = new App({ outdir: tempDir(name) });
  new PipelinesStack(app, "review", { envName: "review", config: cfg, configFile: "test-config.ts" });
  app.synth();
  return path.join(app.outdir, "stacks", "review");
}

describeTerraform("review of a partitioning change against an existing state", () => {
  const STREAM = "events/DataLake/Stream/Stream";
  let base: StackPlan;
  let changed: StackPlan;
  let statePath: string;
  beforeAll(() => {
    // 1. The deployed configuration: partitioned by {source}. Its plan becomes a state where everything exists.
    const baseDir = synth(config({ source: ".source" }), "review-base");
    base = planStackDir(baseDir, { offline: true });
    const state = stateFromPlan(base.plan, base.synth, providerSchemas(baseDir));
    statePath = path.join(tempDir("review-state"), "terraform.tfstate");
    fs.writeFileSync(statePath, JSON.stringify(state));
    // 2. The change under review: partition keys removed, so dynamic partitioning goes from enabled to absent.
    changed = planStackDir(synth(config(undefined), "review-changed"), { offline: true, statePath });
  });

  test("the hand-built state is a version-4 state Terraform accepts as the existing resources", () => {
    const state = JSON.parse(fs.readFileSync(statePath, "utf8"));
    expect(state.version).toBe(4);
    const stream = state.resources.find((r: { type: string }) => r.type === "aws_kinesis_firehose_delivery_stream");
    expect(stream.instances[0].attributes).toMatchObject({ name: "rvw-events", arn: "arn:aws:firehose:eu-west-1:123456789012:deliverystream/rvw-events" });
    const { review } = reviewPlan(changed, "review");
    // Nothing is created from scratch: the resources exist, most are unchanged.
    expect(review.counts.create).toBe(0);
    expect(review.counts["no-op"]).toBeGreaterThan(20);
    expect(changed.mode).toBe("offline against the state in terraform.tfstate, fake credentials, no refresh");
  });

  test("the stream's replacement is a risk with the attribute that forces it and the prefix change", () => {
    const { review, markdown, exitCode } = reviewPlan(changed, "review");
    const streamChange = review.changes.find((c) => c.path === STREAM)!;
    expect(streamChange.action).toBe("replace");
    const risk = review.risks.find((r) => r.kind === "replace" && r.path === STREAM)!;
    expect(risk.id).toBe(`replace:${streamChange.address}`);
    expect(risk.summary).toContain("records buffered in the stream are lost");
    expect(risk.causes).toContain("forced by extended_s3_configuration[0].dynamic_partitioning_configuration[0].enabled: true → (none)");
    expect(risk.causes).toContainEqual(expect.stringMatching(/^also extended_s3_configuration\[0\]\.prefix: "events\/source=!\{partitionKeyFromQuery:source\}\/year=.* → "events\/year=/));
    expect(exitCode).toBe(2);
    expect(markdown).toContain("### ⚠️ Risks:");
    expect(markdown).toContain(`| ❌ **open** | \`${risk.id}\`<br>\`${STREAM}\``);
    expect(markdown).toContain(`npm run review -- review --acknowledge ${review.risks.filter((r) => !r.acknowledged).map((r) => r.id).join(",")}`);
  });

  test("the README's risk section is this review's (data-holding replacement first)", () => {
    const { review, markdown } = reviewPlan(changed, "review");
    expect(review.risks[0].kind).toBe("replace");
    expect(missingLines(readmeBlock("And the risk section when a change removes the partition keys"), markdown)).toEqual([]);
  });

  test("acknowledging every open risk (by id, or all) makes the review pass", () => {
    const open = reviewPlan(changed, "review").review.risks.map((r) => r.id);
    const byId = reviewPlan(changed, "review", open);
    expect(byId.exitCode).toBe(0);
    expect(byId.review.risks.every((r) => r.acknowledged)).toBe(true);
    expect(byId.markdown).toContain(`| ✅ acknowledged | \`replace:`);
    expect(reviewPlan(changed, "review", "all").exitCode).toBe(0);
    // Acknowledging something else leaves the replacement open.
    expect(reviewPlan(changed, "review", ["replace:aws_s3_bucket.other"]).exitCode).toBe(2);
  });
});
