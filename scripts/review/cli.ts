/**
 * `firehose-pipelines review <stack> …` (in this repository: `npm run review -- <env> …`): synthesizes a stack of the
 * CDKTF project in the current directory (its cdktf.json `app`), plans it, and writes a Markdown review. See USAGE.
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs as parseNodeArgs } from "util";
import { FirehoseValidationError } from "../../modules/core/validation";
import { copyStack, loadProject, stackDirOf, synthesize, UsageError } from "../project";
import { Acknowledgement } from "./model";
import { EXIT, planStackDir, providerSchemas, reviewPlan } from "./plan";
import { stateFromPlan } from "./state";

export { UsageError };

export interface CliOptions {
  readonly environment: string;
  readonly offline: boolean;
  readonly statePath?: string;
  readonly writeState?: string;
  readonly acknowledge: Acknowledgement;
  readonly out?: string;
  readonly project?: string;
  readonly synth?: boolean;
}

export const USAGE = `usage: firehose-pipelines review <stack> [options]
       (in this repository: npm run review -- <stack> [options], or npm run fhp -- review <stack> [options])

Synthesizes <stack> of the CDKTF project in the current directory (the "app" command of its cdktf.json, output in
its cdktf.out), plans it with Terraform, and writes a Markdown review: counts per action, resources by construct,
risky changes (data-holding replacements first), and a data-flow diagram.

Options:
  --offline               plan without AWS: fake credentials, no refresh, a local state (--state) or none
  --state <file>          offline: plan against this Terraform state file (terraform state pull > file, or --write-state)
  --write-state <file>    offline: also write the state this plan would leave once applied; review your next change
                          against it with --state <file>
  --acknowledge <ids>     comma-separated risk ids (or prefix*) that are expected; repeatable
  --acknowledge-all       acknowledge every risk
  --out <file>            where to write the Markdown (default review-out/<stack>.md)
  --project <dir>         the CDKTF project (default: the nearest cdktf.json at or above the current directory)
  --no-synth              use the stack already in cdktf.out instead of running the app
  -h, --help              this help

Without state the review cannot see what a change replaces or deletes: every resource shows as created. It then says
so and exits 3; it never reports "No risky change" for such a plan. Make a state file once, on the deployed
configuration (or the main branch), and review changes against it:
  git stash && firehose-pipelines review prod --offline --write-state prod.tfstate && git stash pop
  firehose-pipelines review prod --offline --state prod.tfstate
With access to the real backend, \`terraform state pull > prod.tfstate\` in cdktf.out/stacks/prod gives the real one.

Exit codes:
  0  compared with a state, no open risk
  1  usage, configuration, synth or Terraform error
  2  at least one risk not acknowledged
  3  no open risk found, but no state (or an empty one): risks cannot be assessed

Examples:
  firehose-pipelines review prod                                   live plan: the stack's backend, your AWS credentials
  firehose-pipelines review dev --offline --write-state dev.tfstate
  firehose-pipelines review dev --offline --state dev.tfstate --acknowledge 'replace:aws_kinesis_firehose_delivery_stream.*'
  npm run review -- prod --offline --state prod.tfstate --out review.md`;

/** Turns util.parseArgs errors into short messages. */
function usageErrorOf(e: unknown): UsageError {
  const err = e as NodeJS.ErrnoException;
  const flag = /'(-[-\w]+)/.exec(err.message)?.[1] ?? "";
  if (err.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return new UsageError(`unknown option ${flag}\n\n${USAGE}`);
  if (err.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") return new UsageError(`${flag} needs a value\n\n${USAGE}`);
  return new UsageError(`${err.message}\n\n${USAGE}`);
}

/** Parses the command line; throws a UsageError naming the problem. `stacks`, when given, are the known stack names. */
export function parseArgs(argv: string[], stacks?: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseNodeArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        offline: { type: "boolean" },
        state: { type: "string" },
        "write-state": { type: "string" },
        acknowledge: { type: "string", multiple: true },
        "acknowledge-all": { type: "boolean" },
        out: { type: "string" },
        project: { type: "string" },
        "no-synth": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    throw usageErrorOf(e);
  }
  const { values, positionals } = parsed;
  if (values.help) throw new UsageError(USAGE);
  const known = stacks ? ` (one of: ${stacks.join(", ")})` : "";
  if (positionals.length === 0) throw new UsageError(`missing stack${known}\n\n${USAGE}`);
  if (positionals.length > 1) throw new UsageError(`one stack per review, got "${positionals[0]}" and "${positionals[1]}"`);
  const environment = positionals[0];
  if (stacks && !stacks.includes(environment)) throw new UsageError(`unknown stack "${environment}" (known: ${stacks.join(", ")})`);
  const offline = values.offline ?? false;
  if (values.state && !offline) throw new UsageError("--state is for offline plans (--offline); a live plan uses the stack's backend");
  if (values["write-state"] && !offline) throw new UsageError("--write-state is for offline plans (--offline); a live plan's state is the backend's");
  const ids = (values.acknowledge ?? []).flatMap((a) => a.split(",").map((s) => s.trim()).filter(Boolean));
  if (values["acknowledge-all"] && ids.length > 0) throw new UsageError("give either --acknowledge <ids> or --acknowledge-all, not both");
  return {
    environment,
    offline,
    statePath: values.state,
    ...(values["write-state"] ? { writeState: values["write-state"] } : {}),
    out: values.out,
    ...(values.project ? { project: values.project } : {}),
    ...(values["no-synth"] ? { synth: false } : {}),
    acknowledge: values["acknowledge-all"] ? "all" : ids,
  };
}

/** Runs the review; returns the process exit code ({@link EXIT}). */
export async function main(argv: string[]): Promise<number> {
  let opts: CliOptions;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    const message = (e as Error).message;
    if (message === USAGE) {
      console.log(USAGE);
      return EXIT.OK;
    }
    console.error(message);
    return EXIT.ERROR;
  }
  try {
    if (opts.statePath && !fs.existsSync(opts.statePath)) throw new UsageError(`--state ${opts.statePath}: no such file (make one with --write-state, or terraform state pull)`);
    const project = loadProject(opts.project);
    const stack = opts.environment;
    if (opts.synth !== false) synthesize(project, { stacks: [stack] });
    const deployDir = stackDirOf(project.output, stack);
    // Plan in a copy: the overrides and the plan file never land where `cdktf deploy` runs.
    const workDir = copyStack(deployDir, path.join(project.root, "review-out", stack));
    const stackPlan = planStackDir(workDir, { offline: opts.offline, statePath: opts.statePath }, deployDir);
    if (opts.writeState) {
      const state = stateFromPlan(stackPlan.plan, stackPlan.synth, providerSchemas(workDir));
      fs.mkdirSync(path.dirname(path.resolve(opts.writeState)), { recursive: true });
      fs.writeFileSync(opts.writeState, JSON.stringify(state, null, 2));
      console.error(`State of this plan, as if applied, written to ${opts.writeState} (${state.resources.length} resources): review a change against it with --offline --state ${opts.writeState}.`);
    }
    const result = reviewPlan(stackPlan, stack, opts.acknowledge);
    const out = opts.out ?? path.join(project.root, "review-out", `${stack}.md`);
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    fs.writeFileSync(out, result.markdown);
    console.log(result.markdown);
    const open = result.review.risks.filter((r) => !r.acknowledged);
    console.error(`Review written to ${path.relative(process.cwd(), path.resolve(out)) || out}.`);
    if (open.length > 0) console.error(`${open.length} risk(s) not acknowledged: ${open.map((r) => r.id).join(", ")}`);
    else if (result.exitCode === EXIT.NO_STATE) console.error("Risks cannot be assessed without state (exit 3): see --state and --write-state in --help.");
    return result.exitCode;
  } catch (e) {
    console.error(e instanceof UsageError || e instanceof FirehoseValidationError ? e.message : process.env.FHP_DEBUG ? ((e as Error).stack ?? String(e)) : (e as Error).message);
    return EXIT.ERROR;
  }
}
