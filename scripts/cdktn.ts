/**
 * The library for CDK Terrain (`cdktn`, the community continuation of cdktf), produced by a mechanical import rewrite:
 *
 *   "cdktf"                  → "cdktn"                 (and "cdktf/<path>" → "cdktn/<path>")
 *   "@cdktf/provider-aws"    → "@cdktn/provider-aws"   (and its deep paths "@cdktf/provider-aws/lib/<resource>")
 *
 * Only module specifiers (import ... from, import(), require(), export ... from) change; our own package name
 * "cdktf-firehose-pipelines" and every comment stay as they are. The rewritten tree is compiled with tsc into a package
 * directory whose peer dependencies name cdktn, @cdktn/provider-aws and constructs instead of cdktf:
 *
 *   npx ts-node --transpile-only scripts/cdktn.ts <out-dir>     then: npm pack <out-dir>   (install the .tgz)
 *
 * The versions it is verified with are those of compat/cdktn/package.json (see __tests__/compat/compat.plan.test.ts).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "..");
/** The test-only cdktn dependency set (linked into node_modules as the devDependency `fhp-cdktn-env`). */
export const CDKTN_ENV = path.join(ROOT, "compat", "cdktn");

/** What the library's sources are rewritten from and to, module id prefixes. */
export const CDKTN_RENAMES: readonly (readonly [string, string])[] = [
  ["@cdktf/provider-aws", "@cdktn/provider-aws"],
  ["cdktf", "cdktn"],
];

/** Module specifiers in `import x from "m"`, `import "m"`, `export * from "m"`, `import("m")`, `require("m")`. */
const SPECIFIER = /(\bfrom\s*|\bimport\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)(["'])([^"'\n]+)\2/g;

function renameSpecifier(spec: string): string {
  for (const [from, to] of CDKTN_RENAMES) {
    if (spec === from || spec.startsWith(`${from}/`)) return to + spec.slice(from.length);
  }
  return spec;
}

/** Rewrites the module specifiers of one TypeScript source; returns the text and how many specifiers changed. */
export function rewriteImports(source: string): { text: string; rewritten: number } {
  let rewritten = 0;
  const text = source.replace(SPECIFIER, (all, lead: string, quote: string, spec: string) => {
    const next = renameSpecifier(spec);
    if (next === spec) return all;
    rewritten++;
    return `${lead}${quote}${next}${quote}`;
  });
  return { text, rewritten };
}

/** Specifiers in `source` that still name cdktf packages (must be none after the rewrite). */
export function cdktfSpecifiers(source: string): string[] {
  return [...source.matchAll(SPECIFIER)].map((m) => m[3]).filter((s) => CDKTN_RENAMES.some(([from]) => s === from || s.startsWith(`${from}/`)));
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== "node_modules" && e.name !== "cdktf.out") walk(p, out);
    } else if (e.isFile()) out.push(p);
  }
  return out;
}

/**
 * Copies the library (modules/, lambda/) and, with `app`, the app (main.ts, app/, environments/) and the examples'
 * main.ts into `outDir`, rewriting the imports of every .ts file. Returns the number of rewritten specifiers.
 */
export function writeCdktnSources(outDir: string, opts: { app?: boolean } = {}): { files: number; rewritten: number } {
  const dirs = ["modules", "lambda", ...(opts.app ? ["app", "environments"] : [])];
  const files = dirs.flatMap((d) => walk(path.join(ROOT, d)));
  if (opts.app) {
    files.push(path.join(ROOT, "main.ts"));
    for (const ex of fs.readdirSync(path.join(ROOT, "examples"))) {
      const main = path.join(ROOT, "examples", ex, "main.ts");
      if (fs.existsSync(main)) files.push(main);
    }
  }
  let rewritten = 0;
  for (const file of files) {
    const target = path.join(outDir, path.relative(ROOT, file));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (file.endsWith(".ts")) {
      const r = rewriteImports(fs.readFileSync(file, "utf8"));
      const left = cdktfSpecifiers(r.text);
      if (left.length) throw new Error(`${path.relative(ROOT, file)}: imports left unrewritten: ${left.join(", ")}`);
      fs.writeFileSync(target, r.text);
      rewritten += r.rewritten;
    } else {
      fs.copyFileSync(file, target);
    }
  }
  return { files: files.length, rewritten };
}

/** The cdktn versions the rewrite is verified with (compat/cdktn/package.json). */
export function cdktnVersions(): Record<string, string> {
  return JSON.parse(fs.readFileSync(path.join(CDKTN_ENV, "package.json"), "utf8")).dependencies;
}

/**
 * The package.json of the cdktn build: the root's, with cdktn peers instead of cdktf ones, and without scripts,
 * devDependencies and bin (the build below makes dist/modules and dist/lambda only).
 */
export function cdktnPackageJson(): Record<string, unknown> {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const v = cdktnVersions();
  delete pkg.scripts;
  delete pkg.devDependencies;
  delete pkg.bin;
  pkg.description = `${pkg.description} Built for CDK Terrain (cdktn).`;
  pkg.peerDependencies = {
    "@cdktn/provider-aws": `^${v["@cdktn/provider-aws"]}`,
    cdktn: `^${v.cdktn}`,
    constructs: ">=10.6.0 <10.8.0",
  };
  return pkg;
}

