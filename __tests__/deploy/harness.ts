/**
 * Deploy-test helpers: the emulator's availability policy (like Terraform's), stacks to apply, the emulator's
 * inventory, and the data smoke.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FirehoseClient, PutRecordBatchCommand } from "@aws-sdk/client-firehose";
import { emulatorClient, emulatorEnv, motoInstalled, PARALLELISM, providerBinary, PYTHON, rawStateResources, ReattachedProvider, startProvider, StateResource } from "../../scripts/emulator";
import { TerraformRun } from "../../scripts/terraform";
import { TERRAFORM_VERSION } from "../helpers/terraform";

export const MOTO_INSTALLED = motoInstalled();

/** `describe` for suites that need Terraform and moto: skipped with a warning locally, a failure under CI=true. */
export function describeEmulator(name: string, fn: () => void): void {
  const missing = [!TERRAFORM_VERSION && "terraform is not on PATH", !MOTO_INSTALLED && `moto is not installed (${PYTHON} -c "import moto" fails; pip install "moto[server]")`].filter(Boolean);
  if (missing.length === 0) {
    describe(name, fn);
  } else if (process.env.CI === "true") {
    describe(name, () => {
      test("terraform and moto are installed", () => {
        throw new Error(`${missing.join("; ")}: CI=true requires them to apply the stacks to the AWS emulator.`);
      });
    });
  } else {
    // eslint-disable-next-line no-console
    console.warn(`WARNING: ${missing.join("; ")}; skipping "${name}" (set CI=true to make this a failure).`);
    describe.skip(name, fn);
  }
}

/** Longest a terraform command may take against the emulator before the test fails (a hung emulator, not a slow one). */
const TF_TIMEOUT_MS = 12 * 60 * 1000;

/** GNU time, for the CPU seconds of each terraform command in the FHP_DEPLOY_PROGRESS log. */
const TIME = "/usr/bin/time";
let cpuRuns = 0;

/** A line in the FHP_DEPLOY_PROGRESS log, when it is set. */
export function progress(line: string): void {
  if (process.env.FHP_DEPLOY_PROGRESS) fs.appendFileSync(process.env.FHP_DEPLOY_PROGRESS, `${new Date().toISOString()} ${line}\n`);
}

/**
 * One provider process per stack, reattached by every terraform command of that stack (Terraform's provider debug
 * mode, TF_REATTACH_PROVIDERS): without it each command starts hashicorp/aws several times (validate, plan and apply
 * walks, the schema), about 3 CPU seconds a start. On by default; FHP_DEPLOY_REATTACH=0 lets terraform start its own.
 */
export const REATTACH = process.env.FHP_DEPLOY_REATTACH !== "0";

/** Stack directory → TF_REATTACH_PROVIDERS of the provider its commands use (set by withProvider). */
const reattached = new Map<string, string>();

/** Providers started by withProvider and not ended yet. */
const running = new Set<ReattachedProvider>();

/** Ends every provider still running (for afterAll: a test that timed out may still be in its `fn`). */
export async function stopProviders(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop()));
  running.clear();
}

/** Number of `aws` provider configurations of a synthesized stack (one process holds one configuration at a time). */
function awsProviderConfigs(stackDir: string): number {
  const synth = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"));
  return ([] as unknown[]).concat(synth.provider?.aws ?? [{}]).length;
}

/**
 * Runs `fn` with one provider process per directory of `stackDirs`, started in it, for the terraform commands run
 * there (one after another, by this stack's test only), and ends that process afterwards, also when `fn` fails. Not used (terraform starts the
 * provider itself) with FHP_DEPLOY_REATTACH=0, without a provider mirror (Terraform installs from the registry), or
 * for a stack with more than one aws provider configuration.
 */
