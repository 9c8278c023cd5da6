/**
 * Consuming the built package the way a user does: `npm run build` (dist/ through package.json `exports`), then a
 * project that depends on `"cdktf-firehose-pipelines": "file:../.."`. `npm install file:../..` links the package
 * directory into the consumer's node_modules; the harness makes the same symlink, so there is one copy of cdktf and
 * constructs (resolved from the repository's node_modules), which is what keeps construct instanceof checks working.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "..", "..");
export const PACKAGE_NAME = "cdktf-firehose-pipelines";
export const EXAMPLES_DIR = path.join(ROOT, "examples");

function run(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): string {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${[cmd, ...args].join(" ")} (in ${opts.cwd}) failed with ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** The package build (`npm run build`: tsc -p tsconfig.build.json), incremental, serialized across jest workers with flock. */
export function buildPackage(): void {
  const lock = path.join(os.tmpdir(), "cdktf-firehose-pipelines-build.lock");
  // Incremental for the tests only (several suites build the package in one run; an up-to-date build takes about 4
  // CPU seconds instead of 11). Its build info lives in dist/, so removing dist rebuilds everything; `npm run build`
  // stays a full build (an incremental tsc does not notice a deleted output file).
  run("flock", [lock, process.execPath, path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json", "--incremental", "--tsBuildInfoFile", path.join("dist", ".tsbuildinfo")], { cwd: ROOT });
}

/** `node_modules/cdktf-firehose-pipelines` → the repository root, as `npm install file:../..` does. */
export function linkPackage(projectDir: string): string {
  const modules = path.join(projectDir, "node_modules");
  fs.mkdirSync(modules, { recursive: true });
  const link = path.join(modules, PACKAGE_NAME);
  const target = path.relative(modules, ROOT);
  try {
    if (fs.readlinkSync(link) === target) return link;
    fs.rmSync(link, { recursive: true, force: true });
  } catch {
    // not linked yet
  }
  try {
    fs.symlinkSync(target, link, "dir");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  return link;
}

/** Type-checks a consumer project with its own tsconfig (Node16 resolution: the package's `exports` types). */
export function typecheck(projectDir: string): void {
  run(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], { cwd: projectDir });
}

/** Runs the project's `main.ts` (what `cdktf synth` does) into `outdir`; returns `<outdir>/stacks/<stack>`. */
export function synthProject(projectDir: string, outdir: string, stack: string): string {
  run(process.execPath, [path.join(ROOT, "node_modules", "ts-node", "dist", "bin.js"), "--transpile-only", "main.ts"], { cwd: projectDir, env: { CDKTF_OUTDIR: outdir } });
  return path.join(outdir, "stacks", stack);
}

/** Evaluates `expr` with node from `projectDir` and returns its JSON-printed result. */
export function nodeEval(projectDir: string, expr: string): unknown {
  return JSON.parse(run(process.execPath, ["-e", `process.stdout.write(JSON.stringify(${expr}))`], { cwd: projectDir }));
}
