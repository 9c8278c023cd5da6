/**
 * Compatibility beyond the pinned stack (cdktf 0.21 + @cdktf/provider-aws 20.1.0 = hashicorp/aws 5.100.0):
 *
 * - @cdktf/provider-aws 21.x (hashicorp/aws 6.x), installed as the alias @cdktf/provider-aws-21: the library, the app
 *   and the examples type-check against it (compat/tsconfig.provider-aws-21.json), and every environment and example
 *   synthesizes with it (a require hook redirects @cdktf/provider-aws) into the same configuration as with 20.x except
 *   the provider version, which is 6.x.
 * - CDK Terrain (cdktn): scripts/cdktn.ts rewrites the imports mechanically into a temporary directory, compiles the
 *   package there (type-checking the app and the examples too) and the environments and examples synthesize with it.
 * - A scratch project with @cdktf/provider-aws 21 installs the packed package without --force or --legacy-peer-deps.
 *
 * `terraform validate` against 6.x runs only where a 6.x provider is installed; the offline mirror on our machines
 * holds 5.100.0 only, and the test says so in its output.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { findProviderMirror, terraform, writeOfflineOverride } from "../../scripts/terraform";
import { buildCdktnPackage, cdktfSpecifiers, cdktnVersions, rewriteImports } from "../../scripts/cdktn";
import { TERRAFORM_VERSION, tempDir } from "../helpers/terraform";
import { awsProviderVersion, comparable, ENVIRONMENTS, EXAMPLES, ROOT, synthAll, SynthSet } from "./harness";

const LONG = 600_000;
const PROVIDER_21 = JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", "@cdktf", "provider-aws-21", "package.json"), "utf8")).version as string;
const tmp = tempDir("compat");
const STACKS = [...ENVIRONMENTS, ...EXAMPLES];

let baseline: SynthSet;
beforeAll(() => {
  // The pinned bindings (20.1.0): the reference every other set of bindings is compared with.
  baseline = synthAll(ROOT, path.join(tmp, "out-20"), { tsconfig: path.join(ROOT, "tsconfig.json"), redirect: { "cdktf-firehose-pipelines": path.join(ROOT, "modules", "index.ts") } });
}, LONG);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test("the pinned bindings synthesize every environment and example for hashicorp/aws 5.100.0", () => {
  expect(Object.keys(baseline.stacks).sort()).toEqual([...STACKS].sort());
  expect(ENVIRONMENTS.length).toBeGreaterThanOrEqual(3);
  expect(EXAMPLES.length).toBeGreaterThanOrEqual(2);
  for (const s of STACKS) expect([s, awsProviderVersion(baseline.stacks[s])]).toEqual([s, "5.100.0"]);
});

describe(`@cdktf/provider-aws ${PROVIDER_21} (hashicorp/aws 6.x)`, () => {
  let synth21: SynthSet;

  test("is a 21.x release inside the package's peer range", () => {
    expect(PROVIDER_21).toMatch(/^21\./);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    expect(pkg.peerDependencies["@cdktf/provider-aws"]).toBe("^20.1.0 || ^21.0.0");
    expect(pkg.devDependencies["@cdktf/provider-aws"]).toBe("20.1.0");
  });

  test(
    "the library, the app and the examples type-check against it",
    () => {
      // compat/provider-aws-6.check.ts is part of this program: it does not compile against 5.x bindings, so a mapping
      // that silently fell back to 20.x fails here.
      const r = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", path.join("compat", "tsconfig.provider-aws-21.json"), "--listFiles"], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
      expect(r.stderr).toBe("");
      const files = r.stdout.split("\n");
      const errors = files.filter((l) => l.includes("error TS"));
      expect(errors).toEqual([]);
      expect(r.status).toBe(0);
      expect(files.some((f) => f.includes("/node_modules/@cdktf/provider-aws-21/lib/kinesis-firehose-delivery-stream/index.d.ts"))).toBe(true);
      expect(files.filter((f) => f.includes("/node_modules/@cdktf/provider-aws/"))).toEqual([]);
      for (const name of EXAMPLES) expect(files.some((f) => f.endsWith(`/examples/${name}/main.ts`))).toBe(true);
    },
    LONG,
  );

  test(
    "every environment and example synthesizes with it: required_providers names hashicorp/aws 6.x, everything else is what 20.x synthesizes",
    () => {
      synth21 = synthAll(ROOT, path.join(tmp, "out-21"), {
        tsconfig: path.join(ROOT, "tsconfig.json"),
        redirect: { "@cdktf/provider-aws": "@cdktf/provider-aws-21", "cdktf-firehose-pipelines": path.join(ROOT, "modules", "index.ts") },
      });
      const providerVersion = readProviderVersion("@cdktf/provider-aws-21");
      expect(providerVersion).toMatch(/^6\.\d+\.\d+$/);
      for (const s of STACKS) {
        const stack = synth21.stacks[s];
        expect([s, stack.terraform.required_providers.aws.source, awsProviderVersion(stack)]).toEqual([s, "aws", providerVersion]);
        expect(Object.keys(stack.resource).length).toBeGreaterThan(3);
        expect([s, comparable(stack)]).toEqual([s, comparable(baseline.stacks[s])]);
      }
    },
    LONG,
  );

  test("terraform validate against hashicorp/aws 6.x runs only where a 6.x provider is installed (not in the offline 5.100.0 mirror)", () => {
    expect(synth21).toBeDefined();
    const version = awsProviderVersion(synth21.stacks[ENVIRONMENTS[0]]);
    const mirror = findProviderMirror();
    const awsDir = mirror ? path.join(mirror, "registry.terraform.io", "hashicorp", "aws") : undefined;
    const available = awsDir && fs.existsSync(awsDir) ? fs.readdirSync(awsDir) : [];
    if (!TERRAFORM_VERSION || !available.includes(version)) {
      // eslint-disable-next-line no-console
      console.warn(
        `NOT VERIFIED: terraform validate of the 6.x configurations was not run. They pin hashicorp/aws ${version}; ` +
          (TERRAFORM_VERSION ? `the offline provider mirror (${mirror ?? "none found"}) holds ${available.join(", ") || "nothing"}` : "terraform is not on PATH") +
          ". Only type-check and synth are verified for @cdktf/provider-aws 21.x and cdktn; validate and plan run against 5.100.0.",
      );
      expect(available).not.toContain(version);
      return;
    }
    for (const s of STACKS) {
      const dir = path.join(tmp, "validate-21", s);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify(synth21.stacks[s]));
      writeOfflineOverride(dir);
      const init = terraform(dir, ["init", "-input=false", "-backend=false"]);
      expect([s, init.code, init.stderr]).toEqual([s, 0, ""]);
      const validate = terraform(dir, ["validate", "-json"]);
      expect([s, JSON.parse(validate.stdout).valid]).toEqual([s, true]);
    }
  }, LONG);
});

function npm(args: string[], cwd: string): { code: number; out: string; stdout: string } {
  const r = spawnSync("npm", args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_loglevel: "warn" } });
  return { code: r.status ?? 1, out: `${r.stdout}\n${r.stderr}`, stdout: r.stdout ?? "" };
}

/** The filename `npm pack --json` reports. */
function packed(stdout: string): { filename: string; files: { path: string }[] } {
  return JSON.parse(stdout.slice(stdout.indexOf("[")))[0];
}

