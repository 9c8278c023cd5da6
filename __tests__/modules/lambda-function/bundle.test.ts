import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { App, TerraformStack } from "cdktf";
import { FirehoseLambdaProcessor } from "../../../modules/lambda-function";
import { zipFiles } from "../../../modules/lambda-function/bundle";
import { addTestProvider } from "../../helpers/stack";
import { tempDir } from "../../helpers/temp";

interface ZipEntry {
  name: string;
  method: number;
  dosTime: number;
  dosDate: number;
  madeBy: number;
  unixMode: number;
  data: Buffer;
}

/**
 * Reads a zip from its end record and central directory, as unzip tools do, checking each local header against its
 * central entry and each entry's CRC-32 (zlib's) and size.
 */
function readZip(zip: Buffer): ZipEntry[] {
  const end = zip.length - 22;
  expect(zip.readUInt32LE(end)).toBe(0x06054b50);
  const count = zip.readUInt16LE(end + 10);
  const centralSize = zip.readUInt32LE(end + 12);
  let at = zip.readUInt32LE(end + 16);
  expect(at + centralSize).toBe(end);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    const local = zip.readUInt32LE(at + 42);
    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    expect(zip.toString("utf8", local + 30, local + 30 + zip.readUInt16LE(local + 26))).toBe(name);
    expect([zip.readUInt16LE(local + 8), zip.readUInt32LE(local + 14), zip.readUInt32LE(local + 18)]).toEqual([method, crc, compressed]);
    const start = local + 30 + nameLength + zip.readUInt16LE(local + 28);
    const body = zip.subarray(start, start + compressed);
    const data = method === 8 ? zlib.inflateRawSync(body) : Buffer.from(body);
    expect([data.length, zlib.crc32(data)]).toEqual([size, crc]);
    entries.push({ name, method, dosTime: zip.readUInt16LE(at + 12), dosDate: zip.readUInt16LE(at + 14), madeBy: zip.readUInt16LE(at + 4) >> 8, unixMode: zip.readUInt32LE(at + 38) >>> 16, data });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

describe("zipFiles (the Lambda deployment package)", () => {
  const code = Buffer.from(`exports.handler = async () => ${JSON.stringify("x".repeat(5000))};\n`);
  const map = Buffer.from(JSON.stringify({ version: 3, sources: ["lambda/a.ts"], mappings: "AAAA" }));

  test("holds exactly the files, sorted, deflated, with the same timestamp (1980-01-01) and mode (0644) whatever the input order", () => {
    const zip = zipFiles([{ name: "index.js.map", data: map }, { name: "index.js", data: code }]);
    const entries = readZip(zip);
    expect(entries.map((e) => e.name)).toEqual(["index.js", "index.js.map"]);
    expect(entries[0].data.equals(code) && entries[1].data.equals(map)).toBe(true);
    expect(entries[0].method).toBe(8); // deflated: 5000 repeated characters shrink
    for (const e of entries) expect({ dosTime: e.dosTime, dosDate: e.dosDate, madeBy: e.madeBy, unixMode: e.unixMode }).toEqual({ dosTime: 0, dosDate: (1 << 5) | 1, madeBy: 3, unixMode: 0o100644 });
    // Deterministic: the same files give the same bytes, in any order and at any time.
    expect(zipFiles([{ name: "index.js", data: code }, { name: "index.js.map", data: map }]).equals(zip)).toBe(true);
  });

  test("stores what deflating would not shrink, and an empty list is an empty zip", () => {
    const noise = crypto.randomBytes(4096);
    const [entry] = readZip(zipFiles([{ name: "noise.bin", data: noise }]));
    expect(entry.method).toBe(0);
    expect(entry.data.equals(noise)).toBe(true);
    expect(readZip(zipFiles([]))).toEqual([]);
  });

  test("refuses entry names that would escape the extraction directory", () => {
    for (const name of ["", "/etc/passwd", "../up.js", "a/../../b.js"]) {
      expect(() => zipFiles([{ name, data: code }])).toThrow(`invalid zip entry name ${JSON.stringify(name)}`);
    }
  });
});

describe("FirehoseLambdaProcessor asset", () => {
  const standIn = path.join(__dirname, "..", "..", "helpers", "stand-in-bundle");

  /** Synthesizes an app with one processor into `outdir` (as `npm run synth` does); returns the function's JSON. */
  function synthApp(outdir: string): Record<string, unknown> {
    const app = new App({ outdir });
    const stack = new TerraformStack(app, "s");
    addTestProvider(stack);
    new FirehoseLambdaProcessor(stack, "Fn", { functionName: "acme-fn", handler: "transform", reingest: { kind: "none" } });
    app.synth();
    const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "s", "cdk.tf.json"), "utf8"));
    return Object.values(json.resource.aws_lambda_function as Record<string, Record<string, unknown>>)[0];
  }

  test("the function's package is the bundle's zip, copied as is; source_code_hash is the MD5 of the bundled files, the same in every synth", () => {
    const [out1, out2] = [tempDir("asset-synth"), tempDir("asset-synth")];
    const first = synthApp(out1);
    const second = synthApp(out2);
    const md5 = crypto.createHash("md5");
    for (const f of ["index.js", "index.js.map"]) md5.update(fs.readFileSync(path.join(standIn, f)));
    const expected = md5.digest("hex").toUpperCase();
    // Content only: not the zip's bytes, paths or times, so every machine and synth computes the same value.
    expect([first.source_code_hash, second.source_code_hash]).toEqual([expected, expected]);
    expect(first.filename).toMatch(new RegExp(`^assets/[^/]+/${expected}/archive\\.zip$`));
    expect(second.filename).toBe(first.filename);
    // The synthesized stack directory holds the zip the filename points at, with exactly the bundle's files.
    const packaged = readZip(fs.readFileSync(path.join(out1, "stacks", "s", first.filename as string)));
    expect(packaged.map((e) => e.name)).toEqual(["index.js", "index.js.map"]);
    for (const e of packaged) expect(e.data.equals(fs.readFileSync(path.join(standIn, e.name)))).toBe(true);
    expect(fs.readFileSync(path.join(out2, "stacks", "s", first.filename as string)).equals(fs.readFileSync(path.join(out1, "stacks", "s", first.filename as string)))).toBe(true);
  });
});
