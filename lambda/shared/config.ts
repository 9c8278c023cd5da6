/** Environment-variable parsing with validation; a bad value fails the cold start loudly instead of misbehaving. */
import { FIREHOSE_RESPONSE_LIMIT_BYTES } from "./response";

export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

export function envInt(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer in [${min}, ${max}], got ${JSON.stringify(raw)}`);
  }
  return n;
}

export function envString(env: Env, name: string, def: string): string {
  const raw = env[name];
  return raw === undefined ? def : raw.trim();
}

export function envEnum<T extends string>(env: Env, name: string, def: T, allowed: readonly T[]): T {
  const raw = envString(env, name, def);
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(", ")}, got ${JSON.stringify(raw)}`);
  }
  return raw as T;
}

/** Comma-separated list, trimmed, empties removed. */
export function envList(env: Env, name: string, def: readonly string[] = []): string[] {
  const raw = env[name];
  if (raw === undefined) return [...def];
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** A JSON object whose values are all strings, e.g. `{"database":"meta.db"}`. */
export function envStringMap(env: Env, name: string): Record<string, string> {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return {};
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw new ConfigError(`${name} must be a JSON object of strings`);
  }
  if (v === null || typeof v !== "object" || Array.isArray(v) || Object.values(v).some((x) => typeof x !== "string")) {
    throw new ConfigError(`${name} must be a JSON object of strings`);
  }
  return v as Record<string, string>;
}

/** Settings of the shared core (all processors). */
export interface CoreConfig {
  /** Response size limit the budget works against; at most 6,291,556 (lower values are for tests). */
  responseLimitBytes: number;
  /** Bytes kept free under the limit. */
  responseMarginBytes: number;
  /** Time kept free at the end of the invocation for building the response and returning it. */
  safetyMarginMs: number;
  /** Max attempts per re-ingestion chunk (first try included). */
  reingestMaxAttempts: number;
  /** Backoff base and cap for full-jitter exponential backoff. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Bound on a decompressed record, against gzip bombs. */
  maxDecompressedBytes: number;
  /** Per-record failures logged individually, at most this many per invocation (the rest are counted). */
  maxLoggedFailures: number;
}

/**
 * Core environment variables (every processor):
 * - RESPONSE_LIMIT_BYTES (default 6291556, max 6291556)
 * - RESPONSE_MARGIN_BYTES (default 16384): the response is at most RESPONSE_LIMIT_BYTES - RESPONSE_MARGIN_BYTES.
 * - REINGEST_SAFETY_MARGIN_MS (default 3000): re-ingestion stops this long before the invocation's deadline.
 * - REINGEST_MAX_ATTEMPTS (default 8), REINGEST_BACKOFF_BASE_MS (default 50), REINGEST_BACKOFF_MAX_MS (default 2000)
 * - MAX_DECOMPRESSED_BYTES (default 134217728)
 * - MAX_LOGGED_FAILURES (default 20)
 * - POWERTOOLS_SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE, POWERTOOLS_LOG_LEVEL: Powertools settings.
 */
export function readCoreConfig(env: Env): CoreConfig {
  const responseLimitBytes = envInt(env, "RESPONSE_LIMIT_BYTES", FIREHOSE_RESPONSE_LIMIT_BYTES, 1024, FIREHOSE_RESPONSE_LIMIT_BYTES);
  const responseMarginBytes = envInt(env, "RESPONSE_MARGIN_BYTES", 16_384, 0, 1_048_576);
  if (responseMarginBytes >= responseLimitBytes) throw new ConfigError("RESPONSE_MARGIN_BYTES must be below RESPONSE_LIMIT_BYTES");
  const backoffBaseMs = envInt(env, "REINGEST_BACKOFF_BASE_MS", 50, 1, 60_000);
  return {
    responseLimitBytes,
    responseMarginBytes,
    safetyMarginMs: envInt(env, "REINGEST_SAFETY_MARGIN_MS", 3000, 0, 290_000),
    reingestMaxAttempts: envInt(env, "REINGEST_MAX_ATTEMPTS", 8, 1, 100),
    backoffBaseMs,
    backoffMaxMs: envInt(env, "REINGEST_BACKOFF_MAX_MS", 2000, backoffBaseMs, 60_000),
    maxDecompressedBytes: envInt(env, "MAX_DECOMPRESSED_BYTES", 134_217_728, 1024, 1_073_741_824),
    maxLoggedFailures: envInt(env, "MAX_LOGGED_FAILURES", 20, 0, 10_000),
  };
}
