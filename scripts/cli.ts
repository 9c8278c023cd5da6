#!/usr/bin/env node
/**
 * `firehose-pipelines <subcommand> …`: the command-line tools shipped with the package, working on the CDKTF project
 * in the current directory (its cdktf.json and cdktf.out). In this repository: `npm run fhp -- <subcommand> …`.
 *
 * Each subcommand is a module exporting `main(argv): Promise<number>` (the exit code), loaded only when used.
 */

interface Subcommand {
  readonly summary: string;
  readonly load: () => Promise<{ main(argv: string[]): Promise<number> | number }>;
}

export const SUBCOMMANDS: Record<string, Subcommand> = {
  review: { summary: "plan a stack and review its risky changes (replacements, deletions, layout, secrets)", load: () => import("./review/cli") },
  preview: { summary: "show where sample records land in S3 (partition keys and prefixes evaluated)", load: () => import("./partition-preview") },
  "tf-config": { summary: "write a Terraform CLI config (local provider mirror) and print what to export", load: () => import("./tf-config") },
  "opensearch-role-mapping": {
    summary: "after the first deploy: map the Firehose role to an OpenSearch role (fine-grained access control)",
    load: () => import("./opensearch-role-mapping"),
  },
  check: { summary: "rules checker for any Terraform JSON configuration or plan (*.tf.json, terraform show -json)", load: () => import("./check/cli") },
};

export const USAGE = `usage: firehose-pipelines <subcommand> [options]     (in this repository: npm run fhp -- <subcommand> …)

Tools for the CDKTF project in the current directory (its cdktf.json and cdktf.out).

Subcommands:
${Object.entries(SUBCOMMANDS)
  .map(([name, s]) => `  ${name.padEnd(24)} ${s.summary}`)
  .join("\n")}

Run \`firehose-pipelines <subcommand> --help\` for its options, exit codes and examples.

Examples:
  npx firehose-pipelines review prod --offline --state prod.tfstate
  npx firehose-pipelines preview dev samples.jsonl --at 2024-05-01T10:00:00Z
  npx firehose-pipelines tf-config
  npx firehose-pipelines check --format json plan.json`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(USAGE);
    return name === undefined ? 1 : 0;
  }
  const sub = Object.prototype.hasOwnProperty.call(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  if (!sub) {
    console.error(`unknown subcommand "${name}" (one of: ${Object.keys(SUBCOMMANDS).join(", ")})\n\n${USAGE}`);
    return 1;
  }
  return (await sub.load()).main(rest);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: Error) => {
      console.error(process.env.FHP_DEBUG ? e.stack : e.message);
      process.exitCode = 1;
    },
  );
}
