/** Event-time parsing and UTC formatting (partition keys, timestamp normalisation). Everything is UTC. */
import { RecordError } from "./codec";

export type TimeFormat = "iso8601" | "epoch_seconds" | "epoch_millis" | "auto" | { pattern: string };

const TZ_SUFFIX = /(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$/;
const HAS_TIME = /\d[T ]\d/;

function fromEpochNumber(n: number, unit: "s" | "ms" | "auto"): number {
  if (!Number.isFinite(n)) throw new RecordError(`invalid epoch time ${n}`);
  if (unit === "s") return n * 1000;
  if (unit === "ms") return n;
  // auto: seconds below 1e11 (year 5138), milliseconds below 1e14, microseconds beyond.
  const a = Math.abs(n);
  return a < 1e11 ? n * 1000 : a < 1e14 ? n : n / 1000;
}

function fromIso(s: string): number {
  // A date-time without an offset is read as UTC, not as the process's local time.
  const text = HAS_TIME.test(s) && !TZ_SUFFIX.test(s) ? `${s.replace(" ", "T")}Z` : s;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new RecordError(`invalid ISO-8601 time ${JSON.stringify(s)}`);
  return ms;
}

const TOKEN = /yyyy|MM|dd|HH|mm|ss|SSS/g;

/** Compiles a pattern such as `yyyy-MM-dd HH:mm:ss` (tokens yyyy MM dd HH mm ss SSS; the rest literal), read as UTC. */
export function compilePattern(pattern: string): (s: string) => number {
  const order: string[] = [];
  const src = pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(TOKEN, (t) => {
    order.push(t);
    return t === "yyyy" ? "(\\d{4})" : t === "SSS" ? "(\\d{3})" : "(\\d{2})";
  });
  if (!order.includes("yyyy")) throw new Error(`time pattern ${pattern} has no yyyy`);
  const re = new RegExp(`^${src}$`);
  return (s) => {
    const m = re.exec(s);
    if (!m) throw new RecordError(`time ${JSON.stringify(s)} does not match ${pattern}`);
    const f: Record<string, number> = { yyyy: 1970, MM: 1, dd: 1, HH: 0, mm: 0, ss: 0, SSS: 0 };
    order.forEach((t, i) => (f[t] = Number(m[i + 1])));
    const ms = Date.UTC(f.yyyy, f.MM - 1, f.dd, f.HH, f.mm, f.ss, f.SSS);
    const d = new Date(ms);
    if (d.getUTCMonth() !== f.MM - 1 || d.getUTCDate() !== f.dd || f.HH > 23 || f.mm > 59 || f.ss > 59) {
      throw new RecordError(`time ${JSON.stringify(s)} is not a valid date`);
    }
    return ms;
  };
}

/** Returns a parser `value → epoch ms` for the format; it throws `RecordError` on values it cannot read. */
export function timeParser(format: TimeFormat): (value: unknown) => number {
  const pattern = typeof format === "object" ? compilePattern(format.pattern) : undefined;
  return (value) => {
    let ms: number;
    if (pattern) {
      if (typeof value !== "string") throw new RecordError("event time is not a string");
      ms = pattern(value);
    } else if (typeof value === "number") {
      if (format === "iso8601") throw new RecordError("event time is a number, expected ISO-8601");
      ms = fromEpochNumber(value, format === "epoch_seconds" ? "s" : format === "epoch_millis" ? "ms" : "auto");
    } else if (typeof value === "string" && value.trim() !== "") {
      const numeric = /^-?\d+(\.\d+)?$/.test(value);
      if (format === "iso8601" || (format === "auto" && !numeric)) ms = fromIso(value);
      else if (numeric) ms = fromEpochNumber(Number(value), format === "epoch_seconds" ? "s" : format === "epoch_millis" ? "ms" : "auto");
      else throw new RecordError(`event time ${JSON.stringify(value)} is not ${format}`);
    } else {
      throw new RecordError("event time is neither a number nor a string");
    }
    if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) throw new RecordError("event time out of range");
    return ms;
  };
}

/** Parses the `*_TIME_FORMAT` setting: one of the named formats or a pattern. */
export function parseTimeFormat(s: string): TimeFormat {
  return s === "iso8601" || s === "epoch_seconds" || s === "epoch_millis" || s === "auto" ? s : { pattern: s };
}

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");

export interface UtcParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
}

export function utcParts(ms: number): UtcParts {
  const d = new Date(ms);
  return {
    year: pad(d.getUTCFullYear(), 4),
    month: pad(d.getUTCMonth() + 1),
    day: pad(d.getUTCDate()),
    hour: pad(d.getUTCHours()),
    minute: pad(d.getUTCMinutes()),
  };
}

export function toIsoUtc(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * `utcParts` for the many records of a batch, which mostly share their minute: the parts of the last minute seen are
 * reused (same values as `utcParts`; milliseconds are truncated first, as `new Date` does; times outside the `Date`
 * range go to `utcParts`).
 */
export function cachedUtcParts(): (ms: number) => UtcParts {
  let minute = NaN;
  let parts = utcParts(NaN);
  return (ms) => {
    if (!(Math.abs(ms) <= 8.64e15)) return utcParts(ms); // out of the Date range, or NaN
    const m = Math.floor(Math.trunc(ms) / 60_000);
    if (m !== minute) {
      minute = m;
      parts = utcParts(ms);
    }
    return parts;
  };
}

/**
 * `toIsoUtc` for many nearby times: the text up to the second is reused while the second does not change, and only
 * the milliseconds are formatted (same output as `toIsoUtc`; anything but an in-range integer goes to `toIsoUtc`).
 */
export function cachedIsoUtc(): (ms: number) => string {
  let second = NaN;
  let prefix = ""; // e.g. "2024-03-01T12:00:05."
  return (ms) => {
    if (!Number.isInteger(ms) || Math.abs(ms) > 8.64e15) return toIsoUtc(ms);
    const s = Math.floor(ms / 1000);
    if (s !== second) {
      prefix = toIsoUtc(ms).slice(0, -4);
      second = s;
    }
    const milli = ms - s * 1000;
    return `${prefix}${milli < 10 ? "00" : milli < 100 ? "0" : ""}${milli}Z`;
  };
}
