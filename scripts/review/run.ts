/**
 * The side-effecting half of the review: synthesize one environment, run `terraform init/plan/show`, and hand the plan
 * JSON and the synthesized stack to the pure model. Online plans use the environment's backend and the caller's AWS
 * credentials; offline plans use `scripts/terraform.ts` (fake credentials, skip flags, local state).
 */
import * as fs from "fs";
import * as path from "path";
import { buildApp } from "../../main";
import { findProviderMirror, offlineEnv, PROJECT_ROOT, terraform, TerraformRun, writeCliConfig, writeOfflineOverride } from "../terraform";
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
}

const BACKEND_OVERRIDE = "zz_review_backend_override.tf.json";
const OFFLINE_OVERRIDE = "zz_offline_override.tf.json";

function must(run: TerraformRun, what: string): TerraformRun {
  if (run.code !== 0) throw new Error(`terraform ${what} failed (exit ${run.code}):\n${run.stderr}\n${run.stdout}`.trim());
  return run;
}

/** Synthesizes `env` into `<outdir>/stacks/<env>` and returns that directory. */
export function synthEnvironment(env: string, outdir: string): string {
  fs.mkdirSync(outdir, { recursive: true });
  const app = buildApp({ outdir, only: [env] });
  if (!app.node.tryFindChild(env)) throw new Error(`unknown environment "${env}": no environments/${env}/config.ts`);
  app.synth();
  return path.join(outdir, "stacks", env);
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
  const planArgs = ["plan", "-input=false", "-lock=false", "-out=review.tfplan"];
  if (opts.offline) {
    const statePath = opts.statePath ? path.resolve(opts.statePath) : undefined;
    if (statePath && !fs.existsSync(statePath)) throw new Error(`--state ${opts.statePath}: no such file`);
    writeOfflineOverride(stackDir, { statePath: statePath ?? "offline.tfstate" });
    if (!statePath) fs.rmSync(path.join(stackDir, "offline.tfstate"), { force: true });
    env = offlineEnv();
    planArgs.push("-refresh=false");
    mode = statePath ? `offline against the state in ${path.basename(statePath)}, fake credentials, no refresh` : "offline against an empty state (everything is new), fake credentials, no refresh";
  } else {
    const backend = synth.terraform?.backend ?? {};
    const [type, config] = Object.entries(backend)[0] ?? ["local", {}];
    if (type === "local") {
      const local = String(config.path ?? "terraform.tfstate");
      const abs = path.isAbsolute(local) ? local : path.resolve(deployDir ?? stackDir, local);
      fs.writeFileSync(path.join(stackDir, BACKEND_OVERRIDE), JSON.stringify({ terraform: { backend: { local: { path: abs } } } }, null, 2));
      mode = `live: local state ${path.relative(PROJECT_ROOT, abs)}${fs.existsSync(abs) ? "" : " (not found: nothing deployed yet)"}, refreshed with your AWS credentials`;
    } else {
      mode = `live: ${type} backend${config.bucket ? ` s3://${config.bucket}/${config.key}` : ""}, refreshed with your AWS credentials`;
    }
    env = onlineEnv();
  }
  must(terraform(stackDir, ["init", "-input=false", "-reconfigure"], env), "init");
  must(terraform(stackDir, planArgs, env), "plan");
  const plan = JSON.parse(must(terraform(stackDir, ["show", "-json", "review.tfplan"], env), "show").stdout);
  return { stackDir, plan, synth, mode };
}

/** `terraform providers schema -json` of an initialized stack directory (used to build test states). */
export function providerSchemas(stackDir: string): ProviderSchemas {
  return JSON.parse(must(terraform(stackDir, ["providers", "schema", "-json"], offlineEnv()), "providers schema").stdout);
}

export interface ReviewResult {
  readonly review: Review;
  readonly markdown: string;
  /** 0: no open risk; 2: at least one risk not acknowledged. */
  readonly exitCode: 0 | 2;
}

/** Model + Markdown + exit code of a plan (pure). */
export function reviewPlan(stackPlan: Pick<StackPlan, "plan" | "synth" | "mode">, environment: string, acknowledge: Acknowledgement = []): ReviewResult {
  const review = buildReview(stackPlan.plan, stackPlan.synth, { environment, mode: stackPlan.mode, acknowledge });
  return { review, markdown: renderMarkdown(review), exitCode: unacknowledged(review).length > 0 ? 2 : 0 };
}

export interface ReviewEnvironmentOptions extends PlanOptions {
  readonly environment: string;
  readonly acknowledge?: Acknowledgement;
  /** Where to synthesize. @default review-out/<env>/ */
  readonly outdir?: string;
}

export function reviewEnvironment(opts: ReviewEnvironmentOptions): ReviewResult & { stackDir: string } {
  const outdir = opts.outdir ?? path.join(PROJECT_ROOT, "review-out", opts.environment);
  const stackDir = synthEnvironment(opts.environment, outdir);
  const stackPlan = planStackDir(stackDir, opts, path.join(PROJECT_ROOT, "cdktf.out", "stacks", opts.environment));
  return { ...reviewPlan(stackPlan, opts.environment, opts.acknowledge), stackDir };
}
