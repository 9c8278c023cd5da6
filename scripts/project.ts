/**
 * The user's CDKTF project, as the `firehose-pipelines` CLI sees it: the directory holding `cdktf.json`, its `app`
 * command (what `cdktf synth` runs) and its `output` directory (`cdktf.out` unless cdktf.json says otherwise), whose
 * `manifest.json` lists the synthesized stacks.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseArgs, ParseArgsConfig } from "util";

export interface CdktfProject {
  /** The directory holding cdktf.json. */
  readonly root: string;
  /** cdktf.json's `app`: the command that synthesizes the app. */
  readonly app: string;
  /** Absolute path of the synth output directory (cdktf.json `output`, default `cdktf.out`). */
  readonly output: string;
}

/** A problem with the command line or the project: exit code 1, message without a stack trace. */
export class UsageError extends Error {}

/**
 * A subcommand's arguments (util.parseArgs; the options include `help`): the parsed result, or the exit code to return
 * when `--help` printed the usage (0) or the arguments were wrong (1, the error and the usage on stderr).
 */
export function parseSubcommandArgs<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> | number {
  let parsed: ReturnType<typeof parseArgs<T>>;
  try {
    parsed = parseArgs(config);
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${usage}`);
    return 1;
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(usage);
    return 0;
  }
  return parsed;
}

/** The nearest directory at or above `start` that holds a cdktf.json, or undefined. */
export function findProjectRoot(start = process.cwd()): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, "cdktf.json"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Reads the project at or above `dir` (`--project`, default: the current directory). */
export function loadProject(dir = process.cwd()): CdktfProject {
  const root = findProjectRoot(dir);
  if (!root) throw new UsageError(`no cdktf.json in ${path.resolve(dir)} or above: run this inside your CDKTF project, or pass --project <dir>`);
  let config: { app?: unknown; output?: unknown };
  try {
    config = JSON.parse(fs.readFileSync(path.join(root, "cdktf.json"), "utf8"));
  } catch (e) {
    throw new UsageError(`${path.join(root, "cdktf.json")}: not valid JSON (${(e as Error).message})`);
  }
  if (typeof config.app !== "string" || config.app.trim() === "") throw new UsageError(`${path.join(root, "cdktf.json")}: "app" (the command that synthesizes your app) is missing`);
  const output = path.resolve(root, typeof config.output === "string" && config.output !== "" ? config.output : "cdktf.out");
  return { root, app: config.app, output };
}

export interface SynthOptions {
  /** Where to synthesize. @default the project's output directory */
  readonly outdir?: string;
  /**
   * Stacks the caller needs. Passed to the app as `FHP_STACKS` (comma-separated); an app may use it to build only
   * those (this repository's main.ts does), others ignore it and build everything.
   */
  readonly stacks?: readonly string[];
}

/**
 * Runs the project's app command like `cdktf synth` does (`CDKTF_OUTDIR` set, in the project root). Its output is
 * passed through to stderr; a failure throws a UsageError naming the command (the app has already printed why).
 */
export function synthesize(project: CdktfProject, opts: SynthOptions = {}): string {
  const outdir = path.resolve(opts.outdir ?? project.output);
  const r = spawnSync(project.app, {
    shell: true,
    cwd: project.root,
    // The app's output goes to stderr: stdout is the subcommand's own (a review's Markdown, a preview's tables).
    stdio: ["ignore", 2, 2],
    env: { ...process.env, CDKTF_OUTDIR: outdir, ...(opts.stacks ? { FHP_STACKS: opts.stacks.join(",") } : {}) },
  });
  if (r.status !== 0) throw new UsageError(`synth failed: \`${project.app}\` (cdktf.json "app", in ${project.root}) exited with ${r.status ?? r.signal}`);
  return outdir;
}

/** Stack names and directories in a synth output's manifest.json. */
export function listStacks(outdir: string): { name: string; dir: string }[] {
  const file = path.join(outdir, "manifest.json");
  if (!fs.existsSync(file)) throw new UsageError(`${file} not found: synthesize first (cdktf synth), or leave out --no-synth`);
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { stacks?: Record<string, { name?: string; workingDirectory?: string }> };
  return Object.entries(manifest.stacks ?? {}).map(([key, s]) => ({ name: s.name ?? key, dir: path.join(outdir, s.workingDirectory ?? path.join("stacks", key)) }));
}

/** The directory of one synthesized stack; a UsageError lists the known stacks. */
export function stackDirOf(outdir: string, stack: string): string {
  const stacks = listStacks(outdir);
  const found = stacks.find((s) => s.name === stack);
  if (!found) throw new UsageError(`no stack "${stack}" in ${path.join(outdir, "manifest.json")} (stacks: ${stacks.map((s) => s.name).join(", ") || "none"})`);
  return found.dir;
}

/**
 * Copies a synthesized stack (cdk.tf.json and its assets) into `dest`, leaving out Terraform's working files, so a
 * plan there never writes into the directory `cdktf deploy` uses. `dest/.terraform` (installed providers) is kept.
 */
export function copyStack(stackDir: string, dest: string): string {
  fs.mkdirSync(dest, { recursive: true });
  for (const entry of fs.readdirSync(dest)) if (entry !== ".terraform" && entry !== ".terraform.lock.hcl") fs.rmSync(path.join(dest, entry), { recursive: true, force: true });
  for (const entry of fs.readdirSync(stackDir)) {
    if (entry === ".terraform" || entry.endsWith(".tfstate") || entry.endsWith(".tfstate.backup") || entry.endsWith(".tfplan") || /^zz_.*_override\.tf\.json$/.test(entry)) continue;
    fs.cpSync(path.join(stackDir, entry), path.join(dest, entry), { recursive: true });
  }
  return dest;
}
