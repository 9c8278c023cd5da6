/**
 * Applying synthesized stacks to moto's AWS emulator (`pip install "moto[server]"`), for the deploy tests and for the
 * offline pull-request review (the base branch applied to the emulator gives the review a state to plan against).
 *
 *   ts-node scripts/emulator.ts apply <stack dir> --state <file>
 *       starts the emulator, applies the stack to it, copies the resulting state to <file>, stops the emulator.
 *
 * The emulator is moto's ThreadedMotoServer started by __tests__/deploy/moto_launcher.py (patched where moto lacks
 * a behaviour our stacks rely on), on 127.0.0.1 and a free port; it ends with its parent process.
 */
import { ChildProcessWithoutNullStreams, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as readline from "readline";
import { AWS_PROVIDER_VERSION, findProviderMirror, offlineEnv, PROJECT_ROOT, terraform, TerraformRun } from "./terraform";

export const LAUNCHER = path.join(PROJECT_ROOT, "__tests__", "deploy", "moto_launcher.py");
export const PYTHON = process.env.PYTHON ?? "python3";

/** Provider `endpoints` keys for every AWS service our constructs use (and the ones the provider calls on its own). */
export const EMULATOR_SERVICES = [
  "cloudwatch",
  "logs",
  "events",
  "firehose",
  "glue",
  "iam",
  "kinesis",
  "kms",
  "lambda",
  "opensearch",
  "es",
  "s3",
  "secretsmanager",
  "sns",
  "sqs",
  "sts",
] as const;

/**
 * What the emulator cannot show us, in one place (printed by the deploy tests, copied into the README's testing
 * section). Patched behaviours are in the launcher, each with what real AWS does. This list may only shrink.
 */
export const EMULATOR_GAPS: readonly { readonly what: string; readonly reason: string }[] = [
  {
    what: "aws_kinesis_firehose_delivery_stream: processors (Lambda, MetadataExtraction, AppendDelimiterToRecord), !{…} prefix expressions, dynamic partitioning, format conversion, buffering",
    reason: "moto writes each Direct PUT batch raw to <prefix>YYYY/MM/DD/HH/ in the destination bucket; the smoke test checks that records land there, the partition preview (npm run preview) covers the layout",
  },
  {
    what: "aws_kinesis_firehose_delivery_stream with kinesis_source_configuration",
    reason: "moto does not feed a delivery stream from its Kinesis data stream; the smoke test puts records into the data stream and checks they are there, not that they reach S3",
  },
  {
    what: "aws_kinesis_firehose_delivery_stream destinations opensearch, redshift, splunk, http_endpoint, iceberg",
    reason: "moto drops OpenSearch, Redshift, Splunk and Iceberg data (and posts HTTP endpoint data only to a reachable URL); their streams are applied, re-planned and destroyed, and take Direct PUT records, but no delivery is checked",
  },
  {
    what: "aws_opensearch_domain create and delete (the domains of staging, prod and multi-destination are adopted, not created by Terraform)",
    reason: "hashicorp/aws 5.100.0 sleeps 10 minutes before its first status check of a domain being created or deleted (1 minute on update), sized for AWS, whatever the timeouts. So the tests first apply what each domain refers to (terraform apply -target: its KMS key, log groups, log resource policy), create the domain in the emulator with the stack's exact configuration (references resolved from the state), import it with an import {} block in the apply of the rest, whose plan must import the domain with no change (the master user, which AWS never returns and so no import can read, is ignored for that apply, then written into the state from the configuration, as the provider's create leaves it); on destroy the domain and its access policy leave the state, terraform destroy removes the rest, and DeleteDomain removes the domain with its policy. The provider's own CreateDomain/DeleteDomain calls are not made, and the first apply is split in two at the domain",
  },
  {
    what: "IAM policies, KMS key policies, bucket/topic/queue policies (except the S3 logging grant)",
    reason: "moto stores them but does not enforce them, so an apply cannot show a missing permission at run time",
  },
  {
    what: "attributes echoed back (most inputs)",
    reason: "a clean re-plan shows our configuration is stable against the emulator, not that AWS keeps every value unnormalised",
  },
];

/** True when `python3 -c "import moto"` works. */
export function motoInstalled(): boolean {
  const r = spawnSync(PYTHON, ["-c", "import moto.server"], { encoding: "utf8" });
  return r.status === 0;
}

export interface Emulator {
  readonly port: number;
  /** http://127.0.0.1:<port> */
  readonly endpoint: string;
  /** Answer as this account from now on (moto's MOTO_ACCOUNT_ID). */
  setAccount(accountId: string): Promise<void>;
  /** The emulator's recent stderr, with every thread's stack (to diagnose a hung request). */
  diagnose(): Promise<string>;
  /** CPU seconds (user+sys) the emulator process has used so far, from /proc (undefined where there is none). */
  cpuSeconds(): number | undefined;
  /** Forget every resource (POST /moto-api/reset). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the patched emulator on 127.0.0.1 and a free port. */
export async function startEmulator(opts: { accountId?: string } = {}): Promise<Emulator> {
  const { AWS_PROFILE: _profile, AWS_SESSION_TOKEN: _token, ...parentEnv } = process.env;
  // The emulator's stderr goes to a file, never a pipe: a pipe nobody drains (this process blocked in a synchronous
  // terraform run, as `scripts/emulator.ts apply` is) fills up, and moto then hangs every request behind the one
  // thread blocked writing its log line. Unless FHP_EMULATOR_LOG names a file to keep, the file is unlinked at once:
  // the emulator writes and this process reads through the open descriptor, and nothing is left behind.
  const logPath = process.env.FHP_EMULATOR_LOG ?? path.join(os.tmpdir(), `fhp-emulator-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.log`);
  const logFd = fs.openSync(logPath, "a+");
  if (!process.env.FHP_EMULATOR_LOG) fs.unlinkSync(logPath);
  const stderrTail = (bytes = 20000): string => {
    try {
      const size = fs.fstatSync(logFd).size;
      const length = Math.min(bytes, size);
      const buffer = Buffer.alloc(length);
      fs.readSync(logFd, buffer, 0, length, size - length);
      return buffer.toString();
    } catch {
      return "(the emulator's log is closed)";
    }
  };
  const child = spawn(PYTHON, [LAUNCHER], {
    stdio: ["pipe", "pipe", logFd],
    // A proxy on a closed loopback port: anything the emulator would fetch from outside fails at once.
    // Fake credentials and no instance metadata: some moto handlers (Lambda's ListFunctions) make a boto3 client
    // internally, which would otherwise look for credentials on the network.
    env: {
      ...parentEnv,
      ...closedProxy(),
      MOTO_ACCOUNT_ID: opts.accountId ?? "123456789012",
      PYTHONUNBUFFERED: "1",
      AWS_ACCESS_KEY_ID: "AKIAEMULATOREMULATOR",
      AWS_SECRET_ACCESS_KEY: "emulator-secret",
      AWS_EC2_METADATA_DISABLED: "true",
    },
  });
  const lines = readline.createInterface({ input: child.stdout! });
  const waiting: ((line: string) => void)[] = [];
  const pending: string[] = [];
  lines.on("line", (line) => {
    const w = waiting.shift();
    if (w) w(line);
    else pending.push(line);
  });
  let exited = false;
  const exit = new Promise<void>((resolve) => child.on("exit", () => ((exited = true), resolve())));
  void exit.then(() => setTimeout(() => fs.closeSync(logFd), 5000).unref());
  const nextLine = (what: string) =>
    new Promise<string>((resolve, reject) => {
      if (pending.length) return resolve(pending.shift()!);
      if (exited) return reject(new Error(`the emulator exited before ${what}:\n${stderrTail()}`));
      const timer = setTimeout(() => reject(new Error(`no answer from the emulator for ${what} in 60 s:\n${stderrTail()}`)), 60000);
      waiting.push((l) => (clearTimeout(timer), resolve(l)));
      void exit.then(() => {
        clearTimeout(timer);
        reject(new Error(`the emulator exited before ${what}:\n${stderrTail()}`));
      });
    });
  const first = await nextLine("printing its port");
  const m = /^port (\d+)$/.exec(first);
  if (!m) {
    child.kill("SIGTERM");
    throw new Error(`the emulator did not start: ${first}\n${stderrTail()}`);
  }
  const port = Number(m[1]);
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    port,
    endpoint,
    async setAccount(accountId: string) {
      child.stdin!.write(`account ${accountId}\n`);
      const answer = await nextLine(`account ${accountId}`);
      if (answer !== `ok account ${accountId}`) throw new Error(`the emulator refused account ${accountId}: ${answer}`);
    },
    async diagnose() {
      if (exited) return `(the emulator has exited)\n${stderrTail()}`;
      child.kill("SIGUSR1"); // the launcher prints every thread's stack
      await new Promise((r) => setTimeout(r, 1000));
      return stderrTail(8000);
    },
    cpuSeconds() {
      return procCpuSeconds(child.pid);
    },
    async reset() {
      const r = await fetch(`${endpoint}/moto-api/reset`, { method: "POST" });
      if (!r.ok) throw new Error(`POST /moto-api/reset: HTTP ${r.status}`);
    },
    async stop() {
      if (exited) return;
      child.stdin!.end(); // the launcher exits when its stdin closes
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** Proxy variables pointing at a closed loopback port (port 9, discard): a forgotten endpoint fails fast. */
function closedProxy(): NodeJS.ProcessEnv {
  const proxy = "http://127.0.0.1:9";
  return { HTTP_PROXY: proxy, HTTPS_PROXY: proxy, http_proxy: proxy, https_proxy: proxy, NO_PROXY: "127.0.0.1,localhost", no_proxy: "127.0.0.1,localhost" };
}

/** Environment for terraform against the emulator: the offline CLI config, fake credentials, a closed proxy. */
export function emulatorEnv(): NodeJS.ProcessEnv {
  return { ...offlineEnv(), ...closedProxy(), AWS_ACCESS_KEY_ID: "AKIAEMULATOREMULATOR", AWS_SECRET_ACCESS_KEY: "emulator-secret" };
}

/** The hashicorp/aws binary of the mirror (unpacked layout, this machine's platform), or undefined. */
export function providerBinary(): string | undefined {
  const mirror = findProviderMirror();
  if (!mirror) return undefined;
  const platform = `${process.platform}_${({ x64: "amd64", arm64: "arm64", ia32: "386", arm: "arm" } as Record<string, string>)[process.arch] ?? process.arch}`;
  const dir = path.join(mirror, "registry.terraform.io", "hashicorp", "aws", AWS_PROVIDER_VERSION, platform);
  const file = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => f.startsWith(`terraform-provider-aws_v${AWS_PROVIDER_VERSION}`)) : undefined;
  return file ? path.join(dir, file) : undefined;
}

/** util-linux's setpriv, to give the provider a parent-death signal. */
const SETPRIV = "/usr/bin/setpriv";

/** A provider process serving in Terraform's debug mode, which terraform commands reattach to. */
export interface ReattachedProvider {
  readonly pid: number;
  /** The value of TF_REATTACH_PROVIDERS for the terraform commands that use this process. */
  readonly reattach: string;
  /** CPU seconds (user+sys) the provider has used so far, from /proc (undefined where there is none). */
  cpuSeconds(): number | undefined;
  /** Ends the provider and its process group, and removes its socket directory. */
  stop(): Promise<void>;
}

/**
 * Starts the mirror's hashicorp/aws with `-debug` (Terraform's provider debug mode): it serves on a Unix socket
 * until it is killed, and every terraform command given `TF_REATTACH_PROVIDERS` uses it instead of starting the
 * provider itself (several times a command: validate, plan and apply walks, the schema). One process per stack: a
 * provider holds one configuration at a time, so commands of stacks running side by side must not share one.
 * `env` is the environment the provider's AWS calls see (terraform does not pass its own to a reattached provider);
 * `cwd` must be the stack directory: the provider reads relative paths (a Lambda function's `filename`) from its own
 * working directory, which terraform sets only for a provider it starts.
 * Its own process group, its socket in a directory removed on stop, and SIGKILL if the process that started it dies.
 */
export async function startProvider(env: NodeJS.ProcessEnv, cwd?: string): Promise<ReattachedProvider> {
  const binary = providerBinary();
  if (!binary) throw new Error(`no hashicorp/aws ${AWS_PROVIDER_VERSION} binary in a provider mirror (unpacked layout) to reattach to`);
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), "fhp-provider-"));
  const [cmd, args] = fs.existsSync(SETPRIV) ? [SETPRIV, ["--pdeathsig", "SIGKILL", binary, "-debug"]] : [binary, ["-debug"]];
  // Without AWS_CA_BUNDLE: a reattached provider is configured again by every command (and walk), and the AWS SDK
  // base refuses to add the custom CA bundle a second time to the HTTP client it keeps ("unable to add custom RootCAs
  // HTTPClient"). The emulator is plain HTTP on the loopback, so no CA bundle is used anyway.
  const { AWS_CA_BUNDLE: _caBundle, ...providerEnv } = env;
  // In debug mode the provider logs every request at trace level (megabytes per apply, CPU spent formatting them) where
  // a provider terraform starts logs nothing without TF_LOG: off, unless FHP_PROVIDER_LOG asks for the logs.
  const quiet = process.env.FHP_PROVIDER_LOG
    ? {}
    : Object.fromEntries(["TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_HELPER_SCHEMA", "TF_LOG_SDK_MUX"].map((v) => [v, "off"]));
  // GOGC=400 (unless set): a long-lived provider keeps the whole hashicorp/aws schema in its heap, and Go's default
  // (GOGC=100) collects it again after every few requests: measured on minimal-data-lake, the provider's CPU fell from
  // about 28 to 17 seconds. GOMEMLIMIT bounds the heap this lets grow (about 300 MB at the default).
  const gc = { GOGC: "400", GOMEMLIMIT: "1GiB" };
  const child = spawn(cmd, args, { detached: true, stdio: ["ignore", "pipe", "pipe"], cwd, env: { ...gc, ...providerEnv, ...quiet, TMPDIR: socketDir } });
  let output = "";
  let exited = false;
  const exit = new Promise<void>((resolve) => child.on("exit", () => ((exited = true), resolve())));
  // FHP_PROVIDER_LOG=<file>: keep the provider's whole output (its logs) in that file.
  const log = process.env.FHP_PROVIDER_LOG ? fs.createWriteStream(process.env.FHP_PROVIDER_LOG, { flags: "a" }) : undefined;
  void exit.then(() => log?.end());
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-20000);
    log?.write(d);
  };
  child.stderr.on("data", keep);
  const stop = async () => {
    if (!exited && child.pid) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // already gone
        }
      }, 5000);
      await exit;
      clearTimeout(timer);
    }
    fs.rmSync(socketDir, { recursive: true, force: true });
  };
  try {
    const reattach = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the provider printed no TF_REATTACH_PROVIDERS line in 120 s:\n${output}`)), 120000);
      child.stdout.on("data", (d: Buffer) => {
        keep(d);
        const m = /TF_REATTACH_PROVIDERS='(\{.*\})'/.exec(output);
        if (m) (clearTimeout(timer), resolve(m[1]));
      });
      void exit.then(() => (clearTimeout(timer), reject(new Error(`the provider exited before printing TF_REATTACH_PROVIDERS:\n${output}`))));
    });
    JSON.parse(reattach);
    return {
      pid: child.pid!,
      reattach,
      cpuSeconds: () => procCpuSeconds(child.pid!),
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** CPU seconds (user+sys) of a live process, from /proc/<pid>/stat. */
export function procCpuSeconds(pid: number | undefined): number | undefined {
  try {
    // Fields 14 and 15 (utime, stime) in clock ticks, after the parenthesised command name.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /s, "").split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

export const EMULATOR_OVERRIDE = "zz_emulator_override.tf.json";

/** OpenSearch waits sized for AWS (the provider sleeps 10 minutes before its first check on create). */
const OPENSEARCH_TIMEOUTS = { create: "2m", update: "2m", delete: "2m" };

/**
 * Points every provider of a synthesized stack at the emulator with a Terraform override file: endpoints for every
 * service, fake credentials, path-style S3, a local backend at `statePath`, and short OpenSearch timeouts.
 */
export function writeEmulatorOverride(stackDir: string, endpoint: string, statePath: string): void {
  const synth = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"));
  const providers = ([] as { alias?: string }[]).concat(synth.provider?.aws ?? [{}]);
  const provider = providers.map((p) => ({
    ...(p.alias ? { alias: p.alias } : {}),
    access_key: "AKIAEMULATOREMULATOR",
    secret_key: "emulator-secret",
    s3_use_path_style: true,
    skip_credentials_validation: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
    endpoints: [Object.fromEntries(EMULATOR_SERVICES.map((s) => [s, endpoint]))],
  }));
  const resource: Record<string, Record<string, unknown>> = {};
  for (const type of ["aws_opensearch_domain", "aws_opensearch_domain_policy"]) {
    for (const name of Object.keys(synth.resource?.[type] ?? {})) {
      (resource[type] ??= {})[name] = { timeouts: type === "aws_opensearch_domain" ? OPENSEARCH_TIMEOUTS : { update: "2m", delete: "2m" } };
    }
  }
  const override = {
    provider: { aws: provider },
    terraform: { backend: { local: { path: statePath } } },
    ...(Object.keys(resource).length ? { resource } : {}),
  };
  fs.writeFileSync(path.join(stackDir, EMULATOR_OVERRIDE), JSON.stringify(override, null, 2));
}

/** A managed resource of a stack's state: its address, type and attribute values. */
export interface StateResource {
  readonly address: string;
  readonly type: string;
  readonly values: Record<string, any>;
}

/**
 * The managed resources of a raw state (`terraform state pull`, format version 4), addressed as Terraform addresses
 * them (`module.m.type.name[key]`). Reading it needs no provider, where `terraform show -json` starts one for the schema.
 */
export function rawStateResources(state: { version?: number; resources?: any[] }): StateResource[] {
  if (state.version !== 4) throw new Error(`unexpected Terraform state format version ${state.version} (expected 4)`);
  const out: StateResource[] = [];
  for (const r of state.resources ?? []) {
    if (r.mode !== "managed") continue;
    for (const i of r.instances ?? []) {
      const key = i.index_key === undefined ? "" : `[${JSON.stringify(i.index_key)}]`;
      out.push({ address: `${r.module ? `${r.module}.` : ""}${r.type}.${r.name}${key}`, type: r.type, values: i.attributes ?? {} });
    }
  }
  return out;
}

/** Extra Terraform file (not an override) holding the `import {}` blocks that adopt pre-created OpenSearch domains. */
export const EMULATOR_IMPORTS = "zz_emulator_imports.tf.json";

/** Override file present only while domains are adopted: they ignore the master user, which no import can read. */
export const EMULATOR_ADOPT_OVERRIDE = "zz_emulator_adopt_override.tf.json";

/** The one attribute of an adopted domain its import cannot read: AWS never returns the master user. */
const MASTER_USER = "advanced_security_options[0].master_user_options";

/** A domain configuration's master user block (cdktf writes a single block as an object or a one-element list). */
function masterUserOptions(config: Record<string, any>): Record<string, any> | undefined {
  const security = ([] as Record<string, any>[]).concat(config.advanced_security_options ?? [])[0];
  return security ? ([] as Record<string, any>[]).concat(security.master_user_options ?? [])[0] : undefined;
}

/**
 * The override that makes the adoption apply ignore the master user of each adopted domain that has one: without it
 * the import plans an in-place update that sends the master user again (UpdateDomainConfig, then the provider's fixed
 * 1-minute wait), for a value the domain was just created with. Keeps the domain's own ignore_changes.
 */
export function adoptionOverride(domains: readonly SynthDomain[]): Record<string, any> | undefined {
  const resource: Record<string, unknown> = {};
  for (const d of domains) {
    if (!masterUserOptions(d.config)) continue;
    const own = d.config.lifecycle?.ignore_changes;
    if (own === "all") continue;
    resource[d.address.split(".")[1]] = { lifecycle: { ignore_changes: [...new Set([...((own as string[] | undefined) ?? []), MASTER_USER])] } };
  }
  return Object.keys(resource).length ? { resource: { aws_opensearch_domain: resource } } : undefined;
}

/**
 * Writes each adopted domain's master user into a raw state (`terraform state pull`) from the domain's configuration,
 * references resolved: what the provider's create leaves there (it keeps the master user from the configuration, as
 * AWS never returns it). Unset arguments are "", as the provider stores them. Returns the new state (serial + 1), or
 * undefined when no adopted domain has a master user.
 */
export function withMasterUsers(raw: { serial: number; resources?: any[] }, domains: readonly SynthDomain[], state: Map<string, Record<string, any>>): typeof raw | undefined {
  let changed = false;
  const next = JSON.parse(JSON.stringify(raw)) as typeof raw;
  for (const d of domains) {
    const user = masterUserOptions(d.config);
    if (!user) continue;
    const [type, name] = d.address.split(".");
    const resource = (next.resources ?? []).find((r) => r.mode === "managed" && !r.module && r.type === type && r.name === name);
    const security = resource?.instances?.[0]?.attributes?.advanced_security_options?.[0];
    if (!security) throw new Error(`${d.address}: the adopted domain has no advanced_security_options in the state to hold its master user`);
    const resolved = resolveReferences(user, state, d.address) as Record<string, unknown>;
    security.master_user_options = [Object.fromEntries(["master_user_arn", "master_user_name", "master_user_password"].map((k) => [k, resolved[k] ?? ""]))];
    changed = true;
  }
  if (!changed) return undefined;
  next.serial += 1;
  return next;
}

/** Runs `terraform <args>` in a stack directory against the emulator (sync or async). */
export type TerraformRunner = (args: string[]) => Promise<TerraformRun> | TerraformRun;

interface ServedClient {
  readonly child: ChildProcessWithoutNullStreams;
  readonly pending: Map<number, { resolve: (v: any) => void; reject: (e: Error) => void; what: string }>;
  next: number;
  stderr: string;
}

/** The boto3 client process (`emulator_client.py`), started on first use; stopEmulatorClient ends it. */
let served: ServedClient | undefined;

function startServedClient(): ServedClient {
  const child = spawn(PYTHON, [path.join(PROJECT_ROOT, "__tests__", "deploy", "emulator_client.py")], {
    env: { ...process.env, NO_PROXY: "*", no_proxy: "*" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const client: ServedClient = { child, pending: new Map(), next: 0, stderr: "" };
  child.stderr.on("data", (d: Buffer) => (client.stderr = (client.stderr + d.toString()).slice(-4000)));
  readline.createInterface({ input: child.stdout }).on("line", (line) => {
    const reply = JSON.parse(line) as { id: number; result?: unknown; error?: string };
    const call = client.pending.get(reply.id);
    if (!call) return;
    client.pending.delete(reply.id);
    if (reply.error !== undefined) call.reject(new Error(`emulator_client.py ${call.what} failed: ${reply.error}`));
    else call.resolve(reply.result);
  });
  child.on("close", (code) => {
    if (served === client) served = undefined;
    for (const call of client.pending.values()) call.reject(new Error(`emulator_client.py ended (exit ${code}) during ${call.what}:\n${client.stderr}`));
    client.pending.clear();
  });
  return client;
}

/**
 * boto3 against the emulator (`__tests__/deploy/emulator_client.py`, commands listed there), JSON out. Calls go to
 * one client process that serves them side by side: a process per call would start Python and import boto3 each time.
 */
export function emulatorClient<T>(endpoint: string, region: string, args: string[]): Promise<T> {
  const client = (served ??= startServedClient());
  return new Promise<T>((resolve, reject) => {
    const id = ++client.next;
    client.pending.set(id, { resolve, reject, what: args[0] });
    client.child.stdin.write(`${JSON.stringify({ id, endpoint, region, args })}\n`);
  });
}

/** Ends the emulator client process, if one was started (it also ends by itself when its parent's pipe closes). */
export async function stopEmulatorClient(): Promise<void> {
  const client = served;
  if (!client) return;
  served = undefined;
  await new Promise<void>((resolve) => {
    if (client.child.exitCode !== null || client.child.signalCode !== null) return resolve();
    client.child.once("close", () => resolve());
    client.child.stdin.end();
  });
}

/** A synthesized `aws_opensearch_domain`: its address and its configuration as cdk.tf.json has it. */
export interface SynthDomain {
  readonly address: string;
  readonly config: Record<string, any>;
}

export function opensearchDomains(stackDir: string): SynthDomain[] {
  const synth = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"));
  return Object.entries((synth.resource?.aws_opensearch_domain ?? {}) as Record<string, Record<string, any>>).map(([name, config]) => ({ address: `aws_opensearch_domain.${name}`, config }));
}

const REFERENCE = /\$\{([a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)\.([a-z0-9_]+)\}/g;

/** The resources a domain's configuration refers to (`${type.name.attr}`) or depends on (depends_on). */
export function domainDependencies(domain: SynthDomain): string[] {
  const refs = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === "string") {
      for (const m of v.matchAll(REFERENCE)) refs.add(m[1]);
      if (/\$\{/.test(v.replace(REFERENCE, ""))) throw new Error(`${domain.address}: the emulator cannot adopt a domain whose configuration holds an expression other than \${type.name.attribute}: ${v}`);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) if (k !== "//" && k !== "depends_on") walk(x);
  };
  walk(domain.config);
  for (const d of (domain.config.depends_on ?? []) as string[]) refs.add(d);
  return [...refs].filter((a) => !a.startsWith("data.")).sort();
}

/** Replaces every `${type.name.attr}` with the value the state holds. */
export function resolveReferences(value: unknown, state: Map<string, Record<string, any>>, where: string): any {
  if (typeof value === "string") {
    return value.replace(REFERENCE, (_m, address: string, attr: string) => {
      const v = state.get(address)?.[attr];
      if (typeof v !== "string" && typeof v !== "number") throw new Error(`${where}: \${${address}.${attr}} is not in the state after the domain's dependencies were applied`);
      return String(v);
    });
  }
  if (Array.isArray(value)) return value.map((x) => resolveReferences(x, state, where));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, resolveReferences(x, state, where)]));
  return value;
}

