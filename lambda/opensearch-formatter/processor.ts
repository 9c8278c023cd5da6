/**
 * Documents shaped for OpenSearch indexing: timestamps normalised to ISO-8601 UTC (so one `date` mapping reads them
 * all), nested objects flattened into dotted keys up to a depth (bounded mapping explosion), and a deterministic id
 * field (a hash of chosen fields, or of the record's bytes) so that a re-delivered record is recognisable.
 * One JSON document per record, as the Firehose OpenSearch destination expects.
 */
import { createHash } from "node:crypto";
import {
  Env,
  envInt,
  envList,
  envString,
  getPath,
  isPlainObject,
  flatten,
  jsonRecordProcessor,
  JsonObject,
  RecordProcessor,
  setPath,
  timeParser,
  toIsoUtc,
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

function setField(doc: JsonObject, path: string, value: unknown): void {
  if (Object.prototype.hasOwnProperty.call(doc, path)) doc[path] = value;
  else setPath(doc, path, value);
}

export function createOpenSearchFormatterProcessor(config: OpenSearchFormatterConfig): RecordProcessor {
  const parseTime = timeParser("auto");
  return jsonRecordProcessor("opensearch-formatter", (doc, ctx, payload) => {
    let eventTime: string | undefined;
    for (const f of config.timestampFields) {
      const v = getPath(doc, f);
      if (v === undefined || v === null || isPlainObject(v)) continue;
      const iso = toIsoUtc(parseTime(v));
      setField(doc, f, iso);
      eventTime ??= iso;
    }
    if (config.timestampTarget !== "" && getPath(doc, config.timestampTarget) === undefined) {
      setField(doc, config.timestampTarget, eventTime ?? toIsoUtc(ctx.approximateArrivalTimestamp));
    }
    const hash = createHash("sha256");
    if (config.idSourceFields.length > 0) hash.update(JSON.stringify(config.idSourceFields.map((f) => getPath(doc, f) ?? null)));
    else hash.update(payload);
    const out = config.flattenMaxDepth > 0 ? flatten(doc, config.flattenMaxDepth) : doc;
    out[config.idField] = hash.digest("hex").slice(0, 32);
    return { result: "Ok", data: JSON.stringify(out) };
  });
}
