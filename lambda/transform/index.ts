/**
 * Firehose transformation Lambda: JSON cleansing and enrichment, newline-delimited JSON output.
 *
 * Environment:
 * - REQUIRED_FIELDS: comma list of dotted paths; a record where one is missing, null or "" is ProcessingFailed.
 * - DROP_FIELDS: comma list of dotted paths removed (applied before renames).
 * - RENAME_FIELDS: JSON object, old dotted path → new dotted path.
 * - STATIC_FIELDS: JSON object of string fields added when absent (e.g. `{"environment":"prod"}`).
 * - PROCESSING_TIMESTAMP_FIELD: field set to the invocation time, ISO-8601 UTC (default `processed_at`; empty: none).
 * - Core settings: see `lambda/shared/config.ts` `readCoreConfig`.
 */
import { createFirehoseHandler, FirehoseProcessorHandler } from "../shared";
import { createTransformProcessor, readTransformConfig } from "./processor";

export const handler: FirehoseProcessorHandler = createFirehoseHandler(createTransformProcessor(readTransformConfig(process.env)));
