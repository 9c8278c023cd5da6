import fc from "fast-check";
import { Validator } from "../../../modules/core/validation";
import { MetadataExtractionProcessor } from "../../../modules/delivery-stream/processors";
import { evaluateJq, isPlainFieldPath, jqCompileError, jqCompileRunCount } from "../../../modules/core/private/jq";
import { propertyRuns } from "../../helpers/property";

describe("jq 1.6 in process", () => {
  test("compiles jq 1.6 syntax and refuses what only jq 1.7 has", () => {
    expect(jqCompileError('{source: .source, year: (.ts | strftime("%Y"))}')).toBeUndefined();
    expect(jqCompileError("$__loc__")).toBeUndefined();
    expect(jqCompileError("pick(.a)")).toBe("pick/1 is not defined at line 1");
    expect(jqCompileError(".n | abs")).toBe("abs/0 is not defined at line 1");
  });

  test("reports syntax errors in the user's terms", () => {
    expect(jqCompileError(".a |")).toBe("syntax error, unexpected end of expression");
    expect(jqCompileError("{x: .a | }")).toBe("syntax error, unexpected '}' at line 1");
    // A trailing comment does not swallow the wrapper.
    expect(jqCompileError(".a # the source")).toBeUndefined();
  });

  test("evaluates one query over many inputs, with runtime errors per input", () => {
    const results = evaluateJq("{s: .source, t: .tenant.id}", [{ source: "web", tenant: { id: 1 } }, { source: null }, 3, "text"]);
    expect(results).toEqual([
      { outputs: [{ s: "web", t: 1 }] },
      { outputs: [{ s: null, t: null }] },
      { error: 'Cannot index number with string "source"' },
      { error: 'Cannot index string with string "source"' },
    ]);
    // Still usable after errors.
    expect(evaluateJq(".a", [{ a: "héllo €" }])).toEqual([{ outputs: ["héllo €"] }]);
  });

  test("evaluating a query that does not compile throws", () => {
    expect(() => evaluateJq(".a |", [{}])).toThrow('jq 1.6 cannot compile ".a |": syntax error, unexpected end of expression');
  });

  test("MetadataExtractionProcessor compiles its expressions with jq 1.6 and names the key (DP10), or the query", () => {
    const v = new Validator(undefined, "test");
    new MetadataExtractionProcessor({ partitionKeys: { ok: ".a", bad: ".b | pick(.c)" } }).validate(v, "processors[0]");
    new MetadataExtractionProcessor({ query: "{a: .a, b: (.b | abs)}" }).validate(v, "processors[1]");
    expect(v.problems.map((p) => [p.propertyPath, p.rule, p.message])).toEqual([
      ["processors[0].partitionKeys.bad", "DP10", 'the jq expression of partition key "bad" does not compile with jq 1.6 (the engine Firehose runs): pick/1 is not defined at line 1'],
      ["processors[1].query", "DP10", expect.stringContaining("the MetadataExtractionQuery does not compile with jq 1.6")],
    ]);
  });

  test("each expression is compiled by jq once per process, its result (error or none) remembered", () => {
    const before = jqCompileRunCount();
    const ok = ".memo_ok | {a: .a}";
    const bad = ".memo_bad | pick(.a)";
    expect(jqCompileError(ok)).toBeUndefined();
    expect(jqCompileError(bad)).toBe("pick/1 is not defined at line 1");
    expect(jqCompileRunCount()).toBe(before + 2);
    expect(jqCompileError(ok)).toBeUndefined();
    expect(jqCompileError(bad)).toBe("pick/1 is not defined at line 1");
    const v = new Validator(undefined, "test");
    new MetadataExtractionProcessor({ partitionKeys: { a: ok, b: bad } }).validate(v, "processors[0]");
    expect(v.problems.map((p) => p.propertyPath)).toEqual(["processors[0].partitionKeys.b"]);
    expect(jqCompileRunCount()).toBe(before + 2);
    // A different expression is compiled.
    expect(jqCompileError(`${ok} `)).toBeUndefined();
    expect(jqCompileRunCount()).toBe(before + 3);
  });

  test("a path of plain fields compiles without running jq, and jq 1.6 reads it as that path", () => {
    const keywords = ["def", "if", "then", "elif", "else", "end", "as", "reduce", "foreach", "try", "catch", "label", "import", "include", "and", "or", "not", "__loc__"];
    const identifier = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/).filter((k) => !keywords.includes(k) && !/^[eE][0-9]+$/.test(k));
    const quoted = fc.string({ maxLength: 8 }).filter((k) => !/["\\\u0000-\u001f]/.test(k));
    const field = fc.oneof(identifier.map((k) => ({ key: k, text: `.${k}` })), quoted.map((k) => ({ key: k, text: `."${k}"` })));
    fc.assert(
      fc.property(fc.array(field, { minLength: 1, maxLength: 4 }), (fields) => {
        const expression = fields.map((f) => f.text).join("");
        expect(isPlainFieldPath(expression)).toBe(true);
        const before = jqCompileRunCount();
        expect(jqCompileError(expression)).toBeUndefined();
        expect(jqCompileRunCount()).toBe(before);
        // jq 1.6 itself: the expression compiles and reads the nested field.
        const input = fields.reduceRight<unknown>((inner, f) => ({ [f.key]: inner }), "found");
        expect(evaluateJq(expression, [input])).toEqual([{ outputs: ["found"] }]);
      }),
      { numRuns: propertyRuns(250) },
    );
  });

  test("anything but a path of plain fields goes to jq", () => {
    for (const e of ["", ".", "..", ".a.", ". a", ".a .b", ".a[0]", ".[0]", ".a | .b", ".if", ".a.end", '."a\\(1)"', '."a', "a", ".1a", ".a?", "$__loc__", ".a # c"]) {
      expect([e, isPlainFieldPath(e)]).toEqual([e, false]);
    }
    const before = jqCompileRunCount();
    jqCompileError(".plain_path.if"); // a keyword as a field: jq decides
    expect(jqCompileRunCount()).toBe(before + 1);
  });

  test("a field jq 1.6 lexes as a number (.e1, .E0) is not plain, and jq 1.6 refuses it", () => {
    for (const e of [".e1", ".E0", ".a.e12", ".E99.b"]) {
      expect([e, isPlainFieldPath(e)]).toEqual([e, false]);
      expect(jqCompileError(e)).toMatch(/Invalid numeric literal/);
    }
    // Longer identifiers and quoted fields are fields to jq 1.6.
    for (const e of [".e1x", ".E", ".e_1", '."e1"']) {
      expect([e, isPlainFieldPath(e)]).toEqual([e, true]);
      expect(evaluateJq(e, [{}])).toEqual([{ outputs: [null] }]);
    }
  });

  test("loading jq leaves the host's error handlers alone", () => {
    jqCompileError(".");
    expect(process.listeners("unhandledRejection").some((l) => /abort/.test(String(l)))).toBe(false);
  });
});
