/**
 * Synth-time bundling of a processor handler with esbuild: one minified, tree-shaken CommonJS file for Node.js 22
 * (`index.js`, exporting `handler`) plus its source map, and the deployment package zipping both (`archive.zip`),
 * which becomes a TerraformAsset file (cdktf only copies it: no zip child process per function and synth).
 *
 * Bundles are cached across synths in `node_modules/.cache/cdktf-firehose-pipelines/bundles/` of the project being
 * synthesized (or `FHP_CACHE_DIR`), keyed by a hash of everything that decides the output: the entry's path, the
 * content of every project source file esbuild read for it (files outside `node_modules`), the package lock file,
 * the esbuild version and {@link BUNDLE_OPTIONS}. An entry is built in a staging directory next to the cache and
 * renamed into place whole (so concurrent synths never see half of one), and it records the size and SHA-256 of each
 * of its files: an entry that does not match is rebuilt. No temporary folder is left behind.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
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
const CACHE_FORMAT = "2";

/** The files of a bundle, in the order they are hashed and zipped. */
const BUNDLE_FILES = ["index.js", "index.js.map"] as const;
const ARCHIVE = "archive.zip";
const MANIFEST = "bundle.json";

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
  /** Directory holding `index.js`, `index.js.map` and `archive.zip` (in the bundle cache: do not modify it). */
  readonly dir: string;
  /** The deployment package: `index.js` and `index.js.map` zipped with fixed timestamps and modes (see {@link zipFiles}). */
  readonly archive: string;
  /**
   * Hash of the bundle's content: MD5 of `index.js` then `index.js.map`, 32 upper-case hex digits, the value cdktf
   * gives the bundle directory as an archive asset. Depends on the bundled code only, never on zip bytes, times or
   * paths: the same sources give the same `source_code_hash` on every machine and synth.
   */
  readonly assetHash: string;
  /** Bytes of `index.js`. */
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

  // Hit: the sources recorded for this entry by its last build still hash to an existing, intact bundle.
  const known = readJson<{ sources: string[] }>(indexFile);
  if (known) {
    const key = fullKey(baseKey, known.sources);
    const dir = key && path.join(bundles, key);
    const manifest = dir ? intactEntry(dir) : undefined;
    if (dir && manifest) return resultOf(dir, manifest, true);
  }

  // Miss: build next to the cache (same filesystem, so the final rename is atomic) and move it into place.
  fs.mkdirSync(bundles, { recursive: true });
  removeAbandoned(bundles);
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
    const manifest = writeArchiveAndManifest(staging);
    const dir = path.join(bundles, key);
    keep(staging, dir, bundles);
    fs.mkdirSync(path.dirname(indexFile), { recursive: true });
    writeAtomically(indexFile, JSON.stringify({ entry: absEntry, sources }));
    return resultOf(dir, manifest, false);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** The bundle cache: `FHP_CACHE_DIR`, else `node_modules/.cache/cdktf-firehose-pipelines` of the synthesizing project. */
function bundleCacheDir(): string {
  if (process.env.FHP_CACHE_DIR) return path.resolve(process.env.FHP_CACHE_DIR);
  return path.join(projectRootOf(path.join(process.cwd(), "x")), "node_modules", ".cache", "cdktf-firehose-pipelines");
}

/** Staging or damaged entries older than an hour: left by a synth that was killed (a live build takes seconds). */
function removeAbandoned(bundles: string): void {
  const hourAgo = Date.now() - 3600_000;
  for (const name of fs.readdirSync(bundles)) {
    if (!name.startsWith(".build-") && !name.startsWith(".damaged-")) continue;
    const p = path.join(bundles, name);
    try {
      if (fs.statSync(p).mtimeMs < hourAgo) fs.rmSync(p, { recursive: true, force: true });
    } catch {
      // Removed by another process meanwhile.
    }
  }
}

interface Manifest {
  readonly assetHash: string;
  readonly files: Record<string, { readonly bytes: number; readonly sha256: string }>;
}

function resultOf(dir: string, manifest: Manifest, cached: boolean): BundleResult {
  return { dir, archive: path.join(dir, ARCHIVE), assetHash: manifest.assetHash, bytes: manifest.files["index.js"].bytes, cached };
}

/** Zips the bundle in `dir` into `archive.zip`, then records every file's size and hash in `bundle.json` (last). */
function writeArchiveAndManifest(dir: string): Manifest {
  const contents = BUNDLE_FILES.map((name) => ({ name, data: fs.readFileSync(path.join(dir, name)) }));
  const archive = zipFiles(contents);
  fs.writeFileSync(path.join(dir, ARCHIVE), archive);
  const files: Record<string, { bytes: number; sha256: string }> = {};
  for (const { name, data } of [...contents, { name: ARCHIVE, data: archive }]) files[name] = { bytes: data.length, sha256: sha256(data) };
  const manifest: Manifest = { assetHash: contentHash(contents.map((c) => c.data)), files };
  fs.writeFileSync(path.join(dir, MANIFEST), JSON.stringify(manifest));
  return manifest;
}

