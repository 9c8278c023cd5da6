/**
 * The rules registry is the single list of rule ids: docs/rules.md is generated from it, and every id the code
 * cites (validator calls, rule fields, "rule X" in messages, comments and test names) must resolve in it.
 */
import * as fs from "fs";
import * as path from "path";
import { RULES, ruleById, ruleDocUrl } from "../../modules/core/rules";
import { FirehoseValidationError } from "../../modules/core/validation";
import { renderRulesMarkdown, RULES_DOC } from "../../scripts/docs-rules";

const ROOT = path.join(__dirname, "..", "..");

function sourceFiles(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  if (fs.statSync(abs).isFile()) return [abs];
  return fs.readdirSync(abs, { withFileTypes: true }).flatMap((e) => {
    if (e.name === "node_modules" || e.name.startsWith(".")) return [];
    const rel = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(rel) : /\.(ts|js)$/.test(e.name) ? [path.join(ROOT, rel)] : [];
  });
}

/** Position of the rule argument of each Validator method. */
const RULE_ARG: Record<string, number> = { error: 1, warn: 1, require: 2, range: 4, pattern: 3, length: 4, oneOf: 3 };
const ID_SHAPE = /^(?:[A-Z]{1,4}\d{1,2}[a-z]?|[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+|[A-Z]{2,})$/;

/** Top-level arguments of the call whose "(" is at `open`. */
function callArgs(src: string, open: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let cur = "";
  let quote: string | undefined;
  for (let i = open + 1; i < src.length; i++) {
    const c = src[i];
    if (quote) {
      cur += c;
      if (c === "\\") cur += src[++i];
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") {
      quote = c;
      cur += c;
      continue;
    }
    if ("([{".includes(c)) depth++;
    if (")]}".includes(c)) {
      if (depth === 0) {
        args.push(cur.trim());
        return args;
      }
      depth--;
    }
    if (c === "," && depth === 0) {
      args.push(cur.trim());
      cur = "";
    } else cur += c;
  }
  return args;
}

/** Like sourceFiles, with Markdown too. */
function sourceFilesAny(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { withFileTypes: true }).flatMap((e) => {
    if (e.name === "node_modules" || e.name.startsWith(".") || e.name === "results") return [];
    const rel = path.join(dir, e.name);
    return e.isDirectory() ? sourceFilesAny(rel) : /\.(ts|js|md)$/.test(e.name) ? [path.join(ROOT, rel)] : [];
  });
}

interface Citation {
  readonly id: string;
  readonly where: string;
}

