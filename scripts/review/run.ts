/**
 * The review of this repository's app (main.ts, one stack per `environments/<name>/`), used by its tests: synthesize
 * one environment in-process, then plan and review it with `./plan`. The CLI (`./cli`) reviews any CDKTF project
 * through its cdktf.json instead.
 */
import * as fs from "fs";
import * as path from "path";
import { buildApp } from "../../main";
import { PROJECT_ROOT } from "../terraform";
import { Acknowledgement } from "./model";
import { PlanOptions, planStackDir, ReviewResult, reviewPlan } from "./plan";

export * from "./plan";

/** Synthesizes `env` into `<outdir>/stacks/<env>` and returns that directory. */
function synthEnvironment(env: string, outdir: string): string {
  fs.mkdirSync(outdir, { recursive: true });
  const app = buildApp({ outdir, only: [env] });
  if (!app.node.tryFindChild(env)) throw new Error(`unknown environment "${env}": no environments/${env}/config.ts`);
  app.synth();
  return path.join(outdir, "stacks", env);
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
