import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const created: string[] = [];
// Each test file gets its own copy of this module: its temp dirs are removed after its tests.
if (typeof afterAll === "function") {
  afterAll(() => {
    for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
}

/** A fresh `fhp-<prefix>-*` directory in the OS temp dir, removed after the test file's tests. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `fhp-${prefix}-`));
  created.push(dir);
  return dir;
}

let synthOutdir: string | undefined;

/**
 * The outdir for `Testing.app()` in this test file (cdktf otherwise makes a `cdktf.outdir.*` temp dir per app and
 * never removes it). One per file, removed after its tests.
 */
export function testOutdir(): string {
  synthOutdir ??= tempDir("synth");
  return synthOutdir;
}
