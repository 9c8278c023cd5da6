/**
 * The reference of the synth benchmark: a bare cdktf app with three stacks (one per environment), each with the AWS
 * provider, a local backend and one S3 bucket, synthesized into the directory given as the first argument.
 * Prints its phases as JSON: module loading, construction, synth (ms), and the CPU time of the whole process (ms).
 */
const t0 = performance.now();
/* eslint-disable @typescript-eslint/no-require-imports */
const { App, LocalBackend, TerraformStack } = require("cdktf") as typeof import("cdktf");
const { AwsProvider } = require("@cdktf/provider-aws/lib/provider") as typeof import("@cdktf/provider-aws/lib/provider");
const { S3Bucket } = require("@cdktf/provider-aws/lib/s3-bucket") as typeof import("@cdktf/provider-aws/lib/s3-bucket");
/* eslint-enable @typescript-eslint/no-require-imports */
const t1 = performance.now();
const app = new App({ outdir: process.argv[2] });
for (const env of ["dev", "staging", "prod"]) {
  const stack = new TerraformStack(app, env);
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new LocalBackend(stack, { path: `terraform.${env}.tfstate` });
  new S3Bucket(stack, "bucket", { bucket: `acme-${env}-bench` });
}
const t2 = performance.now();
app.synth();
const t3 = performance.now();
const cpu = process.cpuUsage(); // the whole process: Node's start, the TypeScript runner, loading, construction, synth
process.stdout.write(JSON.stringify({ loadMs: t1 - t0, buildMs: t2 - t1, synthMs: t3 - t2, cpuMs: (cpu.user + cpu.system) / 1000 }));

export {};
