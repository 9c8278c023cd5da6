import { AnnotationMetadataEntryType, Annotations, App, Aspects, IAspect, TerraformStack, Token } from "cdktf";
import { Construct, IConstruct } from "constructs";
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
function formatProblemDetail(p: ValidationProblem): string {
  return withoutTokens(`${p.propertyPath}: ${p.message} (rule ${p.rule}; received ${renderValue(p.value)})`);
}

/** Replaces unresolved cdktf tokens (`${TfToken[TOKEN.11]}`) in a message by words: users cannot read them. */
export function withoutTokens(text: string): string {
  return text.replace(/\$\{TfToken\[[^\]]*\]\}|\$\{Token\[[^\]]*\]\}|-?1\.8881545897087\d*e\+289|"?#\{TfToken\[[^\]]*\]\}"?/g, "(a value known at deploy time)");
}

/** "Rules:" lines with the documentation URL of each rule cited (empty when none is registered). */
function ruleDocsFooter(ruleIds: string[]): string {
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
   * Error unless `value` matches the {@link Pattern} (one of `modules/core/patterns.ts`). The message says in words
   * what is expected, then the regular expression: `<what> must be <pattern words> (pattern <source>)`.
   */
  public pattern(value: string | undefined, re: Pattern, propertyPath: string, rule: string, what: string): void {
    if (value === undefined || isUnresolved(value)) return;
    if (typeof value !== "string" || !re.re.test(value)) {
      this.error(propertyPath, rule, `${what} must be ${re.what} (pattern ${re.re.source})`, value);
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

  /**
   * Emits warnings as cdktf annotations, then reports the errors: throws one error listing every problem, or, when
   * the construct's app collects problems (see {@link validationMode}), records them on the app and returns, so that
   * the other constructs are built and checked too; the app then fails once at synth with every problem.
   */
  public throwIfErrors(): void {
    for (const w of this.warnings) {
      const url = ruleDocUrl(w.rule);
      const detail = this.scope && w.constructPath === this.scope.node.path ? formatProblemDetail(w) : formatProblem(w);
      const text = url ? `${detail} ${url}` : detail;
      if (this.scope) {
        addWarningOnce(this.scope, text);
        recordWarnedRule(this.scope, w.rule);
      } else console.warn(`WARNING ${text}`);
    }
    this.warnings.length = 0;
    if (this.problems.length === 0) return;
    const problems = this.problems.splice(0);
    if (this.scope && validationMode(this.scope) === "collect") {
      collectProblems(this.scope, problems);
      return;
    }
    throw new FirehoseValidationError(problems);
  }
}

/** Throws at once when a construct got no props object at all (nothing else can be checked then). */
export function requireProps(v: Validator, props: unknown): void {
  if (props === undefined || props === null || typeof props !== "object") {
    v.error("(props)", "X2", "required: the construct's props object", props);
    // Nothing can be built without props: stop here even when the app collects problems (the list printed then
    // includes every problem recorded so far).
    if (v.scope && validationMode(v.scope) === "collect") {
      collectProblems(v.scope, v.problems.splice(0));
      throw new FirehoseValidationError(collectedProblems(v.scope));
    }
    v.throwIfErrors();
  }
}

/** Rules each construct has already warned about through its props (see {@link ruleWarnedAbove}). */
const WARNED_RULES = new WeakMap<IConstruct, Set<string>>();

function recordWarnedRule(scope: IConstruct, rule: string): void {
  const rules = WARNED_RULES.get(scope) ?? new Set<string>();
  rules.add(rule);
  WARNED_RULES.set(scope, rules);
}

/**
 * Whether `node` or a construct above it already warned about `rule` from its props: the rendered-resource checks
 * then do not print the same warning a second time for the resource that construct created.
 */
export function ruleWarnedAbove(node: IConstruct, rule: string): boolean {
  return node.node.scopes.some((s) => WARNED_RULES.get(s)?.has(rule) === true);
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

/** Context key choosing how constructs report invalid props: `"collect"` or `"throw"` (see {@link validationMode}). */
export const VALIDATION_MODE_CONTEXT = "firehose-pipelines:validation";

/**
 * How a construct reports its problems.
 * - `"collect"` (an `App`'s default): the problems are recorded on the app and the construct is still built, so every
 *   construct of every stack is checked; `app.synth()` then writes nothing and fails once with every problem. Run as a
 *   program (`cdktf synth`, `node main.js`), the list is printed once, without a stack trace, and the exit code is 1.
 * - `"throw"` (the default under `Testing.app()`, and for constructs outside an `App`): the constructor throws a
 *   {@link FirehoseValidationError} with its own problems, so `expect(() => new X(...)).toThrow()` works in tests.
 * Set `firehose-pipelines:validation` in the context (cdktf.json `context`, `new App({ context })` or
 * `node.setContext` on a scope before its children are added) to choose.
 */
function validationMode(scope: IConstruct): "collect" | "throw" {
  const chosen = scope.node.tryGetContext(VALIDATION_MODE_CONTEXT);
  if (chosen === "collect" || chosen === "throw") return chosen;
  const root = scope.node.root;
  if (!App.isApp(root)) return "throw";
  // Testing.app() stubs the version: tests expect a constructor to throw.
  return root.node.tryGetContext("cdktfVersion") === "stubbed" ? "throw" : "collect";
}

/** Problems recorded on each app (its root construct) in "collect" mode, in the order found. */
const COLLECTED = new WeakMap<IConstruct, ValidationProblem[]>();
/** The apps with collected problems, for the report of an uncaught error (weak: a test's apps are not kept alive). */
const COLLECTING: WeakRef<IConstruct>[] = [];
const STACKS_CHECKED = new WeakSet<IConstruct>();
/** Constructs that recorded problems ("collect" mode). */
const INVALID = new WeakSet<IConstruct>();

/** The problems recorded so far on the app of `scope` ("collect" mode). */
function collectedProblems(scope: IConstruct): ValidationProblem[] {
  return [...(COLLECTED.get(scope.node.root) ?? [])];
}

/** Fails the synth of a stack (`Testing.synth`, or any synth that runs aspects) while its app has collected problems. */
class CollectedProblemsCheck implements IAspect {
  public visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node)) return;
    const problems = COLLECTED.get(node.node.root) ?? [];
    if (problems.length > 0) throw new FirehoseValidationError([...problems]);
  }
}

