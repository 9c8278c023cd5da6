/**
 * The published shape of the library: `npm run build` output imported through package.json `exports` by a separate
 * CDKTF project (examples/minimal-data-lake, linked as `npm install file:../..` would), type-checked and synthesized.
 */
import * as fs from "fs";
import * as path from "path";
import { buildPackage, EXAMPLES_DIR, linkPackage, nodeEval, PACKAGE_NAME, ROOT, synthProject, typecheck } from "./harness";
import { tempDir } from "../helpers/terraform";

const CONSUMER = path.join(EXAMPLES_DIR, "minimal-data-lake");

beforeAll(() => {
  buildPackage();
  linkPackage(CONSUMER);
});

test("npm run build emits the entry point and its declarations where package.json says", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  expect(pkg.exports["."]).toEqual({ types: "./dist/modules/index.d.ts", default: "./dist/modules/index.js" });
  expect(pkg.main).toBe("dist/modules/index.js");
  for (const f of [pkg.exports["."].types, pkg.exports["."].default]) expect(fs.existsSync(path.join(ROOT, f))).toBe(true);
  expect(pkg.files).toEqual(expect.arrayContaining(["dist/modules", "CHANGELOG.md"]));
});

test("a consumer resolves the package through `exports` and shares the repository's single copy of cdktf", () => {
  const resolved = nodeEval(CONSUMER, `[require("fs").realpathSync(require.resolve("${PACKAGE_NAME}")), require.resolve("${PACKAGE_NAME}/package.json") !== undefined, require.resolve("cdktf"), require.resolve("cdktf", { paths: [require("fs").realpathSync(require.resolve("${PACKAGE_NAME}"))] })]`) as [string, boolean, string, string];
  expect(resolved[0]).toBe(path.join(ROOT, "dist", "modules", "index.js"));
  expect(resolved[1]).toBe(true);
  expect(resolved[2]).toBe(path.join(ROOT, "node_modules", "cdktf", "lib", "index.js"));
  expect(resolved[3]).toBe(resolved[2]);
  // Deep paths are not part of the API.
  const deep = nodeEval(CONSUMER, `(() => { try { require.resolve("${PACKAGE_NAME}/dist/modules/core/naming"); return "resolved"; } catch (e) { return e.code; } })()`);
  expect(deep).toBe("ERR_PACKAGE_PATH_NOT_EXPORTED");
});

test("the built package exports exactly what modules/index.ts exports", () => {
  const built = nodeEval(CONSUMER, `Object.keys(require("${PACKAGE_NAME}")).sort()`) as string[];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const source = Object.keys(require("../../modules")).sort();
  expect(built).toEqual(source);
  expect(built).toEqual(expect.arrayContaining(["FirehoseDeliveryStream", "ExtendedS3Destination", "SecureBucket", "MetadataExtractionProcessor", "FirehoseValidationError"]));
});

test("a separate CDKTF project type-checks against the .d.ts files and synthesizes with the built package", () => {
  typecheck(CONSUMER);
  const stackDir = synthProject(CONSUMER, tempDir("consumer"), "minimal-data-lake");
  const json = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"));
  const [stream] = Object.values(json.resource.aws_kinesis_firehose_delivery_stream) as Record<string, any>[];
  expect(stream.name).toBe("acme-minimal-events");
  // The SecureBucket passed as a BucketRef (an object from the package, used by the package) is wired by reference.
  expect(stream.extended_s3_configuration.bucket_arn).toMatch(/^\$\{aws_s3_bucket\.Lake_Bucket_[0-9A-F]+\.arn\}$/);
  expect(stream.extended_s3_configuration.prefix).toBe("events/source=!{partitionKeyFromQuery:source}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/");
  expect(json.terraform.backend).toEqual({ local: { path: "terraform.tfstate" } });
});
