/**
 * Test helpers that run the real Terraform and provider offline. When terraform is missing, the tests that need it
 * fail under CI=true (a CI without Terraform must not pass silently) and are skipped with a warning elsewhere.
 */
import * as path from "path";
import { App, TerraformStack } from "cdktf";
import { PlanJson, terraformVersion, validateAndPlanOffline } from "../../scripts/terraform";
import { tempDir } from "./temp";

export { tempDir };

export const TERRAFORM_VERSION = terraformVersion();

/** Fails in the `unit` jest project: Terraform runs only in `*.plan.test.ts` files (the `plan` project). */
export function assertNotUnitProject(what: string): void {
  if (process.env.FHP_TEST_PROJECT === "unit") {
    throw new Error(`${what} runs Terraform: move it to a *.plan.test.ts file (the plan jest project); unit tests run no Terraform`);
  }
}

/** `describe` for suites that need terraform. */
export function describeTerraform(name: string, fn: () => void): void {
  assertNotUnitProject(`describeTerraform("${name}")`);
  if (TERRAFORM_VERSION) {
    describe(name, fn);
  } else if (process.env.CI === "true") {
    describe(name, () => {
      test("terraform is installed", () => {
        throw new Error("terraform is not on PATH: CI=true requires it to validate and plan the synthesized stacks offline.");
      });
    });
  } else {
    // eslint-disable-next-line no-console
    console.warn(`WARNING: terraform not found on PATH; skipping "${name}" (set CI=true to make this a failure).`);
    describe.skip(name, fn);
  }
}

/** Synthesizes `app` and returns the stack directory of `stackName`. */
export function synthApp(app: App, stackName: string): string {
  app.synth();
  return path.join(app.outdir, "stacks", stackName);
}

/** Builds a one-stack app in a temp dir with `build`, synthesizes it and plans it offline. */
export function planStack(name: string, build: (stack: TerraformStack) => void): { stackDir: string; plan: PlanJson; validate: string } {
  assertNotUnitProject(`planStack("${name}")`);
  const app = new App({ outdir: tempDir(name) });
  const stack = new TerraformStack(app, name);
  build(stack);
  const stackDir = synthApp(app, name);
  return { stackDir, ...validateAndPlanOffline(stackDir) };
}

/** Addresses of planned creates of one resource type. */
export function plannedCreates(plan: PlanJson, type: string): string[] {
  return (plan.resource_changes ?? []).filter((c) => c.type === type && c.change.actions.includes("create")).map((c) => c.address);
}