/**
 * The manifest of the cache entry `dir` when the entry is whole: every file it lists (the bundle files and the
 * archive at least) exists with the recorded size and SHA-256. Undefined when the entry is missing or damaged.
 */
function intactEntry(dir: string): Manifest | undefined {
  const manifest = readJson<Manifest>(path.join(dir, MANIFEST));
  if (!manifest || typeof manifest.assetHash !== "string" || typeof manifest.files !== "object" || manifest.files === null) return undefined;
  if (![...BUNDLE_FILES, ARCHIVE].every((name) => manifest.files[name])) return undefined;
  for (const [name, expected] of Object.entries(manifest.files)) {
    let data: Buffer;
    try {
      data = fs.readFileSync(path.join(dir, name));
    } catch {
      return undefined;
    }
    if (data.length !== expected.bytes || sha256(data) !== expected.sha256) return undefined;
  }
  return manifest;
}

/**
 * Moves `staging` to `dir`. When another process put the same bundle there first, keeps theirs if it is intact (same
 * inputs, same bytes); a damaged entry in the way is first moved aside (atomically, so a reader sees either entry
 * whole or none) and removed.
 */
function keep(staging: string, dir: string, bundles: string): void {
  for (let attempt = 0; ; attempt++) {
    try {
      fs.renameSync(staging, dir);
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (!(code === "ENOTEMPTY" || code === "EEXIST" || code === "EPERM")) throw e;
      if (intactEntry(dir)) return;
      if (attempt >= 3) throw e;
      const trash = path.join(bundles, `.damaged-${process.pid}-${crypto.randomBytes(4).toString("hex")}`);
      try {
        fs.renameSync(dir, trash);
      } catch {
        // Another process moved or replaced it meanwhile: try again.
      }
      fs.rmSync(trash, { recursive: true, force: true });
    }
  }
}

/** MD5 of the files' bytes in order, 32 upper-case hex digits: what cdktf's asset hash of the bundle directory is. */
function contentHash(files: readonly Buffer[]): string {
  const h = crypto.createHash("md5");
  for (const f of files) h.update(f);
  return h.digest("hex").slice(0, 32).toUpperCase();
}

function sha256(data: Buffer): string {
  return crypto.createHash("sha256").update(data).digest("hex");
}

/** 1980-01-01 00:00:00, the earliest MS-DOS date a zip entry can carry: every entry gets it. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
/** Regular file, rw-r--r--, in the high 16 bits of the external attributes ("made by" Unix). */
const UNIX_FILE_MODE = 0o100644;

/**
 * A zip archive (PKWARE APPNOTE 6.3: local headers, central directory, end record; no data descriptors, extra fields,
 * comments or ZIP64, so at most 65535 entries and 4 GiB) of `files`, sorted by name, each deflated (or stored when
 * deflating does not shrink it) with the same timestamp (1980-01-01) and mode (0644). The bytes depend only on the
 * names, the contents and the deflate implementation of the Node.js runtime: no clock, owner or path of the machine.
 */
export function zipFiles(files: readonly { readonly name: string; readonly data: Buffer }[]): Buffer {
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (sorted.length > 0xffff) throw new Error(`a zip without ZIP64 holds at most 65535 files, not ${sorted.length}`);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of sorted) {
    if (!name || name.startsWith("/") || name.split("/").includes("..")) throw new Error(`invalid zip entry name ${JSON.stringify(name)}`);
    const nameBytes = Buffer.from(name, "utf8");
    const deflated = zlib.deflateRawSync(data, { level: 9 });
    const method = deflated.length < data.length ? 8 : 0;
    const body = method === 8 ? deflated : data;
    const crc = crc32(data);
    if (data.length > 0xfffffffe || offset > 0xfffffffe) throw new Error("a zip without ZIP64 holds at most 4 GiB");
    // Flags: bit 11 (names are UTF-8) when a name is not ASCII.
    const flags = /^[\x20-\x7e]*$/.test(name) ? 0 : 0x0800;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28); // extra field length
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0 (so the external attributes hold a Unix mode)
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    // 30: extra length, 32: comment length, 34: disk number, 36: internal attributes: all 0
    central.writeUInt32LE(UNIX_FILE_MODE * 0x10000, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, body);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + body.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  // 4: this disk, 6: disk of the central directory: 0
  end.writeUInt16LE(sorted.length, 8);
  end.writeUInt16LE(sorted.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  // 20: comment length: 0
  return Buffer.concat([...locals, ...centrals, end]);
}

let crcTable: Int32Array | undefined;

/** CRC-32 (ISO-HDLC, the zip checksum): zlib's when this Node.js has it (20.15+), else table-driven. */
function crc32(data: Buffer): number {
  const native = (zlib as { crc32?: (d: Buffer) => number }).crc32;
  if (typeof native === "function") return native(data) >>> 0;
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  let crc = -1;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
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