/** Terraform argument name → OpenSearch API member name, where PascalCase of the argument is not it. */
const API_NAMES: Record<string, string> = {
  ebs_options: "EBSOptions",
  ebs_enabled: "EBSEnabled",
  encrypt_at_rest: "EncryptionAtRestOptions",
  node_to_node_encryption: "NodeToNodeEncryptionOptions",
  enforce_https: "EnforceHTTPS",
  tls_security_policy: "TLSSecurityPolicy",
  master_user_arn: "MasterUserARN",
  custom_endpoint_certificate_arn: "CustomEndpointCertificateArn",
};
/** Arguments of aws_opensearch_domain the adoption knows how to send; anything else is refused (nothing dropped). */
const DOMAIN_ARGUMENTS = new Set([
  "domain_name", "engine_version", "cluster_config", "ebs_options", "encrypt_at_rest", "node_to_node_encryption", "domain_endpoint_options",
  "advanced_security_options", "log_publishing_options", "advanced_options", "snapshot_options", "software_update_options", "off_peak_window_options",
  "auto_tune_options", "access_policies", "tags",
]);

const pascal = (k: string) => API_NAMES[k] ?? k.split("_").map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");

/** Nested blocks: cdktf writes a single block as an object or a one-element list. */
function apiValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.length === 1 && v[0] && typeof v[0] === "object" ? apiValue(v[0]) : v.map(apiValue);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [pascal(k), apiValue(x)]));
  return v;
}

