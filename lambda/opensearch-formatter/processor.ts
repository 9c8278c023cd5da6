/**
 * Documents shaped for OpenSearch indexing: timestamps normalised to ISO-8601 UTC (so one `date` mapping reads them
 * all), nested objects flattened into dotted keys up to a depth (bounded mapping explosion), and a deterministic id
 * field (a hash of chosen fields, or of the record's bytes) so that a re-delivered record is recognisable.
 * One JSON document per record, as the Firehose OpenSearch destination expects.
 */
import { hash } from "node:crypto";
import {
  cachedIsoUtc,
  Env,
  envInt,
  envList,
  envString,
  FieldPath,
  isPlainObject,
  flatten,
  jsonRecordProcessor,
  JsonObject,
  RecordProcessor,
  timeParser,
} from "../shared";

export interface OpenSearchFormatterConfig {
  /** Levels of nesting flattened into dotted keys (0: no flattening). */
  flattenMaxDepth: number;
  /** Dotted paths of timestamp fields normalised to ISO-8601 UTC (epoch s/ms/µs or date strings accepted). */
  timestampFields: string[];
  /** Field guaranteed to hold the event time: the first timestamp field found, else the arrival time. Empty: none. */
  timestampTarget: string;
  /** Name of the id field added to each document. */
  idField: string;
  /** Fields hashed into the id; empty: the hash of the record's (decompressed) bytes. */
  idSourceFields: string[];
}

export function readOpenSearchFormatterConfig(env: Env): OpenSearchFormatterConfig {
  return {
    flattenMaxDepth: envInt(env, "FLATTEN_MAX_DEPTH", 3, 0, 32),
    timestampFields: envList(env, "TIMESTAMP_FIELDS", ["@timestamp", "timestamp", "time"]),
    timestampTarget: envString(env, "TIMESTAMP_TARGET_FIELD", "@timestamp"),
    idField: envString(env, "ID_FIELD", "doc_id"),
    idSourceFields: envList(env, "ID_SOURCE_FIELDS"),
  };
}

function setField(doc: JsonObject, path: FieldPath, value: unknown): void {
  if (Object.prototype.hasOwnProperty.call(doc, path.path)) doc[path.path] = value;
  else path.set(doc, value);
}

export function createOpenSearchFormatterProcessor(config: OpenSearchFormatterConfig): RecordProcessor {
  const parseTime = timeParser("auto");
  const toIsoUtc = cachedIsoUtc();
  // Paths are split once here, not once per record.
  const timestampFields = config.timestampFields.map((f) => new FieldPath(f));
  const timestampTarget = config.timestampTarget === "" ? undefined : new FieldPath(config.timestampTarget);
  const idSources = config.idSourceFields.map((f) => new FieldPath(f));
  return jsonRecordProcessor("opensearch-formatter", (doc, ctx, payload) => {
    let eventTime: string | undefined;
    for (const f of timestampFields) {
      const v = f.get(doc);
      if (v === undefined || v === null || isPlainObject(v)) continue;
      const iso = toIsoUtc(parseTime(v));
      setField(doc, f, iso);
      eventTime ??= iso;
    }
    if (timestampTarget !== undefined && timestampTarget.get(doc) === undefined) {
      setField(doc, timestampTarget, eventTime ?? toIsoUtc(ctx.approximateArrivalTimestamp));
    }
    // One-shot hash (no Hash object per record). Computed before flattening: the id fields are read by their path.
    const id = hash("sha256", idSources.length > 0 ? JSON.stringify(idSources.map((f) => f.get(doc) ?? null)) : payload, "hex");
    const out = config.flattenMaxDepth > 0 ? flatten(doc, config.flattenMaxDepth) : doc;
    out[config.idField] = id.slice(0, 32);
    return { result: "Ok", data: JSON.stringify(out) };
  });
}
