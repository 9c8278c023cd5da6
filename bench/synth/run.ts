/**
 * Synth benchmark (not part of `npm test`):
 *   npm run bench:synth -- [--repeat N]
 * Measures, side by side in one run and alternating so that the machine's load hits both alike, the wall time and the
 * CPU time of a fresh process, started by the runner of cdktf.json's "app" (what `cdktf synth` and `npm run synth` run
 * main.ts with; the same runner for both apps), that
 * - bare:          synthesizes a bare three-stack cdktf app (bare-app.ts: provider, backend, one bucket per stack);
 * - project:       synthesizes every environment of this project (project-app.ts → main.ts buildApp), with the Lambda
 *                  bundle cache (bundles and their zips) filled by an earlier synth (the usual case: a synth after a synth);
 * - project, cold: the same with an empty bundle cache (FHP_CACHE_DIR pointing at a fresh directory): the first synth
 *                  after a change to a Lambda source or the lock file.
 * Target: project ≤ 1.5 × bare (wall time). Each figure is the median of the repeats (default 5). Every output and cache directory
 * is a fresh fhp-bench-synth-* temp dir, removed at the end.
 * Writes bench/synth/results.json and bench/synth/results.md.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, platform, release, arch, totalmem, tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const repeatArg = process.argv.indexOf("--repeat");
const REPEAT = repeatArg >= 0 ? Math.max(1, Number(process.argv[repeatArg + 1]) || 1) : 5;
const TARGET = 1.5;

/**
 * The command of cdktf.json's "app" with main.ts replaced by `script`: `node <node options> main.ts` (node is this
 * Node.js), optionally behind `npx`.
 */
function appCommand(script: string): { command: string; args: string[]; runner: string } {
  const app = (JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8")) as { app: string }).app;
  const words = app.trim().split(/\s+/);
  if (words[0] === "npx") words.shift();
  if (words[0] !== "node" || words.at(-1) !== "main.ts") throw new Error(`bench/synth expects cdktf.json "app" to be \`node [options] main.ts\`, got \`${app}\``);
  return { command: process.execPath, args: [...words.slice(1, -1), join(__dirname, script)], runner: words.slice(0, -1).join(" ") };
}

interface Sample {
  wallMs: number;
  cpuMs: number;
  loadMs: number;
  buildMs: number;
  synthMs: number;
}

const temps: string[] = [];
function temp(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `fhp-bench-synth-${name}-`));
  temps.push(dir);
  return dir;
}