function collectProblems(scope: IConstruct, problems: ValidationProblem[]): void {
  const root = scope.node.root;
  let list = COLLECTED.get(root);
  if (!list) {
    list = [];
    COLLECTED.set(root, list);
    COLLECTING.push(new WeakRef(root));
    if (App.isApp(root)) failSynthWhileInvalid(root);
    installProcessReport();
  }
  // A construct built from props already reported invalid passes them on to the constructs it creates: their
  // problems are the same mistakes again, under internal names. The outermost construct's report is the one kept.
  for (let s: IConstruct | undefined = scope.node.scope; s; s = s.node.scope) if (INVALID.has(s)) return;
  INVALID.add(scope);
  const seen = new Set(list.map(formatProblem));
  for (const p of problems) if (!seen.has(formatProblem(p))) list.push(p);
  let stack: TerraformStack | undefined;
  try {
    stack = TerraformStack.of(scope);
  } catch {
    stack = undefined;
  }
  if (stack && !STACKS_CHECKED.has(stack)) {
    STACKS_CHECKED.add(stack);
    Aspects.of(stack).add(new CollectedProblemsCheck());
  }
}

/** `app.synth()` writes nothing while problems are collected: it throws them all, once, before any stack is written. */
function failSynthWhileInvalid(app: App): void {
  const synth = app.synth.bind(app);
  app.synth = () => {
    const problems = COLLECTED.get(app) ?? [];
    if (problems.length > 0) throw new FirehoseValidationError([...problems]);
    synth();
  };
}

let processReportInstalled = false;

/**
 * Once problems are collected, an uncaught error ends the program with the list, printed once, without a stack trace
 * (exit code 1): the validation error thrown by `app.synth()`, or an error a half-built construct caused before synth.
 * An unrelated error while nothing is collected keeps Node's own report.
 */
function installProcessReport(): void {
  if (processReportInstalled) return;
  processReportInstalled = true;
  const handler = (err: unknown) => {
    const collected = COLLECTING.flatMap((ref) => {
      const root = ref.deref();
      return root ? (COLLECTED.get(root) ?? []) : [];
    });
    const own = err instanceof FirehoseValidationError ? err.problems : [];
    const seen = new Set<string>();
    const all = [...collected, ...own].filter((p) => {
      const key = formatProblem(p);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (all.length === 0) {
      process.removeListener("uncaughtException", handler);
      processReportInstalled = false;
      setImmediate(() => {
        throw err;
      });
      return;
    }
    const error = new FirehoseValidationError(all);
    if (!(err instanceof FirehoseValidationError)) {
      const detail = process.env.FHP_DEBUG ? ((err as Error)?.stack ?? String(err)) : String((err as Error)?.message ?? err);
      console.error(`(The program then stopped on an error the problems below may cause: ${detail}${process.env.FHP_DEBUG ? "" : "; FHP_DEBUG=1 prints its trace"})`);
    }
    process.exit(reportValidationError(error, process.env.CDKTF_OUTDIR));
  };
  process.on("uncaughtException", handler);
}

/**
 * Prints a validation error once, as its list, without a stack trace, and returns the exit code. Under `cdktf synth`
 * (which prints an app's stderr twice: as it comes, then in its failure summary) the problems become cdktf error
 * annotations instead, which cdktf prints once each, `ERROR [<construct path>]: <problem>`, before failing the synth:
 * a fresh app with one empty stack per stack named in the problems is written to `outdir`, and the code is 0.
 */
export function reportValidationError(e: FirehoseValidationError, outdir?: string): number {
  if (process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== "true") {
    console.error(e.message);
    return 1;
  }
  // A fresh app: the invalid stacks are not synthesized; one empty stack per stack carries its problems.
  const app = new App({ outdir, context: { [VALIDATION_MODE_CONTEXT]: "throw" } });
  const stacks = new Map<string, TerraformStack>();
  for (const p of e.problems) {
    const [origin, constructPath] = p.constructPath.includes(" → ") ? p.constructPath.split(" → ") : [undefined, p.constructPath];
    const fromFile = /^environments\/([^/]+)\//.exec(origin ?? constructPath)?.[1];
    const segments = fromFile && !origin ? [fromFile] : constructPath.split("/");
    if (!stacks.has(segments[0])) stacks.set(segments[0], new TerraformStack(app, segments[0]));
    // The annotation sits on a construct at the problem's path: cdktf prints that path, the message does not repeat it.
    let node: Construct = stacks.get(segments[0])!;
    for (const id of segments.slice(1)) node = (node.node.tryFindChild(id) as Construct) ?? new Construct(node, id);
    const where = origin ?? (fromFile ? constructPath : undefined);
    // Not Annotations.addError: that records a stack trace, which cdktf prints after the message.
    node.node.addMetadata(AnnotationMetadataEntryType.ERROR, `${formatProblemDetail(p)}${where ? ` — ${where}` : ""}`);
  }
  app.synth();
  return 0;
}
