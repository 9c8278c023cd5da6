import { Annotations, Token } from "cdktf";
import { FirehoseValidationError, formatProblem, isUnresolved, Validator } from "../../../modules/core/validation";
import { ACCOUNT_ID, FIREHOSE_STREAM_NAME } from "../../../modules/core/patterns";
import { ruleDocUrl } from "../../../modules/core/rules";
import { errorOf, testStack } from "../../helpers/stack";

describe("Validator", () => {
  test("collects every problem and throws once, naming construct path, property path, rule and value", () => {
    const v = new Validator(undefined, "env/config.ts");
    v.range(0, 1, 128, "bufferingSizeMiB", "B1", "buffering size", { unit: "MiB" });
    v.pattern("Bad Name", FIREHOSE_STREAM_NAME, "name", "N-FIREHOSE", "stream name");
    v.length("x".repeat(70), 1, 64, "roleName", "N-IAM", "role name");
    v.oneOf("ZIP", ["GZIP", "UNCOMPRESSED"], "compression", "S3-COMPRESSION", "compression");
    expect(v.problems).toHaveLength(4);
    let thrown: unknown;
    try {
      v.throwIfErrors();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(FirehoseValidationError);
    const err = thrown as FirehoseValidationError;
    expect(err.problems.map((p) => [p.propertyPath, p.rule, p.value])).toEqual([
      ["bufferingSizeMiB", "B1", 0],
      ["name", "N-FIREHOSE", "Bad Name"],
      ["roleName", "N-IAM", "x".repeat(70)],
      ["compression", "S3-COMPRESSION", "ZIP"],
    ]);
    expect(err.message.split("\n")).toEqual([
      "Invalid configuration (4 problems):",
      "  - [env/config.ts] bufferingSizeMiB: buffering size must be an integer between 1 and 128 MiB (rule B1; received 0)",
      '  - [env/config.ts] name: stream name must be 1–64 letters, digits, underscores, periods or hyphens (pattern ^[a-zA-Z0-9_.-]+$) (rule N-FIREHOSE; received "Bad Name")',
      `  - [env/config.ts] roleName: role name must be 1-64 characters long, got 70 (rule N-IAM; received "${"x".repeat(70)}")`,
      '  - [env/config.ts] compression: compression must be one of GZIP, UNCOMPRESSED (rule S3-COMPRESSION; received "ZIP")',
      "Rules (all listed in docs/rules.md):",
      `  B1: ${ruleDocUrl("B1")}`,
      `  N-FIREHOSE: ${ruleDocUrl("N-FIREHOSE")}`,
      `  N-IAM: ${ruleDocUrl("N-IAM")}`,
      `  S3-COMPRESSION: ${ruleDocUrl("S3-COMPRESSION")}`,
    ]);
  });

  test("one problem is singular; no problem throws nothing", () => {
    const v = new Validator(undefined, "p");
    v.throwIfErrors();
    v.error("a", "X1", "is wrong", 1);
    expect(errorOf(() => v.throwIfErrors())).toBe(`Invalid configuration (1 problem):\n  - [p] a: is wrong (rule X1; received 1)\nRules (all listed in docs/rules.md):\n  X1: ${ruleDocUrl("X1")}`);
  });

  test("range: bounds inclusive, integers unless integer: false, NaN and non-numbers refused, undefined skipped", () => {
    const v = new Validator(undefined, "p");
    v.range(1, 1, 10, "min", "X1", "x");
    v.range(10, 1, 10, "max", "X1", "x");
    v.range(undefined, 1, 10, "unset", "X1", "x");
    v.range(2.5, 1, 10, "fraction", "X1", "x");
    v.range(2.5, 1, 10, "fractionAllowed", "X1", "x", { integer: false });
    v.range(Number.NaN, 1, 10, "nan", "X1", "x", { integer: false });
    v.range("5" as unknown as number, 1, 10, "string", "X1", "x");
    v.range(11, 1, 10, "above", "X1", "x");
    expect(v.problems.map((p) => p.propertyPath)).toEqual(["fraction", "nan", "string", "above"]);
    expect(v.problems[1].message).toBe("x must be a number between 1 and 10");
  });

  test("every check skips unresolved tokens (their value is known only at apply)", () => {
    const stack = testStack();
    const v = new Validator(stack);
    const num = Token.asNumber({ Ref: "n" });
    const str = Token.asString({ Ref: "s" });
    v.range(num, 1, 2, "n", "X1", "n");
    v.pattern(str, ACCOUNT_ID, "s", "X1", "s");
    v.length(str, 100, 200, "s", "X1", "s");
    v.oneOf(str, ["a"], "s", "X1", "s");
    expect(v.require(false, "r", "X1", "must hold", str)).toBe(true);
    expect(v.problems).toEqual([]);
    expect(v.require(false, "r", "X1", "must hold", "literal")).toBe(false);
    expect(v.problems.map((p) => p.propertyPath)).toEqual(["r"]);
  });

  test("warnings go to the scope's annotations, are not errors, and are emitted once", () => {
    const stack = testStack();
    const v = new Validator(stack);
    v.warn("x", "L12", "is unusual", 301);
    v.throwIfErrors();
    v.throwIfErrors();
    const warnings = stack.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => m.data);
    // The annotation carries no construct path (cdktf prints it) and ends with the rule's documentation.
    expect(warnings).toEqual([`x: is unusual (rule L12; received 301) ${ruleDocUrl("L12")}`]);
    expect(stack.node.metadata.some((m) => m.type === "@cdktf/error")).toBe(false);
    expect(typeof Annotations.of).toBe("function");
  });

  test("without a scope, warnings are printed", () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const v = new Validator(undefined, "cfg.ts");
      v.warn("y", "L12", "check this", "v");
      v.throwIfErrors();
      expect(warn).toHaveBeenCalledWith(`WARNING [cfg.ts] y: check this (rule L12; received "v") ${ruleDocUrl("L12")}`);
    } finally {
      warn.mockRestore();
    }
  });

  test("the construct path defaults to the scope's path", () => {
    const stack = testStack("named");
    const v = new Validator(stack);
    v.error("p", "X1", "bad", 1);
    expect(v.problems[0].constructPath).toBe("named");
  });
});

describe("formatProblem and isUnresolved", () => {
  test("values: undefined spelled out, long values cut at 200 characters, unserializable values stringified", () => {
    const base = { constructPath: "c", propertyPath: "p", rule: "X1", message: "m" };
    expect(formatProblem({ ...base, value: undefined })).toBe("[c] p: m (rule X1; received undefined)");
    const long = formatProblem({ ...base, value: "y".repeat(500) });
    expect(long).toContain(`received "${"y".repeat(196)}...)`);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(formatProblem({ ...base, value: cyclic })).toBe("[c] p: m (rule X1; received [object Object])");
  });

  test("tokens in strings, numbers and lists are unresolved; plain values are not", () => {
    expect(isUnresolved(Token.asString({ Ref: "x" }))).toBe(true);
    expect(isUnresolved(Token.asNumber({ Ref: "x" }))).toBe(true);
    expect(isUnresolved(["a", Token.asString({ Ref: "x" })])).toBe(true);
    expect(isUnresolved(Token.asList({ Ref: "x" }))).toBe(true);
    for (const plain of [undefined, null, "a", 1, ["a", "b"], { a: 1 }]) expect(isUnresolved(plain)).toBe(false);
  });
});
