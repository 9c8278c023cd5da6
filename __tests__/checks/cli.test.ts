/** `check` CLI: inputs, output formats and exit codes (0 no error finding, 1 error findings, 2 usage/input errors). */
import * as fs from "fs";
import * as path from "path";
import { main } from "../../scripts/check/cli";
import { tempDir } from "../helpers/terraform";

let dir: string;
beforeAll(() => {
  dir = tempDir("check-cli");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

function write(name: string, content: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

const clean = { resource: { aws_kinesis_stream: { events: { name: "events", shard_count: 1 } } } };
const kmsWithoutKey = { resource: { aws_kinesis_stream: { events: { name: "events", shard_count: 1, encryption_type: "KMS" } } } };
const warningOnly = {
  resource: {
    aws_kinesis_firehose_delivery_stream: {
      s: { name: "s", destination: "extended_s3", extended_s3_configuration: { role_arn: "arn:aws:iam::111122223333:role/r", bucket_arn: "arn:aws:s3:::b", cloudwatch_logging_options: { enabled: true } } },
    },
  },
};

describe("check CLI", () => {
  test("a clean configuration: exit 0, text and JSON", async () => {
    const f = write("clean.tf.json", clean);
    expect(await run([f])).toEqual({ code: 0, out: "No findings in 1 file(s).\n", err: "" });
    expect(await run(["--format", "json", f])).toEqual({ code: 0, out: "[]\n", err: "" });
  });

  test("an error finding: exit 1, with address, attribute, rule and doc link", async () => {
    const f = write("kms.tf.json", kmsWithoutKey);
    const text = await run([f]);
    expect(text.code).toBe(1);
    expect(text.out).toContain("ERROR K5 aws_kinesis_stream.events kms_key_id: encryption_type KMS needs kms_key_id");
    expect(text.out).toContain("https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StartStreamEncryption.html");
    expect(text.out).toContain("1 error(s), 0 warning(s) in 1 file(s).");
    const json = await run(["--format=json", f]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toEqual([
      {
        ruleId: "K5",
        severity: "error",
        address: "aws_kinesis_stream.events",
        attribute: "kms_key_id",
        message: "encryption_type KMS needs kms_key_id (a key id, key ARN, alias or alias/aws/kinesis) (received unset)",
        docUrl: "https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StartStreamEncryption.html",
      },
    ]);
  });

  test("warnings only: exit 0, the warning listed", async () => {
    const r = await run(["--format", "json", write("warn.tf.json", warningOnly)]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).map((f: { ruleId: string; severity: string }) => `${f.ruleId} ${f.severity}`)).toEqual(["CW1 warning"]);
  });

  test("several files: findings of all of them", async () => {
    const r = await run(["--format", "json", write("a.tf.json", clean), write("b.tf.json", kmsWithoutKey)]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toHaveLength(1);
  });

  test.each([
    [[], "no input file"],
    [["--format", "yaml", "x.json"], "--format must be text or json"],
    [["--format"], "--format must be text or json"],
    [["--strict", "x.json"], "unknown option --strict"],
  ])("usage error %j: exit 2 with the usage", async (args, message) => {
    const r = await run(args as string[]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err).toContain("usage: firehose-pipelines check [--format text|json]");
    expect(r.out).toBe("");
  });

  test("input errors: missing file, not JSON, not Terraform: exit 2 naming the file", async () => {
    const missing = await run([path.join(dir, "nope.json")]);
    expect([missing.code, missing.err]).toEqual([2, `${path.join(dir, "nope.json")}: no such file\n`]);
    const notJson = await run([write("bad.json", "resource {")]);
    expect(notJson.code).toBe(2);
    expect(notJson.err).toContain("bad.json: ");
    const other = await run([write("other.json", { name: "package", version: "1.0.0" })]);
    expect(other.code).toBe(2);
    expect(other.err).toContain("not a Terraform JSON configuration");
    const list = await run([write("list.json", [1, 2])]);
    expect(list.code).toBe(2);
  });
});