function runOnce(script: string, env: NodeJS.ProcessEnv = {}): Sample {
  const outdir = temp("out");
  const { command, args } = appCommand(script);
  const t = process.hrtime.bigint();
  const r = spawnSync(command, [...args, outdir], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${script} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  rmSync(outdir, { recursive: true, force: true });
  return { wallMs, ...(JSON.parse(r.stdout) as Omit<Sample, "wallMs">) };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x: number): number => Math.round(x);

function summary(samples: Sample[]): Record<keyof Sample, number> & { minWallMs: number; maxWallMs: number } {
  return {
    wallMs: round(median(samples.map((s) => s.wallMs))),
    cpuMs: round(median(samples.map((s) => s.cpuMs))),
    loadMs: round(median(samples.map((s) => s.loadMs))),
    buildMs: round(median(samples.map((s) => s.buildMs))),
    synthMs: round(median(samples.map((s) => s.synthMs))),
    minWallMs: round(Math.min(...samples.map((s) => s.wallMs))),
    maxWallMs: round(Math.max(...samples.map((s) => s.wallMs))),
  };
}

function main(): void {
  const load = loadavg();
  const machine = {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryGB: +(totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    os: `${platform()} ${release()} ${arch()}`,
    date: new Date().toISOString(),
    loadAverage1mAtStart: +load[0].toFixed(1),
    runner: appCommand("main.ts").runner,
  };
  const warmCache = temp("cache");
  try {
    runOnce("project-app.ts", { FHP_CACHE_DIR: warmCache }); // fills the cache; also warms the OS file cache
    runOnce("bare-app.ts");
    const bare: Sample[] = [];
    const warm: Sample[] = [];
    const cold: Sample[] = [];
    for (let i = 0; i < REPEAT; i++) {
      bare.push(runOnce("bare-app.ts"));
      warm.push(runOnce("project-app.ts", { FHP_CACHE_DIR: warmCache }));
      cold.push(runOnce("project-app.ts", { FHP_CACHE_DIR: temp("cold-cache") }));
      console.log(`round ${i + 1}/${REPEAT}: bare ${round(bare[i].wallMs)} ms, project ${round(warm[i].wallMs)} ms, project cold ${round(cold[i].wallMs)} ms`);
    }
    const rows = { bare: summary(bare), project: summary(warm), projectCold: summary(cold) };
    const ratio = +(rows.project.wallMs / rows.bare.wallMs).toFixed(2);
    const coldRatio = +(rows.projectCold.wallMs / rows.bare.wallMs).toFixed(2);
    const cpuRatio = +(rows.project.cpuMs / rows.bare.cpuMs).toFixed(2);
    const result = { machine: { ...machine, loadAverage1mAtEnd: +loadavg()[0].toFixed(1) }, repeat: REPEAT, target: TARGET, ratio, coldRatio, cpuRatio, meetsTarget: ratio <= TARGET, rows };
    writeFileSync(join(__dirname, "results.json"), `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(join(__dirname, "results.md"), markdown(result));
    console.log(`project / bare = ${ratio} (target ≤ ${TARGET}); cold cache / bare = ${coldRatio}; CPU time project / bare = ${cpuRatio}`);
  } finally {
    for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  }
}

type Result = {
  machine: Record<string, string | number>;
  repeat: number;
  target: number;
  ratio: number;
  coldRatio: number;
  cpuRatio: number;
  meetsTarget: boolean;
  rows: Record<string, ReturnType<typeof summary>>;
};

function markdown(r: Result): string {
  const m = r.machine;
  const label: Record<string, string> = {
    bare: "bare three-stack cdktf app",
    project: "all environments (bundle cache filled)",
    projectCold: "all environments (empty bundle cache)",
  };
  return [
    "# Synth benchmark",
    "",
    "Generated by `npm run bench:synth` (bench/synth/run.ts; not part of `npm test`). Each row is a fresh process started",
    `by the runner of cdktf.json's \"app\", the same for both apps: \`${m.runner} <app>.ts\` (as \`cdktf synth\` and \`npm run synth\``,
    "run main.ts), alternating the three cases in each round so that the machine's load hits them alike; medians of the",
    "rounds. Wall time is measured around the process; CPU time (user + system) inside it, at its end, so it covers Node's",
    "start, the runner, loading, construction and synth, but not esbuild's own process (cold cache only). Phases are",
    "measured inside the process: loading the modules (TypeScript transpiled on the fly), constructing the stacks",
    "(Lambda bundles and their zips come from the cache, or from esbuild and zipping when it is empty) and `app.synth()`",
    "(writes the JSON and copies each Lambda zip). Where the time goes: [profile.md](profile.md).",
    "",
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB, Node ${m.node}, ${m.os}; ${m.date}; load average (1 min) ${m.loadAverage1mAtStart} at start, ${m.loadAverage1mAtEnd} at end. ${r.repeat} rounds.`,
    "",
    "| case | wall ms (median) | min–max | CPU ms | load modules ms | construct ms | synth ms | × bare (wall) | × bare (CPU) |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...Object.entries(r.rows).map(
      ([k, s]) =>
        `| ${label[k]} | ${s.wallMs} | ${s.minWallMs}–${s.maxWallMs} | ${s.cpuMs} | ${s.loadMs} | ${s.buildMs} | ${s.synthMs} | ${(s.wallMs / r.rows.bare.wallMs).toFixed(2)} | ${(s.cpuMs / r.rows.bare.cpuMs).toFixed(2)} |`,
    ),
    "",
    `**Result: all environments take ${r.ratio}× the bare app's time with the bundle cache filled (target ≤ ${r.target}×: ${r.meetsTarget ? "met" : "missed"}); ${r.coldRatio}× with an empty cache; ${r.cpuRatio}× its CPU time (cache filled).**`,
    "",
  ].join("\n");
}

const USAGE = `usage: npm run bench:synth -- [--repeat N]

Synthesizes every environment and a bare three-stack cdktf app side by side (fresh processes, alternating), N times
each (default 5), and writes the medians and the ratio (target: at most 1.5x) to bench/synth/results.json and .md.

Exit codes: 0 done, 1 a synth failed.

Examples:
  npm run bench:synth
  npm run bench:synth -- --repeat 9`;

if (process.argv.includes("--help") || process.argv.includes("-h")) console.log(USAGE);
else main();
