/**
 * Installing from git, as the README says until the package is published: `npm install git+file://<clone>` of the
 * repository's committed HEAD into a scratch project. npm clones it, installs its dependencies and runs `prepare` (the
 * build), then installs the packed result; dependencies come offline from the npm cache. The shipped CLI then answers
 * `npx firehose-pipelines review|preview|check|tf-config --help`, and the package resolves through `exports`.
 * Time: the install dominates (npm installs the dev dependencies in the clone to run `prepare`); 18.7 min measured on
 * the shared 2-core machine under heavy load, of which the four `--help` runs took 31 s.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT } from "./harness";

let work: string;
let project: string;

function sh(cmd: string, args: string[], cwd: string) {
  return spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" }, maxBuffer: 256 * 1024 * 1024, timeout: 1_500_000 });
}
function must(r: ReturnType<typeof sh>, what: string) {
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

const FIRST_LINES: Record<string, string> = {
  review: "usage: firehose-pipelines review <stack> [options]",
  preview: "usage: firehose-pipelines preview <stack> <records.jsonl> [options]",
  check: "usage: firehose-pipelines check [--format text|json] <file.tf.json|plan.json>...",
  "tf-config": "usage: firehose-pipelines tf-config [options]",
};

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "fhp-git-"));
  // A clone holds what is committed, as a git URL gives it (not this checkout's uncommitted files or its dist/).
  const repo = path.join(work, "repo");
  must(sh("git", ["clone", "--quiet", "--depth", "1", `file://${ROOT}`, repo], work), "git clone");
  project = path.join(work, "scratch");
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "scratch", version: "0.0.0", private: true }));
  must(
    sh("npm", ["install", "--offline", "--no-audit", "--no-fund", `git+file://${repo}`, "cdktf@0.21.0", "@cdktf/provider-aws@20.1.0", "constructs@10.4.2"], project),
    "npm install git+file://",
  );
}, 1_800_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test("the git install is built by prepare: the entry point resolves through `exports` into dist/", () => {
  const installed = path.join(project, "node_modules", "cdktf-firehose-pipelines");
  expect(fs.existsSync(path.join(installed, "dist", "modules", "index.js"))).toBe(true);
  const resolved = must(sh(process.execPath, ["-e", 'process.stdout.write(require.resolve("cdktf-firehose-pipelines"))'], project), "require.resolve");
  expect(resolved.stdout).toBe(fs.realpathSync(path.join(installed, "dist", "modules", "index.js")));
  const exported = must(sh(process.execPath, ["-e", 'process.stdout.write(typeof require("cdktf-firehose-pipelines").FirehoseDeliveryStream)'], project), "require");
  expect(exported.stdout).toBe("function");
});

test.each(Object.keys(FIRST_LINES))("npx firehose-pipelines %s --help", (sub) => {
  const r = sh("npx", ["--no-install", "firehose-pipelines", sub, "--help"], project);
  expect([r.status, r.stdout.split("\n")[0]]).toEqual([0, FIRST_LINES[sub]]);
});
