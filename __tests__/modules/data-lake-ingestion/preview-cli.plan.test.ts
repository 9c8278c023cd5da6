/**
 * `firehose-pipelines preview` run as a process on a synthesized project (it spawns the CLI, so it lives with the
 * slower tests; the preview itself is unit-tested in preview.test.ts).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { buildApp } from "../../../main";
import { previewEnvironment } from "../../../scripts/preview";
import { previewStreams, streamsOfStack } from "../../../scripts/partition-preview";
import { missingLines, readmeBlock } from "../../helpers/readme";

describe("npm run preview (the CLI)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fhp-preview-"));
  const file = path.join(dir, "records.jsonl");
  fs.writeFileSync(file, ['{"source":"web","tenant":{"id":"t1"}}', "", '{"source":"app"}'].join("\n"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("the CLI previews a synthesized stack (cdktf.out of a project) the same way, and reports bad usage", () => {
    // A project as `cdktf synth` leaves it: cdktf.json and cdktf.out/ with the prod stack.
    const project = path.join(dir, "project");
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, "cdktf.json"), JSON.stringify({ language: "typescript", app: "exit 1" }));
    buildApp({ outdir: path.join(project, "cdktf.out"), only: ["prod"] }).synth();
    const stack = JSON.parse(fs.readFileSync(path.join(project, "cdktf.out", "stacks", "prod", "cdk.tf.json"), "utf8"));
    const records = fs.readFileSync(file, "utf8").split("\n");
    const at = new Date("2024-05-01T10:59:59Z");
    // Each stream's rows, from its synthesized configuration, are the rows previewed from the environment's config.
    const fromConfig = previewEnvironment("prod", records, at).split("\n").filter((l) => /^\d+ \|/.test(l));
    const appEvents = streamsOfStack(stack).filter((st) => st.config.prefix.startsWith("app-events/"));
    expect(appEvents).toHaveLength(1);
    expect(previewStreams(appEvents, records, at).split("\n").filter((l) => /^\d+ \|/.test(l))).toEqual(fromConfig);

    const cli = (args: string[]) =>
      spawnSync(process.execPath, [require.resolve("ts-node/dist/bin.js"), "--transpile-only", path.join(__dirname, "..", "..", "..", "scripts", "cli.ts"), "preview", ...args], { encoding: "utf8", cwd: project });
    const ok = cli(["prod", file, "--no-synth", "--at", "2024-05-01T11:00:00Z", "--stream", appEvents[0].name]);
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain(`Stream ${appEvents[0].name} (`);
    expect(ok.stdout).toContain("| delivered | app-events/source=web/tenant_id=t1/year=2024/month=05/day=01/hour=11/");
    // The README's example: its command, with its samples.jsonl, prints its block.
    const block = readmeBlock("`samples.jsonl` holding the two lines");
    expect(block[0]).toMatch(/^\$ npm run preview -- prod samples.jsonl /);
    const args = block[0].replace("$ npm run preview -- ", "").split(" ");
    fs.writeFileSync(path.join(project, "samples.jsonl"), '{"source":"web","tenant":{"id":"t1"}}\n{"source":"mobile"}\n');
    const readme = cli([...args, "--no-synth"]);
    expect([readme.status, readme.stderr]).toEqual([0, ""]);
    expect(missingLines(block.slice(1), readme.stdout)).toEqual([]);

    const usage = cli(["prod"]);
    expect([usage.status, usage.stderr]).toEqual([1, expect.stringContaining("missing <records.jsonl>")]);
    const unknown = cli(["qa", file, "--no-synth"]);
    expect([unknown.status, unknown.stderr.trim()]).toEqual([1, expect.stringMatching(/^no stack "qa" in .*manifest\.json \(stacks: prod\)$/)]);
    // Without --no-synth the project's app runs (here `exit 1`): the failure names it.
    const synthFails = cli(["prod", file]);
    expect([synthFails.status, synthFails.stderr.trim()]).toEqual([1, expect.stringContaining('synth failed: `exit 1` (cdktf.json "app"')]);
  });
});
