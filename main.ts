/**
 * The app: one stack per `environments/<name>/`, named after the directory.
 *   npm run synth                 → cdktf.out/stacks/<env>/cdk.tf.json for every environment
 *   npx cdktf deploy <env>        → deploys one environment
 */
import { App } from "cdktf";
import { discoverEnvironments, loadEnvironment } from "./app/environments";
import { PipelinesStack } from "./app/stack";
import { FirehoseValidationError } from "./modules/core/validation";

export function buildApp(options: { outdir?: string; only?: string[] } = {}): App {
  const app = new App({ outdir: options.outdir });
  for (const name of discoverEnvironments()) {
    if (options.only && !options.only.includes(name)) continue;
    const env = loadEnvironment(name);
    new PipelinesStack(app, name, { envName: name, config: env.config, configFile: env.file });
  }
  return app;
}

if (require.main === module) {
  try {
    // `firehose-pipelines review|preview` ask for the stack they need (FHP_STACKS=dev): no need to build the others.
    const only = process.env.FHP_STACKS ? process.env.FHP_STACKS.split(",").filter(Boolean) : undefined;
    const app = buildApp({ only });
    app.synth();
    console.log(`Synthesized ${(only ?? discoverEnvironments()).join(", ")} into ${app.outdir}/stacks/`);
  } catch (e) {
    // Configuration problems are the user's to fix: print the list, not a stack trace.
    if (e instanceof FirehoseValidationError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
}
