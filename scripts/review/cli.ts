/**
 * npm run review -- <env> [--offline [--state <file>]] [--acknowledge <risk-id,...> | --acknowledge-all] [--out <file>]
 *
 * Synthesizes the environment, plans it (live by default: the environment's backend and your AWS credentials), and
 * writes a Markdown review: counts per action, resources by pipeline, risky changes, and a data-flow diagram.
 * Exit codes: 0 no open risk, 2 a risk is not acknowledged, 1 usage or Terraform error.
 */
import * as fs from "fs";
import * as path from "path";
import { discoverEnvironments } from "../../app/environments";
import { FirehoseValidationError } from "../../modules/core/validation";
import { Acknowledgement } from "./model";
import { reviewEnvironment } from "./run";

export interface CliOptions {
  readonly environment: string;
  readonly offline: boolean;
  readonly statePath?: string;
  readonly acknowledge: Acknowledgement;
  readonly out?: string;
}

export const USAGE = "usage: npm run review -- <env> [--offline [--state <file>]] [--acknowledge <risk-id,...> | --acknowledge-all] [--out <file>]";

export class UsageError extends Error {}

/** Parses the command line; throws a UsageError naming the problem. */
export function parseArgs(argv: string[], environments: string[] = discoverEnvironments()): CliOptions {
  let environment: string | undefined;
  let offline = false;
  let statePath: string | undefined;
  let out: string | undefined;
  const ids: string[] = [];
  let all = false;
  const value = (i: number, flag: string) => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("--")) throw new UsageError(`${flag} needs a value\n${USAGE}`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const take = () => inline ?? value(i++, flag);
    if (flag === "--offline") offline = true;
    else if (flag === "--acknowledge-all") all = true;
    else if (flag === "--acknowledge") ids.push(...take().split(",").map((s) => s.trim()).filter(Boolean));
    else if (flag === "--out") out = take();
    else if (flag === "--state") statePath = take();
    else if (flag === "--help" || flag === "-h") throw new UsageError(USAGE);
    else if (a.startsWith("-")) throw new UsageError(`unknown option ${a}\n${USAGE}`);
    else if (environment === undefined) environment = a;
    else throw new UsageError(`one environment per review, got "${environment}" and "${a}"\n${USAGE}`);
  }
  if (!environment) throw new UsageError(`missing environment (one of: ${environments.join(", ")})\n${USAGE}`);
  if (!environments.includes(environment)) throw new UsageError(`unknown environment "${environment}" (known: ${environments.join(", ")})`);
  if (statePath && !offline) throw new UsageError("--state is for offline plans (--offline); a live plan uses the environment's backend");
  if (all && ids.length > 0) throw new UsageError("give either --acknowledge <ids> or --acknowledge-all, not both");
  return { environment, offline, statePath, out, acknowledge: all ? "all" : ids };
}

/** Runs the review; returns the process exit code. */
export function main(argv: string[]): number {
  let opts: CliOptions;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    console.error((e as Error).message);
    return 1;
  }
  try {
    const result = reviewEnvironment({ environment: opts.environment, offline: opts.offline, statePath: opts.statePath, acknowledge: opts.acknowledge });
    const out = opts.out ?? path.join("review-out", `${opts.environment}.md`);
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    fs.writeFileSync(out, result.markdown);
    console.log(result.markdown);
    const open = result.review.risks.filter((r) => !r.acknowledged);
    console.error(`Review written to ${out}.`);
    if (open.length > 0) console.error(`${open.length} risk(s) not acknowledged: ${open.map((r) => r.id).join(", ")}`);
    return result.exitCode;
  } catch (e) {
    console.error(e instanceof FirehoseValidationError ? e.message : (e as Error).stack ?? String(e));
    return 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
