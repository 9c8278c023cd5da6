/** EventBridge name rules (N-RULE, E6) and target rules (E1, E2, E3, E4, E5) as validator helpers; see modules/core/rules.ts. */
import { isUnresolved, Validator } from "../core/validation";
import * as Patterns from "../core/patterns";

/** Length limits of EventBridge names (PutRule Name, PutTargets Id, CreateEventBus Name, CreateArchive ArchiveName). */
export const NAME_LIMITS = {
  rule: { max: 64, pattern: Patterns.EVENT_RULE_NAME },
  targetId: { max: 64, pattern: Patterns.EVENT_RULE_NAME },
  eventBus: { max: 256, pattern: Patterns.EVENT_BUS_NAME },
  archive: { max: 48, pattern: Patterns.EVENT_RULE_NAME },
} as const;

/**
 * An EventBridge name of `kind` (rules N-RULE and E6 for rule names and target ids, EB-BUS, EB-ARCHIVE): 1 to the
 * kind's maximum characters of its pattern (modules/core/patterns.ts). Unknown values are skipped.
 */
export function validateName(v: Validator, value: string | undefined, kind: keyof typeof NAME_LIMITS, path: string, rule: string, what: string): void {
  const limits = NAME_LIMITS[kind];
  v.length(value, 1, limits.max, path, rule, what);
  if (value !== "") v.pattern(value, limits.pattern, path, rule, what);
}

/** Rule E2: the provider only checks 0-86400, the API refuses under 60 seconds. */
export function validateRetryPolicy(v: Validator, path: string, retry: { maximumEventAgeSeconds?: number; maximumRetryAttempts?: number } | undefined): void {
  if (!retry) return;
  v.range(retry.maximumEventAgeSeconds, 60, 86400, `${path}.maximumEventAgeSeconds`, "E2", "maximum event age", { unit: "seconds" });
  v.range(retry.maximumRetryAttempts, 0, 185, `${path}.maximumRetryAttempts`, "E2", "maximum retry attempts");
}

/** Rule E3: a dead-letter queue must be a standard queue ("SQS FIFO is not supported by Dead Letter Queues."). */
export function validateDeadLetterQueueArn(v: Validator, path: string, arn: string): void {
  if (isUnresolved(arn)) return;
  if (typeof arn === "string" && arn.endsWith(".fifo")) {
    v.error(path, "E3", "EventBridge dead-letter queues must be standard SQS queues (SQS FIFO is not supported by Dead Letter Queues)", arn);
    return;
  }
  v.pattern(arn, Patterns.SQS_QUEUE_ARN, path, "E3", "SQS queue ARN");
}

export interface TargetInputProps {
  readonly input?: string;
  readonly inputPath?: string;
  readonly inputTransformer?: { readonly inputPaths?: Record<string, string>; readonly inputTemplate: string };
}

/** Where the target input fields are in the user's configuration: construct props or Terraform attributes. */
export interface TargetInputFields {
  readonly input: string;
  readonly inputPath: string;
  readonly inputTransformer: string;
  readonly inputPaths: string;
  readonly inputTemplate: string;
}

const TARGET_INPUT_PROP_FIELDS: TargetInputFields = {
  input: "input",
  inputPath: "inputPath",
  inputTransformer: "inputTransformer",
  inputPaths: "inputTransformer.inputPaths",
  inputTemplate: "inputTransformer.inputTemplate",
};

export const TARGET_INPUT_TERRAFORM_FIELDS: TargetInputFields = {
  input: "input",
  inputPath: "input_path",
  inputTransformer: "input_transformer",
  inputPaths: "input_transformer.input_paths",
  inputTemplate: "input_transformer.input_template",
};

/** The known target input values (undefined: not set or not known), and which of the three are set, known or not. */
export interface TargetInputValues {
  readonly input?: string;
  readonly inputPath?: string;
  readonly inputTransformer?: { readonly inputPaths?: Record<string, unknown>; readonly inputTemplate?: string };
  readonly given?: { readonly input: boolean; readonly inputPath: boolean; readonly inputTransformer: boolean };
}

/**
 * Rule E4 (PutTargets Target, InputTransformer): at most one of input / inputPath / inputTransformer; input is JSON of
 * at most 8192 characters, inputPath at most 256, a template 1-8192 characters, at most 100 input paths, none
 * named `AWS.*`. Shared by the EventIngestion props and the rendered `aws_cloudwatch_event_target`.
 */
export function validateTargetInput(v: Validator, p: TargetInputValues, f: TargetInputFields = TARGET_INPUT_PROP_FIELDS): void {
  const given = p.given ?? { input: p.input !== undefined, inputPath: p.inputPath !== undefined, inputTransformer: p.inputTransformer !== undefined };
  const set = (["input", "inputPath", "inputTransformer"] as const).filter((k) => given[k]).map((k) => f[k]);
  if (set.length > 1) v.error(set.join(", "), "E4", `${f.input}, ${f.inputPath} and ${f.inputTransformer} are mutually exclusive; give at most one`, set);
  if (p.input !== undefined && !isUnresolved(p.input)) {
    let json = true;
    try {
      JSON.parse(p.input);
    } catch {
      json = false;
    }
    v.require(json, f.input, "E4", `${f.input} must be valid JSON`, p.input);
    v.require(p.input.length <= 8192, f.input, "E4", `${f.input} must be at most 8192 characters, got ${p.input.length}`, p.input.length);
  }
  v.length(p.inputPath, 0, 256, f.inputPath, "E4", f.inputPath);
  const t = p.inputTransformer;
  if (t) {
    v.length(t.inputTemplate, 1, 8192, f.inputTemplate, "E4", "input template");
    const keys = Object.keys(t.inputPaths ?? {});
    v.require(keys.length <= 100, f.inputPaths, "E4", `at most 100 input paths, got ${keys.length}`, keys.length);
    for (const k of keys) {
      // API_InputTransformer: "The keys cannot start with 'AWS.'" (reserved for <aws.events.*> variables).
      v.require(!/^aws\./i.test(k), `${f.inputPaths}.${k}`, "E4", "input path names cannot start with 'AWS.' (reserved)", k);
    }
  }
}

/** Rule E1: a target delivering to Firehose needs the role EventBridge assumes (`roleGiven`: set, known or not). */
export function validateFirehoseTargetRole(v: Validator, path: string, toFirehose: boolean, roleGiven: boolean): void {
  if (toFirehose && !roleGiven) v.error(path, "E1", "a Firehose target needs role_arn: the role EventBridge assumes to call firehose:PutRecordBatch", undefined);
}

/** At most this many targets per EventBridge rule (PutTargets; rule E5). */
const MAX_TARGETS_PER_RULE = 5;

/**
 * Rule E5: a rule has 1-5 targets. `ruleName` names the rule in the message when the targets are counted across a
 * configuration; `min` is 1 where the count is the user's list of targets, 0 where every target found is counted.
 */
export function validateTargetCount(v: Validator, path: string, count: number, opts: { ruleName?: string; min?: number } = {}): void {
  const min = opts.min ?? 1;
  if (count >= min && count <= MAX_TARGETS_PER_RULE) return;
  const rule = opts.ruleName !== undefined ? `rule ${opts.ruleName}` : "a rule";
  v.error(path, "E5", `${rule} has ${count} targets; EventBridge allows ${min === 1 ? `1-${MAX_TARGETS_PER_RULE}` : `at most ${MAX_TARGETS_PER_RULE}`} per rule`, count);
}
