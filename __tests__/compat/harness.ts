/**
 * Synthesizing the app (every environment) and the examples with a given set of bindings, in one child process:
 * `compat/synth.js` under ts-node, with `compat/redirect.js` mapping module ids (e.g. @cdktf/provider-aws →
 * @cdktf/provider-aws-21, or the package name → its sources).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "..", "..");
export const EXAMPLES = fs.readdirSync(path.join(ROOT, "examples")).filter((d) => fs.existsSync(path.join(ROOT, "examples", d, "main.ts"))).sort();
export const ENVIRONMENTS = fs.readdirSync(path.join(ROOT, "environments"), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

export type Synth = Record<string, any>;

/** Stack JSON by stack name: every environment (stack = environment) and every example (stack = example name). */
export interface SynthSet {
  readonly stacks: Record<string, Synth>;
}

/**
 * Synthesizes `<tree>/main.ts` (all environments) and `<tree>/examples/<name>/main.ts` into `outRoot` with
 * ts-node (project `tsconfig`) and the module redirects in `redirect`.
 */
export function synthAll(tree: string, outRoot: string, opts: { tsconfig: string; redirect?: Record<string, string> }): SynthSet {
  const targets = [
    { file: path.join(tree, "main.ts"), outdir: path.join(outRoot, "app"), app: true },
    ...EXAMPLES.map((name) => ({ file: path.join(tree, "examples", name, "main.ts"), outdir: path.join(outRoot, name), app: false })),
  ];
  for (const t of targets) fs.mkdirSync(t.outdir, { recursive: true });
  // The child's temporary folders (the Lambda bundles) go under outRoot, removed with it.
  const childTmp = path.join(outRoot, "tmp");
  fs.mkdirSync(childTmp, { recursive: true });
  const r = spawnSync(
    process.execPath,
    ["-r", path.join(ROOT, "compat", "redirect.js"), "-r", path.join(ROOT, "node_modules", "ts-node", "register", "transpile-only"), path.join(ROOT, "compat", "synth.js")],
    {
      cwd: tree,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, FHP_SYNTH: JSON.stringify(targets), FHP_REDIRECT: JSON.stringify(opts.redirect ?? {}), TS_NODE_PROJECT: opts.tsconfig, TMPDIR: childTmp },
    },
  );
  if (r.status !== 0) throw new Error(`synth in ${tree} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  const stacks: Record<string, Synth> = {};
  const read = (outdir: string, stack: string) => JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
  for (const env of ENVIRONMENTS) stacks[env] = read(targets[0].outdir, env);
  EXAMPLES.forEach((name, i) => (stacks[name] = read(targets[i + 1].outdir, name)));
  return { stacks };
}

/** The hashicorp/aws version constraint a stack's required_providers names. */
export function awsProviderVersion(stack: Synth): string {
  return stack.terraform.required_providers.aws.version;
}

/**
 * The stack without what legitimately differs between bindings: the provider version and source spelling in
 * required_providers ("aws" and "hashicorp/aws" name the same provider) and the CDK version stamp in the top-level
 * metadata. Everything else (resources, arguments, names, outputs, backends)
 * must be the same.
 */
export function comparable(stack: Synth, opts: { assetHashes?: boolean } = {}): Synth {
  let text = JSON.stringify(stack);
  // Without `assetHashes`, Lambda asset hashes are masked (the caller checks the bundled sources another way).
  if (opts.assetHashes === false) text = text.replace(/(assets\/[^/"]+\/)[0-9A-F]{32}(\/)/g, "$1<hash>$2").replace(/("source_code_hash":")[0-9A-F]{32}(")/g, "$1<hash>$2");
  const copy = JSON.parse(text);
  delete copy.terraform.required_providers.aws.version;
  delete copy.terraform.required_providers.aws.source;
  if (copy["//"]?.metadata) delete copy["//"].metadata.version;
  // The local backend's state sits in the project root, an absolute path: the rewritten tree has its own root.
  const local = copy.terraform.backend?.local;
  if (local?.path) local.path = path.basename(local.path);
  return copy;
}
