/**
 * The app: one stack per `environments/<name>/`, named after the directory.
 *   npm run synth                 → cdktf.out/stacks/<env>/cdk.tf.json for every environment
 *   npx cdktf deploy <env>        → deploys one environment
 */
import { AnnotationMetadataEntryType, App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { discoverEnvironments, loadEnvironment } from "./app/environments";
import { PipelinesStack } from "./app/stack";
import { FirehoseValidationError, formatProblemDetail, ValidationProblem } from "./modules/core/validation";

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

/**
 * Prints a validation error once, as its list, without a stack trace. Under `cdktf synth` (which prints an app's
 * stderr twice: as it comes, then in its failure summary) the problems become cdktf error annotations, which cdktf
 * prints once each, `ERROR [<construct path>]: <problem>`, before failing the synth.
 */
export function reportValidationError(e: FirehoseValidationError, outdir?: string): number {
  if (process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== "true") {
    console.error(e.message);
    return 1;
  }
  // A fresh app: the invalid stacks are not synthesized; one empty stack per environment carries its problems.
  const app = new App({ outdir });
  const stacks = new Map<string, TerraformStack>();
  for (const p of e.problems) {
    const [origin, constructPath] = p.constructPath.includes(" → ") ? p.constructPath.split(" → ") : [undefined, p.constructPath];
    const fromFile = /^environments\/([^/]+)\//.exec(origin ?? constructPath)?.[1];
    const segments = fromFile && !origin ? [fromFile] : constructPath.split("/");
    if (!stacks.has(segments[0])) stacks.set(segments[0], new TerraformStack(app, segments[0]));
    // The annotation sits on a construct at the problem's path: cdktf prints that path, the message does not repeat it.
    let node: Construct = stacks.get(segments[0])!;
    for (const id of segments.slice(1)) node = node.node.tryFindChild(id) as Construct ?? new Construct(node, id);
    const where = origin ?? (fromFile ? constructPath : undefined);
    // Not Annotations.addError: that records a stack trace, which cdktf prints after the message.
    node.node.addMetadata(AnnotationMetadataEntryType.ERROR, `${formatProblemDetail(p)}${where ? ` — ${where}` : ""}`);
  }
  app.synth();
  return 0;
}

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