/** compilerOptions of the cdktn build (those of tsconfig.build.json). */
export const CDKTN_COMPILER_OPTIONS = {
  target: "ES2022",
  module: "commonjs",
  lib: ["ES2022"],
  moduleResolution: "node",
  strict: true,
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: true,
  noUnusedLocals: true,
  esModuleInterop: true,
  resolveJsonModule: true,
  skipLibCheck: true,
  declaration: true,
  sourceMap: true,
  types: ["node"],
  rootDir: ".",
  outDir: "dist",
};

/**
 * `outDir/node_modules` for building and running the rewritten tree here: cdktn, @cdktn/* and constructs from the
 * cdktn dependency set, everything else from the repository's node_modules, and no cdktf at all (an import the
 * rewrite missed fails to resolve instead of quietly using cdktf).
 */
export function linkCdktnNodeModules(outDir: string, selfName?: string): void {
  const nm = path.join(outDir, "node_modules");
  fs.mkdirSync(nm, { recursive: true });
  const cdktnNm = path.join(CDKTN_ENV, "node_modules");
  const fromCdktn = fs.readdirSync(cdktnNm).filter((e) => !e.startsWith("."));
  const skip = new Set(["cdktf", "cdktf-cli", "@cdktf", "constructs", "fhp-cdktn-env", "cdktf-firehose-pipelines", ...fromCdktn]);
  for (const e of fs.readdirSync(path.join(ROOT, "node_modules"))) {
    if (e.startsWith(".") || skip.has(e)) continue;
    fs.symlinkSync(path.join(ROOT, "node_modules", e), path.join(nm, e));
  }
  for (const e of fromCdktn) fs.symlinkSync(path.join(cdktnNm, e), path.join(nm, e));
  if (selfName) fs.symlinkSync("..", path.join(nm, selfName));
}

/** Runs tsc in `dir` with its tsconfig.json; throws with the compiler output on errors. */
export function tsc(dir: string, args: string[] = []): void {
  const r = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json", ...args], { cwd: dir, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`tsc in ${dir} failed (${r.status}):\n${r.stdout}${r.stderr}`);
}

/** Type-checks only: fails unless `@cdktf/provider-aws` (rewritten to `@cdktn/provider-aws`) has 6.x bindings. */
const CHECK_FILE = path.join("compat", "provider-aws-6.check.ts");

/**
 * Builds the cdktn package into `outDir`: rewritten sources, package.json, README/CHANGELOG, then tsc → dist/.
 * `npm pack <outDir>` makes the installable tarball (node_modules, only used to compile, is not packed).
 * With `app` (the tests), the same compilation also type-checks the rewritten app (main.ts, app/, environments/),
 * the examples (importing the package by name, mapped to its sources) and the 6.x guard, and node_modules links the
 * package to itself so that the examples run against its dist/ as an installed copy would.
 */
export function buildCdktnPackage(outDir: string, opts: { app?: boolean } = {}): { files: number; rewritten: number } {
  fs.mkdirSync(outDir, { recursive: true });
  const r = writeCdktnSources(outDir, opts);
  for (const f of ["README.md", "CHANGELOG.md", "LICENSE"]) if (fs.existsSync(path.join(ROOT, f))) fs.copyFileSync(path.join(ROOT, f), path.join(outDir, f));
  const pkg = cdktnPackageJson();
  fs.writeFileSync(path.join(outDir, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
  const include = ["modules/**/*.ts", "lambda/**/*.ts"];
  const compilerOptions: Record<string, unknown> = { ...CDKTN_COMPILER_OPTIONS };
  if (opts.app) {
    const check = rewriteImports(fs.readFileSync(path.join(ROOT, CHECK_FILE), "utf8"));
    fs.mkdirSync(path.join(outDir, "compat"), { recursive: true });
    fs.writeFileSync(path.join(outDir, CHECK_FILE), check.text);
    include.push("main.ts", "app/**/*.ts", "environments/**/*.ts", "examples/*/main.ts", CHECK_FILE);
    compilerOptions.paths = { [pkg.name as string]: ["./modules/index.ts"] };
  }
  fs.writeFileSync(path.join(outDir, "tsconfig.json"), JSON.stringify({ compilerOptions, include }, null, 2));
  linkCdktnNodeModules(outDir, opts.app ? (pkg.name as string) : undefined);
  tsc(outDir);
  return r;
}

if (require.main === module) {
  const out = process.argv[2];
  if (!out) {
    console.error("usage: ts-node --transpile-only scripts/cdktn.ts <out-dir>");
    process.exit(2);
  }
  const dir = path.resolve(out);
  if (fs.existsSync(dir) && fs.readdirSync(dir).length) {
    console.error(`${dir} is not empty`);
    process.exit(2);
  }
  const r = buildCdktnPackage(dir);
  console.log(`Built the cdktn package in ${dir} (${r.files} files, ${r.rewritten} imports rewritten). Pack it with: npm pack ${dir}`);
}
