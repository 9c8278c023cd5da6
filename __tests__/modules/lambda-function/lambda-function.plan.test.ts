import * as crypto from "crypto";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { TerraformStack, Testing } from "cdktf";
import { ExtendedS3Destination, FirehoseDeliveryStream, KinesisStreamSource } from "../../../modules";
import { BUILT_IN_PROCESSORS, FirehoseLambdaProcessor, bundleHandler, builtInEntry } from "../../../modules/lambda-function";
import { BUNDLE_OPTIONS } from "../../../modules/lambda-function/bundle";
import { buildSync } from "esbuild";
import { addTestProvider, resourcesOf, synthJson } from "../../helpers/stack";
import { testOutdir } from "../../helpers/temp";
import { describeTerraform, plannedCreates, planStack, tempDir } from "../../helpers/terraform";

const BUCKET = "arn:aws:s3:::acme-raw";
const SOURCE = "arn:aws:kinesis:eu-west-1:111122223333:stream/clicks";
type Res = Record<string, unknown>;

describe("bundleHandler (real esbuild bundles)", () => {
  test("bundles minified with a source map whose sources are project-relative: two fresh builds give the same bytes", () => {
    const a = bundleHandler(builtInEntry("partitioner"), "a", { cacheDir: tempDir("bundle-cache-a") });
    const b = bundleHandler(builtInEntry("partitioner"), "b", { cacheDir: tempDir("bundle-cache-b") });
    expect([a.cached, b.cached]).toEqual([false, false]);
    const code = fs.readFileSync(path.join(a.dir, "index.js"), "utf8");
    expect(code.length / code.split("\n").length).toBeGreaterThan(2000); // minified: a few very long lines
    expect(code.trimEnd().endsWith("sourceMappingURL=index.js.map")).toBe(true);
    const map = JSON.parse(fs.readFileSync(path.join(a.dir, "index.js.map"), "utf8"));
    expect(map.sources).toContain("lambda/partitioner/processor.ts");
    expect(map.sources.every((s: string) => !s.startsWith("/") && !s.includes("fhp-") && !s.includes(".cache"))).toBe(true);
    for (const f of ["index.js", "index.js.map"]) expect(fs.readFileSync(path.join(b.dir, f)).equals(fs.readFileSync(path.join(a.dir, f)))).toBe(true);
    // The deployment package and the asset hash too: same sources, same zip and source_code_hash, whatever the path.
    expect(fs.readFileSync(b.archive).equals(fs.readFileSync(a.archive))).toBe(true);
    expect(b.assetHash).toBe(a.assetHash);
    expect(a.assetHash).toBe(crypto.createHash("md5").update(fs.readFileSync(path.join(a.dir, "index.js"))).update(fs.readFileSync(path.join(a.dir, "index.js.map"))).digest("hex").toUpperCase());
    // ... which is the hash cdktf gave the bundle directory when it zipped it itself: deployed functions see no change.
    const asDirectory = tempDir("bundle-as-directory");
    for (const f of ["index.js", "index.js.map"]) fs.copyFileSync(path.join(a.dir, f), path.join(asDirectory, f));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(a.assetHash).toBe((require("cdktf/lib/private/fs") as { hashPath(p: string): string }).hashPath(asDirectory));
    expect(a.bytes).toBe(fs.statSync(path.join(a.dir, "index.js")).size);
    // The bundle runs: its handler is exported.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(typeof require(path.join(a.dir, "index.js")).handler).toBe("function");
  });

  test("BUNDLE_OPTIONS are what a deployed bundle is built with: CommonJS for node22, minified, with sources", () => {
    expect(BUNDLE_OPTIONS).toMatchObject({ bundle: true, minify: true, platform: "node", target: "node22", format: "cjs", sourcemap: "linked", sourcesContent: true });
  });

  describe("cache", () => {
    /** A project with an entry importing a second file; returns the paths. */
    function project(): { root: string; entry: string; dep: string; cacheDir: string } {
      const root = tempDir("bundle-project");
      fs.writeFileSync(path.join(root, "package.json"), JSON.stringify({ name: "p", version: "1.0.0" }));
      fs.writeFileSync(path.join(root, "package-lock.json"), JSON.stringify({ name: "p", lockfileVersion: 3 }));
      fs.mkdirSync(path.join(root, "src"));
      const entry = path.join(root, "src", "index.ts");
      const dep = path.join(root, "src", "dep.ts");
      fs.writeFileSync(entry, 'import { answer } from "./dep";\nexport const handler = async () => answer;\n');
      fs.writeFileSync(dep, "export const answer = 41;\n");
      return { root, entry, dep, cacheDir: path.join(root, "cache") };
    }
    const codeOf = (dir: string) => fs.readFileSync(path.join(dir, "index.js"), "utf8");

    test("the same inputs are served from the cache, without a build and without leftover staging dirs", () => {
      const p = project();
      const first = bundleHandler(p.entry, "fn", { cacheDir: p.cacheDir });
      const second = bundleHandler(p.entry, "fn", { cacheDir: p.cacheDir });
      expect(first.cached).toBe(false);
      expect(second).toEqual({ ...first, cached: true });
      expect(fs.readdirSync(first.dir).sort()).toEqual(["archive.zip", "bundle.json", "index.js", "index.js.map"]);
      expect(path.dirname(first.dir)).toBe(path.join(p.cacheDir, "bundles"));
      expect(fs.readdirSync(path.join(p.cacheDir, "bundles"))).toEqual([path.basename(first.dir)]);
    });

    test("a change to an imported source, the lock file or a new import rebuilds; reverting finds the old bundle", () => {
      const p = project();
      const first = bundleHandler(p.entry, "fn", { cacheDir: p.cacheDir });
      expect(codeOf(first.dir)).toContain("async()=>41");

      fs.writeFileSync(p.dep, "export const answer = 42;\n");
      const changed = bundleHandler(p.entry, "fn", { cacheDir: p.cacheDir });
      expect(changed.cached).toBe(false);
      expect(changed.dir).not.toBe(first.dir);
      expect(codeOf(changed.dir)).toContain("async()=>42");

      fs.writeFileSync(p.dep, "export const answer = 41;\n");
      expect(bundleHandler(p.entry, "fn", { cacheDir: p.cacheDir })).toEqual({ ...first, cached: true });

      fs.writeFileSync(path.join(p.root, "package-lock.json"), JSON.stringify({ name: "p", lockfileVersion: 3, packages: { "node_modules/x": {} } }));
      const relocked = bundleHandler(p.entry, "fn", { cacheDir: p.cacheDir });
      expect(relocked.cached).toBe(false);

      // A file the entry did not import before: the entry itself changed, so it is rebuilt and the new file tracked.
      const extra = path.join(p.root, "src", "extra.ts");
      fs.writeFileSync(extra, "export const extra = 7;\n");
      fs.writeFileSync(p.entry, 'import { answer } from "./dep";\nimport { extra } from "./extra";\nexport const handler = async () => answer + extra;\n');
      const withExtra = bundleHandler(p.entry, "fn", { cacheDir: p.cacheDir });
      expect(withExtra.cached).toBe(false);
      expect(codeOf(withExtra.dir)).toContain("async()=>48"); // esbuild folds 41 + 7
      fs.writeFileSync(extra, "export const extra = 8;\n");
      const afterExtra = bundleHandler(p.entry, "fn", { cacheDir: p.cacheDir });
      expect(afterExtra.cached).toBe(false);
      expect(codeOf(afterExtra.dir)).toContain("async()=>49");
    });

    test("a damaged cache entry (truncated, edited or missing file, unreadable manifest) is rebuilt whole", () => {
      const p = project();
      const first = bundleHandler(p.entry, "fn", { cacheDir: p.cacheDir });
      const archive = fs.readFileSync(first.archive);
      const damages: [string, () => void][] = [
        ["truncated archive", () => fs.writeFileSync(first.archive, archive.subarray(0, 10))],
        ["same-size edit of the code", () => fs.writeFileSync(path.join(first.dir, "index.js"), fs.readFileSync(path.join(first.dir, "index.js"), "utf8").replace("41", "43"))],
        ["missing source map", () => fs.rmSync(path.join(first.dir, "index.js.map"))],
        ["unreadable manifest", () => fs.writeFileSync(path.join(first.dir, "bundle.json"), "{")],
        ["no manifest (a partial entry)", () => fs.rmSync(path.join(first.dir, "bundle.json"))],
      ];
      for (const [what, damage] of damages) {
        damage();
        const again = bundleHandler(p.entry, "fn", { cacheDir: p.cacheDir });
        expect([what, again]).toEqual([what, { ...first, cached: false }]);
        expect([what, fs.readFileSync(first.archive).equals(archive)]).toEqual([what, true]);
        expect([what, bundleHandler(p.entry, "fn", { cacheDir: p.cacheDir }).cached]).toEqual([what, true]);
      }
      // No staging or damaged copies are left behind.
      expect(fs.readdirSync(path.join(p.cacheDir, "bundles"))).toEqual([path.basename(first.dir)]);
    });

    test("another esbuild version gives another key: the bundle is rebuilt", () => {
      const p = project();
      const first = bundleHandler(p.entry, "fn", { cacheDir: p.cacheDir });
      let other: typeof first | undefined;
      jest.isolateModules(() => {
        jest.doMock("esbuild", () => ({ ...jest.requireActual("esbuild"), version: "0.0.0-other" }));
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const isolated = require("../../../modules/lambda-function/bundle") as typeof import("../../../modules/lambda-function/bundle");
        other = isolated.bundleHandler(p.entry, "fn", { cacheDir: p.cacheDir });
      });
      jest.dontMock("esbuild");
      expect(other!.cached).toBe(false);
      expect(other!.dir).not.toBe(first.dir);
      expect(bundleHandler(p.entry, "fn", { cacheDir: p.cacheDir })).toEqual({ ...first, cached: true });
    });

    test("synths bundling the same handler at the same time (parallel processes) all succeed and leave one intact entry", async () => {
      const p = project();
      // The bundler, compiled to plain JS so that plain node processes can run it.
      const bundler = path.join(p.root, "bundler.js");
      buildSync({ entryPoints: [path.join(__dirname, "..", "..", "..", "modules", "lambda-function", "bundle.ts")], bundle: true, platform: "node", format: "cjs", external: ["esbuild"], outfile: bundler, logLevel: "error" });
      const script = `const r = require(${JSON.stringify(bundler)}).bundleHandler(${JSON.stringify(p.entry)}, "fn", { cacheDir: ${JSON.stringify(p.cacheDir)} }); process.stdout.write(JSON.stringify(r));`;
      const run = () =>
        new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
          const child = spawn(process.execPath, ["-e", script], { env: { ...process.env, NODE_PATH: path.join(__dirname, "..", "..", "..", "node_modules") } });
          let out = "";
          let err = "";
          child.stdout.on("data", (d) => (out += d));
          child.stderr.on("data", (d) => (err += d));
          child.on("close", (code) => resolve({ code, out, err }));
        });
      const results = await Promise.all([run(), run(), run(), run()]);
      for (const r of results) expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: "" });
      const bundles = results.map((r) => JSON.parse(r.out) as { dir: string; assetHash: string; archive: string });
      expect(new Set(bundles.map((b) => b.dir)).size).toBe(1);
      expect(new Set(bundles.map((b) => b.assetHash)).size).toBe(1);
      expect(fs.readdirSync(path.join(p.cacheDir, "bundles"))).toEqual([path.basename(bundles[0].dir)]);
      // The entry is whole: this process finds it in the cache.
      expect(bundleHandler(p.entry, "fn", { cacheDir: p.cacheDir })).toMatchObject({ dir: bundles[0].dir, assetHash: bundles[0].assetHash, cached: true });
    });

    test("a missing entry or a syntax error fails with the handler's name, and nothing is cached", () => {
      const p = project();
      expect(() => bundleHandler(path.join(p.root, "src", "missing.ts"), "ghost", { cacheDir: p.cacheDir })).toThrow(/bundling the ghost handler .*missing\.ts/);
      fs.writeFileSync(p.dep, "export const answer = ;\n");
      expect(() => bundleHandler(p.entry, "broken", { cacheDir: p.cacheDir })).toThrow(/bundling the broken handler/);
      expect(fs.readdirSync(path.join(p.cacheDir, "bundles"))).toEqual([]);
    });
  });
});

