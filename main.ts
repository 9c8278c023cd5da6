/**
 * The app: one stack per `environments/<name>/`, named after the directory.
 *   npm run synth                 → cdktf.out/stacks/<env>/cdk.tf.json for every environment
 *   npx cdktf deploy <env>        → deploys one environment
 */
import { App } from "cdktf";
import { discoverEnvironments, loadEnvironment } from "./app/environments";
import { PipelinesStack } from "./app/stack";
import { FirehoseValidationError, reportValidationError, ValidationProblem } from "./modules/core/validation";

/**
 * Builds one stack per environment. Every environment is built even when an earlier one is invalid: the problems of
 * all of them are thrown together, once, as one FirehoseValidationError.
 */
export function buildApp(options: { outdir?: string; only?: string[] } = {}): App {
  const app = new App({ outdir: options.outdir });
  const problems: ValidationProblem[] = [];
  for (const name of discoverEnvironments()) {
    if (options.only && !options.only.includes(name)) continue;
    try {
      const env = loadEnvironment(name);
      new PipelinesStack(app, name, { envName: name, config: env.config, configFile: env.file });
    } catch (e) {
      if (!(e instanceof FirehoseValidationError)) throw e;
      problems.push(...e.problems);
    }
  }
  if (problems.length > 0) throw new FirehoseValidationError(problems);
  return app;
}

/** Prints a validation error once (see the library's reportValidationError, shared with users' own apps). */
export { reportValidationError };

export const USAGE = `usage: npm run synth        (what \`cdktf synth\` runs: cdktf.json "app")

Synthesizes one stack per environments/<name>/config.ts into cdktf.out/stacks/<name>/ (CDKTF_OUTDIR overrides).
FHP_STACKS=dev,prod builds only those. Configuration problems of every environment are listed together, once.

Examples:
  npm run synth
  FHP_STACKS=dev npm run synth
  npx cdktf synth && npx cdktf deploy dev`;

if (require.main === module && (process.argv.includes("--help") || process.argv.includes("-h"))) {
  console.log(USAGE);
} else if (require.main === module) {
  try {
    // `firehose-pipelines review|preview` ask for the stack they need (FHP_STACKS=dev): no need to build the others.
    const only = process.env.FHP_STACKS ? process.env.FHP_STACKS.split(",").filter(Boolean) : undefined;
    const app = buildApp({ only });
    app.synth();
    console.log(`Synthesized ${(only ?? discoverEnvironments()).join(", ")} into ${app.outdir}/stacks/`);
  } catch (e) {
    // Configuration problems are the user's to fix: print the list, not a stack trace.
    if (e instanceof FirehoseValidationError) process.exit(reportValidationError(e));
    throw e;
  }
}
