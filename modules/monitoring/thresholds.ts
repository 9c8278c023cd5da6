/**
 * Alarm thresholds: typed, defaulted (pure data), overridable per environment, and validated against the range of
 * the metric each one applies to.
 */
import { isUnresolved, Validator } from "../core/validation";
import * as Patterns from "../core/patterns";

/** Evaluation settings shared by every alarm. */
export interface AlarmEvaluation {
  /** Set false to skip this alarm everywhere. @default true */
  readonly enabled?: boolean;
  /** Metric period: 10, 20, 30 or a multiple of 60 seconds. @default 300 (Firehose publishes 1- and 5-minute data) */
  readonly periodSeconds?: number;
  /** Periods evaluated, ≥1; periods × period ≤ 1 day (CloudWatch limit). */
  readonly evaluationPeriods?: number;
  /** Breaching datapoints (out of `evaluationPeriods`) that trigger the alarm, 1..evaluationPeriods. @default evaluationPeriods */
  readonly datapointsToAlarm?: number;
}

/** An alarm whose threshold is a number. */
export interface ThresholdAlarm extends AlarmEvaluation {
  readonly threshold?: number;
}

/** `*.DataFreshness` alarms: the threshold is derived from the stream's buffering interval unless `thresholdSeconds` is set. */
export interface FreshnessAlarm extends AlarmEvaluation {
  /** Fixed threshold (age of the oldest undelivered record) in seconds, ≥60; must exceed the buffering interval. @default derived */
  readonly thresholdSeconds?: number;
  /** Seconds added to the buffering interval (×1.5 with dynamic partitioning, rule B13) for retries and delivery, 0-3600. @default 300 */
  readonly marginSeconds?: number;
}

/** Every alarm the library creates, with its settings. Omitted fields take the defaults of {@link DEFAULT_THRESHOLDS}. */
export interface MonitoringThresholds {
  /** `DeliveryTo<kind>.Success` (Average) below this ratio, 0-1. @default 0.95 over 3 of 3 periods */
  readonly deliverySuccess?: ThresholdAlarm;
  /** `DeliveryTo<kind>.DataFreshness` (Maximum) above the derived threshold. */
  readonly dataFreshness?: FreshnessAlarm;
  /** `BackupToS3.Success` (Average) below this ratio, 0-1 (streams with an S3 backup). @default 0.95 */
  readonly backupSuccess?: ThresholdAlarm;
  /** `BackupToS3.DataFreshness` (Maximum) above the derived threshold. */
  readonly backupFreshness?: FreshnessAlarm;
  /** `ThrottledRecords` (Sum) above this count, ≥0 (Direct PUT). @default 0 */
  readonly throttledRecords?: ThresholdAlarm;
  /** Incoming bytes/records/put requests per second as a percentage of the stream's limit, 1-100 (Direct PUT). @default 80 */
  readonly ingestionLimitPercent?: ThresholdAlarm;
  /** `PartitionCountExceeded` (Maximum) above this count, ≥0 (dynamic partitioning). @default 0 */
  readonly partitionCountExceeded?: ThresholdAlarm;
  /** Active partitions (`PartitionCount`) as a percentage of `ActivePartitionsLimit`, 1-100 (dynamic partitioning): warns before records start going to the error prefix. @default 80 */
  readonly partitionCountPercentOfLimit?: ThresholdAlarm;
  /** `ExecuteProcessing.Success` (Average) below this ratio, 0-1 (Lambda processor). @default 0.95 */
  readonly processingSuccess?: ThresholdAlarm;
  /** `FailedConversion.Records` (Sum) above this count, ≥0 (format conversion). @default 0 */
  readonly failedConversionRecords?: ThresholdAlarm;
  /** `DeliveryToIceberg.FailedRowCount` (Sum) above this count, ≥0 (Iceberg destinations: rows sent to the S3 backup bucket). @default 0 */
  readonly icebergFailedRows?: ThresholdAlarm;
  /** Kinesis `GetRecords.IteratorAgeMilliseconds` (Maximum) above this many ms, ≥0. @default 600000 (10 min) */
  readonly kinesisIteratorAgeMs?: ThresholdAlarm;
  /** Kinesis `WriteProvisionedThroughputExceeded` (Sum) above this count, ≥0. @default 0 */
  readonly kinesisWriteThroughputExceeded?: ThresholdAlarm;
  /** Kinesis `ReadProvisionedThroughputExceeded` (Sum) above this count, ≥0. @default 0 */
  readonly kinesisReadThroughputExceeded?: ThresholdAlarm;
  /** Lambda `Errors` (Sum) above this count, ≥0. @default 0 */
  readonly lambdaErrors?: ThresholdAlarm;
  /** Lambda `Throttles` (Sum) above this count, ≥0. @default 0 */
  readonly lambdaThrottles?: ThresholdAlarm;
  /** Lambda `Duration` (p99) above this percentage of the function timeout, 1-100. @default 80 */
  readonly lambdaDurationPercentOfTimeout?: ThresholdAlarm;
  /** EventBridge `FailedInvocations` (Sum) above this count, ≥0. @default 0 */
  readonly ruleFailedInvocations?: ThresholdAlarm;
  /** SQS `ApproximateNumberOfMessagesVisible` (Maximum) of a rule's dead-letter queue above this count, ≥0. @default 0 */
  readonly deadLetterQueueMessages?: ThresholdAlarm;
  /**
   * `DeliveryToAmazonOpenSearchService.AuthFailure` / `DeliveryToAmazonOpenSearchServerless.AuthFailure` (Maximum) at
   * or above 1: the domain refuses the delivery role. Only the evaluation settings can change.
   */
  readonly openSearchAuthFailure?: AlarmEvaluation;
  /** OpenSearch `ClusterStatus.red` (Maximum) at or above 1. Only the evaluation settings can change. */
  readonly openSearchClusterRed?: AlarmEvaluation;
  /**
   * OpenSearch `FreeStorageSpace` (Minimum, MiB per node) at or below this many MiB, ≥0; must stay below what a node
   * can report free (its volume less the 20% OpenSearch reserves, at most 20 GiB). @default 25% of the node's volume
   * in MiB (AWS recommended alarm), or 20480 when the volume is unknown
   */
  readonly openSearchFreeStorageMiB?: ThresholdAlarm;
}