function walkAll(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walkAll(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function walkJs(dir: string): string[] {
  return walkAll(dir).filter((f) => f.endsWith(".js"));
}

/** hashicorp/aws version a set of bindings was generated for. */
function readProviderVersion(pkg: string, from = ROOT): string {
  const src = fs.readFileSync(require.resolve(`${pkg}/lib/provider/index.js`, { paths: [from] }), "utf8");
  const m = /providerVersion: '([^']+)'/.exec(src);
  if (!m) throw new Error(`no providerVersion in ${pkg}/lib/provider`);
  return m[1];
}

describe("CDK Terrain (cdktn)", () => {
  const tree = path.join(tmp, "cdktn");
  const versions = cdktnVersions();
  let built: { files: number; rewritten: number };

  test("the rewrite changes cdktf module ids only", () => {
    const src = [
      'import { App, Fn } from "cdktf";',
      'import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";',
      "import * as aws from '@cdktf/provider-aws';",
      'export { Lazy } from "cdktf/lib/tokens";',
      'const x = require("cdktf");',
      'import { FirehoseDeliveryStream } from "cdktf-firehose-pipelines";',
      'import { Construct } from "constructs";',
      'import { Other } from "@cdktf/provider-aws-21/lib/s3-bucket";',
      '// "cdktf" constructs, see from "cdktf-cli"',
    ].join("\n");
    const r = rewriteImports(src);
    expect(r.text.split("\n")).toEqual([
      'import { App, Fn } from "cdktn";',
      'import { S3Bucket } from "@cdktn/provider-aws/lib/s3-bucket";',
      "import * as aws from '@cdktn/provider-aws';",
      'export { Lazy } from "cdktn/lib/tokens";',
      'const x = require("cdktn");',
      'import { FirehoseDeliveryStream } from "cdktf-firehose-pipelines";',
      'import { Construct } from "constructs";',
      'import { Other } from "@cdktf/provider-aws-21/lib/s3-bucket";',
      '// "cdktf" constructs, see from "cdktf-cli"',
    ]);
    expect(r.rewritten).toBe(5);
    expect(cdktfSpecifiers(r.text)).toEqual([]);
    expect(cdktfSpecifiers(src)).toEqual(["cdktf", "@cdktf/provider-aws/lib/s3-bucket", "@cdktf/provider-aws", "cdktf/lib/tokens", "cdktf"]);
  });

  test(
    `the rewritten package compiles against cdktn ${versions.cdktn} + @cdktn/provider-aws ${versions["@cdktn/provider-aws"]}, with the app and the examples type-checked`,
    () => {
      built = buildCdktnPackage(tree, { app: true });
      expect(built.rewritten).toBeGreaterThan(40);
      expect(fs.existsSync(path.join(tree, "dist", "modules", "index.js"))).toBe(true);
      expect(fs.existsSync(path.join(tree, "dist", "modules", "index.d.ts"))).toBe(true);
      const pkg = JSON.parse(fs.readFileSync(path.join(tree, "package.json"), "utf8"));
      expect(pkg.peerDependencies).toEqual({ "@cdktn/provider-aws": `^${versions["@cdktn/provider-aws"]}`, cdktn: `^${versions.cdktn}`, constructs: ">=10.6.0 <10.8.0" });
      expect(pkg.scripts).toBeUndefined();
      // The compiled library names cdktn only; there is no cdktf in its node_modules to fall back on.
      const js = walkJs(path.join(tree, "dist", "modules")).map((f) => fs.readFileSync(f, "utf8"));
      expect(js.filter((t) => /require\("cdktn"\)/.test(t)).length).toBeGreaterThan(0);
      expect(js.filter((t) => /require\("@cdktn\/provider-aws\/lib\/kinesis-firehose-delivery-stream"\)/.test(t)).length).toBeGreaterThan(0);
      expect(js.filter((t) => /require\("(cdktf|@cdktf\/)/.test(t))).toEqual([]);
      expect(fs.existsSync(path.join(tree, "node_modules", "cdktf"))).toBe(false);
      expect(fs.existsSync(path.join(tree, "node_modules", "@cdktf"))).toBe(false);
      expect(JSON.parse(fs.readFileSync(path.join(tree, "node_modules", "constructs", "package.json"), "utf8")).version).toBe(versions.constructs);
    },
    LONG,
  );

  test(
    "every environment and example synthesizes with cdktn (examples against the compiled package): hashicorp/aws 6.x, everything else as with cdktf",
    () => {
      expect(built).toBeDefined();
      const synth = synthAll(tree, path.join(tmp, "out-cdktn"), { tsconfig: path.join(tree, "tsconfig.json") });
      const providerVersion = readProviderVersion("@cdktn/provider-aws", tree);
      expect(providerVersion).toMatch(/^6\.\d+\.\d+$/);
      // The Lambda processors are bundled from lambda/, which names no cdktf package: the rewrite copies it byte for
      // byte. Their asset hashes still differ here, because the source maps record where node_modules really is
      // (the temporary tree links to the repository's), so they are compared masked after this check.
      const lambdaFiles = walkAll(path.join(ROOT, "lambda"));
      expect(lambdaFiles.length).toBeGreaterThan(10);
      for (const f of lambdaFiles) expect([f, fs.readFileSync(path.join(tree, path.relative(ROOT, f)), "utf8")]).toEqual([f, fs.readFileSync(f, "utf8")]);
      for (const s of STACKS) {
        const stack = synth.stacks[s];
        // cdktn writes the provider source in full ("hashicorp/aws"); cdktf writes "aws": the same provider.
        expect([s, stack.terraform.required_providers.aws.source, awsProviderVersion(stack)]).toEqual([s, "hashicorp/aws", providerVersion]);
        expect([s, comparable(stack, { assetHashes: false })]).toEqual([s, comparable(baseline.stacks[s], { assetHashes: false })]);
      }
    },
    LONG,
  );

  test(
    "the packed cdktn build resolves in a project with cdktn, @cdktn/provider-aws and constructs 10.7 (no --force or --legacy-peer-deps)",
    () => {
      expect(built).toBeDefined();
      const dir = path.join(tmp, "cdktn-install");
      fs.mkdirSync(dir);
      const pack = npm(["pack", "--ignore-scripts", "--json", "--pack-destination", dir], tree);
      expect(pack.code).toBe(0);
      const files = packed(pack.stdout).files.map((f) => f.path);
      expect(files).toContain("dist/modules/index.js");
      expect(files).toContain("dist/modules/index.d.ts");
      expect(files.filter((f) => f.startsWith("node_modules/"))).toEqual([]);
      fs.writeFileSync(
        path.join(dir, "package.json"),
        JSON.stringify({ name: "fhp-scratch-cdktn", private: true, version: "0.0.0", dependencies: { "cdktf-firehose-pipelines": `file:${path.join(dir, packed(pack.stdout).filename)}`, ...versions } }),
      );
      // Resolution only (--package-lock-only): the dependency tree, peers included, without unpacking 500 MB of bindings.
      const lock = npm(["install", "--package-lock-only", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], dir);
      expect(lock.out).not.toMatch(/ERESOLVE|--legacy-peer-deps/);
      expect(lock.code).toBe(0);
      const pkgs = JSON.parse(fs.readFileSync(path.join(dir, "package-lock.json"), "utf8")).packages;
      expect(pkgs["node_modules/cdktf-firehose-pipelines"].peerDependencies).toEqual({ "@cdktn/provider-aws": `^${versions["@cdktn/provider-aws"]}`, cdktn: `^${versions.cdktn}`, constructs: ">=10.6.0 <10.8.0" });
      expect(pkgs["node_modules/cdktn"].version).toBe(versions.cdktn);
      expect(pkgs["node_modules/cdktf"]).toBeUndefined();
      expect(pkgs["node_modules/@cdktf/provider-aws"]).toBeUndefined();
    },
    LONG,
  );
});

describe("installing beside @cdktf/provider-aws 21", () => {
  function scratchProject(dir: string, tarball: string): void {
    fs.writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify({
        name: "fhp-scratch-consumer",
        private: true,
        version: "0.0.0",
        dependencies: { "cdktf-firehose-pipelines": `file:${tarball}`, "@cdktf/provider-aws": PROVIDER_21, cdktf: "0.21.0", constructs: "10.4.2" },
      }),
    );
  }

  test(
    `a project with @cdktf/provider-aws ${PROVIDER_21} installs the packed package without --force or --legacy-peer-deps`,
    () => {
      const dir = tempDir("install");
      try {
        // The tarball as `npm pack` makes it (scripts skipped: this is about dependency resolution, not the build).
        const pack = npm(["pack", "--ignore-scripts", "--json", "--pack-destination", dir], ROOT);
        expect(pack.code).toBe(0);
        const tarball = path.join(dir, packed(pack.stdout).filename);
        const project = path.join(dir, "project");
        fs.mkdirSync(project);
        scratchProject(project, tarball);
        const install = npm(["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], project);
        expect(install.out).not.toMatch(/ERESOLVE|--legacy-peer-deps|--force/);
        expect(install.code).toBe(0);
        const version = (p: string) => JSON.parse(fs.readFileSync(path.join(project, "node_modules", p, "package.json"), "utf8")).version;
        expect(version("@cdktf/provider-aws")).toBe(PROVIDER_21);
        expect(version("cdktf-firehose-pipelines")).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version);
        // npm ls exits non-zero on an unmet or invalid peer dependency.
        const ls = npm(["ls", "--all", "--json"], project);
        expect(JSON.parse(ls.stdout).problems).toBeUndefined();
        expect(ls.code).toBe(0);

        // Control: the same project against the previous peer range (^20.1.0) does not resolve, so this test would
        // have caught it.
        const old = path.join(dir, "old-range");
        fs.mkdirSync(old);
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        pkg.peerDependencies["@cdktf/provider-aws"] = "^20.1.0";
        delete pkg.scripts;
        pkg.files = ["package.json"];
        fs.writeFileSync(path.join(old, "package.json"), JSON.stringify(pkg));
        const oldPacked = npm(["pack", "--ignore-scripts", "--json", "--pack-destination", old], old);
        expect(oldPacked.code).toBe(0);
        const oldTarball = path.join(old, packed(oldPacked.stdout).filename);
        const oldProject = path.join(dir, "old-project");
        fs.mkdirSync(oldProject);
        scratchProject(oldProject, oldTarball);
        const refused = npm(["install", "--package-lock-only", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], oldProject);
        expect(refused.code).not.toBe(0);
        expect(refused.out).toMatch(/ERESOLVE/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    LONG,
  );
});
