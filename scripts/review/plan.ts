/**
 * The side-effecting half of the review: run `terraform init/plan/show` on a synthesized stack, and hand the plan
 * JSON and the synthesized stack to the pure model. Online plans use the stack's backend and the caller's AWS
 * credentials; offline plans use `scripts/terraform.ts` (fake credentials, skip flags, local state).
 */
import * as fs from "fs";
import * as path from "path";
import { findProviderMirror, offlineEnv, terraform, TerraformRun, writeCliConfig, writeOfflineOverride } from "../terraform";
import { renderMarkdown } from "./markdown";
import { Acknowledgement, buildReview, unacknowledged } from "./model";
import { ProviderSchemas } from "./state";
import { Review, ReviewPlan, SynthStack } from "./types";

export interface PlanOptions {
  /** Plan with fake credentials and no refresh, against `statePath` or an empty state. */
  readonly offline: boolean;
  /** Offline only: a state file to plan against. */
  readonly statePath?: string;
}

export interface StackPlan {
  readonly stackDir: string;
  readonly plan: ReviewPlan & { configuration?: unknown };
  readonly synth: SynthStack;
  /** Human description of how the plan was made. */
  readonly mode: string;
  /**
   * False when the plan ran offline without a state, or against a state holding no resource: every resource shows as
   * created, so replacements and deletions of what is deployed cannot be seen.
   */
  readonly stateSeen: boolean;
}

const BACKEND_OVERRIDE = "zz_review_backend_override.tf.json";
const OFFLINE_OVERRIDE = "zz_offline_override.tf.json";

function must(run: TerraformRun, what: string): TerraformRun {
  if (run.code !== 0) throw new Error(`terraform ${what} failed (exit ${run.code}):\n${run.stderr}\n${run.stdout}`.trim());
  return run;
}

function onlineEnv(): NodeJS.ProcessEnv {
  // Keep the user's CLI config; without one, use the project's mirror config when this machine has a mirror.
  const cli = process.env.TF_CLI_CONFIG_FILE ?? (findProviderMirror() ? writeCliConfig() : undefined);
  return { ...process.env, ...(cli ? { TF_CLI_CONFIG_FILE: cli } : {}), TF_IN_AUTOMATION: "1", TF_INPUT: "0", CHECKPOINT_DISABLE: "1" };
}

/**
 * Plans a synthesized stack directory. Online: the stack's own backend (a local backend's relative path is resolved
 * where `cdktf deploy` keeps it, `cdktf.out/stacks/<env>/`), refreshed with the caller's credentials, never locking
 * the state (a plan does not write it). Offline: no refresh, fake credentials.
 */
export function planStackDir(stackDir: string, opts: PlanOptions, deployDir?: string): StackPlan {
  const synth = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")) as SynthStack & { terraform?: { backend?: Record<string, Record<string, unknown>> } };
  for (const f of [BACKEND_OVERRIDE, OFFLINE_OVERRIDE, "review.tfplan"]) fs.rmSync(path.join(stackDir, f), { force: true });
  let env: NodeJS.ProcessEnv;
  let mode: string;
  let stateSeen = true;
  const planArgs = ["plan", "-input=false", "-lock=false", "-out=review.tfplan"];
  if (opts.offline) {
    const statePath = opts.statePath ? path.resolve(opts.statePath) : undefined;
    if (statePath && !fs.existsSync(statePath)) throw new Error(`--state ${opts.statePath}: no such file`);
    writeOfflineOverride(stackDir, { statePath: statePath ?? "offline.tfstate" });
    if (!statePath) fs.rmSync(path.join(stackDir, "offline.tfstate"), { force: true });
    env = offlineEnv();
    planArgs.push("-refresh=false");
    stateSeen = statePath !== undefined && stateHasResources(statePath);
    mode = statePath ? `offline against the state in ${path.basename(statePath)}, fake credentials, no refresh` : "offline against an empty state (everything is new), fake credentials, no refresh";
  } else {
    const backend = synth.terraform?.backend ?? {};
    const [type, config] = Object.entries(backend)[0] ?? ["local", {}];
    if (type === "local") {
      const local = String(config.path ?? "terraform.tfstate");
      const abs = path.isAbsolute(local) ? local : path.resolve(deployDir ?? stackDir, local);
      fs.writeFileSync(path.join(stackDir, BACKEND_OVERRIDE), JSON.stringify({ terraform: { backend: { local: { path: abs } } } }, null, 2));
      mode = `live: local state ${path.relative(process.cwd(), abs) || abs}${fs.existsSync(abs) ? "" : " (not found: nothing deployed yet)"}, refreshed with your AWS credentials`;
    } else {
      mode = `live: ${type} backend${config.bucket ? ` s3://${config.bucket}/${config.key}` : ""}, refreshed with your AWS credentials`;
    }
    env = onlineEnv();
  }
  must(terraform(stackDir, ["init", "-input=false", "-reconfigure"], env), "init");
  must(terraform(stackDir, planArgs, env), "plan");
  const plan = JSON.parse(must(terraform(stackDir, ["show", "-json", "review.tfplan"], env), "show").stdout);
  return { stackDir, plan, synth, mode, stateSeen };
}

/** `terraform providers schema -json` of an initialized stack directory (used to build test states). */
export function providerSchemas(stackDir: string): ProviderSchemas {
  return JSON.parse(must(terraform(stackDir, ["providers", "schema", "-json"], offlineEnv()), "providers schema").stdout);
}

/** True when a Terraform state file lists at least one managed resource. */
export function stateHasResources(file: string): boolean {
  try {
    const state = JSON.parse(fs.readFileSync(file, "utf8")) as { resources?: { mode?: string }[] };
    return (state.resources ?? []).some((r) => r.mode !== "data");
  } catch {
    return false;
  }
}

/** The review's exit codes (documented in `firehose-pipelines review --help` and the README). */
export const EXIT = {
  /** The plan was compared with a state and no risk is open. */
  OK: 0,
  /** Usage, configuration, synth or Terraform error. */
  ERROR: 1,
  /** At least one risk is not acknowledged. */
  RISK: 2,
  /** No open risk found, but the plan ran without a state (or an empty one): risks could not be assessed. */
  NO_STATE: 3,
} as const;

export interface ReviewResult {
  readonly review: Review;
  readonly markdown: string;
  /** {@link EXIT}: 0 no open risk; 2 at least one risk not acknowledged; 3 no state, risks not assessable. */
  readonly exitCode: 0 | 2 | 3;
}

/** Model + Markdown + exit code of a plan (pure). */
export function reviewPlan(stackPlan: Pick<StackPlan, "plan" | "synth" | "mode"> & { stateSeen?: boolean }, environment: string, acknowledge: Acknowledgement = []): ReviewResult {
  const stateSeen = stackPlan.stateSeen ?? true;
  const review = buildReview(stackPlan.plan, stackPlan.synth, { environment, mode: stackPlan.mode, acknowledge, stateSeen });
  const exitCode = unacknowledged(review).length > 0 ? EXIT.RISK : stateSeen ? EXIT.OK : EXIT.NO_STATE;
  return { review, markdown: renderMarkdown(review), exitCode };
}
