/**
 * Structured logs and EMF metrics through Powertools for AWS Lambda (Logger / Metrics). The core only depends on the
 * small interfaces below, so tests inject recorders and the handlers get the Powertools implementations.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";

export interface LoggerLike {
  debug(message: string, extra?: Record<string, unknown>): void;
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

export type MetricName =
  | "RecordsOk"
  | "RecordsDropped"
  | "RecordsControlDropped"
  | "RecordsProcessingFailed"
  | "RecordsReingested"
  | "RecordsReingestFailed"
  | "RecordsSplit"
  | "ReingestCalls"
  | "ResponseBytes";

export interface MetricsLike {
  count(name: MetricName, value: number, unit?: "Count" | "Bytes"): void;
  flush(): void;
}

export function powertoolsLogger(serviceName: string): LoggerLike {
  const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? serviceName });
  return {
    debug: (m, e) => (e ? logger.debug(m, e) : logger.debug(m)),
    info: (m, e) => (e ? logger.info(m, e) : logger.info(m)),
    warn: (m, e) => (e ? logger.warn(m, e) : logger.warn(m)),
    error: (m, e) => (e ? logger.error(m, e) : logger.error(m)),
  };
}

export function powertoolsMetrics(serviceName: string): MetricsLike {
  const metrics = new Metrics({
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? "FirehoseProcessors",
    serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? serviceName,
  });
  return {
    count: (name, value, unit = "Count") => {
      metrics.addMetric(name, unit === "Bytes" ? MetricUnit.Bytes : MetricUnit.Count, value);
    },
    flush: () => metrics.publishStoredMetrics(),
  };
}

export const silentLogger: LoggerLike = { debug() {}, info() {}, warn() {}, error() {} };
