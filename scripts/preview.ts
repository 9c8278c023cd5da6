/**
 * `npm run preview -- <env> <records.jsonl> [--at <ISO-8601 arrival time>]`
 *
 * For every data-lake pipeline of the environment, prints where each sample record (one JSON document per line)
 * would land in S3: the evaluated prefix, or the error prefix and the reason. jq runs as jq 1.6, like Firehose.
 *
 * Apache Iceberg destinations have no prefix to evaluate: rows go into the partitions of each table's own partition
 * spec. For them, `previewIcebergRouting` (modules/data-lake-ingestion/preview.ts) shows each record's table and
 * operation; `ICEBERG_PREVIEW_NOTE` says what it cannot show.
 */
import * as fs from "fs";
import { loadEnvironment } from "../app/environments";
import { DataLakePipelineConfig, dataLakePreviewConfig } from "../app/pipelines/data-lake";
import { ICEBERG_PREVIEW_NOTE, PartitionPreview, previewPartitions } from "../modules/data-lake-ingestion/preview";

/** Fixed-width text table. */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(" | ").trimEnd();
  return [line(headers), widths.map((w) => "-".repeat(w)).join("-|-"), ...rows.map(line)].join("\n");
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** The report for one environment: a table per data-lake pipeline. */
export function previewEnvironment(envName: string, lines: string[], arrivalTime: Date): string {
  const env = loadEnvironment(envName);
  const pipelines = env.config.pipelines.filter((p): p is DataLakePipelineConfig => p.kind === "data-lake");
  if (pipelines.length === 0) return `Environment ${envName} has no data-lake pipeline.`;
  const records = lines.map((l) => l.trim()).filter((l) => l !== "");
  return pipelines
    .map((p) => {
      const config = dataLakePreviewConfig(p);
      const previews: PartitionPreview[] = previewPartitions(config, records, arrivalTime);
      const rows = previews.map((r) => [String(r.index + 1), truncate(records[r.index], 40), r.outcome, r.prefix, r.reason ?? ""]);
      return [
        `Pipeline ${p.name} (${env.file}), arrival ${arrivalTime.toISOString()}, time zone ${config.customTimeZone ?? "UTC"}`,
        `  prefix:       ${config.prefix}`,
        `  error prefix: ${config.errorOutputPrefix}`,
        "",
        formatTable(["#", "record", "outcome", "S3 prefix", "reason"], rows),
      ].join("\n");
    })
    .join("\n\n");
}

function main(argv: string[]): number {
  const args = [...argv];
  let at = new Date();
  const atIndex = args.indexOf("--at");
  if (atIndex !== -1) {
    at = new Date(args[atIndex + 1] ?? "");
    args.splice(atIndex, 2);
    if (Number.isNaN(at.getTime())) {
      console.error("--at needs an ISO-8601 time such as 2024-05-01T10:59:59Z");
      return 2;
    }
  }
  const [envName, file] = args;
  if (!envName || !file) {
    console.error("usage: npm run preview -- <env> <records.jsonl> [--at <ISO-8601 arrival time>]");
    console.error(`(data-lake pipelines only. ${ICEBERG_PREVIEW_NOTE})`);
    return 2;
  }
  console.log(previewEnvironment(envName, fs.readFileSync(file, "utf8").split("\n"), at));
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exitCode = 1;
  }
}