/**
 * The CreateDomain request for a domain's resolved Terraform configuration (and the provider's default_tags), the
 * way the provider builds it: blocks become option structures, log_publishing_options a map by log type, tags a list.
 */
export function createDomainRequest(config: Record<string, any>, defaultTags: Record<string, string> = {}): Record<string, any> {
  const request: Record<string, any> = {};
  for (const [k, v] of Object.entries(config)) {
    if (k === "//" || k === "depends_on" || k === "timeouts" || k === "lifecycle" || k === "provider") continue;
    if (!DOMAIN_ARGUMENTS.has(k)) throw new Error(`aws_opensearch_domain.${k}: the emulator's domain adoption does not know this argument (add it to createDomainRequest in scripts/emulator.ts)`);
    if (k === "log_publishing_options") {
      request.LogPublishingOptions = Object.fromEntries(
        ([] as Record<string, any>[]).concat(v).map((o) => [o.log_type, { CloudWatchLogsLogGroupArn: o.cloudwatch_log_group_arn, Enabled: o.enabled ?? true }]),
      );
    } else if (k === "tags") {
      continue;
    } else {
      request[pascal(k)] = apiValue(v);
    }
  }
  const tags = { ...defaultTags, ...(config.tags ?? {}) };
  if (Object.keys(tags).length) request.TagList = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
  return request;
}

