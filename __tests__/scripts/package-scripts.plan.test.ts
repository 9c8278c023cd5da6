/**
 * Every package.json script must start: each command it runs is resolved and run with --help, so a script naming a
 * file that does not exist (as `tf:config` once did) fails the suite. Also the CLI's subcommand table.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string>; bin: Record<string, string> };
const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { cwd: ROOT, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" }, timeout: 120000 });

/** The commands of a script (split on &&), each as [program, ...args]. */
const commandsOf = (script: string) =>
  script.split("&&").map((c) =>
    c
      .trim()
      .split(/\s+/)
      // leading VAR=value assignments set the environment; the command follows them
      .filter((w, i, all) => !(/^[A-Z_][A-Z0-9_]*=/.test(w) && all.slice(0, i).every((x) => /^[A-Z_][A-Z0-9_]*=/.test(x)))),
  );

const cases = Object.entries(pkg.scripts).flatMap(([name, script]) => commandsOf(script).map((argv) => [name, argv.join(" "), argv] as const));

test.each(cases)("script %s: `%s` starts (--help)", (_name, _text, argv) => {
  const [program, ...args] = argv;
  if (program === "npm") {
    expect(args[0]).toBe("run");
    expect(Object.keys(pkg.scripts)).toContain(args[1]);
    return;
  }
  if (program === "ts-node" || program === "node") {
    // `node --require tsx/cjs main.ts` (the synth, as cdktf.json runs it) or `ts-node --transpile-only <file>.ts`
    const file = args.find((a) => a.endsWith(".ts"))!;
    expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
    const r = run(process.execPath, [...(program === "ts-node" ? [require.resolve("ts-node/dist/bin.js")] : []), ...args, "--help"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: /);
    expect(r.stdout).toContain("Examples:");
    return;
  }
  const bin = path.join(ROOT, "node_modules", ".bin", program);
  expect(fs.existsSync(bin)).toBe(true);
  const r = run(bin, ["--help"]);
  expect(r.status).toBe(0);
  expect(r.stdout.length).toBeGreaterThan(100);
});

describe("firehose-pipelines (bin)", () => {
  const cli = (args: string[]) => run(process.execPath, [require.resolve("ts-node/dist/bin.js"), "--transpile-only", "scripts/cli.ts", ...args]);

  test("the bin is the compiled CLI, and its source starts with a node shebang", () => {
    expect(pkg.bin).toEqual({ "firehose-pipelines": "dist/scripts/cli.js" });
    expect(fs.readFileSync(path.join(ROOT, "scripts", "cli.ts"), "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });

  test.each(["review", "preview", "tf-config", "opensearch-role-mapping", "check"])("%s --help has options, exit codes and examples", (sub) => {
    const r = cli([sub, "--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^usage: firehose-pipelines ${sub}`));
    expect(r.stdout).toContain("Exit codes:");
    expect(r.stdout).toContain(`firehose-pipelines ${sub}`);
    expect(r.stdout).toMatch(/Examples:\n {2}\S/);
  });

  test("review --help documents making a state and exit code 3", () => {
    const out = cli(["review", "--help"]).stdout;
    expect(out).toContain("--write-state <file>");
    expect(out).toMatch(/^ {2}3 {2}no open risk found, but no state/m);
  });

  test("no subcommand, or an unknown one, fails with the list", () => {
    const none = cli([]);
    expect([none.status, none.stdout]).toEqual([1, expect.stringContaining("Subcommands:\n  review")]);
    const bad = cli(["deploy"]);
    expect([bad.status, bad.stderr]).toEqual([1, expect.stringContaining('unknown subcommand "deploy" (one of: review, preview, tf-config')]);
  });

  test("tf-config outside a CDKTF project says so", () => {
    const r = spawnSync(process.execPath, [require.resolve("ts-node/dist/bin.js"), "--transpile-only", path.join(ROOT, "scripts", "cli.ts"), "tf-config"], { cwd: "/", encoding: "utf8" });
    expect([r.status, r.stderr.trim()]).toEqual([1, "no cdktf.json in / or above: run this inside your CDKTF project, or pass --project <dir>"]);
  });
});