/** Rule ids cited in one source text. */
export function citedRuleIds(src: string, file: string): Citation[] {
  const out: Citation[] = [];
  const at = (i: number): string => `${file}:${src.slice(0, i).split("\n").length}`;
  // Validator calls: v.error(path, "B9", ...), v.range(value, min, max, path, "B1", ...), ...
  for (const m of src.matchAll(/\b(?:v|validator|ctx\.validator)\.(error|warn|require|range|pattern|length|oneOf)\(/g)) {
    const arg = callArgs(src, m.index! + m[0].length - 1)[RULE_ARG[m[1]]];
    const lit = arg && /^"([^"]+)"$/.exec(arg);
    if (lit) out.push({ id: lit[1], where: at(m.index!) });
  }
  // Rule fields: { rule: "HTTP", retryRule: "OS-RETRY", ... }
  for (const m of src.matchAll(/\b\w*[rR]ule\s*:\s*"([^"]+)"/g)) {
    if (ID_SHAPE.test(m[1])) out.push({ id: m[1], where: at(m.index!) });
  }
  // Prose: "rule B9", "rules DP3, DP6", "(rule N-OPENSEARCH)", "(rule E2; received 30)".
  for (const m of src.matchAll(/\brules? ((?:[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*)(?:(?:, | and | or |\/)[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*)*)(?=[\s;:,.)"'`]|$)/g)) {
    for (const id of m[1].split(/, | and | or |\//).flatMap((x) => /^([A-Z]+\d+)-([A-Z]+\d+)$/.exec(x)?.slice(1, 3) ?? [x])) {
      if (/^(?:[A-Z]{1,4}\d{1,2}[a-z]?|[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+|[A-Z]{2,})$/.test(id) && !/^(?:AWS|JSON|API|ARN|ID|IAM|URL|HTTPS?)$/.test(id)) out.push({ id, where: at(m.index!) });
    }
  }
  // Bare ids in brackets: "(K8)", "(DP19)".
  for (const m of src.matchAll(/\(([A-Z]{1,3}\d{1,2})\)/g)) out.push({ id: m[1], where: at(m.index!) });
  return out;
}

describe("rules registry", () => {
  test("ids are unique, each rule has a title, a severity, targets and documentation", () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const r of RULES) {
      expect(r.title.length).toBeGreaterThan(10);
      expect(["error", "warning"]).toContain(r.severity);
      expect(r.targets.length).toBeGreaterThan(0);
      expect(r.docs.length).toBeGreaterThan(0);
      for (const d of r.docs) expect(d).toMatch(/^(https:\/\/docs\.aws\.amazon\.com\/\S+\.html|README\.md#[a-z0-9-]+)$/);
    }
  });

  test("README anchors named by the registry exist", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const anchors = new Set(
      [...readme.matchAll(/^#+ (.+)$/gm)].map((m) => m[1].toLowerCase().trim().replace(/[^a-z0-9 -]/g, "").replace(/ /g, "-")),
    );
    for (const d of RULES.flatMap((r) => r.docs).filter((d) => d.startsWith("README.md#"))) {
      expect(anchors).toContain(d.slice("README.md#".length));
    }
  });

  test("docs/rules.md is generated from the registry (run `npm run docs:rules` when this fails)", () => {
    expect(fs.readFileSync(RULES_DOC, "utf8")).toBe(renderRulesMarkdown());
  });

  test("every rule id cited under modules/, app/, environments/, lambda/, scripts/, examples/ and __tests__/ resolves in the registry", () => {
    const files = ["modules", "app", "environments", "lambda", "scripts", "examples", "__tests__", "main.ts"].flatMap(sourceFiles).filter((f) => f !== __filename);
    const citations = files.flatMap((f) => citedRuleIds(fs.readFileSync(f, "utf8"), path.relative(ROOT, f)));
    // The scan finds the ids the code really uses (not a vacuous pass).
    expect(citations.length).toBeGreaterThan(300);
    for (const id of ["B9", "DP6", "L2", "E5", "K5", "C1", "X1", "P1", "LF1", "N-FIREHOSE"]) expect(citations.map((c) => c.id)).toContain(id);
    const unknown = citations.filter((c) => !ruleById(c.id)).map((c) => `${c.id} at ${c.where}`);
    expect(unknown).toEqual([]);
  });

  test("no message, comment or test name cites a document outside the repository", () => {
    const files = ["modules", "app", "environments", "lambda", "scripts", "examples", "__tests__", "bench", "main.ts", "README.md", "CHANGELOG.md", "docs"]
      .flatMap((d) => (fs.existsSync(path.join(ROOT, d)) && fs.statSync(path.join(ROOT, d)).isFile() ? [path.join(ROOT, d)] : sourceFilesAny(d)))
      .filter((f) => f !== __filename);
    const forbidden = [/shared\/reference/i, /firehose-rules\.md/i, /rules reference/i, /\bTFPROBE\b/, /\bseeds?\s+0\d\d\b/i, /\bseeds?\//i, /\breference (file|section)\b/i, /\bsection \d+ of\b/i];
    const hits = files.flatMap((f) => {
      const text = fs.readFileSync(f, "utf8");
      return forbidden.filter((re) => re.test(text)).map((re) => `${path.relative(ROOT, f)}: ${re}`);
    });
    expect(hits).toEqual([]);
  });

  test("the scanner reports ids that are not registered", () => {
    const cited = citedRuleIds('v.error("x", "ZZ9", "m", 1); v.range(n, 1, 2, "p", "QQ-X", "w"); // rule YY7 and B9, rules B1-B3 (VV8)\nconst l = { rule: "WW-1" };', "t.ts");
    expect(cited.map((c) => c.id).sort()).toEqual(["B1", "B3", "B9", "QQ-X", "VV8", "WW-1", "YY7", "ZZ9"]);
    expect(cited.filter((c) => !ruleById(c.id)).map((c) => c.id).sort()).toEqual(["QQ-X", "VV8", "WW-1", "YY7", "ZZ9"]);
  });

  test("a validation error ends with the documentation URL of each rule it cites", () => {
    const e = new FirehoseValidationError([
      { constructPath: "s/T", propertyPath: "destination.bufferingSizeMiB", rule: "B9", message: "m", value: 5 },
      { constructPath: "s/T", propertyPath: "destination.prefix", rule: "DP6", message: "m", value: "x" },
    ]);
    expect(e.message).toContain("(rule B9; received 5)");
    expect(e.message).toContain(`B9: ${ruleDocUrl("B9")}`);
    expect(e.message).toContain(`DP6: ${ruleDocUrl("DP6")}`);
    expect(ruleDocUrl("B9")).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });
});
