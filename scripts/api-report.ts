/**
 * The API report: api/cdktf-firehose-pipelines.api.md lists every public export of the package (modules/index.ts)
 * with its signature, as API Extractor renders it. A change to the public surface shows as a change to that file in a
 * pull request; `__tests__/api/api-report.plan.test.ts` fails when the committed file is out of date.
 *
 * Compiles the declarations (tsconfig.build.json) into a temp folder, runs API Extractor (api-extractor.json) on
 * them, writes the report and removes the temp folder.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Extractor, ExtractorConfig, ExtractorLogLevel } from "@microsoft/api-extractor";

const ROOT = path.resolve(__dirname, "..");
export const REPORT_FILE = path.join(ROOT, "api", "cdktf-firehose-pipelines.api.md");
export const REGENERATE_COMMAND = "npm run api:report";

export const USAGE = `usage: npm run api:report [-- --out <dir>]

Regenerates the API report api/cdktf-firehose-pipelines.api.md from the public exports of modules/index.ts
(compiled declarations, API Extractor with api-extractor.json). Commit the file with any change to the public API.

Options:
  --out <dir>   write the report into <dir> instead of api/ (the committed file is left alone)
  --help        this text

Examples:
  npm run api:report
  npm run api:report -- --out /tmp/api`;

/** Writes the report into `outDir`; returns its path. Throws with API Extractor's errors when it cannot. */
export function generateApiReport(outDir: string = path.dirname(REPORT_FILE)): string {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), "fhp-api-report-"));
  try {
    const tsc = spawnSync(
      process.execPath,
      [require.resolve("typescript/bin/tsc"), "-p", path.join(ROOT, "tsconfig.build.json"), "--outDir", path.join(temp, "dist"), "--emitDeclarationOnly", "--sourceMap", "false", "--inlineSources", "false"],
      { cwd: ROOT, encoding: "utf8" },
    );
    if (tsc.status !== 0) throw new Error(`compiling the declarations failed:\n${tsc.stdout}${tsc.stderr}`);
    const configFile = path.join(ROOT, "api-extractor.json");
    const configObject = ExtractorConfig.loadFile(configFile);
    configObject.mainEntryPointFilePath = path.join(temp, "dist", "modules", "index.d.ts");
    configObject.apiReport = { ...configObject.apiReport!, enabled: true, reportFolder: outDir, reportTempFolder: temp };
    // The compiled declarations only: the repository's tsconfig.json would also pull in tests and scripts.
    configObject.compiler = { overrideTsconfig: { compilerOptions: { strict: true, skipLibCheck: true, moduleResolution: "node", module: "commonjs", target: "ES2022", lib: ["ES2022"], types: ["node"] }, files: [configObject.mainEntryPointFilePath] } };
    const config = ExtractorConfig.prepare({ configObject, configObjectFullPath: configFile, packageJsonFullPath: path.join(ROOT, "package.json") });
    const problems: string[] = [];
    const result = Extractor.invoke(config, {
      localBuild: true,
      messageCallback: (m) => {
        // console-* messages narrate what API Extractor did (report created or changed); the caller compares files itself.
        if ((m.logLevel === ExtractorLogLevel.Error || m.logLevel === ExtractorLogLevel.Warning) && !m.messageId.startsWith("console-")) problems.push(m.formatMessageWithLocation(ROOT));
        m.handled = true;
      },
    });
    if (!result.succeeded || problems.length > 0) throw new Error(`API Extractor reported:\n${problems.join("\n")}`);
    return path.join(outDir, path.basename(REPORT_FILE));
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
  } else {
    const i = argv.indexOf("--out");
    const unknown = argv.filter((a, j) => a !== "--out" && !(i >= 0 && j === i + 1));
    if (unknown.length > 0 || (i >= 0 && !argv[i + 1])) {
      console.error(`${unknown.length > 0 ? `unknown argument ${unknown[0]}` : "--out needs a directory"}\n\n${USAGE}`);
      process.exitCode = 1;
    } else {
      try {
        const out = generateApiReport(i >= 0 ? path.resolve(argv[i + 1]) : undefined);
        console.log(`wrote ${path.relative(process.cwd(), out) || out}`);
      } catch (e) {
        console.error((e as Error).message);
        process.exitCode = 1;
      }
    }
  }
}
