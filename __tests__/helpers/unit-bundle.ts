/**
 * `unit` jest project: the Lambda bundler is replaced by a stand-in, so unit tests never run esbuild. The stand-in
 * checks that the entry exists (as esbuild would) and returns a small committed directory
 * (`__tests__/helpers/stand-in-bundle/`) in place of the bundle. Real bundles are built and checked by the `plan`
 * project (`*.plan.test.ts`).
 */
import * as fs from "fs";
import * as path from "path";

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
  return {
    ...actual,
    bundleHandler: (entry: string, name: string) => {
      if (!nodeFs.existsSync(entry)) throw new Error(`bundling the ${name} handler (${entry}) failed: the entry does not exist`);
      return { dir, bytes: nodeFs.statSync(nodePath.join(dir, "index.js")).size, cached: true };
    },
  };
});