/**
 * Applies a stack that creates OpenSearch domains without the provider's fixed waits (see EMULATOR_GAPS):
 *   1. `terraform apply -target=` the resources each domain refers to (its KMS key, log groups, log resource policy);
 *   2. creates each domain in the emulator with the stack's exact configuration, references resolved from the state;
 *   3. writes an `import {}` block per domain and applies: the domain policy, the delivery streams and everything else
 *      that needs the domain are created for real. Its plan must import every domain with no change (the domain
 *      created here is the one the stack describes), or the apply fails with Terraform's diff of the domain. The
 *      master user, which no import can read, is ignored for this apply only (adoptionOverride);
 *   4. writes each domain's master user into the state from its configuration (withMasterUsers), as the provider's
 *      create would have; the deploy tests' clean re-plan then checks it against the configuration.
 * Returns the adopted domain addresses (for `destroyAdoptingDomains`). Stacks without a domain: one plain apply.
 */
export async function applyAdoptingDomains(stackDir: string, endpoint: string, run: TerraformRunner, apply: string[]): Promise<{ adopted: string[]; output: string }> {
  const domains = opensearchDomains(stackDir);
  fs.rmSync(path.join(stackDir, EMULATOR_IMPORTS), { force: true });
  if (domains.length === 0) return { adopted: [], output: mustRun(await run(apply), "apply").stdout };
  const synth = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"));
  const provider = ([] as Record<string, any>[]).concat(synth.provider?.aws ?? [{}])[0];
  const region: string = provider.region;
  const defaultTags: Record<string, string> = ([] as Record<string, any>[]).concat(provider.default_tags ?? [])[0]?.tags ?? {};
  const targets = [...new Set(domains.flatMap(domainDependencies))];
  const flags = apply.filter((a) => a.startsWith("-"));
  let output = "";
  if (targets.length) output += mustRun(await run(["apply", ...flags, ...targets.map((t) => `-target=${t}`)]), "apply -target (the domains' dependencies)").stdout;
  const state = new Map(rawStateResources(JSON.parse(mustRun(await run(["state", "pull"]), "state pull").stdout)).map((r) => [r.address, r.values]));
  for (const d of domains) {
    const request = createDomainRequest(resolveReferences(d.config, state, d.address), defaultTags);
    await emulatorClient(endpoint, region, ["create-domain", JSON.stringify(request)]);
  }
  fs.writeFileSync(path.join(stackDir, EMULATOR_IMPORTS), JSON.stringify({ import: domains.map((d) => ({ to: d.address, id: String(d.config.domain_name) })) }, null, 2));
  const override = adoptionOverride(domains);
  if (override) fs.writeFileSync(path.join(stackDir, EMULATOR_ADOPT_OVERRIDE), JSON.stringify(override, null, 2));
  try {
    // One apply, its plan included: the domains must be planned as imports and nothing more. A separate plan to check
    // first would cost another walk of the whole configuration; a domain that also changes fails the apply below
    // with Terraform's own diff of it (the emulator's domain has been updated by then, which no test relies on).
    const applied = mustRun(await run([...apply, "-no-color"]), "apply (adopting the domains)");
    const changed = domains.filter((d) => !importedUnchanged(applied.stdout, d.address));
    if (changed.length) {
      throw new Error(
        changed
          .map((d) => `${d.address}: the domain created in the emulator from the stack's configuration does not import without changes; the adoption must send what the stack describes. Terraform planned:\n${planExcerpt(applied.stdout, d.address) || "(no change for it in the plan)"}`)
          .join("\n"),
      );
    }
    output += applied.stdout;
  } finally {
    for (const f of [EMULATOR_IMPORTS, EMULATOR_ADOPT_OVERRIDE]) fs.rmSync(path.join(stackDir, f), { force: true });
  }
  const patched = withMasterUsers(JSON.parse(mustRun(await run(["state", "pull"]), "state pull").stdout), domains, state);
  if (patched) {
    const file = path.join(stackDir, "emulator-master-users.tfstate");
    fs.writeFileSync(file, JSON.stringify(patched, null, 2));
    try {
      mustRun(await run(["state", "push", file]), "state push (the adopted domains' master users)");
    } finally {
      fs.rmSync(file, { force: true });
    }
  }
  return { adopted: domains.map((d) => d.address), output };
}

