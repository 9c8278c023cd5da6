/**
 * The deploy layer: every environment (dev, staging, prod) and both examples applied to moto's AWS emulator the way a
 * user applies them: one synth of the app and one per example, then the stacks run side by side (DEPLOY_CONCURRENCY
 * emulators, default 6: the five stacks and the change at once, jest's maxConcurrency being 8; most of an apply is the
 * provider asleep in its waits), each on an emulator reset before it:
 *   1. the FIRST `terraform apply` succeeds (no retry);
 *   2. right after it, `terraform plan -detailed-exitcode` reports no changes;
 *   3. the emulator holds what the state says (buckets, streams, roles, functions, alarms...);
 *   4. data smoke: PutRecordBatch into every Direct PUT delivery stream, PutRecords into every Kinesis data stream;
 *   5. `terraform destroy` succeeds (buckets emptied first, as an operator would; no second refresh, right after the
 *      clean re-plan) and the emulator holds none of it.
 * Plus one reviewed change (dev): the review flags a delivery stream replacement with its cause, and the apply
 * replaces exactly that resource.
 *
 * What moto does not model is listed once, in EMULATOR_GAPS (scripts/emulator.ts), printed here and kept in the README.
 * In short for the smoke: moto writes each Direct PUT batch raw to `<prefix>YYYY/MM/DD/HH/` in the destination bucket,
 * without running processors, evaluating `!{…}` prefixes, partitioning, converting or buffering (the partition preview
 * covers the layout); it does not feed delivery streams from Kinesis; it drops OpenSearch, Redshift and Splunk data.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { App } from "cdktf";
import { buildApp } from "../../main";
import { PipelinesStack } from "../../app/stack";
import { loadEnvironment } from "../../app/environments";
import { applyAdoptingDomains, destroyAdoptingDomains, Emulator, EMULATOR_GAPS, PARALLELISM, startEmulator, stackAccount, StateResource, stopEmulatorClient, writeEmulatorOverride } from "../../scripts/emulator";
import { PROJECT_ROOT } from "../../scripts/terraform";
import { buildPackage, EXAMPLES_DIR, linkPackage, synthProject } from "../package/harness";
import { tempDir } from "../helpers/terraform";
import {
  APPLY,
  bucketObjects,
  describeEmulator,
  DESTROY,
  EmulatorPool,
  emptyBuckets,
  expectedInventory,
  inventory,
  Inventory,
  putAndReadKinesis,
  progress,
  putDirect,
  REPLAN,
  readJson,
  smokeRecords,
  stateResources,
  stopProviders,
  tf,
  withProvider,
} from "./harness";

jest.setTimeout(30 * 60 * 1000);

const ENVIRONMENTS = ["dev", "staging", "prod"];
const EXAMPLES = ["minimal-data-lake", "multi-destination"];
/**
 * Stacks that create an OpenSearch domain: hashicorp/aws 5.100.0 sleeps 10 minutes before its first status check of a
 * domain create and of a delete (see EMULATOR_GAPS), so their domains are adopted instead (applyAdoptingDomains:
 * created in the emulator from the stack's exact configuration, imported with no change, everything else applied for
 * real). A test below checks this list against the synthesized stacks.
 */
const OPENSEARCH_STACKS = ["staging", "prod", "multi-destination"];
const DEPLOYED = [...ENVIRONMENTS, ...EXAMPLES];
/** Stacks applied side by side, one emulator each (the change scenario takes one too). */
const CONCURRENCY = Math.max(1, Number(process.env.DEPLOY_CONCURRENCY ?? DEPLOYED.length + 1));

/** Attributes that re-plan after apply because of the emulator, not us (none today; the list may only shrink). */
const REPLAN_ARTEFACTS: readonly { address: RegExp; reason: string }[] = [];

