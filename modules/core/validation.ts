import { Annotations, Token } from "cdktf";
import { IConstruct } from "constructs";
import type { Pattern } from "./patterns";
import { ruleDocUrl } from "./rules";

/** One problem found at synth time. */
export interface ValidationProblem {
  /** Construct path, e.g. `dev/raw-events/Stream`. */
  readonly constructPath: string;
  /** Property path inside the construct's props, e.g. `destination.bufferingSizeMiB`. */
  readonly propertyPath: string;
  /** Rule id of the rules registry (`modules/core/rules.ts`, listed in docs/rules.md), e.g. `B9`. */
  readonly rule: string;
  /** Human sentence saying what is required. */
  readonly message: string;
  /** The value received, rendered with JSON.stringify. */
  readonly value: unknown;
}

/**
 * Thrown once per construct with every problem found, so users fix their configuration in one pass.
 */
export class FirehoseValidationError extends Error {
  public readonly problems: ValidationProblem[];

  constructor(problems: ValidationProblem[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  - ${formatProblem(p)}`).join("\n") +
        ruleDocsFooter(problems.map((p) => p.rule)),
    );
    this.name = "FirehoseValidationError";
    this.problems = problems;
  }
}

export function formatProblem(p: ValidationProblem): string {
  return `[${p.constructPath}] ${p.propertyPath}: ${p.message} (rule ${p.rule}; received ${renderValue(p.value)})`;
}

/** "Rules:" lines with the documentation URL of each rule cited (empty when none is registered). */
export function ruleDocsFooter(ruleIds: string[]): string {
  const lines = [...new Set(ruleIds)].flatMap((id) => {
    const url = ruleDocUrl(id);
    return url ? [`  ${id}: ${url}`] : [];
  });
  return lines.length > 0 ? `\nRules (all listed in docs/rules.md):\n${lines.join("\n")}` : "";
}

function renderValue(value: unknown): string {
  if (value === undefined) return "undefined";
  try {
    const s = JSON.stringify(value);
    return s.length > 200 ? `${s.slice(0, 197)}...` : s;
  } catch {
    return String(value);
  }
}

/** True when the value (or any string/number inside it) is an unresolved cdktf token: such values cannot be checked. */
export function isUnresolved(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "string" || typeof value === "number") return Token.isUnresolved(value);
  if (Array.isArray(value)) return Token.isUnresolved(value) || value.some(isUnresolved);
  return false;
}

/**
 * Collects errors and warnings for one construct. Errors are thrown together by {@link Validator.throwIfErrors};
 * warnings go to cdktf annotations. Every check skips unresolved tokens.
 */
export class Validator {
  public readonly problems: ValidationProblem[] = [];
  public readonly warnings: ValidationProblem[] = [];

  /**
   * @param scope construct whose annotations receive warnings (none for plain config files)
   * @param constructPath what the messages name: the construct path, or a config file
   */
  constructor(public readonly scope: IConstruct | undefined, private readonly constructPath: string = scope?.node.path ?? "") {}

  public error(propertyPath: string, rule: string, message: string, value: unknown): void {
    this.problems.push({ constructPath: this.constructPath, propertyPath, rule, message, value });
  }

  public warn(propertyPath: string, rule: string, message: string, value: unknown): void {
    this.warnings.push({ constructPath: this.constructPath, propertyPath, rule, message, value });
  }

  /** Error unless `cond` holds. Skipped when `value` is an unresolved token. */
  public require(cond: boolean, propertyPath: string, rule: string, message: string, value: unknown): boolean {
    if (isUnresolved(value)) return true;
    if (!cond) this.error(propertyPath, rule, message, value);
    return cond;
  }

  /** Integer/number range check, inclusive. `undefined` passes (defaults apply). */
  public range(
    value: number | undefined,
    min: number,
    max: number,
    propertyPath: string,
    rule: string,
    what: string,
    opts: { integer?: boolean; unit?: string } = {},
  ): void {
    if (value === undefined || isUnresolved(value)) return;
    const unit = opts.unit ? ` ${opts.unit}` : "";
    if (typeof value !== "number" || Number.isNaN(value) || value < min || value > max || (opts.integer !== false && !Number.isInteger(value))) {
      this.error(propertyPath, rule, `${what} must be ${opts.integer === false ? "a number" : "an integer"} between ${min} and ${max}${unit}`, value);
    }
  }

  /**
   * Error unless `value` matches. With a {@link Pattern} the message says in words what is expected, then the
   * regular expression.
   */
  public pattern(value: string | undefined, re: RegExp | Pattern, propertyPath: string, rule: string, what: string): void {
    if (value === undefined || isUnresolved(value)) return;
    const regex = re instanceof RegExp ? re : re.re;
    if (typeof value !== "string" || !regex.test(value)) {
      const message = re instanceof RegExp ? `${what} must match ${regex}` : `${what} must be ${re.what} (pattern ${regex})`;
      this.error(propertyPath, rule, message, value);
    }
  }

  public length(value: string | undefined, min: number, max: number, propertyPath: string, rule: string, what: string): void {
    if (value === undefined || isUnresolved(value)) return;
    if (value.length < min || value.length > max) {
      this.error(propertyPath, rule, `${what} must be ${min}-${max} characters long, got ${value.length}`, value);
    }
  }

  public oneOf<T>(value: T | undefined, allowed: readonly T[], propertyPath: string, rule: string, what: string): void {
    if (value === undefined || isUnresolved(value)) return;
    if (!allowed.includes(value)) {
      this.error(propertyPath, rule, `${what} must be one of ${allowed.join(", ")}`, value);
    }
  }

  /** Emits warnings as cdktf annotations and throws one error listing every problem. */
  public throwIfErrors(): void {
    for (const w of this.warnings) {
      const url = ruleDocUrl(w.rule);
      const text = url ? `${formatProblem(w)} ${url}` : formatProblem(w);
      if (this.scope) Annotations.of(this.scope).addWarning(text);
      else console.warn(`WARNING ${text}`);
    }
    this.warnings.length = 0;
    if (this.problems.length > 0) throw new FirehoseValidationError([...this.problems]);
  }
}
