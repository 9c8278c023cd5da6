/**
 * `unit` jest project: the Lambda bundler is replaced by a stand-in, so unit tests never run esbuild. The stand-in
 * checks that the entry exists (as esbuild would) and returns a small committed directory
 * (`__tests__/helpers/stand-in-bundle/`) in place of the bundle, with its deployment package zipped by the real
 * `zipFiles` into a temp dir (removed after the test file). Real bundles are built and checked by the `plan`
 * project (`*.plan.test.ts`).
 */
import * as fs from "fs";
import * as path from "path";
import { tempDir } from "./temp"; // imported here, at the top level, so that its afterAll cleanup is registered

const ROOT = path.resolve(__dirname, "..", "..");
const CANDIDATES = ["modules/lambda-function/bundle.ts", "modules/lambda-function/private/bundle.ts"];
const bundleModule = CANDIDATES.map((c) => path.join(ROOT, c)).find((c) => fs.existsSync(c));
if (!bundleModule) {
  throw new Error(`the Lambda bundler is not at ${CANDIDATES.join(" or ")}: update __tests__/helpers/unit-bundle.ts`);
}

jest.doMock(bundleModule, () => {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const actual = jest.requireActual(bundleModule!) as Record<string, unknown>;
  const nodeFs = require("fs") as typeof fs;
  const nodePath = require("path") as typeof path;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const dir = nodePath.join(__dirname, "stand-in-bundle");
  let standIn: { archive: string; assetHash: string } | undefined;
  /** The stand-in's deployment package, zipped by the real zipFiles into a temp dir removed after the test file. */
  const archiveOf = (): { archive: string; assetHash: string } => {
    if (standIn) return standIn;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const crypto = require("crypto") as typeof import("crypto");
    const files = ["index.js", "index.js.map"].map((name) => ({ name, data: nodeFs.readFileSync(nodePath.join(dir, name)) }));
    const archive = nodePath.join(tempDir("stand-in-bundle"), "archive.zip");
    nodeFs.writeFileSync(archive, (actual.zipFiles as (f: typeof files) => Buffer)(files));
    const md5 = crypto.createHash("md5");
    for (const f of files) md5.update(f.data);
    standIn = { archive, assetHash: md5.digest("hex").slice(0, 32).toUpperCase() };
    return standIn;
  };
  return {
    ...actual,
    bundleHandler: (entry: string, name: string) => {
      if (!nodeFs.existsSync(entry)) throw new Error(`bundling the ${name} handler (${entry}) failed: the entry does not exist`);
      return { dir, ...archiveOf(), bytes: nodeFs.statSync(nodePath.join(dir, "index.js")).size, cached: true };
    },
  };
});
