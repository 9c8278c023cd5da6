/**
 * `.github/workflows/plan.yml`: parsed and checked against the workflow schema essentials, and its shell steps run
 * here (with a stub `npm`) to show that they cover every environment directory and pass acknowledgements through.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { discoverEnvironments } from "../../app/environments";
import { AWS_PROVIDER_VERSION } from "../../scripts/terraform";
import { tempDir } from "../helpers/terraform";

const ROOT = path.resolve(__dirname, "..", "..");
const FILE = path.join(ROOT, ".github", "workflows", "plan.yml");

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  if?: string;
}
interface Job {
  "runs-on": string;
  needs?: string[];
  steps: Step[];
  strategy?: { matrix: Record<string, unknown> };
  outputs?: Record<string, string>;
  env?: Record<string, string>;
}
interface Workflow {
  name: string;
  on: { pull_request: { types?: string[] } };
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

const wf = parse(fs.readFileSync(FILE, "utf8")) as Workflow;
const steps = (job: string) => wf.jobs[job].steps;
const stepNamed = (job: string, pred: (s: Step) => boolean) => {
  const s = steps(job).find(pred);
  if (!s) throw new Error(`no such step in ${job}`);
  return s;
};

describe("plan.yml structure", () => {
  test("runs on pull requests, including description edits and labels (acknowledgements)", () => {
    expect(Object.keys(wf.on)).toEqual(["pull_request"]);
    expect(wf.on.pull_request.types).toEqual(expect.arrayContaining(["opened", "synchronize", "reopened", "edited", "labeled"]));
  });

  test("permissions: OIDC token, read-only contents, PR comments", () => {
    expect(wf.permissions).toEqual({ "id-token": "write", contents: "read", "pull-requests": "write" });
  });

  test("every job has runs-on and steps; every step has exactly one of uses/run; actions are version-pinned; needs exist", () => {
    for (const [name, job] of Object.entries(wf.jobs)) {
      expect([name, typeof job["runs-on"]]).toEqual([name, "string"]);
      expect(Array.isArray(job.steps) && job.steps.length > 0).toBe(true);
      for (const s of job.steps) {
        expect([name, s.name ?? s.uses ?? s.run, Number(!!s.uses) + Number(!!s.run)]).toEqual([name, s.name ?? s.uses ?? s.run, 1]);
        if (s.uses) expect(s.uses).toMatch(/^[\w.-]+\/[\w.-]+@v\d+$/);
      }
      for (const n of job.needs ?? []) expect(Object.keys(wf.jobs)).toContain(n);
    }
    // Expressions are closed.
    const text = fs.readFileSync(FILE, "utf8");
    expect((text.match(/\$\{\{/g) ?? []).length).toBe((text.match(/\}\}/g) ?? []).length);
  });

  test("the test job installs Node 20 with the npm cache, Terraform 1.11.4 and moto, then runs npm ci and npm test", () => {
    const s = steps("test");
    expect(s.map((x) => x.id ?? x.uses ?? x.run)).toEqual(["actions/checkout@v4", "actions/setup-node@v4", "hashicorp/setup-terraform@v3", "provider", "cache", s[5].run, "npm ci", s[7].run, "npm test"]);
    // The deploy tests fail under CI=true without the emulator.
    expect(s[7]).toMatchObject({ name: "Install the AWS emulator (moto)", run: 'pip install "moto[server]==5.2.1"' });
    expect(s[1].with).toEqual({ "node-version": 20, cache: "npm" });
    expect(s[2].with).toEqual({ terraform_version: "1.11.4", terraform_wrapper: false });
    expect(s[4]).toMatchObject({ uses: "actions/cache@v4", with: { path: "~/.terraform.d/plugin-cache", key: "terraform-plugins-${{ runner.os }}-aws-${{ steps.provider.outputs.aws }}" } });
    expect(s[5].if).toBe("${{ steps.cache.outputs.cache-hit != 'true' }}");
    // Nothing relies on this machine's /opt/tf-plugins mirror.
    expect(fs.readFileSync(FILE, "utf8")).not.toContain("/opt/tf-plugins");
  });

  test("both Terraform jobs share the provider cache steps; the cache becomes the mirror scripts/terraform.ts reads", () => {
    const cacheSteps = (job: string) => steps(job).filter((x) => x.id === "provider" || x.id === "cache" || x.name === "Download hashicorp/aws into the cache");
    expect(cacheSteps("review")).toEqual(cacheSteps("test"));
    const cwd = tempDir("wf-cache");
    fs.mkdirSync(path.join(cwd, "scripts"));
    fs.copyFileSync(path.join(ROOT, "scripts", "terraform.ts"), path.join(cwd, "scripts", "terraform.ts"));
    const envFile = path.join(cwd, "github_env");
    fs.writeFileSync(envFile, "");
    const { output } = runStep(stepNamed("test", (x) => x.id === "provider").run!, { GITHUB_ENV: envFile, HOME: cwd }, cwd);
    expect(output.trim()).toBe(`aws=${AWS_PROVIDER_VERSION}`);
    expect(fs.readFileSync(envFile, "utf8").trim()).toBe(`TF_PROVIDER_MIRROR=${cwd}/.terraform.d/plugin-cache`);
    expect(fs.statSync(path.join(cwd, ".terraform.d", "plugin-cache")).isDirectory()).toBe(true);
    // The download fills the cache through TF_PLUGIN_CACHE_DIR for that one init only.
    const download = stepNamed("test", (x) => x.name === "Download hashicorp/aws into the cache").run!;
    expect(download).toContain('TF_PLUGIN_CACHE_DIR="$TF_PROVIDER_MIRROR" terraform -chdir="$d" init -backend=false -input=false');
    expect(download).toContain('version = \"%s\"');
  });

  test("the review job runs after the tests, once per listed environment, with OIDC only when AWS_PLAN_ROLE_ARN is set", () => {
    const review = wf.jobs.review;
    expect(review.needs).toEqual(["test", "environments"]);
    expect(review.strategy!.matrix.environment).toBe("${{ fromJSON(needs.environments.outputs.list) }}");
    const aws = stepNamed("review", (s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@") ?? false);
    // Live only with a role and not from a fork (forks get no OIDC token).
    expect(review.env!.LIVE).toBe("${{ vars.AWS_PLAN_ROLE_ARN != '' && !github.event.pull_request.head.repo.fork }}");
    expect(aws.if).toBe("${{ env.LIVE == 'true' }}");
    expect(aws.with!["role-to-assume"]).toBe("${{ vars.AWS_PLAN_ROLE_ARN }}");
    expect(steps("review").findIndex((s) => s === aws)).toBeLessThan(steps("review").findIndex((s) => s.id === "review"));
    const comment = stepNamed("review", (s) => s.uses === "actions/github-script@v7");
    expect(comment.if).toContain("always()");
    expect(String(comment.with!.script)).toContain("<!-- firehose-plan-review:${env} -->");
    expect(String(comment.with!.script)).toContain("updateComment");
  });
});

function runStep(script: string, env: Record<string, string>, cwd: string): { code: number; output: string } {
  // The step's $GITHUB_OUTPUT goes to a temp file, never into the checkout the step runs in.
  const out = path.join(tempDir("gh"), "github_output");
  fs.writeFileSync(out, "");
  const r = spawnSync("bash", ["-eo", "pipefail", "-c", script], { cwd, env: { ...process.env, ...env, GITHUB_OUTPUT: out }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`step failed (${r.status}): ${r.stderr}`);
  return { code: r.status ?? 1, output: fs.readFileSync(out, "utf8") };
}

describe("plan.yml shell steps", () => {
  test("the environment list is every environments/<name>/ with a config.ts", () => {
    const list = stepNamed("environments", (s) => s.id === "list");
    const { output } = runStep(list.run!, {}, ROOT);
    const json = /^list=(.*)$/m.exec(output)![1];
    expect(JSON.parse(json)).toEqual(discoverEnvironments());
    expect(wf.jobs.environments.outputs!.list).toBe("${{ steps.list.outputs.list }}");
  });

  const reviewStep = () => stepNamed("review", (s) => s.id === "review");

  function runReviewStep(vars: { LIVE: string; ACK_ALL: string; body: string; npmExit: number; BASE_STATE?: string }) {
    const cwd = tempDir("wf");
    const bin = path.join(cwd, "bin");
    fs.mkdirSync(bin);
    // A stub npm that records its arguments and exits like the review would.
    fs.writeFileSync(path.join(bin, "npm"), `#!/bin/sh\nprintf '%s\\n' "$@" > "${cwd}/npm-args"\nexit ${vars.npmExit}\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(cwd, "event.json"), JSON.stringify({ pull_request: { body: vars.body } }));
    fs.mkdirSync(path.join(cwd, "review-out"));
    const { output } = runStep(reviewStep().run!, { ENVIRONMENT: "staging", LIVE: vars.LIVE, ACK_ALL: vars.ACK_ALL, BASE_STATE: vars.BASE_STATE ?? "", GITHUB_EVENT_PATH: path.join(cwd, "event.json"), PATH: `${bin}:${process.env.PATH}` }, cwd);
    return { args: fs.readFileSync(path.join(cwd, "npm-args"), "utf8").trim().split("\n"), output, md: fs.readFileSync(path.join(cwd, "review-out", "staging.md"), "utf8") };
  }

  test("offline without a role; acknowledgements come from 'acknowledge-risk:' lines of the PR description", () => {
    const body = "Changes partitioning.\n\nacknowledge-risk: replace:aws_kinesis_firehose_delivery_stream.a\r\n  acknowledge-risk: delete:aws_s3_bucket.b\n";
    const r = runReviewStep({ LIVE: "false", ACK_ALL: "false", body, npmExit: 2 });
    expect(r.args).toEqual(["run", "--silent", "review", "--", "staging", "--out", "review-out/staging.md", "--offline", "--acknowledge", "replace:aws_kinesis_firehose_delivery_stream.a,delete:aws_s3_bucket.b"]);
    // The exit code is kept for the last step; a review that wrote nothing still leaves a comment body.
    expect(r.output).toContain("exit_code=2");
    expect(r.md).toContain("<!-- firehose-plan-review:staging -->");
  });

  test("offline with a base state from the emulator: the review plans against it", () => {
    const r = runReviewStep({ LIVE: "false", ACK_ALL: "false", body: "", npmExit: 2, BASE_STATE: "/tmp/base.tfstate" });
    expect(r.args).toEqual(["run", "--silent", "review", "--", "staging", "--out", "review-out/staging.md", "--offline", "--state", "/tmp/base.tfstate"]);
    // Live plans use the environment's backend, never the emulator's state.
    const live = runReviewStep({ LIVE: "true", ACK_ALL: "false", body: "", npmExit: 0, BASE_STATE: "/tmp/base.tfstate" });
    expect(live.args).toEqual(["run", "--silent", "review", "--", "staging", "--out", "review-out/staging.md"]);
  });

  test("offline reviews apply the base branch to the emulator first; live ones do not", () => {
    const names = steps("review").map((s) => s.name ?? s.uses ?? s.run);
    const at = (pred: (s: Step) => boolean) => steps("review").findIndex(pred);
    const install = at((s) => s.name === "Install the AWS emulator (moto)");
    const checkout = at((s) => s.name === "Check out the base branch");
    const base = at((s) => s.id === "base");
    const review = at((s) => s.id === "review");
    expect([install, checkout, base].every((i) => i >= 0 && i < review)).toBe(true);
    expect(at((s) => s.run === "npm ci")).toBeLessThan(base);
    for (const i of [install, checkout, base]) expect([names[i], steps("review")[i].if]).toEqual([names[i], "${{ env.LIVE != 'true' }}"]);
    expect(steps("review")[checkout].with).toEqual({ ref: "${{ github.event.pull_request.base.sha }}", path: ".base" });
  });

  function runBaseStep(withEnvironment: boolean) {
    const cwd = tempDir("wf-base");
    const bin = path.join(cwd, "bin");
    fs.mkdirSync(bin);
    // A stub npx that records each call (and where it ran) instead of synthesizing and applying.
    fs.writeFileSync(path.join(bin, "npx"), `#!/bin/sh\nprintf '%s|%s|%s\\n' "$PWD" "$CDKTF_OUTDIR" "$*" >> "${cwd}/npx-calls"\n`, { mode: 0o755 });
    fs.mkdirSync(path.join(cwd, "node_modules"));
    if (withEnvironment) {
      fs.mkdirSync(path.join(cwd, ".base", "environments", "staging"), { recursive: true });
      fs.writeFileSync(path.join(cwd, ".base", "environments", "staging", "config.ts"), "export default {};\n");
    } else fs.mkdirSync(path.join(cwd, ".base"));
    const envFile = path.join(cwd, "github_env");
    fs.writeFileSync(envFile, "");
    const temp = path.join(cwd, "runner-temp");
    runStep(stepNamed("review", (s) => s.id === "base").run!, { ENVIRONMENT: "staging", RUNNER_TEMP: temp, GITHUB_ENV: envFile, PATH: `${bin}:${process.env.PATH}` }, cwd);
    const calls = fs.existsSync(path.join(cwd, "npx-calls")) ? fs.readFileSync(path.join(cwd, "npx-calls"), "utf8").trim().split("\n") : [];
    const result = { calls, githubEnv: fs.readFileSync(envFile, "utf8"), cwd, temp, linked: fs.existsSync(path.join(cwd, ".base", "node_modules")) };
    fs.rmSync(cwd, { recursive: true, force: true });
    return result;
  }

  test("the base step synthesizes the base branch and applies its environment to the emulator, keeping the state", () => {
    const r = runBaseStep(true);
    expect(r.linked).toBe(true);
    expect(r.calls).toEqual([
      `${r.cwd}/.base|${r.temp}/base-synth|ts-node --transpile-only main.ts`,
      `${r.cwd}||ts-node --transpile-only scripts/emulator.ts apply ${r.temp}/base-synth/stacks/staging --state ${r.temp}/base.tfstate`,
    ]);
    expect(r.githubEnv.trim()).toBe(`BASE_STATE=${r.temp}/base.tfstate`);
  });

  test("an environment the base branch lacks is reviewed against an empty state", () => {
    const r = runBaseStep(false);
    expect(r.calls).toEqual([]);
    expect(r.githubEnv).toBe("");
  });

  test("live with a role, and the acknowledge-plan-risks label acknowledges everything", () => {
    const r = runReviewStep({ LIVE: "true", ACK_ALL: "true", body: "", npmExit: 0 });
    expect(r.args).toEqual(["run", "--silent", "review", "--", "staging", "--out", "review-out/staging.md", "--acknowledge-all"]);
    expect(r.output).toContain("exit_code=0");
  });

  test("the job fails after commenting when the review did not exit 0", () => {
    const last = steps("review")[steps("review").length - 1];
    expect(last.if).toBe("${{ steps.review.outputs.fail == 'true' }}");
    expect(last.run).toContain("exit 1");
  });

  test("no state (exit 3) fails the job, except offline for an environment the base branch does not have", () => {
    expect(runReviewStep({ LIVE: "false", ACK_ALL: "false", body: "", npmExit: 3, BASE_STATE: "/tmp/base.tfstate" }).output).toContain("fail=true");
    expect(runReviewStep({ LIVE: "true", ACK_ALL: "false", body: "", npmExit: 3 }).output).toContain("fail=true");
    expect(runReviewStep({ LIVE: "false", ACK_ALL: "false", body: "", npmExit: 3 }).output).toContain("fail=false");
    expect(runReviewStep({ LIVE: "false", ACK_ALL: "false", body: "", npmExit: 2, BASE_STATE: "/tmp/base.tfstate" }).output).toContain("fail=true");
    expect(runReviewStep({ LIVE: "false", ACK_ALL: "false", body: "", npmExit: 0, BASE_STATE: "/tmp/base.tfstate" }).output).toContain("fail=false");
  });
});

describe("plan.yml comment step (github-script, with a fake GitHub client)", () => {
  const MARKER = "<!-- firehose-plan-review:staging -->";
  async function runComment(markdown: string, existing: { id: number; body: string; user: { type: string } }[]) {
    const step = stepNamed("review", (s) => s.uses === "actions/github-script@v7");
    const cwd = tempDir("wf-comment");
    fs.mkdirSync(path.join(cwd, "review-out"));
    fs.writeFileSync(path.join(cwd, "review-out", "staging.md"), markdown);
    const calls: { op: string; args: Record<string, unknown> }[] = [];
    const record = (op: string) => async (args: Record<string, unknown>) => void calls.push({ op, args });
    const github = {
      rest: { issues: { listComments: "listComments", updateComment: record("update"), createComment: record("create") } },
      paginate: async () => existing,
    };
    const context = { repo: { owner: "acme", repo: "pipelines" }, payload: { pull_request: { number: 7 } } };
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor;
    const fsAt = { readFileSync: (f: string, enc: string) => fs.readFileSync(path.join(cwd, f), enc as BufferEncoding) };
    await new AsyncFunction("require", "github", "context", "process", String(step.with!.script))((m: string) => (m === "fs" ? fsAt : require(m)), github, context, { env: { ENVIRONMENT: "staging" } });
    return calls;
  }

  test("updates the bot's comment with the marker, or creates one", async () => {
    const md = `${MARKER}\n## Plan review\n`;
    const mine = { id: 42, body: `${MARKER}\nold`, user: { type: "Bot" } };
    const someoneElses = { id: 41, body: `${MARKER}\nquoted`, user: { type: "User" } };
    expect(await runComment(md, [someoneElses, mine])).toEqual([{ op: "update", args: { owner: "acme", repo: "pipelines", comment_id: 42, body: md } }]);
    expect(await runComment(md, [someoneElses])).toEqual([{ op: "create", args: { owner: "acme", repo: "pipelines", issue_number: 7, body: md } }]);
  });

  test("a body over GitHub's 65,536 characters is cut at a line, its open fence and <details> closed, with a note", async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `| \`+\` create | \`pipeline/Resource${i}/Thing\` | \`aws_s3_bucket\` | |`);
    const md = [MARKER, "## Plan review", "<details open><summary>big</summary>", "", ...rows, "", "</details>", "", "```mermaid", ...rows.map((_, i) => `  n${i} --> n${i + 1}`), "```", ""].join("\n");
    expect(md.length).toBeGreaterThan(65536);
    const [call] = await runComment(md, []);
    const body = String(call.args.body);
    expect(body.length).toBeLessThanOrEqual(65536);
    expect(body.startsWith(MARKER)).toBe(true);
    expect(body).toContain(`**Truncated**: the review has ${md.length} characters, more than a comment holds (65536). The full review is in the log of the "Review staging" step.`);
    // Balanced: every fence and <details> the cut left open is closed before the note.
    expect((body.match(/^```/gm) ?? []).length % 2).toBe(0);
    expect((body.match(/<details/g) ?? []).length).toBe((body.match(/<\/details>/g) ?? []).length);
    // Cut at a line boundary: the last kept row is whole.
    for (const line of body.split("\n")) {
      if (line.startsWith("| ")) expect(line).toMatch(/ \|$/);
      if (line.startsWith("  n")) expect(line).toMatch(/^  n\d+ --> n\d+$/);
    }
  });
});
