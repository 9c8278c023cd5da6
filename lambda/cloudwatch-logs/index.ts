/**
 * Firehose transformation Lambda for CloudWatch Logs subscription data (gzip'd DATA_MESSAGE / CONTROL_MESSAGE records).
 *
 * Environment:
 * - OUTPUT_FORMAT: `message` (default; each log event's message on its own line) or `json` (one JSON object per line:
 *   `{"logGroup","logStream","timestamp" (ISO-8601 UTC),"id","message"}`).
 * - Core settings (response budget, re-ingestion retries/time margin, Powertools): see `lambda/shared/config.ts`
 *   `readCoreConfig` — RESPONSE_LIMIT_BYTES, RESPONSE_MARGIN_BYTES, REINGEST_SAFETY_MARGIN_MS, REINGEST_MAX_ATTEMPTS,
 *   REINGEST_BACKOFF_BASE_MS, REINGEST_BACKOFF_MAX_MS, MAX_DECOMPRESSED_BYTES, MAX_LOGGED_FAILURES,
 *   POWERTOOLS_SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE, POWERTOOLS_LOG_LEVEL.
 * Oversize records (output larger than a whole response) are split in halves by log events and re-ingested.
 */
import { createFirehoseHandler, FirehoseProcessorHandler } from "../shared";
import { createCloudWatchLogsProcessor, readCloudWatchLogsConfig } from "./processor";

export const handler: FirehoseProcessorHandler = createFirehoseHandler(createCloudWatchLogsProcessor(readCloudWatchLogsConfig(process.env)));
