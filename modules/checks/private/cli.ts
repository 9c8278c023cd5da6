/**
 * `check [--format text|json] <file…>`: runs the rules of docs/rules.md on Terraform JSON configuration
 * (`*.tf.json`, e.g. `cdktf.out/stacks/<stack>/cdk.tf.json`) and plans (`terraform show -json plan.out > plan.json`).
 * Exit code 0 when there is no error-severity finding, 1 when there is, 2 for usage or input errors.
 * Part of the package (dist/modules/checks/cli.js) so its executable can call {@link main}; in this repository
 * `npm run check -- <args>` runs it through scripts/check/cli.ts.
 */
import * as fs from "fs";
import { Finding } from "../engine";
import { CheckInputError, checkTerraformDocument } from "../input";

const USAGE = `usage: firehose-pipelines check [--format text|json] <file.tf.json|plan.json>...
       (in this repository: npm run check -- [--format text|json] <file>...)

Runs the Firehose, Kinesis and EventBridge rules (docs/rules.md in the package) on Terraform JSON configuration
(*.tf.json, e.g. cdktf.out/stacks/<stack>/cdk.tf.json) and on plans in JSON (terraform show -json plan.out). Values
unknown until apply (after_unknown) and references are skipped. Works for any Terraform project, HCL included.

Options:
  --format text|json   text (default) or a JSON array of { ruleId, severity, address, attribute, message, docUrl }
  -h, --help           this help

Exit codes: 0 no error-severity finding, 1 at least one error finding, 2 usage or input error.

Examples:
  firehose-pipelines check cdktf.out/stacks/prod/cdk.tf.json
  terraform show -json plan.out > plan.json && npx firehose-pipelines check --format json plan.json`;

export interface Io {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
}

const defaultIo: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

function render(value: unknown): string {
  if (value === undefined) return "unset";
  const s = JSON.stringify(value);
  return s.length > 200 ? `${s.slice(0, 197)}...` : s;
}

/** The message with the value received, as the JSON output and the text output show it. */
function messageOf(f: Finding): string {
  return `${f.message} (received ${render(f.value)})`;
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let format = "text";
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--format" || a.startsWith("--format=")) {
      const value = a === "--format" ? argv[++i] : a.slice("--format=".length);
      if (value !== "text" && value !== "json") {
        io.err(`--format must be text or json, got ${value === undefined ? "nothing" : JSON.stringify(value)}\n${USAGE}\n`);
        return 2;
      }
      format = value;
    } else if (a === "-h" || a === "--help") {
      io.out(`${USAGE}\n`);
      return 0;
    } else if (a.startsWith("-")) {
      io.err(`unknown option ${a}\n${USAGE}\n`);
      return 2;
    } else files.push(a);
  }
  if (files.length === 0) {
    io.err(`no input file\n${USAGE}\n`);
    return 2;
  }
  const findings: Finding[] = [];
  for (const file of files) {
    let doc: unknown;
    try {
      doc = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
      io.err(`${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}\n`);
      return 2;
    }
    try {
      findings.push(...checkTerraformDocument(doc));
    } catch (e) {
      if (e instanceof CheckInputError) {
        io.err(`${file}: ${e.message}\n`);
        return 2;
      }
      throw e;
    }
  }
  const errors = findings.filter((f) => f.severity === "error").length;
  if (format === "json") {
    io.out(`${JSON.stringify(findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, address: f.address, attribute: f.attribute, message: messageOf(f), docUrl: f.docUrl ?? null })), null, 2)}\n`);
  } else {
    for (const f of findings) {
      io.out(`${f.severity.toUpperCase()} ${f.ruleId} ${f.address} ${f.attribute}: ${messageOf(f)}${f.docUrl ? `\n  ${f.docUrl}` : ""}\n`);
    }
    io.out(`${findings.length === 0 ? "No findings" : `${errors} error(s), ${findings.length - errors} warning(s)`} in ${files.length} file(s).\n`);
  }
  return errors > 0 ? 1 : 0;
}
