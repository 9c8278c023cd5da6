/**
 * Deploy-layer benchmark (not part of `npm test`; needs Terraform and moto like `npm run test:deploy`):
 *   npm run bench:deploy
 * Runs `__tests__/deploy/deploy.test.ts` (every stack: apply, re-plan, smoke, destroy; and the reviewed change) once,
 * with FHP_DEPLOY_PROGRESS logging each terraform command's wall time and CPU seconds, and measures:
 * - the wall time and the CPU seconds (user+sys) of the whole jest run, its children included (terraform, the
 *   provider, moto, the synths, the review CLI, the emulator clients);
 * - terraform's CPU by kind of command (apply, re-plan, destroy, ...), moto's CPU, the jest worker's own CPU;
 * - the machine's load average, sampled every 10 s: on a shared machine the wall time says little, CPU seconds do.
 * The 2-core floor of the wall time is the CPU seconds / 2. Every temp file is in a fhp-bench-deploy-* directory,
 * removed at the end. Writes bench/deploy/results.json and bench/deploy/results.md.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { arch, cpus, loadavg, platform, release, tmpdir, totalmem } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const JEST = join(ROOT, "node_modules", "jest", "bin", "jest.js");

/** Kind of a terraform command line, as the deploy tests run them. */
function commandKind(args: string): string {
  if (args.startsWith("init")) return "init";
  if (args.startsWith("apply") && args.includes("-target=")) return "apply -target (OpenSearch: the domain's dependencies)";
  if (args.startsWith("apply") && / \S+\.tfplan$/.test(args)) return "apply of the change's plan";
  // applyAdoptingDomains asks for -no-color: it reads the plan in the apply's output.
  if (args.startsWith("apply") && args.includes("-no-color")) return "apply adopting the domains (OpenSearch)";
  if (args.startsWith("apply")) return "apply";
  if (args.startsWith("plan") && args.includes("-detailed-exitcode")) return "re-plan (refresh, must show no change)";
  if (args.startsWith("plan")) return "plan of the change";
  if (args.startsWith("show -json ")) return "show -json <plan>";
  if (args.startsWith("show")) return "show -json (state)";
  if (args.startsWith("state pull")) return "state pull";
  if (args.startsWith("state rm")) return "state rm (adopted domain)";
  if (args.startsWith("state push")) return "state push (adopted domains' master users)";
  if (args.startsWith("destroy")) return "destroy";
  return args.split(" ")[0];
}

interface Command {
  readonly stack: string;
  readonly kind: string;
  readonly wallS: number;
  readonly cpuS: number;
}

