/**
 * The emulator's plumbing: loopback only, account switching, reset, the override it needs, and no process left
 * behind when its parent ends or is killed.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { adoptionOverride, createDomainRequest, domainDependencies, emulatorEnv, EMULATOR_OVERRIDE, EMULATOR_SERVICES, importedUnchanged, planExcerpt, providerBinary, PYTHON, rawStateResources, resolveReferences, startEmulator, startProvider, withMasterUsers, writeEmulatorOverride } from "../../scripts/emulator";
import { PROJECT_ROOT } from "../../scripts/terraform";
import { tempDir } from "../helpers/terraform";
import { describeEmulator } from "./harness";

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(" ")[2] !== "Z";
  } catch {
    return false;
  }
};

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return !alive(pid);
}

test("the override points every service at the emulator, with fake credentials, path-style S3, a local backend and short OpenSearch waits", () => {
  const dir = tempDir("emu-override");
  try {
    fs.writeFileSync(
      path.join(dir, "cdk.tf.json"),
      JSON.stringify({ provider: { aws: [{ region: "eu-west-1", allowed_account_ids: ["111111111111"] }, { region: "us-east-1", alias: "use1" }] }, resource: { aws_opensearch_domain: { d: {} }, aws_opensearch_domain_policy: { p: {} } } }),
    );
    writeEmulatorOverride(dir, "http://127.0.0.1:4567", "/tmp/x.tfstate");
    const o = JSON.parse(fs.readFileSync(path.join(dir, EMULATOR_OVERRIDE), "utf8"));
    expect(o.provider.aws).toHaveLength(2);
    expect(o.provider.aws[1].alias).toBe("use1");
    for (const p of o.provider.aws) {
      expect(p).toMatchObject({ s3_use_path_style: true, skip_credentials_validation: true, access_key: expect.any(String), secret_key: expect.any(String) });
      expect(Object.keys(p.endpoints[0]).sort()).toEqual([...EMULATOR_SERVICES].sort());
      expect(new Set(Object.values(p.endpoints[0]))).toEqual(new Set(["http://127.0.0.1:4567"]));
      // The account pin stays: the emulator answers STS with the stack's account.
      expect(p).not.toHaveProperty("allowed_account_ids");
    }
    expect(o.terraform.backend).toEqual({ local: { path: "/tmp/x.tfstate" } });
    expect(o.resource.aws_opensearch_domain.d.timeouts).toEqual({ create: "2m", update: "2m", delete: "2m" });
    expect(o.resource.aws_opensearch_domain_policy.p.timeouts).toEqual({ update: "2m", delete: "2m" });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe("OpenSearch domain adoption", () => {
  const config = {
    "//": { metadata: {} },
    domain_name: "fhp-stg-search",
    engine_version: "OpenSearch_2.19",
    depends_on: ["aws_cloudwatch_log_resource_policy.P"],
    cluster_config: { instance_type: "m7g.large.search", instance_count: 3, zone_awareness_enabled: true, zone_awareness_config: [{ availability_zone_count: 3 }] },
    ebs_options: { ebs_enabled: true, volume_size: 20, volume_type: "gp3" },
    encrypt_at_rest: { enabled: true, kms_key_id: "${aws_kms_key.K.arn}" },
    node_to_node_encryption: { enabled: true },
    domain_endpoint_options: { enforce_https: true, tls_security_policy: "Policy-Min-TLS-1-2-PFS-2023-10" },
    advanced_security_options: { enabled: true, internal_user_database_enabled: false, master_user_options: { master_user_arn: "arn:aws:iam::1:role/admin" } },
    log_publishing_options: [{ cloudwatch_log_group_arn: "${aws_cloudwatch_log_group.L.arn}", enabled: true, log_type: "AUDIT_LOGS" }],
    tags: { Team: "search" },
  };

  test("the domain's dependencies are what it refers to and depends on; other expressions are refused", () => {
    expect(domainDependencies({ address: "aws_opensearch_domain.D", config })).toEqual(["aws_cloudwatch_log_group.L", "aws_cloudwatch_log_resource_policy.P", "aws_kms_key.K"]);
    expect(() => domainDependencies({ address: "aws_opensearch_domain.D", config: { domain_name: "${lower(var.x)}" } })).toThrow("aws_opensearch_domain.D: the emulator cannot adopt");
  });

  test("the CreateDomain request is the stack's configuration with references resolved, in the API's names", () => {
    const state = new Map<string, Record<string, any>>([
      ["aws_kms_key.K", { arn: "arn:aws:kms:eu-west-1:1:key/k" }],
      ["aws_cloudwatch_log_group.L", { arn: "arn:aws:logs:eu-west-1:1:log-group:audit" }],
    ]);
    const request = createDomainRequest(resolveReferences(config, state, "D"), { Environment: "staging" });
    expect(request).toEqual({
      DomainName: "fhp-stg-search",
      EngineVersion: "OpenSearch_2.19",
      ClusterConfig: { InstanceType: "m7g.large.search", InstanceCount: 3, ZoneAwarenessEnabled: true, ZoneAwarenessConfig: { AvailabilityZoneCount: 3 } },
      EBSOptions: { EBSEnabled: true, VolumeSize: 20, VolumeType: "gp3" },
      EncryptionAtRestOptions: { Enabled: true, KmsKeyId: "arn:aws:kms:eu-west-1:1:key/k" },
      NodeToNodeEncryptionOptions: { Enabled: true },
      DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" },
      AdvancedSecurityOptions: { Enabled: true, InternalUserDatabaseEnabled: false, MasterUserOptions: { MasterUserARN: "arn:aws:iam::1:role/admin" } },
      LogPublishingOptions: { AUDIT_LOGS: { CloudWatchLogsLogGroupArn: "arn:aws:logs:eu-west-1:1:log-group:audit", Enabled: true } },
      TagList: [{ Key: "Environment", Value: "staging" }, { Key: "Team", Value: "search" }],
    });
    expect(() => resolveReferences(config, new Map(), "D")).toThrow("${aws_kms_key.K.arn} is not in the state");
    expect(() => createDomainRequest({ domain_name: "x", vpc_options: {} })).toThrow("aws_opensearch_domain.vpc_options: the emulator's domain adoption does not know this argument");
  });

  test("the adoption apply must plan each domain as an import and nothing more; otherwise its diff is quoted", () => {
    const output = [
      "Terraform will perform the following actions:",
      "",
      "  # aws_opensearch_domain.D will be imported",
      '    resource "aws_opensearch_domain" "D" {',
      '        domain_name = "d"',
      "    }",
      "",
      "  # aws_opensearch_domain.E will be updated in-place",
      '  # (imported from "e")',
      '  ~ resource "aws_opensearch_domain" "E" {',
      '      ~ engine_version = "OpenSearch_2.17" -> "OpenSearch_2.19"',
      "    }",
      "",
      "  # aws_s3_bucket.B will be created",
      '  + resource "aws_s3_bucket" "B" {}',
      "",
      "Plan: 2 to import, 1 to add, 1 to change, 0 to destroy.",
    ].join("\n");
    expect(importedUnchanged(output, "aws_opensearch_domain.D")).toBe(true);
    expect(importedUnchanged(output, "aws_opensearch_domain.E")).toBe(false);
    expect(importedUnchanged(output, "aws_opensearch_domain.Missing")).toBe(false);
    expect(planExcerpt(output, "aws_opensearch_domain.E").split("\n")).toEqual([
      "  # aws_opensearch_domain.E will be updated in-place",
      '  # (imported from "e")',
      '  ~ resource "aws_opensearch_domain" "E" {',
      '      ~ engine_version = "OpenSearch_2.17" -> "OpenSearch_2.19"',
      "    }",
    ]);
    expect(planExcerpt(output, "aws_s3_bucket.B").split("\n")).toEqual(["  # aws_s3_bucket.B will be created", '  + resource "aws_s3_bucket" "B" {}']);
    expect(planExcerpt(output, "aws_opensearch_domain.Missing")).toBe("");
  });
  test("the adoption apply ignores only the master user, of the domains that have one, keeping their own ignore_changes", () => {
    const withOwn = { ...config, lifecycle: { ignore_changes: ["engine_version"] } };
    expect(adoptionOverride([{ address: "aws_opensearch_domain.D", config }, { address: "aws_opensearch_domain.E", config: withOwn }, { address: "aws_opensearch_domain.N", config: { domain_name: "n" } }])).toEqual({
      resource: {
        aws_opensearch_domain: {
          D: { lifecycle: { ignore_changes: ["advanced_security_options[0].master_user_options"] } },
          E: { lifecycle: { ignore_changes: ["engine_version", "advanced_security_options[0].master_user_options"] } },
        },
      },
    });
    expect(adoptionOverride([{ address: "aws_opensearch_domain.N", config: { domain_name: "n" } }])).toBeUndefined();
  });

  test("after the adoption, the state holds each master user as the provider's create stores it, references resolved", () => {
    const raw = {
      version: 4,
      serial: 7,
      resources: [
        { mode: "managed", type: "aws_opensearch_domain", name: "D", instances: [{ attributes: { domain_name: "d", advanced_security_options: [{ enabled: true, master_user_options: [] }] } }] },
        { mode: "managed", type: "aws_opensearch_domain", name: "N", instances: [{ attributes: { domain_name: "n", advanced_security_options: [{ enabled: false, master_user_options: [] }] } }] },
      ],
    };
    const withRef = { ...config, advanced_security_options: { enabled: true, master_user_options: { master_user_arn: "${aws_iam_role.A.arn}" } } };
    const state = new Map([["aws_iam_role.A", { arn: "arn:aws:iam::1:role/admin" }]]);
    const patched = withMasterUsers(raw, [{ address: "aws_opensearch_domain.D", config: withRef }, { address: "aws_opensearch_domain.N", config: { domain_name: "n" } }], state)!;
    expect(patched.serial).toBe(8);
    expect(patched.resources![0].instances[0].attributes.advanced_security_options).toEqual([
      { enabled: true, master_user_options: [{ master_user_arn: "arn:aws:iam::1:role/admin", master_user_name: "", master_user_password: "" }] },
    ]);
    expect(patched.resources![1]).toEqual(raw.resources[1]);
    expect(raw.resources[0].instances[0].attributes.advanced_security_options[0].master_user_options).toEqual([]); // not modified in place
    expect(withMasterUsers(raw, [{ address: "aws_opensearch_domain.N", config: { domain_name: "n" } }], state)).toBeUndefined();
    expect(() => withMasterUsers({ serial: 1, resources: [] }, [{ address: "aws_opensearch_domain.D", config }], state)).toThrow("aws_opensearch_domain.D: the adopted domain has no advanced_security_options in the state");
  });
});

test("the raw state (terraform state pull) gives managed resources under their Terraform addresses", () => {
  const state = {
    version: 4,
    resources: [
      { mode: "managed", type: "aws_s3_bucket", name: "B", instances: [{ attributes: { bucket: "b" } }] },
      { mode: "data", type: "aws_caller_identity", name: "C", instances: [{ attributes: { account_id: "1" } }] },
      { module: "module.m", mode: "managed", type: "aws_sqs_queue", name: "Q", instances: [{ index_key: 0, attributes: { name: "q0" } }, { index_key: "k", attributes: { name: "qk" } }] },
    ],
  };
  expect(rawStateResources(state)).toEqual([
    { address: "aws_s3_bucket.B", type: "aws_s3_bucket", values: { bucket: "b" } },
    { address: "module.m.aws_sqs_queue.Q[0]", type: "aws_sqs_queue", values: { name: "q0" } },
    { address: 'module.m.aws_sqs_queue.Q["k"]', type: "aws_sqs_queue", values: { name: "qk" } },
  ]);
  expect(() => rawStateResources({ version: 3 })).toThrow("unexpected Terraform state format version 3");
});

test("scripts/emulator.ts refuses a command line without a stack and a state file", () => {
  const r = spawnSync(process.execPath, [path.join(PROJECT_ROOT, "node_modules", "ts-node", "dist", "bin.js"), "--transpile-only", "scripts/emulator.ts", "apply", "some-dir"], { cwd: PROJECT_ROOT, encoding: "utf8" });
  expect(r.status).toBe(1);
  expect(r.stderr).toContain("usage: ts-node scripts/emulator.ts apply <synthesized stack dir> --state <file>");
});

describeEmulator("the emulator process", () => {
  test("listens on 127.0.0.1 only, answers as the account it is told, resets, and stops when asked", async () => {
    const emulator = await startEmulator({ accountId: "111111111111" });
    try {
      expect(emulator.endpoint).toBe(`http://127.0.0.1:${emulator.port}`);
      const sts = async () => (await (await fetch(`${emulator.endpoint}/`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", authorization: "AWS4-HMAC-SHA256 Credential=AKIAEMULATOREMULATOR/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=x" }, body: "Action=GetCallerIdentity&Version=2011-06-15" })).text());
      expect(await sts()).toContain("<Account>111111111111</Account>");
      await emulator.setAccount("222222222222");
      expect(await sts()).toContain("<Account>222222222222</Account>");
      await expect(emulator.setAccount("not-an-account")).rejects.toThrow("refused");
      await emulator.reset();
      // Not on the machine's other addresses.
      const ss = spawnSync("ss", ["-ltnH", `sport = :${emulator.port}`], { encoding: "utf8" });
      if (ss.status === 0) expect(ss.stdout.trim().split("\n").map((l) => l.trim().split(/\s+/)[3])).toEqual([`127.0.0.1:${emulator.port}`]);
    } finally {
      await emulator.stop();
    }
  });

  test("keeps answering while its parent is blocked in a synchronous call, with every request logged", async () => {
    // `scripts/emulator.ts apply` waits for terraform synchronously: nothing reads the emulator's output meanwhile.
    // With FHP_EMULATOR_LOG every request is logged (about 100 bytes a line): 2,000 requests are more than a pipe holds.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fhp-emulator-log-"));
    const before = process.env.FHP_EMULATOR_LOG;
    process.env.FHP_EMULATOR_LOG = path.join(dir, "emulator.log");
    const emulator = await startEmulator();
    try {
      const script = `import urllib.request\nfor i in range(2000):\n    urllib.request.urlopen("${emulator.endpoint}/moto-api/data.json").read()\nprint("done")`;
      const r = spawnSync(PYTHON, ["-c", script], { encoding: "utf8", timeout: 120000, env: { ...process.env, NO_PROXY: "*", no_proxy: "*" } });
      expect({ status: r.status, out: r.stdout.trim(), err: r.stderr.slice(-500) }).toEqual({ status: 0, out: "done", err: "" });
      expect(fs.readFileSync(process.env.FHP_EMULATOR_LOG, "utf8").split("\n").filter((l) => l.includes("/moto-api/data.json")).length).toBe(2000);
    } finally {
      await emulator.stop();
      if (before === undefined) delete process.env.FHP_EMULATOR_LOG;
      else process.env.FHP_EMULATOR_LOG = before;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("ends with its parent, even when the parent is killed (SIGKILL)", async () => {
    const script = `require("ts-node").register({ transpileOnly: true }); require(${JSON.stringify(path.join(PROJECT_ROOT, "scripts", "emulator"))}).startEmulator().then(() => { const { execSync } = require("child_process"); console.log(execSync("pgrep -P " + process.pid + " -f moto_launcher").toString().trim()); setInterval(() => {}, 1000); });`;
    const parent = spawn(process.execPath, ["-e", script], { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "inherit"] });
    const pid = await new Promise<number>((resolve, reject) => {
      let out = "";
      parent.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /^(\d+)\s*$/m.exec(out);
        if (m) resolve(Number(m[1]));
      });
      parent.on("exit", () => reject(new Error(`the parent exited before starting the emulator: ${out}`)));
    });
    expect(alive(pid)).toBe(true);
    parent.kill("SIGKILL");
    expect(await waitGone(pid, 5000)).toBe(true);
  });
});

/** The reattached provider of the deploy tests (needs the mirror's hashicorp/aws binary; skipped without one). */
(providerBinary() ? describe : describe.skip)("the provider process terraform commands reattach to", () => {
  const socketOf = (reattach: string) => JSON.parse(reattach)["registry.terraform.io/hashicorp/aws"].Addr.String as string;

  test("serves on a socket of its own, is the process its TF_REATTACH_PROVIDERS names, and is gone with its socket after stop", async () => {
    const provider = await startProvider(emulatorEnv());
    let stopped = false;
    try {
      const config = JSON.parse(provider.reattach)["registry.terraform.io/hashicorp/aws"];
      expect({ pid: config.Pid, protocol: config.Protocol, network: config.Addr.Network }).toEqual({ pid: provider.pid, protocol: "grpc", network: "unix" });
      expect(fs.existsSync(config.Addr.String)).toBe(true);
      expect(alive(provider.pid)).toBe(true);
      expect(provider.cpuSeconds()).toEqual(expect.any(Number));
      await provider.stop();
      stopped = true;
      expect(alive(provider.pid)).toBe(false);
      // Its socket directory is removed too.
      expect(fs.existsSync(path.dirname(socketOf(provider.reattach)))).toBe(false);
    } finally {
      if (!stopped) await provider.stop();
    }
  });

  test("ends with the process that started it, even when that process is killed (SIGKILL)", async () => {
    const script = `require("ts-node").register({ transpileOnly: true }); const e = require(${JSON.stringify(path.join(PROJECT_ROOT, "scripts", "emulator"))}); e.startProvider(e.emulatorEnv()).then((p) => { console.log(p.pid + " " + p.reattach); setInterval(() => {}, 1000); });`;
    const parent = spawn(process.execPath, ["-e", script], { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "inherit"] });
    const [pid, reattach] = await new Promise<[number, string]>((resolve, reject) => {
      let out = "";
      parent.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /^(\d+) (\{.*\})\s*$/m.exec(out);
        if (m) resolve([Number(m[1]), m[2]]);
      });
      parent.on("exit", () => reject(new Error(`the parent exited before starting the provider: ${out}`)));
    });
    try {
      expect(alive(pid)).toBe(true);
      parent.kill("SIGKILL");
      expect(await waitGone(pid, 5000)).toBe(true);
    } finally {
      // The killed parent could not remove the socket directory: this test does.
      fs.rmSync(path.dirname(socketOf(reattach)), { recursive: true, force: true });
      if (alive(pid)) process.kill(pid, "SIGKILL");
    }
  });
});
