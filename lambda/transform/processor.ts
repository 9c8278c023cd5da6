/**
 * JSON cleansing and enrichment: required-field validation (missing ⇒ ProcessingFailed, so the record lands in the
 * S3 error output instead of polluting the data set), field renames and drops, static enrichment fields and a
 * processing timestamp; newline-delimited JSON output.
 */
import { Env, envList, envString, envStringMap, FieldPath, jsonLine, jsonRecordProcessor, RecordError, RecordProcessor, toIsoUtc } from "../shared";

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
  // Paths are split once here, not once per record.
  const required = config.requiredFields.map((f) => new FieldPath(f));
  const drops = config.dropFields.map((f) => new FieldPath(f));
  const renames = Object.entries(config.renames).map(([from, to]) => [new FieldPath(from), new FieldPath(to)] as const);
  const statics = Object.entries(config.staticFields).map(([k, v]) => [new FieldPath(k), v] as const);
  const stampField = config.processingTimestampField === "" ? undefined : new FieldPath(config.processingTimestampField);
  // One clock read per invocation: format it once, not once per record.
  let stampFor = NaN;
  let stamp = "";
  return jsonRecordProcessor("transform", (doc, ctx) => {
    for (const f of required) {
      const v = f.get(doc);
      if (v === undefined || v === null || v === "") throw new RecordError(`missing required field ${f.path}`);
    }
    for (const f of drops) f.remove(doc);
    for (const [from, to] of renames) {
      const v = from.remove(doc);
      if (v !== undefined) to.set(doc, v);
    }
    for (const [k, v] of statics) if (k.get(doc) === undefined) k.set(doc, v);
    if (stampField !== undefined) {
      if (stampFor !== ctx.invocationTime) {
        stampFor = ctx.invocationTime;
        stamp = toIsoUtc(stampFor);
      }
      stampField.set(doc, stamp);
    }
    return { result: "Ok", data: jsonLine(doc) };
  });
}