/** The terraform lines of a FHP_DEPLOY_PROGRESS log. */
function parseProgress(log: string): { commands: Command[]; providerCpuS: Record<string, number>; motoCpuS?: number; workerCpuS?: number; cycles: Record<string, number> } {
  const commands: Command[] = [];
  // Reattached providers (one process per stack, FHP_DEPLOY_REATTACH): their CPU is not in the terraform commands'.
  const providerCpuS: Record<string, number> = {};
  const cycles: Record<string, number> = {};
  let motoCpuS: number | undefined;
  let workerCpuS: number | undefined;
  for (const line of log.split("\n")) {
    const tf = /^\S+ (\S+) terraform (.*): exit \d+ after ([\d.]+) s, CPU ([\d.]+) s$/.exec(line);
    if (tf) commands.push({ stack: tf[1], kind: commandKind(tf[2]), wallS: Number(tf[3]), cpuS: Number(tf[4]) });
    const provider = /^\S+ (\S+) provider \(reattached[^)]*\): CPU ([\d.]+) s$/.exec(line);
    if (provider) providerCpuS[provider[1]] = Number(provider[2]);
    const emu = /emulators \(moto\): CPU ([\d.]+) s; this jest worker \(synth, test code\): CPU ([\d.]+) s/.exec(line);
    if (emu) [motoCpuS, workerCpuS] = [Number(emu[1]), Number(emu[2])];
    const cycle = /^\S+ (\S+): whole cycle ([\d.]+) s/.exec(line);
    if (cycle) cycles[cycle[1]] = Number(cycle[2]);
  }
  return { commands, providerCpuS, motoCpuS, workerCpuS, cycles };
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "fhp-bench-deploy-"));
  try {
    const progress = join(dir, "progress.log");
    const timeFile = join(dir, "time");
    const loads: number[] = [];
    const sampler = setInterval(() => loads.push(loadavg()[0]), 10000);
    const loadAtStart = loadavg()[0];
    const started = new Date();
    const code = await new Promise<number>((resolve) => {
      const child = spawn("/usr/bin/time", ["-f", "%e %U %S", "-o", timeFile, process.execPath, JEST, "__tests__/deploy/deploy.test.ts"], {
        cwd: ROOT,
        env: { ...process.env, FHP_JEST_PROJECTS: "deploy", FHP_DEPLOY_PROGRESS: progress },
        stdio: "inherit",
      });
      child.on("close", (c) => resolve(c ?? 1));
    });
    clearInterval(sampler);
    const [wallS, userS, sysS] = readFileSync(timeFile, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
    const log = existsSync(progress) ? readFileSync(progress, "utf8") : "";
    const { commands, providerCpuS, motoCpuS, workerCpuS, cycles } = parseProgress(log);
    const byKind = new Map<string, { n: number; cpuS: number; wallS: number }>();
    for (const c of commands) {
      const k = byKind.get(c.kind) ?? { n: 0, cpuS: 0, wallS: 0 };
      byKind.set(c.kind, { n: k.n + 1, cpuS: k.cpuS + c.cpuS, wallS: k.wallS + c.wallS });
    }
    const commandsCpuS = commands.reduce((a, c) => a + c.cpuS, 0);
    const reattachedCpuS = Object.values(providerCpuS).reduce((a, b) => a + b, 0);
    const providers = Object.keys(providerCpuS).length;
    const terraformCpuS = commandsCpuS + reattachedCpuS;
    const cpuS = userS + sysS;
    const meanLoad = loads.length ? loads.reduce((a, b) => a + b, 0) / loads.length : loadAtStart;
    const results = {
      date: started.toISOString(),
      machine: `${cpus()[0]?.model.trim()}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GB, Node ${process.version}, ${platform()} ${release()} ${arch()}`,
      passed: code === 0,
      load: { atStart: loadAtStart, mean: meanLoad, max: Math.max(loadAtStart, ...loads) },
      wallS,
      cpuS,
      floorOn2CoresS: cpuS / 2,
      terraformCpuS,
      terraformCommands: commands.length,
      terraformCommandsCpuS: commandsCpuS,
      reattachedProviders: providers,
      reattachedProvidersCpuS: providerCpuS,
      motoCpuS,
      jestWorkerCpuS: workerCpuS,
      byKind: Object.fromEntries(byKind),
      cycles,
    };
    writeFileSync(join(__dirname, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
    const f = (x: number | undefined) => (x === undefined ? "?" : x.toFixed(0));
    const rest = cpuS - terraformCpuS - (motoCpuS ?? 0) - (workerCpuS ?? 0);
    const md = [
      "# Deploy-layer benchmark",
      "",
      "Generated by `npm run bench:deploy` (bench/deploy/run.ts; not part of `npm test`): one run of",
      "`__tests__/deploy/deploy.test.ts` (five stacks applied, re-planned, smoke-tested and destroyed, and the reviewed",
      "change) with each terraform command's wall time and CPU seconds logged. CPU seconds are user+sys, children included.",
      "",
      `Machine: ${results.machine}; ${results.date}. Load average (1 min): ${loadAtStart.toFixed(1)} at start, ${meanLoad.toFixed(1)} on average, ${results.load.max.toFixed(1)} at most${meanLoad > 2.5 ? ": other jobs shared the 2 cores, so wall times are inflated" : ""}.`,
      "",
      `**Result${code === 0 ? "" : " (the run FAILED)"}: ${f(wallS)} s of wall time, ${f(cpuS)} CPU seconds; on 2 cores the wall time cannot go below ${f(cpuS / 2)} s (target ≤ 300 s: ${cpuS / 2 <= 300 ? "reachable" : "missed"}${wallS <= 300 ? ", met" : ""}).**`,
      "",
      "| where | CPU s |",
      "|---|---:|",
      `| terraform and the provider (${commands.length} commands${providers ? `, reattached providers for ${providers} tests` : ""}) | ${f(terraformCpuS)} |`,
      ...(providers ? [`| of which the terraform commands themselves | ${f(commandsCpuS)} |`, `| of which the reattached providers (one per stack directory, their own CPU from /proc) | ${f(reattachedCpuS)} |`] : []),
      `| moto (the emulators) | ${f(motoCpuS)} |`,
      `| jest worker (app synth, test code) | ${f(workerCpuS)} |`,
      `| other children (package build, examples' synth, review CLI, emulator clients) | ${f(rest)} |`,
      "",
      ...(providers
        ? [
            "Every terraform command of a stack reattached to one provider process started for that stack (TF_REATTACH_PROVIDERS;",
            "FHP_DEPLOY_REATTACH=0 turns it off), so the CPU by command below leaves out the provider's work, counted above.",
            "",
          ]
        : []),
      "| terraform command | count | CPU s | wall s (sum) |",
      "|---|---:|---:|---:|",
      ...[...byKind.entries()].sort((a, b) => b[1].cpuS - a[1].cpuS).map(([k, v]) => `| ${k} | ${v.n} | ${v.cpuS.toFixed(0)} | ${v.wallS.toFixed(0)} |`),
      "",
      `Whole cycle per stack (wall s): ${Object.entries(cycles).map(([s, t]) => `${s} ${t.toFixed(0)}`).join(", ") || "?"}.`,
      "",
    ].join("\n");
    writeFileSync(join(__dirname, "results.md"), md);
    process.stdout.write(`\n${md}`);
    return code;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const USAGE = `usage: npm run bench:deploy

Runs the deploy layer (__tests__/deploy/deploy.test.ts: every stack applied to the AWS emulator, re-planned, smoke-tested
and destroyed, and the reviewed change) once, and writes its wall time and CPU seconds (whole run, by terraform
command, moto) to bench/deploy/results.json and .md. Needs Terraform and moto, like npm run test:deploy.

Exit codes: 0 done, 1 the deploy tests failed (the results are written, marked FAILED).

Examples:
  npm run bench:deploy
`;

if (process.argv.includes("--help") || process.argv.includes("-h")) console.log(USAGE);
else if (require.main === module) {
  main().then(
    (code) => (process.exitCode = code),
    (e) => {
      console.error((e as Error).message);
      process.exitCode = 1;
    },
  );
}
