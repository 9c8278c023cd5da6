/**
 * Firehose transformation Lambda for dynamic partitioning (gzip or plain JSON records → `metadata.partitionKeys`).
 *
 * Environment:
 * - PARTITION_KEYS: JSON object, partition key name → dotted field path, e.g. `{"database":"db","table":"meta.table"}`.
 *   All are required: a record without one (or with an empty/non-scalar value) is ProcessingFailed.
 * - EVENT_TIME_FIELD: dotted path of the event time (empty: use the record's approximateArrivalTimestamp). When the field
 *   is absent from a record, its approximateArrivalTimestamp is used; when present but unreadable, ProcessingFailed.
 * - EVENT_TIME_FORMAT: `auto` (default: epoch s/ms by magnitude or ISO-8601), `iso8601`, `epoch_seconds`,
 *   `epoch_millis`, or a pattern such as `yyyy-MM-dd HH:mm:ss` (tokens yyyy MM dd HH mm ss SSS). Times without an
 *   offset are UTC.
 * - TIME_PARTITION_KEYS: comma list from year,month,day,hour,minute (default `year,month,day,hour`; zero-padded, UTC).
 * - OUTPUT_MODE: `newline` (default: decompressed payload, `\n`-terminated), `passthrough`, `json-line`.
 * - Core settings: see `lambda/shared/config.ts` `readCoreConfig`.
 */
import { createFirehoseHandler, FirehoseProcessorHandler } from "../shared";
import { createPartitionerProcessor, readPartitionerConfig } from "./processor";

export const handler: FirehoseProcessorHandler = createFirehoseHandler(createPartitionerProcessor(readPartitionerConfig(process.env)));
