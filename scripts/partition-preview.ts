/**
 * `firehose-pipelines preview <stack> <records.jsonl>` (in this repository: `npm run preview -- <env> <file>`): for
 * every Firehose stream of a synthesized stack that writes to S3 with a prefix, where each sample record (one JSON
 * document per line) would land: the evaluated prefix, or the error prefix and the reason. jq runs as jq 1.6, like
 * Firehose. Reads the stack from the project's cdktf.out (synthesized first with cdktf.json's app).
 */
import * as fs from "fs";
import * as path from "path";
import { ICEBERG_PREVIEW_NOTE, PartitionPreview, PartitionPreviewConfig, previewPartitions } from "../modules/data-lake-ingestion/preview";
import { FirehoseValidationError } from "../modules/core/validation";
import { loadProject, parseSubcommandArgs, stackDirOf, synthesize, UsageError } from "./project";

export const USAGE = `usage: firehose-pipelines preview <stack> <records.jsonl> [options]
       (in this repository: npm run preview -- <stack> <records.jsonl> [options])

Synthesizes <stack> of the CDKTF project in the current directory (the "app" command of its cdktf.json), then, for
every Firehose delivery stream that writes to S3, prints where each record of <records.jsonl> (one JSON document per
line) would land: the S3 prefix with its partition keys and timestamp evaluated (jq 1.6, as Firehose runs it), or the
error prefix and why. Keys a Lambda processor returns show as <lambda:key>.
${ICEBERG_PREVIEW_NOTE} (previewIcebergRouting in the library API.)

Options:
  --at <time>        arrival time of the records, ISO-8601 (default: now); !{timestamp:...} uses it
  --stream <name>    only this delivery stream (its name, or its construct path)
  --project <dir>    the CDKTF project (default: the nearest cdktf.json at or above the current directory)
  --no-synth         use the stack already in cdktf.out instead of running the app
  -h, --help         this help

Exit codes: 0 preview printed, 1 usage, synth or configuration error.

Examples:
  firehose-pipelines preview dev samples/events.jsonl
  firehose-pipelines preview prod events.jsonl --at 2024-05-01T10:59:59Z --stream acme-prod-events
  npm run preview -- dev records.jsonl --no-synth`;

/** Fixed-width text table. */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(" | ").trimEnd();
  return [line(headers), widths.map((w) => "-".repeat(w)).join("-|-"), ...rows.map(line)].join("\n");
}

export function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** One S3-bound delivery stream of a synthesized stack and what the preview needs of it. */
export interface StreamPreviewConfig {
  readonly name: string;
  readonly path?: string;
  readonly config: PartitionPreviewConfig;
}

type Json = Record<string, unknown>;
const asList = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : v && typeof v === "object" ? [v as Json] : []);

/** The delivery streams of a synthesized stack (cdk.tf.json) that write to S3 with a prefix. */
export function streamsOfStack(stack: Json): StreamPreviewConfig[] {
  const streams = ((stack.resource as Json | undefined)?.aws_kinesis_firehose_delivery_stream ?? {}) as Record<string, Json>;
  const out: StreamPreviewConfig[] = [];
  for (const [id, s] of Object.entries(streams)) {
    const s3 = asList(s.extended_s3_configuration)[0];
    if (!s3 || typeof s3.prefix !== "string") continue;
    const processors = asList(s3.processing_configuration).flatMap((p) => asList(p.processors));
    const param = (type: string, name: string) =>
      processors.filter((p) => p.type === type).flatMap((p) => asList(p.parameters)).find((p) => p.parameter_name === name)?.parameter_value as string | undefined;
    const query = param("MetadataExtraction", "MetadataExtractionQuery");
    const lambdaKeys = [...s3.prefix.matchAll(/!\{partitionKeyFromLambda:([^}]+)\}/g)].map((m) => m[1]);
    out.push({
      name: typeof s.name === "string" ? s.name : id,
      path: ((s["//"] as Json | undefined)?.metadata as Json | undefined)?.path as string | undefined,
      config: {
        prefix: s3.prefix,
        errorOutputPrefix: typeof s3.error_output_prefix === "string" ? s3.error_output_prefix : "",
        ...(query ? { metadataExtractionQuery: query } : {}),
        ...(lambdaKeys.length > 0 ? { lambdaPartitionKeys: lambdaKeys } : {}),
        ...(typeof s3.custom_time_zone === "string" ? { customTimeZone: s3.custom_time_zone } : {}),
      },
    });
  }
  return out;
}

/** The report: a table per stream. */
export function previewStreams(streams: StreamPreviewConfig[], lines: string[], arrivalTime: Date): string {
  const records = lines.map((l) => l.trim()).filter((l) => l !== "");
  return streams
    .map((s) => {
      const previews: PartitionPreview[] = previewPartitions(s.config, records, arrivalTime);
      const rows = previews.map((r) => [String(r.index + 1), truncate(records[r.index], 40), r.outcome, r.prefix, r.reason ?? ""]);
      return [
        `Stream ${s.name}${s.path ? ` (${s.path})` : ""}, arrival ${arrivalTime.toISOString()}, time zone ${s.config.customTimeZone ?? "UTC"}`,
        `  prefix:       ${s.config.prefix}`,
        `  error prefix: ${s.config.errorOutputPrefix}`,
        "",
        formatTable(["#", "record", "outcome", "S3 prefix", "reason"], rows),
      ].join("\n");
    })
    .join("\n\n");
}

export async function main(argv: string[]): Promise<number> {
  const parsed = parseSubcommandArgs(
    {
      args: argv,
      allowPositionals: true,
      options: { at: { type: "string" }, stream: { type: "string" }, project: { type: "string" }, "no-synth": { type: "boolean" }, help: { type: "boolean", short: "h" } },
    },
    USAGE,
  );
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;
  const at = values.at === undefined ? new Date() : new Date(values.at);
  if (Number.isNaN(at.getTime())) {
    console.error(`--at needs an ISO-8601 time such as 2024-05-01T10:59:59Z, got ${JSON.stringify(values.at)}`);
    return 1;
  }
  const [stack, file, extra] = positionals;
  if (!stack || !file || extra !== undefined) {
    console.error(`${!stack ? "missing <stack>" : !file ? "missing <records.jsonl>" : `unexpected argument "${extra}"`}\n\n${USAGE}`);
    return 1;
  }
  try {
    if (!fs.existsSync(file)) throw new UsageError(`${file}: no such file`);
    const project = loadProject(values.project);
    if (!values["no-synth"]) synthesize(project, { stacks: [stack] });
    const stackFile = path.join(stackDirOf(project.output, stack), "cdk.tf.json");
    let streams = streamsOfStack(JSON.parse(fs.readFileSync(stackFile, "utf8")));
    if (values.stream) streams = streams.filter((s) => s.name === values.stream || s.path === values.stream || s.path?.endsWith(`/${values.stream}`));
    if (streams.length === 0) {
      console.error(values.stream ? `no delivery stream "${values.stream}" writing to S3 with a prefix in stack ${stack}` : `stack ${stack} has no delivery stream writing to S3 with a prefix`);
      return 1;
    }
    console.log(previewStreams(streams, fs.readFileSync(file, "utf8").split("\n"), at));
    return 0;
  } catch (e) {
    console.error(e instanceof UsageError || e instanceof FirehoseValidationError ? e.message : process.env.FHP_DEBUG ? ((e as Error).stack ?? String(e)) : (e as Error).message);
    return 1;
  }
}
