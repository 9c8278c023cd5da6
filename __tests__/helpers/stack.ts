import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { testOutdir } from "./temp";

/** A stack with an AWS provider, for construct tests (constructs never create providers themselves). */
export function testStack(id = "test"): TerraformStack {
  const app = Testing.app({ outdir: testOutdir() });
  const stack = new TerraformStack(app, id);
  addTestProvider(stack);
  return stack;
}

export function addTestProvider(scope: Construct): AwsProvider {
  return new AwsProvider(scope, "aws", { region: "eu-west-1" });
}

/** Synthesized JSON of a stack, parsed. */
export function synthJson(stack: TerraformStack): SynthJson {
  return JSON.parse(Testing.synth(stack)) as SynthJson;
}

export interface SynthJson {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, unknown>;
  terraform?: Record<string, unknown>;
  provider?: Record<string, unknown>;
}

/** All resources of one type in a synthesized stack. */
export function resourcesOf(json: SynthJson, type: string): Record<string, unknown>[] {
  return Object.values(json.resource?.[type] ?? {});
}

/** The only resource of a type; fails when there are none or several. */
export function onlyResource<T = Record<string, unknown>>(json: SynthJson, type: string): T {
  const all = resourcesOf(json, type);
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0] as T;
}

/** Runs `fn` and returns the thrown error's message (fails the test when nothing is thrown). */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected an error, none was thrown");
}
