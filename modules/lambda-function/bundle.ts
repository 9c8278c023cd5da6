/**
 * Synth-time bundling of a processor handler with esbuild: one minified, tree-shaken CommonJS file for Node.js 22
 * (`index.js`, exporting `handler`) plus its source map, in a directory that becomes a TerraformAsset archive.
 *
 * Bundles are cached across synths in `node_modules/.cache/cdktf-firehose-pipelines/bundles/` of the project being
 * synthesized (or `FHP_CACHE_DIR`), keyed by a hash of everything that decides the output: the entry's path, the
 * content of every project source file esbuild read for it (files outside `node_modules`), the package lock file,
 * the esbuild version and {@link BUNDLE_OPTIONS}. No temporary folder is left behind: a build is written next to the
 * cache and renamed into place.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { BuildOptions, buildSync, version as esbuildVersion } from "esbuild";

export const BUILT_IN_PROCESSORS = ["cloudwatch-logs", "partitioner", "transform", "opensearch-formatter"] as const;
export type BuiltInProcessor = (typeof BUILT_IN_PROCESSORS)[number];

/**
 * The esbuild options of every deployed bundle (also used by `bench/lambda`, so the benchmark measures what is
 * deployed): bundled, minified, tree-shaken CommonJS for the nodejs22.x runtime, with a linked source map holding
 * the sources.
 */
export const BUNDLE_OPTIONS: Readonly<BuildOptions> = Object.freeze({
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
} as const);

/** Bumped when the cache layout or the post-processing of a bundle changes. */
const CACHE_FORMAT = "1";

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
  /** Directory holding `index.js` and `index.js.map` (in the bundle cache: do not modify it). */
  readonly dir: string;
  readonly bytes: number;
  /** Whether the bundle came from the cache (no esbuild run). */
  readonly cached: boolean;
}

/**
 * Bundles `entry`, or returns the cached bundle of the same inputs. The source map's `sources` are rewritten
 * relative to the entry's project (no temporary or machine-specific paths), so the same sources give the same bytes,
 * hence the same asset hash and no spurious Lambda updates between machines. `name` only labels error messages.
 */
export function bundleHandler(entry: string, name: string, options: { cacheDir?: string } = {}): BundleResult {
  const absEntry = path.resolve(entry);
  const root = projectRootOf(absEntry);
  const cache = options.cacheDir ?? bundleCacheDir();
  const bundles = path.join(cache, "bundles");
  const baseKey = baseKeyOf(absEntry, root);
  const indexFile = path.join(cache, "index", `${baseKey}.json`);

  // Hit: the sources recorded for this entry by its last build still hash to an existing bundle.
  const known = readJson<{ sources: string[] }>(indexFile);
  if (known) {
    const key = fullKey(baseKey, known.sources);
    const dir = key && path.join(bundles, key);
    if (dir && fs.existsSync(path.join(dir, "index.js")) && fs.existsSync(path.join(dir, "index.js.map"))) {
      return { dir, bytes: fs.statSync(path.join(dir, "index.js")).size, cached: true };
    }
  }

  // Miss: build next to the cache (same filesystem, so the final rename is atomic) and move it into place.
  fs.mkdirSync(bundles, { recursive: true });
  const staging = fs.mkdtempSync(path.join(bundles, ".build-"));
  try {
    const outfile = path.join(staging, "index.js");
    let result;
    try {
      result = buildSync({ ...BUNDLE_OPTIONS, entryPoints: [absEntry], outfile, metafile: true, write: true });
    } catch (e) {
      throw new Error(`bundling the ${name} handler (${absEntry}) failed: ${(e as Error).message}`);
    }
    const mapFile = `${outfile}.map`;
    const map = JSON.parse(fs.readFileSync(mapFile, "utf8")) as { sources: string[] };
    map.sources = map.sources.map((s) => path.relative(root, path.resolve(staging, s)).split(path.sep).join("/"));
    fs.writeFileSync(mapFile, JSON.stringify(map));

    const cwd = process.cwd();
    // Installed packages are covered by the lock file; the project's own sources by their content.
    const sources = Object.keys(result.metafile!.inputs)
      .map((p) => path.resolve(cwd, p))
      .filter((p) => !path.relative(root, p).split(path.sep).includes("node_modules"))
      .sort();
    const key = fullKey(baseKey, sources);
    if (!key) throw new Error(`a source of the ${name} handler disappeared while it was bundled; synthesize again`);
    const bytes = fs.statSync(outfile).size;
    const dir = path.join(bundles, key);
    keep(staging, dir);
    fs.mkdirSync(path.dirname(indexFile), { recursive: true });
    writeAtomically(indexFile, JSON.stringify({ entry: absEntry, sources }));
    return { dir, bytes, cached: false };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** The bundle cache: `FHP_CACHE_DIR`, else `node_modules/.cache/cdktf-firehose-pipelines` of the synthesizing project. */
export function bundleCacheDir(): string {
  if (process.env.FHP_CACHE_DIR) return path.resolve(process.env.FHP_CACHE_DIR);
  return path.join(projectRootOf(path.join(process.cwd(), "x")), "node_modules", ".cache", "cdktf-firehose-pipelines");
}

/** Moves `staging` to `dir`; when another process put the same bundle there first, keeps theirs (same bytes). */
function keep(staging: string, dir: string): void {
  try {
    fs.renameSync(staging, dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!(code === "ENOTEMPTY" || code === "EEXIST" || code === "EPERM") || !fs.existsSync(path.join(dir, "index.js"))) throw e;
  }
}

function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/**
 * Hash of what does not depend on the source files' content: entry, project, esbuild and its options, and the lock
 * files of the entry's project and of the synthesizing project (which decide the installed packages bundled in).
 */
function baseKeyOf(absEntry: string, root: string): string {
  const h = crypto.createHash("sha256");
  h.update(JSON.stringify({ format: CACHE_FORMAT, entry: absEntry, root, esbuild: esbuildVersion, options: BUNDLE_OPTIONS }));
  const roots = [...new Set([root, projectRootOf(path.join(process.cwd(), "x"))])];
  for (const r of roots) {
    for (const lock of ["package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml"]) {
      const file = path.join(r, lock);
      if (fs.existsSync(file)) h.update(`\0${file}\0`).update(fs.readFileSync(file));
    }
  }
  return h.digest("hex").slice(0, 32);
}

/** Hash of the base key and every source's path and content; undefined when a source has gone. */
function fullKey(baseKey: string, sources: string[]): string | undefined {
  const h = crypto.createHash("sha256").update(baseKey);
  for (const s of sources) {
    let content: Buffer;
    try {
      content = fs.readFileSync(s);
    } catch {
      return undefined;
    }
    h.update(`\0${s}\0`).update(content);
  }
  return h.digest("hex").slice(0, 32);
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

/** The nearest directory above `file` with a package.json. */
function projectRootOf(file: string): string {
  let dir = path.dirname(path.resolve(file));
  while (!fs.existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}
