/**
 * The committed API report (api/cdktf-firehose-pipelines.api.md) matches the public exports of modules/index.ts, so
 * every change to the public surface shows in a pull request as a change to that file.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { generateApiReport, REGENERATE_COMMAND, REPORT_FILE } from "../../scripts/api-report";
import { tempDir } from "../helpers/temp";

test("api/cdktf-firehose-pipelines.api.md is up to date with modules/index.ts", () => {
  const generated = generateApiReport(tempDir("api-report"));
  const committed = fs.existsSync(REPORT_FILE) ? fs.readFileSync(REPORT_FILE, "utf8") : "";
  const fresh = fs.readFileSync(generated, "utf8");
  if (fresh !== committed) {
    const rel = path.relative(process.cwd(), REPORT_FILE);
    const diff = spawnSync("diff", ["-u", "--label", `${rel} (committed)`, "--label", `${rel} (from the code)`, fs.existsSync(REPORT_FILE) ? REPORT_FILE : "/dev/null", generated], { encoding: "utf8" }).stdout;
    throw new Error(`The public API changed: run \`${REGENERATE_COMMAND}\`, review the change and commit ${rel}.\n\n${diff}`);
  }
  // The report names what users import, and no internal helper.
  expect(fresh).toContain("export class FirehoseDeliveryStream extends DeliveryStreamBase");
  expect(fresh).toContain("export abstract class DeliveryStreamBase extends Construct");
  expect(fresh).not.toMatch(/\b(bindBackedUpDelivery|renderS3Backup|StreamLoggingTarget)\b/);
});