/** A stack with each built-in processor attached to its own delivery stream (Direct PUT and Kinesis sources). */
function buildStack(stack: TerraformStack): void {
  addTestProvider(stack);
  BUILT_IN_PROCESSORS.forEach((name, i) => {
    const kinesis = i % 2 === 1;
    const streamName = `acme-${name}`;
    const fn = new FirehoseLambdaProcessor(stack, `Fn-${name}`, {
      functionName: `acme-${name}-fn`,
      handler: name,
      reingest: kinesis ? { kind: "kinesis", streamArn: SOURCE } : { kind: "firehose", deliveryStreamName: streamName, region: "eu-west-1", accountId: "111122223333" },
      bufferSizeMB: name === "cloudwatch-logs" ? 0.25 : 1,
      environment: name === "partitioner" ? { PARTITION_KEYS: '{"source":"source"}' } : {},
    });
    new FirehoseDeliveryStream(stack, `Stream-${name}`, {
      name: streamName,
      ...(kinesis ? { source: new KinesisStreamSource({ streamArn: SOURCE }) } : {}),
      destination:
        name === "partitioner"
          ? new ExtendedS3Destination({
              bucket: { bucketArn: BUCKET },
              processors: [fn.processor()],
              dynamicPartitioning: { enabled: true },
              prefix: "data/source=!{partitionKeyFromLambda:source}/year=!{partitionKeyFromLambda:year}/",
              errorOutputPrefix: "errors/!{firehose:error-output-type}/",
            })
          : new ExtendedS3Destination({ bucket: { bucketArn: BUCKET }, processors: [fn.processor()] }),
    });
  });
}

