/**
 * `.github/workflows/plan.yml`: parsed and checked against the workflow schema essentials, and its shell steps run
 * here (with a stub `npm`) to show that they cover every environment directory and pass acknowledgements through.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { discoverEnvironments } from "../../app/environments";
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

  test("the test job installs Node 20 with the npm cache and Terraform 1.11.4, then runs npm ci and npm test", () => {
    const s = steps("test");
    expect(s.map((x) => x.uses ?? x.run)).toEqual(["actions/checkout@v4", "actions/setup-node@v4", "hashicorp/setup-terraform@v3", "npm ci", "npm test"]);
    expect(s[1].with).toEqual({ "node-version": 20, cache: "npm" });
    expect(s[2].with).toEqual({ terraform_version: "1.11.4", terraform_wrapper: false });
  });

  test("the review job runs after the tests, once per listed environment, with OIDC only when AWS_PLAN_ROLE_ARN is set", () => {
    const review = wf.jobs.review;
    expect(review.needs).toEqual(["test", "environments"]);
    expect(review.strategy!.matrix.environment).toBe("${{ fromJSON(needs.environments.outputs.list) }}");
    const aws = stepNamed("review", (s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@") ?? false);
    expect(aws.if).toBe("${{ vars.AWS_PLAN_ROLE_ARN != '' }}");
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

  function runReviewStep(vars: { LIVE: string; ACK_ALL: string; body: string; npmExit: number }) {
    const cwd = tempDir("wf");
    const bin = path.join(cwd, "bin");
    fs.mkdirSync(bin);
    // A stub npm that records its arguments and exits like the review would.
    fs.writeFileSync(path.join(bin, "npm"), `#!/bin/sh\nprintf '%s\\n' "$@" > "${cwd}/npm-args"\nexit ${vars.npmExit}\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(cwd, "event.json"), JSON.stringify({ pull_request: { body: vars.body } }));
    fs.mkdirSync(path.join(cwd, "review-out"));
    const { output } = runStep(reviewStep().run!, { ENVIRONMENT: "staging", LIVE: vars.LIVE, ACK_ALL: vars.ACK_ALL, GITHUB_EVENT_PATH: path.join(cwd, "event.json"), PATH: `${bin}:${process.env.PATH}` }, cwd);
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

  test("live with a role, and the acknowledge-plan-risks label acknowledges everything", () => {
    const r = runReviewStep({ LIVE: "true", ACK_ALL: "true", body: "", npmExit: 0 });
    expect(r.args).toEqual(["run", "--silent", "review", "--", "staging", "--out", "review-out/staging.md", "--acknowledge-all"]);
    expect(r.output).toContain("exit_code=0");
  });

  test("the job fails after commenting when the review did not exit 0", () => {
    const last = steps("review")[steps("review").length - 1];
    expect(last.if).toBe("${{ steps.review.outputs.exit_code != '0' }}");
    expect(last.run).toContain("exit 1");
  });
});
