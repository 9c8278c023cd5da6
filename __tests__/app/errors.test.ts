/**
 * One synth reports every configuration problem of the app, once: problems of several pipelines (and environments)
 * are thrown together; under `cdktf synth` they become one cdktf error annotation each, without a stack trace; an
 * uncaught error prints the list only. Warnings are printed once and never show tokens.
 */
import { ruleDocUrl } from "../../modules/core/rules";
import * as fs from "fs";
import * as path from "path";
import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { PipelinesStack } from "../../app/stack";
import type { EnvironmentConfig } from "../../app/config/environment";
import { reportValidationError } from "../../main";
import { addWarningOnce, FirehoseValidationError, Validator, withoutTokens } from "../../modules/core/validation";
import { tempDir as makeTempDir } from "../helpers/terraform";
import { missingLines, readmeBlock } from "../helpers/readme";
import { loadEnvironment } from "../../app/environments";
import { validateEnvironment } from "../../app/config/environment";
import { ExtendedS3Destination, FirehoseDeliveryStream, MetadataExtractionProcessor } from "../../modules";

/** Every temp folder this file makes, removed at the end. */
const made: string[] = [];
const tempDir = (name: string) => {
  const d = makeTempDir(name);
  made.push(d);
  return d;
};
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const twoMistakes: EnvironmentConfig = {
  region: "eu-west-1",
  namingPrefix: "err",
  tags: {},
  backend: { type: "local" },
  pipelines: [
    { kind: "data-lake", name: "first", partitionKeys: { source: ".source" }, bufferingSizeMiB: 1, bufferingIntervalSeconds: 60 },
    { kind: "data-lake", name: "second", partitionKeys: { source: ".source" }, bufferingSizeMiB: 2, bufferingIntervalSeconds: 60 },
  ],
};

function errorOfStack(): FirehoseValidationError {
  try {
    new PipelinesStack(new App({ outdir: tempDir("errors") }), "qa", { envName: "qa", config: twoMistakes, configFile: "environments/qa/config.ts" });
  } catch (e) {
    return e as FirehoseValidationError;
  }
  throw new Error("no error");
}