describeEmulator("deploy: apply, re-plan, use and destroy every stack against moto's AWS emulator", () => {
  let emulators: Emulator[] = [];
  let pool: EmulatorPool<Emulator>;
  let work: string;
  const started = Date.now();
  let synthesized: Promise<Record<string, string>> | undefined;

  let setUp: Promise<void> | undefined;
  /**
   * Emulators and work directory, made on first use: jest starts `test.concurrent` bodies before `beforeAll` hooks
   * run, so the concurrent tests call this instead.
   */
  function ready(): Promise<void> {
    setUp ??= (async () => {
      work = tempDir("deploy");
      emulators = await Promise.all(Array.from({ length: CONCURRENCY }, () => startEmulator()));
      pool = new EmulatorPool(emulators);
    })();
    return setUp;
  }

  /** One synth of the app (every environment) and one per example, made once, on first use. */
  function stackDirs(): Promise<Record<string, string>> {
    synthesized ??= (async () => {
      await ready();
      const dirs: Record<string, string> = {};
      const t0 = Date.now();
      buildApp({ outdir: path.join(work, "app") }).synth();
      for (const env of ENVIRONMENTS) dirs[env] = path.join(work, "app", "stacks", env);
      buildPackage();
      for (const ex of EXAMPLES) {
        linkPackage(path.join(EXAMPLES_DIR, ex));
        dirs[ex] = synthProject(path.join(EXAMPLES_DIR, ex), path.join(work, ex), ex);
      }
      progress(`synth of the app and the examples: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      return dirs;
    })();
    return synthesized;
  }

  afterAll(async () => {
    await setUp?.catch(() => undefined);
    const motoCpu = emulators.map((e) => e.cpuSeconds() ?? 0).reduce((a, b) => a + b, 0);
    const own = process.cpuUsage();
    progress(`emulators (moto): CPU ${motoCpu.toFixed(1)} s; this jest worker (synth, test code): CPU ${((own.user + own.system) / 1e6).toFixed(1)} s`);
    await stopProviders();
    await stopEmulatorClient();
    await Promise.all(emulators.map((e) => e.stop()));
    if (work) fs.rmSync(work, { recursive: true, force: true });
    // eslint-disable-next-line no-console
    console.log(`deploy layer: ${((Date.now() - started) / 1000).toFixed(0)} s with ${CONCURRENCY} emulator(s)`);
    progress(`deploy layer: ${((Date.now() - started) / 1000).toFixed(1)} s with ${CONCURRENCY} emulator(s)`);
  });

  test("the emulator gaps are listed once, printed, and kept in the README", () => {
    // eslint-disable-next-line no-console
    console.log(`Emulator gaps (moto):\n${EMULATOR_GAPS.map((g) => `- ${g.what}: ${g.reason}`).join("\n")}`);
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
    for (const g of EMULATOR_GAPS) expect([g.what, readme.includes(g.what)]).toEqual([g.what, true]);
  });

  /** `terraform <args>` that must succeed; on failure the message carries the emulator's thread stacks. */
  async function must(emulator: Emulator, stackDir: string, args: string[]) {
    const r = await tf(stackDir, args);
    if (r.code !== 0) throw new Error(`terraform ${args[0]} of ${path.basename(stackDir)} failed (exit ${r.code}):\n${r.stderr}\n--- emulator:\n${await emulator.diagnose()}`);
    return r;
  }

  /** Terraform runs of a stack directory for applyAdoptingDomains/destroyAdoptingDomains; failures carry the emulator's thread stacks. */
  const runner = (emulator: Emulator, stackDir: string) => async (args: string[]) => {
    const r = await tf(stackDir, args);
    return r.code === 0 ? r : { ...r, stderr: `${r.stderr}\n--- emulator:\n${await emulator.diagnose()}` };
  };

  /** Applies a synthesized stack to a freshly reset emulator; returns its region, state resources and adopted domains. */
  async function applyFresh(emulator: Emulator, stackDir: string, statePath: string): Promise<{ region: string; resources: StateResource[]; adopted: string[]; output: string }> {
    await emulator.reset();
    await emulator.setAccount(stackAccount(stackDir) ?? "123456789012");
    writeEmulatorOverride(stackDir, emulator.endpoint, statePath);
    await must(emulator, stackDir, ["init", "-input=false", "-reconfigure"]);
    // The FIRST apply must succeed: no retry. OpenSearch domains are adopted (see applyAdoptingDomains).
    const { adopted, output } = await applyAdoptingDomains(stackDir, emulator.endpoint, runner(emulator, stackDir), APPLY);
    const synth = readJson(path.join(stackDir, "cdk.tf.json"));
    const region = ([] as { region: string }[]).concat(synth.provider.aws)[0].region;
    return { region, resources: await stateResources(stackDir), adopted, output };
  }

  /** The five slowest "Creation complete after Ns" (or "Destruction complete") lines of an apply: where its time went. */
  function slowest(output: string, verb = "Creation"): string {
    const done = [...output.matchAll(new RegExp(`^(\\S+): ${verb} complete after (?:(\\d+)m)?(\\d+)s`, "gm"))].map((m) => ({ what: m[1], s: Number(m[2] ?? 0) * 60 + Number(m[3]) }));
    return done.sort((a, b) => b.s - a.s).slice(0, 5).map((d) => `${d.what.replace(/^aws_/, "").replace(/_[0-9A-F]{8}$/, "")} ${d.s}s`).join(", ") || "none";
  }

  async function replanClean(stackDir: string): Promise<void> {
    const plan = await tf(stackDir, REPLAN);
    if (plan.code === 0) return;
    if (plan.code !== 2) throw new Error(`re-plan of ${path.basename(stackDir)} failed:\n${plan.stderr}`);
    const changed = [...plan.stdout.matchAll(/^ {2}# (\S+) (?:will be|must be)/gm)].map((m) => m[1]);
    const ours = changed.filter((a) => !REPLAN_ARTEFACTS.some((x) => x.address.test(a)));
    expect({ stack: path.basename(stackDir), perpetualDiff: ours, plan: ours.length ? plan.stdout : "" }).toEqual({ stack: path.basename(stackDir), perpetualDiff: [], plan: "" });
  }

  async function smoke(emulator: Emulator, region: string, resources: StateResource[]): Promise<{ directPut: number; kinesis: number; landed: number }> {
    let directPut = 0;
    let kinesis = 0;
    let landed = 0;
    for (const s of resources.filter((r) => r.type === "aws_kinesis_firehose_delivery_stream")) {
      if ((s.values.kinesis_source_configuration ?? []).length > 0) continue; // moto does not feed it from its data stream
      const name = String(s.values.name);
      const records = smokeRecords(name);
      const put = await putDirect(emulator.endpoint, region, name, records);
      expect([name, put.FailedPutCount, put.RequestResponses?.length]).toEqual([name, 0, records.length]);
      directPut++;
      const s3 = s.values.extended_s3_configuration?.[0];
      if (!s3) continue; // OpenSearch, Redshift, Splunk, HTTP endpoint: moto does not deliver (EMULATOR_GAPS)
      const bucket = String(s3.bucket_arn).split(":").pop()!;
      // moto writes the batch as one object, raw, under <prefix>YYYY/MM/DD/HH/ (prefix expressions not evaluated).
      const objects = (await bucketObjects(emulator.endpoint, region, bucket)).filter((o) => o.key.startsWith(String(s3.prefix ?? "")) && o.key.includes(`/${name}-`));
      expect([name, objects.map((o) => o.body)]).toEqual([name, [records.join("")]]);
      landed++;
    }
    for (const k of resources.filter((r) => r.type === "aws_kinesis_stream")) {
      const name = String(k.values.name);
      const records = smokeRecords(name);
      const { failedRecordCount, read } = await putAndReadKinesis(emulator.endpoint, region, name, records);
      expect([name, failedRecordCount]).toEqual([name, 0]);
      expect([name, read.sort()]).toEqual([name, [...records].sort()]);
      kinesis++;
    }
    return { directPut, kinesis, landed };
  }

  async function expectHeld(emulator: Emulator, region: string, expected: Partial<Inventory>): Promise<void> {
    const held = await inventory(emulator.endpoint, region);
    for (const [kind, names] of Object.entries(expected)) {
      expect([kind, (names as string[]).filter((n) => !held[kind as keyof Inventory].includes(n))]).toEqual([kind, []]);
    }
  }

  async function destroyToEmpty(emulator: Emulator, stackDir: string, region: string, resources: StateResource[], adopted: string[] = []): Promise<void> {
    const before = expectedInventory(resources);
    // Buckets without force_destroy are emptied first, as an operator would.
    await emptyBuckets(emulator.endpoint, region, resources.filter((r) => r.type === "aws_s3_bucket" && !r.values.force_destroy).map((r) => String(r.values.bucket)));
    const destroyed = await destroyAdoptingDomains(stackDir, emulator.endpoint, runner(emulator, stackDir), DESTROY, adopted);
    progress(`${path.basename(stackDir)}: slowest destructions: ${slowest(destroyed, "Destruction")}`);
    const after = await inventory(emulator.endpoint, region);
    for (const [kind, names] of Object.entries(before)) {
      const left = (after[kind as keyof Inventory] ?? []).filter((n) => (names as string[]).includes(n));
      expect([kind, left]).toEqual([kind, []]);
    }
  }

  test("the stacks whose OpenSearch domains are adopted are exactly those that create one", async () => {
    const dirs = await stackDirs();
    const withDomain = Object.entries(dirs)
      .filter(([, dir]) => Object.keys(readJson(path.join(dir, "cdk.tf.json")).resource?.aws_opensearch_domain ?? {}).length > 0)
      .map(([name]) => name)
      .sort();
    expect(withDomain).toEqual([...OPENSEARCH_STACKS].sort());
  });

  test.concurrent.each(DEPLOYED)("%s: first apply succeeds, re-plans clean, takes the smoke records, destroys to empty", async (name) => {
    const stackDir = (await stackDirs())[name];
    await pool.use((emulator) => withProvider(name, [stackDir], async () => {
      const t0 = Date.now();
      const { region, resources, adopted, output } = await applyFresh(emulator, stackDir, path.join(stackDir, "emulator.tfstate"));
      const applied = Date.now();
      expect(adopted.length > 0).toBe(OPENSEARCH_STACKS.includes(name));
      await replanClean(stackDir);

      const expected = expectedInventory(resources);
      expect(expected.buckets!.length).toBeGreaterThan(0);
      expect(expected.deliveryStreams!.length).toBeGreaterThan(0);
      await expectHeld(emulator, region, expected);

      const counts = await smoke(emulator, region, resources);
      expect(counts.landed + counts.kinesis).toBeGreaterThan(0);

      await destroyToEmpty(emulator, stackDir, region, resources, adopted);
      progress(`${name}: whole cycle ${((Date.now() - t0) / 1000).toFixed(1)} s (apply ${((applied - t0) / 1000).toFixed(1)} s)`);
      // eslint-disable-next-line no-console
      console.log(
        `${name}: ${resources.length} resources (${adopted.length} OpenSearch domain(s) adopted); slowest creations: ${slowest(output)}; apply ${((applied - t0) / 1000).toFixed(0)} s, whole cycle ${((Date.now() - t0) / 1000).toFixed(0)} s; ` +
          `${counts.directPut} Direct PUT streams fed (${counts.landed} checked in S3), ${counts.kinesis} Kinesis streams fed`,
      );
    }));
  });

  test.concurrent("a reviewed change: the review flags the delivery stream replacement with its cause; the apply replaces exactly it", async () => {
    // The change under review: today's dev, synthesized once with the others (copied: the dev test applies that
    // directory at the same time).
    const devDir = (await stackDirs()).dev; // also sets up the work directory
    const stackDir = path.join(work, "change", "dev");
    fs.cpSync(devDir, stackDir, { recursive: true, filter: (src) => !/(^|\/)(\.terraform|\.terraform\.lock\.hcl|emulator\.tfstate.*|zz_emulator_(?:override|imports|adopt_override)\.tf\.json)$/.test(path.relative(devDir, src)) });
    // The base: dev before partitioning by source was added to app-events (no partition keys, so no dynamic
    // partitioning). The change under review is today's environments/dev/config.ts, as a pull request brings it.
    const dev = loadEnvironment("dev");
    const baseConfig = { ...dev.config, pipelines: dev.config.pipelines.map((p) => (p.name === "app-events" ? { ...p, partitionKeys: undefined } : p)) };
    const app = new App({ outdir: path.join(work, "base") });
    new PipelinesStack(app, "dev", { envName: "dev", config: baseConfig, configFile: dev.file });
    app.synth();
    const baseDir = path.join(work, "base", "stacks", "dev");
    const state = path.join(work, "dev-base.tfstate");

    await pool.use((emulator) => withProvider("change", [baseDir, stackDir], async () => {
      const { region, resources: base } = await applyFresh(emulator, baseDir, state);
      const stream = base.find((r) => r.type === "aws_kinesis_firehose_delivery_stream" && r.values.name === "fhp-dev-app-events")!;
      expect(stream.values.extended_s3_configuration[0].dynamic_partitioning_configuration).toEqual([]);

      // The review CLI, offline against the emulator's state, and the change's own plan on that state, side by side:
      // both only read the state (the review plans with -lock=false and no refresh), and the apply waits for both.
      const out = path.join(work, "review-dev.md");
      const t0 = Date.now();
      const reviewed = new Promise<{ code: number; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [path.join(PROJECT_ROOT, "node_modules", "ts-node", "dist", "bin.js"), "--transpile-only", "scripts/cli.ts", "review", "dev", "--offline", "--state", state, "--out", out], { cwd: PROJECT_ROOT, stdio: ["ignore", "ignore", "pipe"] });
        let stderr = "";
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("close", (code: number | null) => resolve({ code: code ?? 1, stderr }));
      });
      writeEmulatorOverride(stackDir, emulator.endpoint, state);
      const planned = (async () => {
        await must(emulator, stackDir, ["init", "-input=false", "-reconfigure"]);
        await must(emulator, stackDir, ["plan", "-input=false", PARALLELISM, "-out=change.tfplan"]);
      })();
      const [review] = await Promise.all([reviewed.then((r) => (progress(`change: review CLI ${((Date.now() - t0) / 1000).toFixed(1)} s (exit ${r.code})`), r)), planned]);
      expect({ code: review.code, stderr: review.code === 2 ? "" : review.stderr }).toEqual({ code: 2, stderr: "" });
      const markdown = fs.readFileSync(out, "utf8");
      const riskIds = [...new Set([...markdown.matchAll(/`((?:replace|delete):[^`]+)`/g)].map((m) => m[1]))];
      expect(riskIds).toEqual([`replace:${stream.address}`]);
      expect(markdown).toContain("forced by extended_s3_configuration[0].dynamic_partitioning_configuration");

      // Apply the change on the same state: exactly that resource is replaced, nothing else.
      const plan = JSON.parse((await must(emulator, stackDir, ["show", "-json", "change.tfplan"])).stdout);
      const replaced = (plan.resource_changes ?? []).filter((c: any) => c.change.actions.includes("delete")).map((c: any) => c.address);
      expect(replaced).toEqual([stream.address]);
      // Partitioning also brings the partition-count alarms: new resources, nothing else replaced or deleted.
      const created = (plan.resource_changes ?? []).filter((c: any) => c.change.actions.join() === "create").map((c: any) => c.address);
      expect(created.every((a: string) => a.startsWith("aws_cloudwatch_metric_alarm.") && /PartitionCount/.test(a))).toBe(true);
      await must(emulator, stackDir, ["apply", "-input=false", "-auto-approve", PARALLELISM, "change.tfplan"]);
      const after = await stateResources(stackDir);
      expect(after.map((r) => r.address).sort()).toEqual([...base.map((r) => r.address), ...created].sort());
      // The emulator holds the new stream: partitioned now.
      const now = after.find((r) => r.address === stream.address)!;
      expect(now.values.extended_s3_configuration[0].dynamic_partitioning_configuration[0].enabled).toBe(true);
      // Every other resource keeps its id (a stream's id is its ARN, the same for the same name: the plan above is
      // the evidence of its replacement).
      const ids = new Map(base.map((r) => [r.address, r.values.id]));
      expect(after.filter((r) => r.address !== stream.address && ids.has(r.address) && ids.get(r.address) !== r.values.id).map((r) => r.address)).toEqual([]);
      await replanClean(stackDir);
      await destroyToEmpty(emulator, stackDir, region, after);
    }));
  });
});
