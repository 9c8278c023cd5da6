/**
 * The partition preview of this repository's environments, from their configuration (no synth): for every data-lake
 * pipeline, where each sample record would land in S3. The CLI (`npm run preview`, `firehose-pipelines preview`)
 * previews a synthesized stack of any CDKTF project instead (./partition-preview.ts).
 */
import { loadEnvironment } from "../app/environments";
import { DataLakePipelineConfig, dataLakePreviewConfig } from "../app/pipelines/data-lake";
import { PartitionPreview, previewPartitions } from "../modules/data-lake-ingestion/preview";
import { formatTable, truncate } from "./partition-preview";

export { formatTable };

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
