/**
 * Offline Terraform for this project: a CLI config that installs hashicorp/aws from the machine's filesystem mirror
 * (the registry is unreachable here), and helpers that run `terraform validate` / `plan` on a synthesized stack with
 * fake credentials and the provider's skip flags, so no AWS account is needed.
 *
 *   firehose-pipelines tf-config (npm run tf:config)   writes .tf-cli/terraformrc and prints the lines to export
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { findProjectRoot } from "./project";

/** This repository's root (from the sources; in the built package, the package's `dist/..`). */
export const PROJECT_ROOT = path.resolve(__dirname, "..");

/** The CDKTF project Terraform runs for: the nearest cdktf.json at or above the current directory, else this repository. */
export function projectRoot(): string {
  return findProjectRoot() ?? PROJECT_ROOT;
}
export const AWS_PROVIDER_VERSION = "5.100.0";
const PROVIDER_PATH = `registry.terraform.io/hashicorp/aws/${AWS_PROVIDER_VERSION}`;

/** Candidate mirror roots, most specific first. `TF_PROVIDER_MIRROR` wins. */
function candidateMirrors(): string[] {
  return [
    process.env.TF_PROVIDER_MIRROR,
    "/opt/tf-plugins",
    path.join(os.homedir(), ".terraform.d", "plugins"),
    path.join(os.homedir(), ".local", "share", "terraform", "plugins"),
    "/usr/local/share/terraform/plugins",
    "/usr/share/terraform/plugins",
  ].filter((p): p is string => !!p);
}

/** Searches done in this process, by candidate list: the filesystem search below must run once, not per command. */
const mirrorSearches = new Map<string, string | undefined>();

/** Root of a filesystem mirror holding hashicorp/aws 5.100.0, or undefined. Looked up once per process. */
export function findProviderMirror(): string | undefined {
  const candidates = candidateMirrors();
  const key = candidates.join("\n");
  if (!mirrorSearches.has(key)) mirrorSearches.set(key, searchProviderMirror(candidates));
  return mirrorSearches.get(key);
}

function searchProviderMirror(candidates: string[]): string | undefined {
  for (const root of candidates) {
    if (fs.existsSync(path.join(root, PROVIDER_PATH))) return root;
  }
  // Last resort: a bounded search of the filesystem (what the developers' guide suggests by hand).
  const found = spawnSync("find", ["/", "-xdev", "-maxdepth", "8", "-type", "f", "-name", `terraform-provider-aws_v${AWS_PROVIDER_VERSION}*`], {
    encoding: "utf8",
    timeout: 20000,
  }).stdout?.split("\n").find((l) => l.includes(PROVIDER_PATH));
  return found ? found.slice(0, found.indexOf(PROVIDER_PATH)).replace(/\/$/, "") : undefined;
}

/**
 * Writes the project's Terraform CLI config and returns its path. With a mirror, providers come only from it
 * (no `direct {}`: the registry is unreachable and a silent fallback would hang); without one, Terraform's
 * default installation applies.
 */
export function writeCliConfig(root = projectRoot()): string {
  const dir = path.join(root, ".tf-cli");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "terraformrc");
  const mirror = findProviderMirror();
  const body = mirror
    ? `# Written by scripts/terraform.ts: hashicorp/aws from the local filesystem mirror.\nprovider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/hashicorp/*"]\n  }\n}\n`
    : `# Written by scripts/terraform.ts: no local provider mirror found, Terraform installs from the registry.\n`;
  if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== body) fs.writeFileSync(file, body);
  return file;
}

export function terraformVersion(): string | undefined {
  const r = spawnSync("terraform", ["version", "-json"], { encoding: "utf8" });
  if (r.status !== 0 || !r.stdout) return undefined;
  return JSON.parse(r.stdout).terraform_version;
}

/** Environment for running terraform offline: our CLI config, fake credentials, no prompts. */
export function offlineEnv(cliConfig = writeCliConfig()): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    CHECKPOINT_DISABLE: "1",
    AWS_ACCESS_KEY_ID: "AKIAFAKEFAKEFAKEFAKE",
    AWS_SECRET_ACCESS_KEY: "fake-secret-key-for-offline-plans",
    AWS_SESSION_TOKEN: "",
    AWS_PROFILE: "",
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

/**
 * Makes a synthesized stack directory plannable offline with a Terraform override file: provider skip flags and
 * fake credentials (no AWS calls), a local backend (the stack may declare S3), and a fixed account id where the
 * provider would otherwise ask STS.
 */
export function writeOfflineOverride(stackDir: string, opts: { statePath?: string } = {}): void {
  const override = {
    provider: {
      aws: [
        {
          access_key: "AKIAFAKEFAKEFAKEFAKE",
          secret_key: "fake-secret-key-for-offline-plans",
          skip_credentials_validation: true,
          skip_requesting_account_id: true,
          skip_metadata_api_check: true,
          skip_region_validation: true,
          // allowed_account_ids cannot be checked without STS.
          allowed_account_ids: null,
        },
      ],
    },
    terraform: { backend: { local: { path: opts.statePath ?? "offline.tfstate" } } },
  };
  fs.writeFileSync(path.join(stackDir, "zz_offline_override.tf.json"), JSON.stringify(override, null, 2));
}

export interface TerraformRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function terraform(stackDir: string, args: string[], env = offlineEnv()): TerraformRun {
  const r = spawnSync("terraform", [...args, "-no-color"], { cwd: stackDir, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status ?? 1, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

function must(run: TerraformRun, what: string): TerraformRun {
  if (run.code !== 0) throw new Error(`terraform ${what} failed (exit ${run.code}):\n${run.stderr}\n${run.stdout}`);
  return run;
}

/** `init` + `validate` + `plan` offline; returns the plan as `terraform show -json` output. */
export function validateAndPlanOffline(stackDir: string, opts: { statePath?: string } = {}): { validate: string; plan: PlanJson } {
  writeOfflineOverride(stackDir, opts);
  must(terraform(stackDir, ["init", "-input=false", "-reconfigure"]), "init");
  const validate = must(terraform(stackDir, ["validate", "-json"]), "validate").stdout;
  must(terraform(stackDir, ["plan", "-input=false", "-refresh=false", "-lock=false", "-out=offline.tfplan"]), "plan");
  const show = must(terraform(stackDir, ["show", "-json", "offline.tfplan"]), "show").stdout;
  return { validate, plan: JSON.parse(show) as PlanJson };
}

/** The parts of `terraform show -json` this project reads. */
export interface PlanJson {
  readonly format_version: string;
  readonly resource_changes?: {
    readonly address: string;
    readonly type: string;
    readonly name: string;
    readonly change: { readonly actions: string[]; readonly before: unknown; readonly after: unknown; readonly replace_paths?: (string | number)[][] };
  }[];
  readonly planned_values?: unknown;
  readonly configuration?: unknown;
}
