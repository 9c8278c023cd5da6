/**
 * Synth-time bundling of a processor handler with esbuild: one minified, tree-shaken CommonJS file for Node.js 20
 * (`index.js`, exporting `handler`) plus its source map, in a directory that becomes a TerraformAsset archive.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildSync } from "esbuild";

export const BUILT_IN_PROCESSORS = ["cloudwatch-logs", "partitioner", "transform", "opensearch-formatter"] as const;
export type BuiltInProcessor = (typeof BUILT_IN_PROCESSORS)[number];

/**
 * Where `lambda/<name>/index.ts` is: from the sources (`modules/lambda-function`) or from the published package
 * (`dist/modules/lambda-function`, with `lambda/` shipped as TypeScript at the package root).
 */
export function builtInEntry(name: BuiltInProcessor): string {
  const candidates = [path.join(__dirname, "..", "..", "lambda", name, "index.ts"), path.join(__dirname, "..", "..", "..", "lambda", name, "index.ts")];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error(`cannot find the ${name} processor sources (looked in ${candidates.join(", ")})`);
  return found;
}

export interface BundleResult {
  /** Directory holding `index.js` and `index.js.map`. */
  readonly dir: string;
  readonly bytes: number;
}

/**
 * Bundles `entry` into a fresh directory. The source map's `sources` are rewritten relative to the entry's project
 * (no temporary or machine-specific paths), so the same sources give the same bytes, hence the same asset hash and
 * no spurious Lambda updates between machines.
 */
export function bundleHandler(entry: string, name: string): BundleResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `fhp-lambda-${name}-`));
  const outfile = path.join(dir, "index.js");
  buildSync({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    treeShaking: true,
    sourcemap: "linked",
    sourcesContent: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    legalComments: "none",
    logLevel: "error",
  });
  const mapFile = `${outfile}.map`;
  const map = JSON.parse(fs.readFileSync(mapFile, "utf8")) as { sources: string[] };
  const root = projectRootOf(entry);
  map.sources = map.sources.map((s) => path.relative(root, path.resolve(dir, s)).split(path.sep).join("/"));
  fs.writeFileSync(mapFile, JSON.stringify(map));
  return { dir, bytes: fs.statSync(outfile).size };
}

/** The nearest directory above `file` with a package.json. */
function projectRootOf(file: string): string {
  let dir = path.dirname(path.resolve(file));
  while (!fs.existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}
