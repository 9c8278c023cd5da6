/**
 * CloudWatch Logs subscription records → newline-delimited messages, or JSON lines with log group/stream/timestamp/id.
 * Payload format: CloudWatch Logs User Guide, "Subscription filters" / "Examples": a gzip'd JSON document
 * `{messageType, owner, logGroup, logStream, subscriptionFilters, logEvents: [{id, timestamp, message}]}`;
 * `CONTROL_MESSAGE` records are the service's reachability checks and are Dropped (nothing to deliver, no re-ingest).
 */
import { cachedIsoUtc, Env, envEnum, gzip, jsonLine, parseJson, ProcessOutcome, RecordError, RecordProcessor } from "../shared";

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
  const toIsoUtc = cachedIsoUtc();
  return {
    name: "cloudwatch-logs",
    process(payload): ProcessOutcome {
      const doc = parseSubscription(payload);
      if (doc.messageType === "CONTROL_MESSAGE") return { result: "Dropped", reason: "CONTROL_MESSAGE" };
      if (doc.logEvents.length === 0) return { result: "Dropped", reason: "no log events" };
      let out = "";
      if (!json) {
        for (const e of doc.logEvents) out += `${e.message}\n`;
        return { result: "Ok", data: out };
      }
      // The JSON line of each event, written out: the group and stream are serialized once per record, not per event.
      // Same bytes as `jsonLine({logGroup, logStream, timestamp, id, message})`, to which anything but strings goes.
      const strings = typeof doc.logGroup === "string" && typeof doc.logStream === "string";
      const head = strings ? `{"logGroup":${JSON.stringify(doc.logGroup)},"logStream":${JSON.stringify(doc.logStream)},"timestamp":"` : "";
      for (const e of doc.logEvents) {
        const timestamp = toIsoUtc(e.timestamp);
        if (strings && typeof e.id === "string" && typeof e.message === "string") {
          out += `${head}${timestamp}","id":${JSON.stringify(e.id)},"message":${JSON.stringify(e.message)}}\n`;
        } else {
          out += jsonLine({ logGroup: doc.logGroup, logStream: doc.logStream, timestamp, id: e.id, message: e.message });
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