export type ThresholdName = keyof MonitoringThresholds;

/** What a threshold measures; decides its valid range. */
type ThresholdRange = "ratio" | "percent" | "count" | "milliseconds" | "mebibytes" | "fixed" | "freshness";

interface ThresholdDefault {
  readonly range: ThresholdRange;
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly periodSeconds: number;
}

const d = (range: ThresholdRange, threshold: number, evaluationPeriods = 1, datapointsToAlarm = evaluationPeriods, periodSeconds = 300): ThresholdDefault => ({
  range,
  threshold,
  evaluationPeriods,
  datapointsToAlarm,
  periodSeconds,
});

/**
 * Defaults. Ratios are averaged over 3 periods: AWS notes that small dips in `*.Success` are retries, not data loss
 * (firehose-cloudwatch-metrics-best-practices). Counts of failures alarm on the first period: each one is lost or
 * delayed data.
 */
export const DEFAULT_THRESHOLDS: Readonly<Record<ThresholdName, ThresholdDefault>> = {
  deliverySuccess: d("ratio", 0.95, 3),
  dataFreshness: d("freshness", 300, 2),
  backupSuccess: d("ratio", 0.95, 3),
  backupFreshness: d("freshness", 300, 2),
  throttledRecords: d("count", 0),
  ingestionLimitPercent: d("percent", 80, 3, 2),
  partitionCountExceeded: d("count", 0),
  partitionCountPercentOfLimit: d("percent", 80, 3, 2),
  processingSuccess: d("ratio", 0.95, 3),
  failedConversionRecords: d("count", 0),
  icebergFailedRows: d("count", 0),
  kinesisIteratorAgeMs: d("milliseconds", 600_000, 3, 2, 60),
  kinesisWriteThroughputExceeded: d("count", 0, 3, 2, 60),
  kinesisReadThroughputExceeded: d("count", 0, 3, 2, 60),
  lambdaErrors: d("count", 0),
  lambdaThrottles: d("count", 0),
  lambdaDurationPercentOfTimeout: d("percent", 80, 3, 2),
  ruleFailedInvocations: d("count", 0),
  deadLetterQueueMessages: d("count", 0),
  openSearchAuthFailure: d("fixed", 1),
  openSearchClusterRed: d("fixed", 1, 1, 1, 60),
  openSearchFreeStorageMiB: d("mebibytes", 20480, 1, 1, 60),
};

