/**
 * Synthesizes several targets in one Node.js process (one start-up and one load of the provider bindings instead of
 * one per target). FHP_SYNTH is a JSON list of { file, outdir, app }: with `app`, `require(file).buildApp({ outdir })`
 * is synthesized (main.ts); otherwise `file` is required with CDKTF_OUTDIR=outdir (an example's main.ts synthesizes
 * itself). Run with `-r ts-node/register/transpile-only` and, for a redirected provider, `-r ./compat/redirect.js`.
 */
"use strict";
for (const t of JSON.parse(process.env.FHP_SYNTH || "[]")) {
  process.env.CDKTF_OUTDIR = t.outdir;
  if (t.app) require(t.file).buildApp({ outdir: t.outdir }).synth();
  else require(t.file);
  process.stdout.write(`synthesized ${t.file} into ${t.outdir}\n`);
}
