/**
 * The measured side of the synth benchmark: the project's app (`main.ts`: every environment under environments/),
 * synthesized into the directory given as the first argument, as `npm run synth` does.
 * Prints its phases as JSON: module loading, construction (includes Lambda bundling), synth (ms), and the CPU time of
 * the whole process (ms).
 */
const t0 = performance.now();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildApp } = require("../../main") as typeof import("../../main");
const t1 = performance.now();
const app = buildApp({ outdir: process.argv[2] });
const t2 = performance.now();
app.synth();
const t3 = performance.now();
const cpu = process.cpuUsage(); // the whole process: Node's start, the TypeScript runner, loading, construction, synth
process.stdout.write(JSON.stringify({ loadMs: t1 - t0, buildMs: t2 - t1, synthMs: t3 - t2, cpuMs: (cpu.user + cpu.system) / 1000 }));

export {};