/**
 * Destroys a stack whose domains were adopted: the domains and their access policies leave the state (`terraform
 * state rm`), `terraform destroy` removes everything else, then each domain is deleted with DeleteDomain, what the
 * provider's delete calls before its fixed wait. A domain's access policy is part of the domain (DeleteDomain removes
 * it); destroying `aws_opensearch_domain_policy` first would only reset it to empty, behind the provider's fixed
 * 1-minute wait after UpdateDomainConfig.
 */
export async function destroyAdoptingDomains(stackDir: string, endpoint: string, run: TerraformRunner, destroy: string[], adopted: readonly string[]): Promise<string> {
  const domains = opensearchDomains(stackDir).filter((d) => adopted.includes(d.address));
  const synthPolicies = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")).resource?.aws_opensearch_domain_policy ?? {};
  const policies = Object.entries(synthPolicies as Record<string, { domain_name?: unknown }>)
    .filter(([, c]) => domains.some((d) => typeof c.domain_name === "string" && c.domain_name.startsWith(`\${${d.address}.`)))
    .map(([name]) => `aws_opensearch_domain_policy.${name}`);
  if (domains.length) mustRun(await run(["state", "rm", ...domains.map((d) => d.address), ...policies]), "state rm (the adopted domains and their access policies)");
  const out = mustRun(await run(destroy), "destroy").stdout;
  if (domains.length) {
    const synth = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"));
    const region: string = ([] as Record<string, any>[]).concat(synth.provider?.aws ?? [{}])[0].region;
    for (const d of domains) await emulatorClient(endpoint, region, ["delete-domain", String(d.config.domain_name)]);
  }
  return out;
}