export async function withProvider<R>(label: string, stackDirs: string[], fn: () => Promise<R>): Promise<R> {
  if (!REATTACH || !providerBinary() || stackDirs.some((d) => awsProviderConfigs(d) > 1)) return fn();
  // One process per directory: the provider reads relative paths (Lambda zips) from its working directory.
  const providers: ReattachedProvider[] = [];
  try {
    for (const d of stackDirs) {
      const provider = await startProvider(emulatorEnv(), d);
      providers.push(provider);
      running.add(provider);
      reattached.set(d, provider.reattach);
    }
    return await fn();
  } finally {
    for (const d of stackDirs) reattached.delete(d);
    const cpu = providers.reduce((a, p) => a + (p.cpuSeconds() ?? 0), 0);
    await Promise.all(providers.map((p) => p.stop()));
    for (const p of providers) running.delete(p);
    progress(`${label} provider (reattached by every terraform command of the stack): CPU ${cpu.toFixed(1)} s`);
  }
}

/** `terraform <args>` against the emulator, asynchronously (several stacks are applied at a time). */
export function tf(stackDir: string, args: string[]): Promise<TerraformRun> {
  const progress = process.env.FHP_DEPLOY_PROGRESS;
  // With FHP_DEPLOY_PROGRESS, each command runs under /usr/bin/time for its CPU seconds (user+sys, children included):
  // on a shared machine wall time says little.
  const cpuFile = progress && fs.existsSync(TIME) ? path.join(os.tmpdir(), `fhp-tfcpu-${process.pid}-${++cpuRuns}`) : undefined;
  const [cmd, argv] = cpuFile ? [TIME, ["-f", "%U %S", "-o", cpuFile, "terraform", ...args, "-no-color"]] : ["terraform", [...args, "-no-color"]];
  return new Promise((resolve) => {
    // Under /usr/bin/time, its own process group: the timeout below must end terraform too, not only `time`.
    const reattach = reattached.get(stackDir);
    const env = { ...emulatorEnv(), ...(reattach ? { TF_REATTACH_PROVIDERS: reattach } : {}) };
    const child = spawn(cmd, argv, { cwd: stackDir, env, stdio: ["ignore", "pipe", "pipe"], detached: !!cpuFile });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      stderr += `\n(terraform ${args[0]} killed after ${TF_TIMEOUT_MS / 60000} minutes)`;
      if (cpuFile && child.pid) process.kill(-child.pid, "SIGTERM");
      else child.kill("SIGTERM");
    }, TF_TIMEOUT_MS);
    const t0 = Date.now();
    child.on("close", (code) => {
      clearTimeout(timer);
      // FHP_DEPLOY_PROGRESS=<file>: one line per terraform command as it ends (jest prints only when a file ends).
      if (progress) {
        let cpu = "";
        if (cpuFile) {
          const [user, sys] = (fs.existsSync(cpuFile) ? fs.readFileSync(cpuFile, "utf8").trim().split("\n").pop()! : "").split(" ").map(Number);
          fs.rmSync(cpuFile, { force: true });
          if (Number.isFinite(user) && Number.isFinite(sys)) cpu = `, CPU ${(user + sys).toFixed(1)} s`;
        }
        fs.appendFileSync(progress, `${new Date().toISOString()} ${stackDir.split(path.sep).slice(-3).join("/")} terraform ${args.join(" ")}: exit ${code} after ${((Date.now() - t0) / 1000).toFixed(1)} s${cpu}\n${code === 0 ? "" : stderr.slice(-3000)}`);
      }
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

export async function tfMust(stackDir: string, args: string[]): Promise<TerraformRun> {
  const r = await tf(stackDir, args);
  if (r.code !== 0) throw new Error(`terraform ${args[0]} in ${path.basename(stackDir)} failed (exit ${r.code}):\n${r.stderr}\n${r.stdout.slice(-5000)}`);
  return r;
}

/** A fixed set of emulators shared by the tests: a stack takes one, and gives it back when done. */
export class EmulatorPool<T> {
  private readonly free: T[];
  private readonly waiting: ((e: T) => void)[] = [];
  constructor(items: T[]) {
    this.free = [...items];
  }
  async use<R>(fn: (e: T) => Promise<R>): Promise<R> {
    const e = this.free.pop() ?? (await new Promise<T>((resolve) => this.waiting.push(resolve)));
    try {
      return await fn(e);
    } finally {
      const next = this.waiting.shift();
      if (next) next(e);
      else this.free.push(e);
    }
  }
}

export const APPLY = ["apply", "-input=false", "-auto-approve", PARALLELISM];
/**
 * Destroy without refreshing: the tests destroy right after a re-plan that refreshed every resource and found no
 * change (the smoke's records are not resources), so a second refresh would read the same state again.
 */
export const DESTROY = ["destroy", "-input=false", "-auto-approve", "-refresh=false", PARALLELISM];
export const REPLAN = ["plan", "-input=false", "-detailed-exitcode", PARALLELISM];


/**
 * The managed resources of a stack's state, from `terraform state pull` (the raw state: no provider started, unlike
 * `terraform show -json`, which loads the provider's schema for the same attribute values).
 */
export async function stateResources(stackDir: string): Promise<StateResource[]> {
  return rawStateResources(JSON.parse((await tfMust(stackDir, ["state", "pull"])).stdout));
}

export interface Inventory {
  buckets: string[];
  deliveryStreams: string[];
  kinesisStreams: string[];
  roles: string[];
  functions: string[];
  alarms: string[];
  topics: string[];
  logGroups: string[];
  domains: string[];
  rules: string[];
}

export const inventory = (endpoint: string, region: string) => emulatorClient<Inventory>(endpoint, region, ["inventory"]);
export const bucketObjects = (endpoint: string, region: string, bucket: string) => emulatorClient<{ key: string; body: string }[]>(endpoint, region, ["objects", bucket]);
export const emptyBuckets = async (endpoint: string, region: string, buckets: string[]) => (buckets.length ? emulatorClient<Record<string, number>>(endpoint, region, ["empty", ...buckets]) : {});

/** What the stack's state says the emulator must hold, by inventory kind. */
export function expectedInventory(resources: StateResource[]): Partial<Inventory> {
  const of = (type: string, attr: string) => resources.filter((r) => r.type === type).map((r) => String(r.values[attr])).sort();
  return {
    buckets: of("aws_s3_bucket", "bucket"),
    deliveryStreams: of("aws_kinesis_firehose_delivery_stream", "name"),
    kinesisStreams: of("aws_kinesis_stream", "name"),
    roles: of("aws_iam_role", "name"),
    functions: of("aws_lambda_function", "function_name"),
    alarms: of("aws_cloudwatch_metric_alarm", "alarm_name"),
    topics: of("aws_sns_topic", "arn"),
    domains: of("aws_opensearch_domain", "domain_name"),
    rules: of("aws_cloudwatch_event_rule", "name"),
  };
}

const credentials = { accessKeyId: "AKIAEMULATOREMULATOR", secretAccessKey: "emulator-secret" };

/** Newline-terminated JSON records, distinct per stream. */
export function smokeRecords(stream: string, n = 3): string[] {
  return Array.from({ length: n }, (_, i) => `${JSON.stringify({ source: "com.fhp.smoke", stream, seq: i, detail: { ok: true } })}\n`);
}

export async function putDirect(endpoint: string, region: string, stream: string, records: string[]) {
  const fh = new FirehoseClient({ endpoint, region, credentials, maxAttempts: 1 });
  try {
    return await fh.send(new PutRecordBatchCommand({ DeliveryStreamName: stream, Records: records.map((r) => ({ Data: Buffer.from(r) })) }));
  } finally {
    fh.destroy();
  }
}

/**
 * PutRecords into a Kinesis data stream, then reads every shard from TRIM_HORIZON: the data it holds. Through boto3:
 * the JavaScript SDK's Kinesis client speaks HTTP/2, which the emulator's HTTP/1.1 server refuses (ERR_HTTP2_ERROR).
 */
export async function putAndReadKinesis(endpoint: string, region: string, stream: string, records: string[]) {
  return emulatorClient<{ failedRecordCount: number; read: string[] }>(endpoint, region, ["kinesis-put", stream, JSON.stringify(records)]);
}

export function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}
