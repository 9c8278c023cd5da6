/**
 * JSON cleansing and enrichment: required-field validation (missing ⇒ ProcessingFailed, so the record lands in the
 * S3 error output instead of polluting the data set), field renames and drops, static enrichment fields and a
 * processing timestamp; newline-delimited JSON output.
 */
import {
  deletePath,
  Env,
  envList,
  envString,
  envStringMap,
  getPath,
  jsonLine,
  jsonRecordProcessor,
  RecordError,
  RecordProcessor,
  setPath,
  toIsoUtc,
} from "../shared";

export interface TransformConfig {
  requiredFields: string[];
  /** old dotted path → new dotted path */
  renames: Record<string, string>;
  dropFields: string[];
  /** Field set to the invocation time (ISO-8601 UTC); empty: none. */
  processingTimestampField: string;
  /** Static fields added to every record (e.g. environment), not overwriting existing values. */
  staticFields: Record<string, string>;
}

export function readTransformConfig(env: Env): TransformConfig {
  return {
    requiredFields: envList(env, "REQUIRED_FIELDS"),
    renames: envStringMap(env, "RENAME_FIELDS"),
    dropFields: envList(env, "DROP_FIELDS"),
    processingTimestampField: envString(env, "PROCESSING_TIMESTAMP_FIELD", "processed_at"),
    staticFields: envStringMap(env, "STATIC_FIELDS"),
  };
}

export function createTransformProcessor(config: TransformConfig): RecordProcessor {
  const renames = Object.entries(config.renames);
  const statics = Object.entries(config.staticFields);
  // One clock read per invocation: format it once, not once per record.
  let stampFor = NaN;
  let stamp = "";
  return jsonRecordProcessor("transform", (doc, ctx) => {
    for (const f of config.requiredFields) {
      const v = getPath(doc, f);
      if (v === undefined || v === null || v === "") throw new RecordError(`missing required field ${f}`);
    }
    for (const f of config.dropFields) deletePath(doc, f);
    for (const [from, to] of renames) {
      const v = deletePath(doc, from);
      if (v !== undefined) setPath(doc, to, v);
    }
    for (const [k, v] of statics) if (getPath(doc, k) === undefined) setPath(doc, k, v);
    if (config.processingTimestampField !== "") {
      if (stampFor !== ctx.invocationTime) {
        stampFor = ctx.invocationTime;
        stamp = toIsoUtc(stampFor);
      }
      setPath(doc, config.processingTimestampField, stamp);
    }
    return { result: "Ok", data: jsonLine(doc) };
  });
}
