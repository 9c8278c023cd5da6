/**
 * Firehose transformation Lambda shaping JSON records into OpenSearch documents.
 *
 * Environment:
 * - FLATTEN_MAX_DEPTH: levels of nested objects flattened into dotted keys (default 3; 0 disables).
 * - TIMESTAMP_FIELDS: comma list of dotted paths normalised to ISO-8601 UTC (default `@timestamp,timestamp,time`);
 *   epoch seconds/milliseconds/microseconds (by magnitude) and ISO-8601/RFC 2822 strings are read; an unreadable
 *   value makes the record ProcessingFailed (it would be rejected by a `date` mapping anyway).
 * - TIMESTAMP_TARGET_FIELD: set to the first timestamp found, else the arrival time, when absent (default `@timestamp`;
 *   empty: off).
 * - ID_FIELD: id field name (default `doc_id`); ID_SOURCE_FIELDS: comma list of fields hashed into it (default: the
 *   record's bytes). The id is the first 32 hex characters of a SHA-256.
 * - Core settings: see `lambda/shared/config.ts` `readCoreConfig`.
 */
import { createFirehoseHandler, FirehoseProcessorHandler } from "../shared";
import { createOpenSearchFormatterProcessor, readOpenSearchFormatterConfig } from "./processor";

export const handler: FirehoseProcessorHandler = createFirehoseHandler(
  createOpenSearchFormatterProcessor(readOpenSearchFormatterConfig(process.env)),
);
