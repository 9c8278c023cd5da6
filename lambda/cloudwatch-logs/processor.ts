/**
 * CloudWatch Logs subscription records → newline-delimited messages, or JSON lines with log group/stream/timestamp/id.
 * Payload format: CloudWatch Logs User Guide, "Subscription filters" / "Examples": a gzip'd JSON document
 * `{messageType, owner, logGroup, logStream, subscriptionFilters, logEvents: [{id, timestamp, message}]}`;
 * `CONTROL_MESSAGE` records are the service's reachability checks and are Dropped (nothing to deliver, no re-ingest).
 */
import { Env, envEnum, gzip, jsonLine, parseJson, ProcessOutcome, RecordError, RecordProcessor, toIsoUtc } from "../shared";

export interface CloudWatchLogsConfig {
  /** `message`: the raw messages, one per line. `json`: one JSON object per event with its log group and stream. */
  outputFormat: "message" | "json";
}

export function readCloudWatchLogsConfig(env: Env): CloudWatchLogsConfig {
  return { outputFormat: envEnum(env, "OUTPUT_FORMAT", "message", ["message", "json"] as const) };
}

interface LogEvent {
  id: string;
  timestamp: number;
  message: string;
}

interface SubscriptionMessage {
  messageType: string;
  owner?: string;
  logGroup: string;
  logStream: string;
  subscriptionFilters?: string[];
  logEvents: LogEvent[];
}

function parseSubscription(payload: Buffer): SubscriptionMessage {
  const doc = parseJson(payload) as unknown as SubscriptionMessage;
  if (doc.messageType !== "DATA_MESSAGE" && doc.messageType !== "CONTROL_MESSAGE") {
    throw new RecordError("not a CloudWatch Logs subscription message");
  }
  if (doc.messageType === "DATA_MESSAGE" && !Array.isArray(doc.logEvents)) throw new RecordError("DATA_MESSAGE without logEvents");
  return doc;
}

export function createCloudWatchLogsProcessor(config: CloudWatchLogsConfig): RecordProcessor {
  const json = config.outputFormat === "json";
  return {
    name: "cloudwatch-logs",
    process(payload): ProcessOutcome {
      const doc = parseSubscription(payload);
      if (doc.messageType === "CONTROL_MESSAGE") return { result: "Dropped", reason: "CONTROL_MESSAGE" };
      if (doc.logEvents.length === 0) return { result: "Dropped", reason: "no log events" };
      let out = "";
      for (const e of doc.logEvents) {
        if (json) {
          out += jsonLine({ logGroup: doc.logGroup, logStream: doc.logStream, timestamp: toIsoUtc(e.timestamp), id: e.id, message: e.message });
        } else {
          out += `${e.message}\n`;
        }
      }
      return { result: "Ok", data: out };
    },
    /** Loop guard: each part has strictly fewer log events; a single event is never split. */
    split(payload) {
      const doc = parseSubscription(payload);
      if (doc.messageType !== "DATA_MESSAGE" || doc.logEvents.length < 2) return undefined;
      const mid = Math.ceil(doc.logEvents.length / 2);
      return [doc.logEvents.slice(0, mid), doc.logEvents.slice(mid)].map((logEvents) => gzip(JSON.stringify({ ...doc, logEvents })));
    },
  };
}
