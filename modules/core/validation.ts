import { Annotations, Token } from "cdktf";
import { IConstruct } from "constructs";
import type { Pattern } from "./patterns";
import { ruleDocUrl } from "./rules";

/** What a required prop must be (see {@link Validator.required}). */
export type RequiredKind = "object" | "string" | "array" | "number";

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
  public declare readonly problems: ValidationProblem[];

  constructor(problems: ValidationProblem[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  - ${formatProblem(p)}`).join("\n") +
        ruleDocsFooter(problems.map((p) => p.rule)),
    );
    this.name = "FirehoseValidationError";
    // Not enumerable: an uncaught error prints its own properties, and the list is already in the message.
    Object.defineProperty(this, "problems", { value: problems, enumerable: false, writable: false });
    // The trace points into the library, not at the user's mistake: an uncaught error prints the list only
    // (FHP_DEBUG=1 keeps the trace).
    if (!process.env.FHP_DEBUG) this.stack = `${this.name}: ${this.message}`;
  }
}

export function formatProblem(p: ValidationProblem): string {
  return `[${p.constructPath}] ${formatProblemDetail(p)}`;
}

/** A problem without its construct path (for cdktf annotations, which print the path themselves). */
export function formatProblemDetail(p: ValidationProblem): string {
  return withoutTokens(`${p.propertyPath}: ${p.message} (rule ${p.rule}; received ${renderValue(p.value)})`);
}

/** Replaces unresolved cdktf tokens (`${TfToken[TOKEN.11]}`) in a message by words: users cannot read them. */
export function withoutTokens(text: string): string {
  return text.replace(/\$\{TfToken\[[^\]]*\]\}|\$\{Token\[[^\]]*\]\}|-?1\.8881545897087\d*e\+289|"?#\{TfToken\[[^\]]*\]\}"?/g, "(a value known at deploy time)");
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
  if (isUnresolved(value)) return "(a value known at deploy time)";
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
   * Facts about the delivery stream being validated, set by the stream before its parts validate, so that a part
   * that must agree with the stream (a Lambda processor's re-ingest target) can check it.
   */
  public deliveryStream?: { readonly name: string; readonly sourceKind: string; readonly sourceStreamArn?: string };

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

  /**
   * A required prop: present (not undefined/null) and of the expected kind. Plain JavaScript callers bypass the
   * TypeScript types, so a missing object must be reported here rather than crash later with a bare TypeError.
   * Unresolved tokens pass. Returns whether the value can be used.
   */
  public required(value: unknown, propertyPath: string, kind: RequiredKind, what: string): boolean {
    if (value === undefined || value === null) {
      this.error(propertyPath, "X2", `required: ${what}`, value);
      return false;
    }
    if (isUnresolved(value)) return true;
    const ok =
      kind === "array" ? Array.isArray(value) : kind === "object" ? typeof value === "object" && !Array.isArray(value) : typeof value === kind;
    if (!ok) this.error(propertyPath, "X2", `must be ${kind === "array" || kind === "object" ? "an" : "a"} ${kind}: ${what}`, value);
    return ok;
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
      const detail = this.scope && w.constructPath === this.scope.node.path ? formatProblemDetail(w) : formatProblem(w);
      const text = url ? `${detail} ${url}` : detail;
      if (this.scope) addWarningOnce(this.scope, text);
      else console.warn(`WARNING ${text}`);
    }
    this.warnings.length = 0;
    if (this.problems.length > 0) throw new FirehoseValidationError([...this.problems]);
  }
}

/** Throws at once when a construct got no props object at all (nothing else can be checked then). */
export function requireProps(v: Validator, props: unknown): void {
  if (props === undefined || props === null || typeof props !== "object") {
    v.error("(props)", "X2", "required: the construct's props object", props);
    v.throwIfErrors();
  }
}

/**
 * Adds a cdktf warning annotation unless the construct already has the same one (a construct validated twice, or two
 * checks reaching the same conclusion, must not print it twice). cdktf prints the construct path before the message.
 */
export function addWarningOnce(scope: IConstruct, message: string): void {
  const text = withoutTokens(message);
  if (scope.node.metadata.some((m) => m.type === "@cdktf/warn" && m.data === text)) return;
  Annotations.of(scope).addWarning(text);
}
