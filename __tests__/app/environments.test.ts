import * as fs from "fs";
import * as path from "path";
import { discoverEnvironments, loadEnvironment } from "../../app/environments";
import { validateEnvironment } from "../../app/config/environment";
import { errorOf } from "../helpers/stack";
import { tempDir } from "../helpers/terraform";

const SCHEMA = path.resolve(__dirname, "..", "..", "app", "config", "environment");

function envDir(configs: Record<string, string>): string {
  const dir = tempDir("envs");
  for (const [name, body] of Object.entries(configs)) {
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(path.join(dir, name, "config.ts"), `import { defineEnvironment } from ${JSON.stringify(SCHEMA)};\nexport default defineEnvironment(${body});\n`);
  }
  return dir;
}

const VALID = `{ region: "eu-west-1", namingPrefix: "acme-qa", tags: { Project: "x" }, backend: { type: "local" }, pipelines: [] }`;

describe("environment discovery and validation", () => {
  test("every directory with a config.ts is an environment; at least dev, staging and prod ship", () => {
    expect(discoverEnvironments()).toEqual(expect.arrayContaining(["dev", "prod", "staging"]));
    const dir = envDir({ qa: VALID, perf: VALID });
    fs.mkdirSync(path.join(dir, "not-an-env"));
    expect(discoverEnvironments(dir)).toEqual(["perf", "qa"]);
  });

  test("the shipped environments are valid", () => {
    for (const name of discoverEnvironments()) expect(() => loadEnvironment(name)).not.toThrow();
  });

  test("an invalid config names the file and each field", () => {
    const dir = envDir({
      qa: `{ region: "Ireland", namingPrefix: "Acme_QA", tags: { Project: "x" }, backend: { type: "s3" } as any, pipelines: [
        { kind: "data-lake", name: "Events" },
        { kind: "kafka-magic", name: "x" } as any,
      ] }`,
    });
    const message = errorOf(() => loadEnvironment("qa", dir));
    const file = path.relative(process.cwd(), path.join(dir, "qa", "config.ts"));
    expect(message).toContain(`Invalid configuration (5 problems):`);
    expect(message).toContain(`[${file}] region: region must be an AWS region such as eu-west-1 (rule C1; received "Ireland")`);
    expect(message).toContain(`[${file}] namingPrefix: namingPrefix must be 1-20 lowercase letters, digits or '-', starting with a letter (it prefixes bucket and stream names) (rule C1; received "Acme_QA")`);
    expect(message).toContain(`[${file}] backend.bucket: an s3 backend needs its state bucket name (rule C1; received undefined)`);
    expect(message).toContain(`[${file}] pipelines[0].name: pipeline names are 1-24 lowercase letters, digits or '-', starting with a letter (rule C2; received "Events")`);
    expect(message).toMatch(new RegExp(`\\[${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\\] pipelines\\[1\\]\\.kind: unknown pipeline kind; known kinds: data-lake.* \\(rule C2; received "kafka-magic"\\)`));
  });

  test("duplicate pipeline names and a bad backend type are refused", () => {
    const message = errorOf(() =>
      validateEnvironment("environments/qa/config.ts", {
        region: "eu-west-1",
        namingPrefix: "acme",
        tags: {},
        backend: { type: "gcs" } as never,
        pipelines: [
          { kind: "data-lake", name: "events" },
          { kind: "data-lake", name: "events" },
        ],
      }),
    );
    expect(message).toContain(`[environments/qa/config.ts] backend.type: backend.type must be "local" or "s3" (rule C1; received "gcs")`);
    expect(message).toContain(`[environments/qa/config.ts] pipelines[1].name: pipeline names must be unique in an environment (rule C2; received "events")`);
  });

  test("data-lake partitioner and stream settings are checked in the config, under the pipeline's property paths", () => {
    const message = errorOf(() =>
      validateEnvironment("environments/qa/config.ts", {
        region: "eu-west-1",
        namingPrefix: "acme",
        tags: {},
        backend: { type: "local" },
        pipelines: [
          { kind: "data-lake", name: "cdc", partitioner: { fields: {}, timeKeys: ["week" as never] }, streamEncryption: "own" as never },
          { kind: "data-lake", name: "both", partitioner: { fields: { table: "meta.table" } }, lambdaPartitioning: { functionArn: "arn:aws:lambda:eu-west-1:111122223333:function:p", partitionKeys: ["t"] } },
        ],
      }),
    );
    const at = "[environments/qa/config.ts] pipelines";
    expect(message).toContain(`${at}[0].partitioner.fields: the partitioner needs at least one field key, e.g. { table: "meta.table" } (rule C2; received {})`);
    expect(message).toContain(`${at}[0].partitioner.timeKeys: time key must be one of year, month, day, hour, minute (rule C2; received "week")`);
    expect(message).toContain(`${at}[0].streamEncryption: streamEncryption must be one of aws-owned, customer-managed (rule C2; received "own")`);
    expect(message).toContain(`${at}[1].partitioner: give either partitioner (deploy the built-in function) or lambdaPartitioning (your function), not both (rule C2;`);
    expect(message).toContain("(4 problems)");
  });

  test("an environment directory name that cannot name a stack is refused", () => {
    const dir = envDir({ QA_env: VALID });
    expect(errorOf(() => loadEnvironment("QA_env", dir))).toContain(`environment directory names are 1-32 lowercase letters, digits or '-' (they name the stack), got "QA_env"`);
  });
});
