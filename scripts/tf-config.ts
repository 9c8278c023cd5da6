/**
 * `firehose-pipelines tf-config` (in this repository: `npm run tf:config`): writes a Terraform CLI config for the
 * CDKTF project (`.tf-cli/terraformrc`): hashicorp providers from this machine's filesystem mirror when one exists
 * (machines without registry access), plus a shared plugin cache; prints the environment to export so `cdktf diff`,
 * `cdktf deploy` and `terraform` use it.
 */
import * as fs from "fs";
import * as path from "path";
import { AWS_PROVIDER_VERSION, findProviderMirror, terraformVersion, writeCliConfig } from "./terraform";
import { loadProject, parseSubcommandArgs, UsageError } from "./project";

export const USAGE = `usage: firehose-pipelines tf-config [options]
       (in this repository: npm run tf:config, or npm run fhp -- tf-config)

Writes .tf-cli/terraformrc in the CDKTF project (the directory of its cdktf.json). When this machine has a
filesystem mirror of hashicorp/aws ${AWS_PROVIDER_VERSION} (TF_PROVIDER_MIRROR, /opt/tf-plugins, ~/.terraform.d/plugins, ...),
Terraform installs providers only from it, so \`terraform init\` (run by cdktf diff/deploy) works without registry
access; otherwise the file is a plain config and Terraform uses the registry. Prints the lines to export:
TF_CLI_CONFIG_FILE, and CHECKPOINT_DISABLE=1 (no version check call to checkpoint-api.hashicorp.com).

Options:
  --project <dir>   the CDKTF project (default: the nearest cdktf.json at or above the current directory)
  --quiet           print only the export lines (for eval)
  -h, --help        this help

Exit codes: 0 written, 1 usage error or terraform not on PATH.

Examples:
  firehose-pipelines tf-config
  eval "$(npx firehose-pipelines tf-config --quiet)" && npx cdktf diff dev
  npm run tf:config`;

export async function main(argv: string[]): Promise<number> {
  const parsed = parseSubcommandArgs({ args: argv, options: { project: { type: "string" }, quiet: { type: "boolean" }, help: { type: "boolean", short: "h" } } }, USAGE);
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  let root: string;
  try {
    root = loadProject(values.project).root;
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
  const file = writeCliConfig(root);
  const mirror = findProviderMirror();
  if (!values.quiet) {
    console.error(`Wrote ${path.relative(process.cwd(), file) || file}: ${mirror ? `hashicorp/aws ${AWS_PROVIDER_VERSION} from the filesystem mirror ${mirror}` : "no local provider mirror found, Terraform installs from the registry"}.`);
    if (fs.existsSync(path.join(root, ".gitignore")) && !fs.readFileSync(path.join(root, ".gitignore"), "utf8").split("\n").includes(".tf-cli/")) {
      console.error("Add .tf-cli/ to your .gitignore (the file holds paths of this machine).");
    }
  }
  console.log(`export TF_CLI_CONFIG_FILE=${file}`);
  console.log("export CHECKPOINT_DISABLE=1");
  if (!terraformVersion()) {
    console.error("terraform is not on PATH: install Terraform >= 1.5.");
    return 1;
  }
  return 0;
}