describe("FirehoseLambdaProcessor in a stack", () => {
  test("each processor's function ARN lands in its stream's processing configuration", () => {
    const stack = new TerraformStack(Testing.app({ outdir: testOutdir() }), "attached");
    buildStack(stack);
    const json = synthJson(stack);
    expect(resourcesOf(json, "aws_lambda_function")).toHaveLength(4);
    const streams = resourcesOf(json, "aws_kinesis_firehose_delivery_stream") as Res[];
    expect(streams).toHaveLength(4);
    for (const s of streams) {
      const cfg = (s.extended_s3_configuration as Res).processing_configuration as { processors: { type: string; parameters: { parameter_name: string; parameter_value: string }[] }[] };
      const lambda = cfg.processors.find((p) => p.type === "Lambda")!;
      expect(lambda.parameters.find((p) => p.parameter_name === "LambdaArn")!.parameter_value).toMatch(/^\$\{aws_lambda_function\..*\.arn\}$/);
    }
  });
});

describeTerraform("FirehoseLambdaProcessor: terraform validate and plan", () => {
  test("validate and plan succeed offline with every processor attached", () => {
    const { plan } = planStack("lambda-processors", buildStack);
    expect(plannedCreates(plan, "aws_lambda_function")).toHaveLength(4);
    expect(plannedCreates(plan, "aws_cloudwatch_log_group").length).toBeGreaterThanOrEqual(4);
    expect(plannedCreates(plan, "aws_kinesis_firehose_delivery_stream")).toHaveLength(4);
    const fn = (plan.resource_changes ?? []).find((c) => c.type === "aws_lambda_function")!.change.after as Res;
    expect(fn).toMatchObject({ runtime: "nodejs22.x", architectures: ["arm64"], tracing_config: [{ mode: "Active" }] });
  });
});
