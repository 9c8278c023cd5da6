/**
 * jq 1.6 (the engine Firehose runs for MetadataExtraction, `JsonParsingEngine=JQ-1.6`) inside this process, synchronously.
 *
 * `jq-web@0.5.1` is jq 1.6 compiled with Emscripten. Its loaders initialise asynchronously (the asm.js bundle too: it
 * goes through a Promise), while construct validation is synchronous. Emscripten's `instantiateWasm` hook lets us
 * compile the WebAssembly module with the synchronous `new WebAssembly.Module` Node allows, so the runtime is ready when
 * the loader returns. Measured on this project's CI machine: ~30 ms to initialise, ~30 ms per jq invocation (jq 1.6
 * re-parses its builtins on every run), ~150 ms to evaluate a query over 2,000 records in one invocation; a child process
 * per check would cost ~100 ms of Node start-up each.
 *
 * jq-web passes stdin verbatim: input that is not JSON leaves its stdin stream at EOF for every later call, so input is
 * always re-serialized with `JSON.stringify` here and never given as raw text.
 */
import * as fs from "fs";
import * as path from "path";
import { isUnresolved, Validator } from "../validation";

interface JqWeb {
  raw(input: string, filter: string, flags?: string[]): string;
}

/** The part of the WebAssembly API used here (the project compiles without the DOM lib that declares it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}

let engine: JqWeb | undefined;

function load(): JqWeb {
  const dir = path.dirname(require.resolve("jq-web/package.json"));
  const source = fs.readFileSync(path.join(dir, "jq.wasm.js"), "utf8");
  const wasm = fs.readFileSync(path.join(dir, "jq.wasm.wasm"));
  // The loader registers process-wide `uncaughtException`/`unhandledRejection` handlers (the latter aborts the
  // runtime); a library must not change how its host process handles errors, so it gets a process whose `on` is inert.
  const quietProcess: NodeJS.Process = Object.create(process, { on: { value: () => quietProcess } });
  const options = {
    instantiateWasm(imports: object, receive: (instance: { exports: object }) => void) {
      const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
      const instance = new wasmApi.Instance(new wasmApi.Module(wasm), imports);
      receive(instance);
      return instance.exports;
    },
  };
  // The bundle's wrapper reads its options from a variable named `jq` in its own scope; declaring it first passes ours.
  const factory = new Function("require", "module", "exports", "__dirname", "__filename", "process", "jqOptions", `var jq = jqOptions;\n${source}\nreturn jq;`);
  const jq = factory(require, {}, {}, dir, path.join(dir, "jq.wasm.js"), quietProcess, options) as JqWeb;
  if (jq.raw("null", "1") !== "1") throw new Error("jq-web did not initialise synchronously");
  return jq;
}

function jq(): JqWeb {
  engine ??= load();
  return engine;
}

/** The `jq: error: ...` lines of a jq failure, without jq's shell-quoting hint. */
function errorText(e: unknown, lineOffset = 0): string {
  const stack = String((e as Error)?.stack ?? e);
  const lines = stack
    .split("\n")
    .filter((l) => l.startsWith("jq: error"))
    .map((l) =>
      l
        .replace(/^jq: error(?: \(at [^)]*\))?: /, "")
        .replace(" (Unix shell quoting issues?)", "")
        .replace(/ at <top-level>, line (\d+):?$/, (_, n: string) => ` at line ${Math.max(1, Number(n) - lineOffset)}`),
    );
  return lines.length > 0 ? lines.join("; ") : (e as Error)?.message ?? String(e);
}

/**
 * Compiles `expression` with jq 1.6 without running it. Returns undefined when it compiles, else jq's error text
 * (e.g. `pick/1 is not defined at line 1`: `pick` arrived in jq 1.7, which Firehose does not run).
 */
export function jqCompileError(expression: string): string | undefined {
  // A path of plain fields (`.source`, `.tenant.id`, `."detail-type"`), the usual partition key, compiles in every jq:
  // no need to load jq for it (~800 KB of WebAssembly). A test checks this against jq 1.6 itself.
  if (isPlainFieldPath(expression)) return undefined;
  // Environments share their pipelines' expressions: each is compiled once per process (a jq run costs ~30 ms).
  if (compiled.has(expression)) return compiled.get(expression);
  const error = compileWithJq(expression);
  compiled.set(expression, error);
  return error;
}

