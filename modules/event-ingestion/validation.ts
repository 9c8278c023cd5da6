/** EventBridge name rules (N-RULE, E6) and target rules (E1, E2, E3, E4, E5) as validator helpers; see modules/core/rules.ts. */
import { isUnresolved, Validator } from "../core/validation";
import * as Patterns from "../core/patterns";

/** EventBridge rule names and target ids: 1-64 of `[.\-_A-Za-z0-9]` (PutRule/PutTargets API). */
export const RULE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
/** Event bus names: 1-256 of `[/\.\-_A-Za-z0-9]` (CreateEventBus API); custom buses cannot contain `/` (partner buses do). */
export const EVENT_BUS_NAME = /^[/.\-_A-Za-z0-9]{1,256}$/;
/** Archive names: 1-48 of `[\.\-_A-Za-z0-9]` (CreateArchive API). */
export const ARCHIVE_NAME = /^[.\-_A-Za-z0-9]{1,48}$/;

export function validateName(v: Validator, value: string | undefined, re: RegExp, path: string, rule: string, what: string): void {
  if (value === undefined || isUnresolved(value)) return;
  v.require(typeof value === "string" && re.test(value), path, rule, `${what} must be ${describe(re)}`, value);
}

function describe(re: RegExp): string {
  if (re === RULE_NAME) return "1-64 characters of letters, digits, '.', '-' or '_'";
  if (re === EVENT_BUS_NAME) return "1-256 characters of letters, digits, '/', '.', '-' or '_'";
  if (re === ARCHIVE_NAME) return "1-48 characters of letters, digits, '.', '-' or '_'";
  return `a match of ${re}`;
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

/** Rule E4: one of input / inputPath / inputTransformer, each within the API limits. */
export function validateTargetInput(v: Validator, p: TargetInputProps): void {
  const given = (["input", "inputPath", "inputTransformer"] as const).filter((k) => p[k] !== undefined);
  if (given.length > 1) v.error(given.join(", "), "E4", "input, inputPath and inputTransformer are mutually exclusive; give at most one", given);
  if (p.input !== undefined && !isUnresolved(p.input)) {
    let json = true;
    try {
      JSON.parse(p.input);
    } catch {
      json = false;
    }
    v.require(json, "input", "E4", "input must be valid JSON", p.input);
    v.require(p.input.length <= 8192, "input", "E4", `input must be at most 8192 characters, got ${p.input.length}`, p.input.length);
  }
  if (p.inputPath !== undefined) v.length(p.inputPath, 1, 256, "inputPath", "E4", "inputPath");
  const t = p.inputTransformer;
  if (t) {
    v.length(t.inputTemplate, 1, 8192, "inputTransformer.inputTemplate", "E4", "input template");
    const keys = Object.keys(t.inputPaths ?? {});
    v.require(keys.length <= 100, "inputTransformer.inputPaths", "E4", `at most 100 input paths, got ${keys.length}`, keys.length);
    for (const k of keys) {
      // API_InputTransformer: "The keys cannot start with 'AWS.'" (reserved for <aws.events.*> variables).
      v.require(!/^aws\./i.test(k), `inputTransformer.inputPaths.${k}`, "E4", "input path names cannot start with 'AWS.' (reserved)", k);
    }
  }
}

