import { Testing, TerraformStack } from "cdktf";
import { FirehoseValidationError } from "../../modules";
import { testStack } from "./stack";

/** The rule ids a configuration reported, as errors (refused) and as warnings (synth continued). */
export interface ReportedRules {
  readonly errors: string[];
  /** Warnings of the constructs (their props). */
  readonly warnings: string[];
  /** Warnings of the rendered-resource checks at synth (on the Terraform the constructs rendered). */
  readonly renderedWarnings?: string[];
  /**
   * When the validation error was thrown: by the check of what the user wrote, before anything is built (a
   * constructor, an environment file's validation), or at synth (the rendered-resource checks).
   */
  readonly refusedAt?: "props" | "synth";
}

/** Rule ids cited in messages: `... (rule B9; received 5)`. */
const RULE_IN_MESSAGE = /\(rule ([A-Za-z0-9-]+);/g;

function ruleIdsIn(text: string): string[] {
  return [...text.matchAll(RULE_IN_MESSAGE)].map((m) => m[1]);
}

/**
 * Builds constructs in a fresh test stack (constructors throw their problems there), then, when that passed,
 * synthesizes it (the rendered-resource checks and the checks across constructs run then). Returns the rule ids of
 * the validation error, if any, and of every warning annotation of the stack. Any other error is rethrown: a case
 * must fail by validation, not by a crash.
 */
export function reportedRules(build: (stack: TerraformStack) => void): ReportedRules {
  const stack = testStack();
  let errors: string[] = [];
  let refusedAt: ReportedRules["refusedAt"];
  let stage: "props" | "synth" = "props";
  try {
    build(stack);
    stage = "synth";
    Testing.synth(stack);
  } catch (e) {
    if (!(e instanceof FirehoseValidationError)) throw e;
    errors = e.problems.map((p) => p.rule);
    refusedAt = stage;
  }
  const texts = stack.node
    .findAll()
    .flatMap((n) => n.node.metadata)
    .filter((m) => m.type === "@cdktf/warn")
    .map((m) => String(m.data));
  // The rendered checks say which resource type they read: "(rendered aws_kinesis_firehose_delivery_stream)".
  const rendered = (text: string) => /\(rendered [a-z0-9_]+\)/.test(text);
  return {
    errors,
    warnings: texts.filter((t) => !rendered(t)).flatMap(ruleIdsIn),
    renderedWarnings: texts.filter(rendered).flatMap(ruleIdsIn),
    ...(refusedAt ? { refusedAt } : {}),
  };
}

/**
 * The same for a check that needs no construct (an environment file's validation): the rule ids of the validation
 * error it throws and of the warnings it prints (`console.warn`, as a Validator without a scope does).
 */
export function reportedRulesOf(check: () => unknown): ReportedRules {
  const printed: string[] = [];
  let refusedAt: ReportedRules["refusedAt"];
  const spy = jest.spyOn(console, "warn").mockImplementation((...args: unknown[]) => {
    printed.push(args.map(String).join(" "));
  });
  let errors: string[] = [];
  try {
    check();
  } catch (e) {
    if (!(e instanceof FirehoseValidationError)) throw e;
    errors = e.problems.map((p) => p.rule);
    refusedAt = "props";
  } finally {
    spy.mockRestore();
  }
  return { errors, warnings: printed.flatMap(ruleIdsIn), ...(refusedAt ? { refusedAt } : {}) };
}