const JQ_KEYWORDS = new Set(["def", "if", "then", "elif", "else", "end", "as", "reduce", "foreach", "try", "catch", "label", "import", "include", "and", "or", "not", "__loc__"]);

/**
 * jq 1.6's lexer reads `.e1` and `.E0` as a malformed number (its numeric literal allows `.` followed by an
 * exponent), so `{}|.e12` fails to compile there; jq 1.7 fixed it. Such a field must go to jq to be reported.
 */
const JQ16_NUMERIC_FIELD = /^[eE][0-9]+$/;

/**
 * True for `.a`, `.a.b_2`, `."detail-type"`, `.a."b c"`: one or more fields, each an identifier that is not a jq
 * keyword (nor one jq 1.6 lexes as a number) or a double-quoted string without backslashes or control characters.
 * Anything else goes to jq.
 */
export function isPlainFieldPath(expression: string): boolean {
  const fields = /\.(?:([A-Za-z_][A-Za-z0-9_]*)|"[^"\\\u0000-\u001f]*")/y;
  let at = 0;
  while (at < expression.length) {
    fields.lastIndex = at;
    const m = fields.exec(expression);
    if (!m || (m[1] !== undefined && (JQ_KEYWORDS.has(m[1]) || JQ16_NUMERIC_FIELD.test(m[1])))) return false;
    at = fields.lastIndex;
  }
  return at > 0;
}

/** Expression → jq's compile error (undefined: it compiles); filled by jqCompileError. */
const compiled = new Map<string, string | undefined>();
let jqCompileRuns = 0;

/** How many times jq has compiled an expression in this process (jqCompileError memoizes). */
export function jqCompileRunCount(): number {
  return jqCompileRuns;
}

function compileWithJq(expression: string): string | undefined {
  jqCompileRuns++;
  try {
    // `empty | (...)` compiles the expression but never evaluates it; the newlines keep a trailing `# comment` inside.
    jq().raw("null", `empty | (\n${expression}\n)`, ["-c"]);
    return undefined;
  } catch (e) {
    const lastLine = expression.split("\n").length + 2;
    // A query that ends too early reaches the wrapper's closing parenthesis: say so in the user's terms.
    return errorText(e, 1).replace(`syntax error, unexpected ')' at line ${lastLine - 1}`, "syntax error, unexpected end of expression");
  }
}

/** Result of evaluating a jq expression on one input: its outputs, or the runtime error. */
export type JqResult = { readonly outputs: unknown[] } | { readonly error: string };

/**
 * Evaluates `expression` with jq 1.6 on each input (one jq run for all of them). The expression must compile
 * (see {@link jqCompileError}); runtime errors are reported per input.
 */
export function evaluateJq(expression: string, inputs: readonly unknown[]): JqResult[] {
  if (inputs.length === 0) return [];
  const compileError = jqCompileError(expression);
  if (compileError !== undefined) throw new Error(`jq 1.6 cannot compile ${JSON.stringify(expression)}: ${compileError}`);
  // One output line per input: errors are caught inside jq so that one bad record does not hide the others.
  const filter = `try {ok: [(\n${expression}\n)]} catch {error: .}`;
  const stdin = inputs.map((i) => JSON.stringify(i ?? null)).join("\n");
  const out = jq().raw(stdin, filter, ["-c"]);
  const lines = out === "" ? [] : out.split("\n");
  if (lines.length !== inputs.length) throw new Error(`jq returned ${lines.length} results for ${inputs.length} inputs`);
  return lines.map((line) => {
    const r = JSON.parse(line) as { ok?: unknown[]; error?: unknown };
    return r.ok !== undefined ? { outputs: r.ok } : { error: typeof r.error === "string" ? r.error : JSON.stringify(r.error) };
  });
}

/**
 * Rule DP10: each partition-key expression (and the whole MetadataExtraction query) must compile with jq 1.6.
 * The error names the key whose expression fails. Unresolved tokens are skipped.
 */
export function validateJqPartitionKeys(v: Validator, path: string, partitionKeys: Record<string, string>): void {
  for (const [key, expression] of Object.entries(partitionKeys)) {
    if (typeof expression !== "string" || expression.trim() === "" || isUnresolved(expression)) continue;
    const error = jqCompileError(expression);
    if (error !== undefined) {
      v.error(`${path}.${key}`, "DP10", `the jq expression of partition key "${key}" does not compile with jq 1.6 (the engine Firehose runs): ${error}`, expression);
    }
  }
}
