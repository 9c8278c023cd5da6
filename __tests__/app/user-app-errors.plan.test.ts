/**
 * A user's own app (`const app = new App(); new MyStack(app, "a"); …; app.synth()`) run as a program, the way
 * `cdktf synth` runs it: two mistakes in two constructs of two stacks are both reported, once each, without a stack
 * trace; the exit code is 1 and no stack is written. Under `cdktf synth` itself (which sets
 * CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS) they become one cdktf error annotation each and no resource is written.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ruleDocUrl } from "../../modules/core/rules";
import { tempDir } from "../helpers/temp";

const ROOT = path.resolve(__dirname, "..", "..");

/** A user's app in plain JavaScript (what `tsc` makes of their main.ts), using the library's sources. */
const APP = `
require("ts-node").register({ transpileOnly: true, project: ${JSON.stringify(path.join(ROOT, "tsconfig.json"))} });
const { App, TerraformStack } = require("cdktf");
const { AwsProvider } = require("@cdktf/provider-aws/lib/provider");
const { DataLakeIngestion, ExtendedS3Destination, FirehoseDeliveryStream } = require(${JSON.stringify(path.join(ROOT, "modules"))});

class Events extends TerraformStack {
  constructor(scope, id) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: "eu-west-1" });
    const destination = new ExtendedS3Destination({ bucket: { bucketArn: "arn:aws:s3:::acme-lake" }, bufferingSizeMiB: 0 });
    new FirehoseDeliveryStream(this, "Events", { name: "acme-events", destination });
  }
}
class Lake extends TerraformStack {
  constructor(scope, id) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: "eu-west-1" });
    new DataLakeIngestion(this, "Lake", { streamName: "acme-lake", bucketProps: { bucketName: "Acme_Lake" } });
  }
}
const app = new App();
new Events(app, "events");
new Lake(app, "lake");
app.synth();
`;

const BUFFER = "destination.bufferingSizeMiB: buffering size must be an integer between 1 and 128 MiB (rule B1; received 0)";
const BUCKET =
  "bucketProps.bucketName: bucket name must use lowercase letters, digits, '.' and '-' and start and end with a letter or digit (rule N-S3; received \"Acme_Lake\")";

let dir: string;
beforeAll(() => {
  dir = tempDir("user-app");
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  fs.writeFileSync(path.join(dir, "main.js"), APP);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function synth(env: Record<string, string> = {}) {
  const outdir = path.join(dir, "cdktf.out");
  fs.rmSync(outdir, { recursive: true, force: true });
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CDKTF_") && k !== "FHP_DEBUG"));
  const r = spawnSync(process.execPath, ["main.js"], { cwd: dir, env: { ...clean, ...env }, encoding: "utf8", timeout: 170_000 });
  return { ...r, outdir };
}

/** The stacks written under cdktf.out/stacks/ (folders with a cdk.tf.json). */
function stacksWritten(outdir: string): string[] {
  const stacks = path.join(outdir, "stacks");
  return fs.existsSync(stacks) ? fs.readdirSync(stacks).filter((s) => fs.existsSync(path.join(stacks, s, "cdk.tf.json"))) : [];
}

test("run as a program: both problems listed once, no stack trace, exit code 1, nothing written", () => {
  const r = synth();
  expect(r.status).toBe(1);
  expect(r.stdout).toBe("");
  expect(r.stderr.trimEnd().split("\n")).toEqual([
    "Invalid configuration (2 problems):",
    `  - [events/Events] ${BUFFER}`,
    `  - [lake/Lake] ${BUCKET}`,
    "Rules (all listed in docs/rules.md):",
    `  B1: ${ruleDocUrl("B1")}`,
    `  N-S3: ${ruleDocUrl("N-S3")}`,
  ]);
  expect(r.stderr).not.toMatch(/^ {4}at /m);
  expect(stacksWritten(r.outdir)).toEqual([]);
  expect(fs.existsSync(path.join(r.outdir, "manifest.json"))).toBe(false);
});

test("under cdktf synth: one error annotation per problem at its construct path, without a trace; no resource written", () => {
  const r = synth({ CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: "true", CDKTF_OUTDIR: path.join(dir, "cdktf.out") });
  // cdktf reads the annotations from the manifest, prints `ERROR [<path>]: <message>` for each and fails the synth.
  expect(r.status).toBe(0);
  expect(r.stderr).toBe("");
  const manifest = JSON.parse(fs.readFileSync(path.join(r.outdir, "manifest.json"), "utf8"));
  const annotations = Object.values(manifest.stacks as Record<string, { annotations: Record<string, unknown>[] }>).flatMap((s) => s.annotations);
  expect(annotations).toEqual([
    { constructPath: "events/Events", level: "@cdktf/error", message: BUFFER },
    { constructPath: "lake/Lake", level: "@cdktf/error", message: BUCKET },
  ]);
  for (const stack of stacksWritten(r.outdir)) {
    expect(JSON.parse(fs.readFileSync(path.join(r.outdir, "stacks", stack, "cdk.tf.json"), "utf8")).resource).toBeUndefined();
  }
});
