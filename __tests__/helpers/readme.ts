/**
 * README "real output" blocks, checked against what the code prints: a block's lines must appear in the output in the
 * same order; a line holding only "…" stands for lines left out (trimmed).
 */
import * as fs from "fs";
import * as path from "path";

export const README = path.resolve(__dirname, "..", "..", "README.md");

/** Lines of the first fenced code block after the first line containing `marker`. */
export function readmeBlock(marker: string): string[] {
  const lines = fs.readFileSync(README, "utf8").split("\n");
  const at = lines.findIndex((l) => l.includes(marker));
  if (at === -1) throw new Error(`README.md has no line containing ${JSON.stringify(marker)}`);
  const open = lines.findIndex((l, i) => i > at && /^(`{3,})/.test(l));
  const fence = /^(`{3,})/.exec(lines[open])![1];
  const close = lines.findIndex((l, i) => i > open && l === fence);
  return lines.slice(open + 1, close);
}

/** The lines of `block` (trailing spaces ignored) that are not in `output`, in order; [] when the block is real. */
export function missingLines(block: string[], output: string): string[] {
  const out = output.split("\n").map((l) => l.trimEnd());
  const missing: string[] = [];
  let i = 0;
  for (const line of block.map((l) => l.trimEnd())) {
    if (line === "…") continue;
    const found = out.indexOf(line, i);
    if (found === -1) missing.push(line);
    else i = found + 1;
  }
  return missing;
}
