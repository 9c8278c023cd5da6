/**
 * The package as a user gets it: `npm pack` (which runs the `prepare` build), the tarball installed with npm into a
 * scratch CDKTF project (no link to this repository: dependencies come from npm, offline from its cache), a stack
 * with a bundled Lambda processor synthesized by the project's own cdktf.json app, and planned offline by the
 * shipped CLI (`npx firehose-pipelines review`), first without state, then against the state it wrote.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describeTerraform } from "../helpers/terraform";
import { ROOT } from "./harness";

const LOCK = path.join(os.tmpdir(), "cdktf-firehose-pipelines-build.lock");
let work: string;
let tarball: string;
let project: string;
let files: string[];

function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  return spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 256 * 1024 * 1024, timeout: 900000 });
}
function must(r: ReturnType<typeof sh>, what: string) {
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

const MAIN_JS = `
const { App, TerraformStack } = require("cdktf");
const { AwsProvider } = require("@cdktf/provider-aws/lib/provider");
const { ExtendedS3Destination, FirehoseDeliveryStream, FirehoseLambdaProcessor, SecureBucket } = require("cdktf-firehose-pipelines");

const app = new App();
const stack = new TerraformStack(app, "scratch");
new AwsProvider(stack, "aws", { region: "eu-west-1" });
const lake = new SecureBucket(stack, "Lake", { bucketName: "scratch-pack-lake-events" });
const partitioner = new FirehoseLambdaProcessor(stack, "Partitioner", {
  functionName: "scratch-partitioner",
  handler: "partitioner",
  reingest: { kind: "firehose", deliveryStreamName: "scratch-events", region: "eu-west-1", accountId: "111122223333" },
  environment: { PARTITION_KEYS: '{"source":"source"}' },
});
new FirehoseDeliveryStream(stack, "Events", {
  name: "scratch-events",
  destination: new ExtendedS3Destination({
    bucket: lake,
    processors: [partitioner.processor()],
    dynamicPartitioning: { enabled: true },
    prefix: "events/source=!{partitionKeyFromLambda:source}/",
    errorOutputPrefix: "errors/!{firehose:error-output-type}/",
    bufferingSizeMiB: 64,
  }),
});
app.synth();
`;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "fhp-tarball-"));
  // npm pack runs `prepare` (the build); serialized with the other package test's build.
  const packed = must(sh("flock", [LOCK, "npm", "pack", "--json", "--pack-destination", work], ROOT), "npm pack");
  const info = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("["))) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(work, info[0].filename);
  files = info[0].files.map((f) => f.path);
  project = path.join(work, "scratch");
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "scratch", version: "0.0.0", private: true }));
  fs.writeFileSync(path.join(project, "cdktf.json"), JSON.stringify({ language: "typescript", app: "node main.js", projectId: "scratch", sendCrashReports: "false" }));
  fs.writeFileSync(path.join(project, "main.js"), MAIN_JS);
  // Offline: every package comes from the npm cache (the registry is not needed, and not asked).
  must(sh("npm", ["install", "--offline", "--no-audit", "--no-fund", tarball, "cdktf@0.21.0", "@cdktf/provider-aws@20.1.0", "constructs@10.4.2"], project), "npm install <tarball>");
}, 1200000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test("the tarball holds the build, the CLI and the processors' sources; maps carry their sources; no tests, no app", () => {
  for (const f of ["package.json", "README.md", "dist/modules/index.js", "dist/modules/index.d.ts", "dist/scripts/cli.js", "lambda/partitioner/index.ts"]) expect(files).toContain(f);
  expect(files.filter((f) => /^(__tests__|environments|app|examples|bench)\//.test(f) || f === "main.ts" || f.startsWith("dist/lambda/"))).toEqual([]);
  const installed = path.join(project, "node_modules", "cdktf-firehose-pipelines");
  const maps = files.filter((f) => f.endsWith(".js.map"));
  expect(maps.length).toBeGreaterThan(10);
  for (const m of maps) {
    const map = JSON.parse(fs.readFileSync(path.join(installed, m), "utf8")) as { sources: string[]; sourcesContent?: string[] };
    expect(map.sourcesContent?.length).toBe(map.sources.length);
  }
});

test("the installed package resolves through `exports`, and `npx firehose-pipelines` runs every subcommand's --help", () => {
  const resolved = must(sh(process.execPath, ["-e", 'process.stdout.write(require.resolve("cdktf-firehose-pipelines"))'], project), "require.resolve");
  expect(resolved.stdout).toBe(fs.realpathSync(path.join(project, "node_modules", "cdktf-firehose-pipelines", "dist", "modules", "index.js")));
  for (const sub of ["review", "preview", "tf-config"]) {
    const r = sh("npx", ["--no-install", "firehose-pipelines", sub, "--help"], project);
    expect([r.status, r.stdout.split("\n")[0]]).toEqual([0, `usage: firehose-pipelines ${sub}${sub === "tf-config" ? " [options]" : sub === "review" ? " <stack> [options]" : " <stack> <records.jsonl> [options]"}`]);
  }
  const tf = must(sh("npx", ["--no-install", "firehose-pipelines", "tf-config", "--quiet"], project), "tf-config");
  expect(tf.stdout).toBe(`export TF_CLI_CONFIG_FILE=${path.join(fs.realpathSync(project), ".tf-cli", "terraformrc")}\nexport CHECKPOINT_DISABLE=1\n`);
});

describeTerraform("the scratch project, reviewed offline by the installed CLI", () => {
  test("synthesizes the stack with the bundled processor, plans it: no state → exit 3; against the state it wrote → exit 0", () => {
    const state = path.join(project, "scratch.tfstate");
    const first = sh("npx", ["--no-install", "firehose-pipelines", "review", "scratch", "--offline", "--write-state", state], project);
    expect(first.stderr).toContain("Risks cannot be assessed without state (exit 3)");
    expect(first.status).toBe(3);
    expect(first.stdout).not.toContain("No risky change");
    // The stack came from the project's own app, with the processor bundled into an asset.
    const stackDir = path.join(project, "cdktf.out", "stacks", "scratch");
    const synth = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"));
    const [fn] = Object.values(synth.resource.aws_lambda_function) as { function_name: string; filename: string }[];
    expect(fn.function_name).toBe("scratch-partitioner");
    expect(first.stdout).toMatch(/\| `\+` create \| `Partitioner\/Function` \| `aws_lambda_function` \|/);
    // The plan ran in review-out/, never in the directory cdktf deploy uses.
    expect(fs.readdirSync(stackDir).filter((f) => f.startsWith("zz_") || f.endsWith(".tfplan"))).toEqual([]);

    const second = sh("npx", ["--no-install", "firehose-pipelines", "review", "scratch", "--offline", "--state", state, "--no-synth"], project);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain("**0** create");
    expect(second.stdout).toContain("No risky change");
  });
});
