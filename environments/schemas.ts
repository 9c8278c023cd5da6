/**
 * Record schemas shared by the environments: one definition per data set, so staging and prod cannot drift apart.
 * (Only directories with a config.ts are environments; this file is not one.)
 */
import type { GlueColumn } from "../modules/data-lake-ingestion/conversion";

/** The `app-events` records, as the Glue table (and Parquet files) see them. */
export const APP_EVENT_COLUMNS: GlueColumn[] = [
  { name: "event_id", type: "string", comment: "Unique id set by the producer" },
  { name: "event_type", type: "string" },
  { name: "occurred_at", type: "timestamp", comment: "Producer time, ISO-8601" },
  { name: "user_id", type: "string" },
  { name: "attributes", type: "map<string,string>" },
];