/** Settings of one alarm after defaults are applied. */
export interface ResolvedAlarmSettings {
  readonly enabled: boolean;
  readonly threshold: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly marginSeconds: number;
  /** Fixed freshness threshold, when given. */
  readonly thresholdSeconds?: number;
}

/** Applies defaults to one alarm's settings. */
export function resolveSettings(thresholds: MonitoringThresholds | undefined, name: ThresholdName): ResolvedAlarmSettings {
  const def = DEFAULT_THRESHOLDS[name];
  const o = (thresholds?.[name] ?? {}) as ThresholdAlarm & FreshnessAlarm;
  const evaluationPeriods = o.evaluationPeriods ?? def.evaluationPeriods;
  return {
    enabled: o.enabled !== false,
    threshold: o.threshold ?? def.threshold,
    periodSeconds: o.periodSeconds ?? def.periodSeconds,
    evaluationPeriods,
    // A user who raises evaluationPeriods without datapoints gets "M of M", never more datapoints than periods.
    datapointsToAlarm: o.datapointsToAlarm ?? Math.min(def.datapointsToAlarm, evaluationPeriods),
    marginSeconds: o.marginSeconds ?? 300,
    thresholdSeconds: o.thresholdSeconds,
  };
}

const RANGES: Record<Exclude<ThresholdRange, "fixed" | "freshness">, { min: number; max: number; what: string; integer: boolean }> = {
  ratio: { min: 0, max: 1, what: "a success ratio", integer: false },
  percent: { min: 1, max: 100, what: "a percentage", integer: false },
  count: { min: 0, max: Number.MAX_SAFE_INTEGER, what: "a count", integer: false },
  milliseconds: { min: 0, max: Number.MAX_SAFE_INTEGER, what: "a duration in milliseconds", integer: false },
  mebibytes: { min: 0, max: Number.MAX_SAFE_INTEGER, what: "a size in MiB", integer: false },
};

function num(value: unknown): value is number {
  return typeof value === "number" && !Number.isNaN(value);
}

/** CloudWatch: period 10, 20, 30 or a multiple of 60; evaluationPeriods × period ≤ 86400 (one day). */
function validateEvaluation(v: Validator, path: string, o: AlarmEvaluation, def: ThresholdDefault): void {
  const period = o.periodSeconds ?? def.periodSeconds;
  if (o.periodSeconds !== undefined && !isUnresolved(o.periodSeconds)) {
    v.require(num(o.periodSeconds) && ([10, 20, 30].includes(o.periodSeconds) || (o.periodSeconds > 0 && o.periodSeconds % 60 === 0)), `${path}.periodSeconds`, "MON", "periodSeconds must be 10, 20, 30 or a multiple of 60", o.periodSeconds);
  }
  const periods = o.evaluationPeriods ?? def.evaluationPeriods;
  if (o.evaluationPeriods !== undefined && !isUnresolved(o.evaluationPeriods)) {
    if (!v.require(num(o.evaluationPeriods) && Number.isInteger(o.evaluationPeriods) && o.evaluationPeriods >= 1, `${path}.evaluationPeriods`, "MON", "evaluationPeriods must be an integer of at least 1", o.evaluationPeriods)) return;
    if (num(period)) v.require(o.evaluationPeriods * period <= 86400, `${path}.evaluationPeriods`, "MON", `evaluationPeriods × periodSeconds (${period}) must not exceed 86400 seconds (one day)`, o.evaluationPeriods);
  }
  if (o.datapointsToAlarm !== undefined && !isUnresolved(o.datapointsToAlarm)) {
    v.require(
      num(o.datapointsToAlarm) && Number.isInteger(o.datapointsToAlarm) && o.datapointsToAlarm >= 1 && o.datapointsToAlarm <= periods,
      `${path}.datapointsToAlarm`,
      "MON",
      `datapointsToAlarm must be an integer between 1 and evaluationPeriods (${periods})`,
      o.datapointsToAlarm,
    );
  }
}