/** True when a (`-no-color`) plan or apply output plans `address` as an import and nothing else. */
export function importedUnchanged(output: string, address: string): boolean {
  return output.split("\n").includes(`  # ${address} will be imported`);
}

/** The block of a (`-no-color`) plan or apply output that describes `address`'s planned change. */
export function planExcerpt(output: string, address: string): string {
  const lines = output.split("\n");
  const start = lines.findIndex((l) => l.startsWith(`  # ${address} `));
  if (start < 0) return "";
  const end = lines.findIndex((l, i) => i > start && (/^ {2}# \S+ (?:will|must) be /.test(l) || /^Plan: /.test(l)));
  return lines.slice(start, end < 0 ? undefined : end).join("\n").trimEnd();
}

function mustRun(run: TerraformRun, what: string): TerraformRun {
  if (run.code !== 0) throw new Error(`terraform ${what} failed (exit ${run.code}):\n${run.stderr}\n${run.stdout.slice(-5000)}`.trim());
  return run;
}

export function must(run: TerraformRun, what: string): TerraformRun {
  if (run.code !== 0) throw new Error(`terraform ${what} failed (exit ${run.code}):\n${run.stderr}\n${run.stdout}`.trim());
  return run;
}

/** Terraform parallelism against the emulator (moto serves one request at a time per resource well enough). */
export const PARALLELISM = "-parallelism=16";

/**
 * `init` + `apply` of a stack directory against the emulator (OpenSearch domains adopted, see applyAdoptingDomains);
 * returns the apply output. Throws on failure.
 */
export async function applyToEmulator(stackDir: string, endpoint: string, statePath: string): Promise<string> {
  writeEmulatorOverride(stackDir, endpoint, statePath);
  const env = emulatorEnv();
  must(terraform(stackDir, ["init", "-input=false", "-reconfigure"], env), "init");
  return (await applyAdoptingDomains(stackDir, endpoint, (args) => terraform(stackDir, args, env), ["apply", "-input=false", "-auto-approve", PARALLELISM])).output;
}

/** The account a synthesized stack is pinned to (its provider's allowed_account_ids), if any. */
export function stackAccount(stackDir: string): string | undefined {
  const synth = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"));
  const p = ([] as { allowed_account_ids?: string[] }[]).concat(synth.provider?.aws ?? [])[0];
  return p?.allowed_account_ids?.[0];
}

async function cli(argv: string[]): Promise<number> {
  const [cmd, stackDir, ...rest] = argv;
  const stateIdx = rest.indexOf("--state");
  const state = stateIdx >= 0 ? rest[stateIdx + 1] : undefined;
  if (cmd !== "apply" || !stackDir || !state) {
    console.error("usage: ts-node scripts/emulator.ts apply <synthesized stack dir> --state <file>");
    return 1;
  }
  if (!motoInstalled()) {
    console.error(`moto is not installed (${PYTHON} -c "import moto" fails): pip install "moto[server]"`);
    return 1;
  }
  const emulator = await startEmulator({ accountId: stackAccount(stackDir) });
  try {
    const work = path.resolve(stackDir, "emulator.tfstate");
    fs.rmSync(work, { force: true });
    await applyToEmulator(path.resolve(stackDir), emulator.endpoint, work);
    fs.copyFileSync(work, path.resolve(state));
    fs.rmSync(path.join(stackDir, EMULATOR_OVERRIDE), { force: true });
    console.error(`Applied ${stackDir} to the emulator; state written to ${state}.`);
    return 0;
  } finally {
    await stopEmulatorClient();
    await emulator.stop();
  }
}

if (require.main === module) {
  cli(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e) => {
      console.error((e as Error).message);
      process.exitCode = 1;
    },
  );
}