describe("problems of two pipelines in one synth", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  test("are thrown together, each with its pipeline and construct path", () => {
    const e = errorOfStack();
    expect(e).toBeInstanceOf(FirehoseValidationError);
    // (The property path names the buffering size prop; its exact prefix is the rules' concern.)
    expect(e.problems.map((p) => [p.constructPath.split(" → ")[0], p.propertyPath, p.rule, p.value])).toEqual([
      ["environments/qa/config.ts pipelines[0] (first)", expect.stringMatching(/bufferingSizeMiB$/), "B9", 1],
      ["environments/qa/config.ts pipelines[1] (second)", expect.stringMatching(/bufferingSizeMiB$/), "B9", 2],
    ]);
    expect(e.message.split("\n")).toHaveLength(5);
    expect(e.message.split("\n").slice(3)).toEqual(["Rules (all listed in docs/rules.md):", `  B9: ${ruleDocUrl("B9")}`]);
    expect(e.message).toMatch(/^Invalid configuration \(2 problems\):\n {2}- \[environments\/qa\/config\.ts pipelines\[0\] \(first\) → qa\/first\//);
  });

  test("the error carries no stack trace and does not dump its problems (an uncaught error prints the list)", () => {
    const e = errorOfStack();
    expect(e.stack).toBe(`FirehoseValidationError: ${e.message}`);
    expect(Object.keys(e)).not.toContain("problems");
    expect(e.problems).toHaveLength(2);
  });

  test("under cdktf synth they become error annotations: one each, at the construct path, no trace, path not repeated", () => {
    const outdir = tempDir("errors-annotations");
    dirs.push(outdir);
    const saved = process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
    process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = "true";
    try {
      expect(reportValidationError(errorOfStack(), outdir)).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
      else process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = saved;
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
    const annotations = manifest.stacks.qa.annotations as { constructPath: string; level: string; message: string; stacktrace?: string[] }[];
    expect(annotations).toHaveLength(2);
    for (const [a, pipeline] of annotations.map((x, i) => [x, ["first", "second"][i]] as const)) {
      expect(a.level).toBe("@cdktf/error");
      expect(a.constructPath.startsWith(`qa/${pipeline}/`)).toBe(true);
      expect(a.stacktrace).toBeUndefined();
      expect(a.message).toMatch(/^[\w.]*bufferingSizeMiB: .* \(rule B9; received \d\) — environments\/qa\/config\.ts pipelines\[\d\] \((first|second)\)$/);
      expect(a.message).not.toContain(a.constructPath);
    }
    // Nothing of the invalid stack is synthesized.
    expect(JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "qa", "cdk.tf.json"), "utf8")).resource).toBeUndefined();
  });

  test("the README's `cdktf synth` block is what cdktf prints for two mistakes in dev", () => {
    const dev = loadEnvironment("dev");
    const config = structuredClone(dev.config) as EnvironmentConfig & { pipelines: { bufferingSizeMiB?: number }[] };
    config.pipelines[0].bufferingSizeMiB = 1;
    config.pipelines[1].bufferingSizeMiB = 2;
    let error: FirehoseValidationError | undefined;
    try {
      new PipelinesStack(new App({ outdir: tempDir("errors-dev") }), "dev", { envName: "dev", config, configFile: dev.file.replace(/^.*environments\//, "environments/") });
    } catch (e) {
      error = e as FirehoseValidationError;
    }
    const outdir = tempDir("errors-dev-annotations");
    dirs.push(outdir);
    process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = "true";
    try {
      reportValidationError(error!, outdir);
    } finally {
      delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
    }
    // cdktf-cli's printAnnotations: `${level} [${constructPath}]: ${message}`, then its own closing error.
    const annotations = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")).stacks.dev.annotations as { constructPath: string; message: string }[];
    const printed = annotations.map((a) => `ERROR [${a.constructPath}]: ${a.message}`);
    const block = readmeBlock("printed once at its construct path, without a stack trace");
    expect(missingLines(block.filter((l) => l.startsWith("ERROR [")), printed.join("\n"))).toEqual([]);
    expect(block.filter((l) => l.startsWith("ERROR ["))).toHaveLength(printed.length);
    const cliSource = fs.readFileSync(require.resolve("@cdktf/cli-core/src/lib/synth.js"), "utf8");
    expect(cliSource).toContain(block[block.length - 1].replace(/^Error: /, ""));
  });

  test("outside cdktf the list is printed once to stderr", () => {
    const spy = jest.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const e = errorOfStack();
      expect(reportValidationError(e)).toBe(1);
      expect(spy.mock.calls).toEqual([[e.message]]);
    } finally {
      spy.mockRestore();
    }
  });
});

describe("warnings", () => {
  test("are added once per construct, without the construct path, and never show a token", () => {
    const stack = new TerraformStack(new App({ outdir: tempDir("warn") }), "w");
    const c = new Construct(stack, "C");
    const token = "${TfToken[TOKEN.11]}";
    for (let i = 0; i < 2; i++) {
      const v = new Validator(c);
      v.warn("retention", "L12", `skipped for ${token}`, token);
      v.throwIfErrors();
    }
    addWarningOnce(c, `skipped for ${token}`);
    const warnings = c.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => m.data);
    expect(warnings).toEqual([`retention: skipped for (a value known at deploy time) (rule L12; received (a value known at deploy time)) ${ruleDocUrl("L12")}`, "skipped for (a value known at deploy time)"]);
    expect(withoutTokens("n=-1.8881545897087626e+289, l=#{TfToken[TOKEN.3]}")).toBe("n=(a value known at deploy time), l=(a value known at deploy time)");
  });
});

describe("the README's error examples are real", () => {
  test("an environment config with a bad pipeline name", () => {
    const config = {
      region: "eu-central-1",
      namingPrefix: "acme-qa",
      tags: { Project: "ingest", Owner: "data-platform" },
      backend: { type: "s3", bucket: "acme-terraform-state", key: "firehose/qa.tfstate" },
      pipelines: [{ kind: "data-lake", name: "App Events", partitionKeys: { source: ".source" }, bufferingSizeMiB: 64 }],
    } as unknown as EnvironmentConfig;
    let message = "";
    try {
      validateEnvironment("environments/qa/config.ts", config);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(missingLines(readmeBlock("names the file and the field, for example:"), message)).toEqual([]);
  });

  test("a delivery stream with two mistakes (an App collects them; its synth throws the list)", () => {
    const app = new App({ outdir: tempDir("errors-readme") });
    const stack = new TerraformStack(app, "dev");
    let message = "";
    try {
      new FirehoseDeliveryStream(new Construct(stack, "events"), "DeliveryStream", {
        name: "acme-events",
        destination: new ExtendedS3Destination({
          bucket: { bucketArn: "arn:aws:s3:::acme-lake" },
          dynamicPartitioning: { enabled: true },
          processors: [new MetadataExtractionProcessor({ partitionKeys: { source: ".source" } })],
          prefix: "raw/source=!{partitionKeyFromQuery:source}/tenant=!{partitionKeyFromQuery:tenant}/",
          errorOutputPrefix: "errors/!{firehose:error-output-type}/",
          bufferingSizeMiB: 5,
        }),
      });
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(missingLines(readmeBlock("so an uncaught one prints just the list. Example:"), message)).toEqual([]);
  });
});