/** Validates threshold overrides: each threshold against its metric's range, and the evaluation settings. */
export function validateThresholds(v: Validator, path: string, thresholds: MonitoringThresholds | undefined): void {
  if (thresholds === undefined) return;
  if (thresholds === null || typeof thresholds !== "object") {
    v.error(path, "MON", "thresholds must be an object keyed by alarm name", thresholds);
    return;
  }
  for (const [name, o] of Object.entries(thresholds) as [string, (ThresholdAlarm & FreshnessAlarm) | undefined][]) {
    const p = `${path}.${name}`;
    const def = DEFAULT_THRESHOLDS[name as ThresholdName];
    if (!def) {
      v.error(p, "MON", `unknown alarm; known alarms: ${Object.keys(DEFAULT_THRESHOLDS).join(", ")}`, name);
      continue;
    }
    if (o === undefined) continue;
    if (o === null || typeof o !== "object") {
      v.error(p, "MON", "alarm settings must be an object", o);
      continue;
    }
    if (o.enabled !== undefined) v.require(typeof o.enabled === "boolean", `${p}.enabled`, "MON", "enabled must be true or false", o.enabled);
    validateEvaluation(v, p, o, def);
    if (def.range === "freshness") {
      if (o.threshold !== undefined) v.error(`${p}.threshold`, "MON", "freshness alarms take thresholdSeconds (or marginSeconds), not threshold", o.threshold);
      v.range(o.thresholdSeconds, 60, 86400, `${p}.thresholdSeconds`, "MON", "a DataFreshness threshold", { unit: "seconds" });
      v.range(o.marginSeconds, 0, 3600, `${p}.marginSeconds`, "MON", "a DataFreshness margin", { unit: "seconds" });
    } else if (def.range === "fixed") {
      if ((o as ThresholdAlarm).threshold !== undefined) v.error(`${p}.threshold`, "MON", `this alarm's threshold is fixed (${name === "openSearchAuthFailure" ? "AuthFailure" : "ClusterStatus.red"} ≥ 1); only its evaluation settings can change`, o.threshold);
    } else if (o.threshold !== undefined && !isUnresolved(o.threshold)) {
      const r = RANGES[def.range];
      v.require(
        num(o.threshold) && o.threshold >= r.min && o.threshold <= r.max,
        `${p}.threshold`,
        "MON",
        r.max === Number.MAX_SAFE_INTEGER ? `threshold of ${name} is ${r.what} and must be at least ${r.min}` : `threshold of ${name} is ${r.what} and must be between ${r.min} and ${r.max}`,
        o.threshold,
      );
    }
  }
}

/** Where alarm notifications go. */
export interface AlarmSubscription {
  /** `email`, `https`, `sqs` or `lambda`. */
  readonly protocol: "email" | "https" | "sqs" | "lambda";
  /** Address, `https://` URL, queue ARN or function ARN. */
  readonly endpoint: string;
}

const SUBSCRIPTION_ENDPOINTS: Record<AlarmSubscription["protocol"], { re: RegExp; what: string }> = {
  email: { re: /^[^@\s]+@[^@\s]+\.[^@\s]+$/, what: "an email address" },
  https: { re: /^https:\/\/[^\s]+$/, what: "an https:// URL" },
  sqs: { re: /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}$/, what: "an SQS queue ARN (standard queue)" },
  lambda: { re: Patterns.LAMBDA_FUNCTION_ARN.re, what: "a Lambda function ARN" },
};

export function validateSubscriptions(v: Validator, path: string, subscriptions: AlarmSubscription[] | undefined): void {
  if (subscriptions === undefined) return;
  if (!Array.isArray(subscriptions)) {
    v.error(path, "MON", "subscriptions must be an array of { protocol, endpoint }", subscriptions);
    return;
  }
  subscriptions.forEach((s, i) => {
    const p = `${path}[${i}]`;
    const spec = SUBSCRIPTION_ENDPOINTS[s?.protocol];
    if (!spec) {
      v.error(`${p}.protocol`, "MON", `protocol must be one of ${Object.keys(SUBSCRIPTION_ENDPOINTS).join(", ")}`, s?.protocol);
      return;
    }
    if (isUnresolved(s.endpoint)) return;
    v.require(typeof s.endpoint === "string" && spec.re.test(s.endpoint), `${p}.endpoint`, "MON", `a ${s.protocol} subscription endpoint must be ${spec.what}`, s.endpoint);
  });
}
