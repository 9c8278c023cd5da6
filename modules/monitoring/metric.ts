/**
 * Typed CloudWatch metric descriptions and what constructs declare for monitoring. Pure types and data: no construct
 * is created here, so delivery streams, destinations and the other monitored constructs can import it freely.
 */
import type { IConstruct } from "constructs";

/** The simple statistics of CloudWatch (`aws_cloudwatch_metric_alarm.statistic`). */
export type MetricStatistic = "Average" | "Minimum" | "Maximum" | "Sum" | "SampleCount";

/** How an alarm compares its metric with the threshold. */
export type ComparisonOperator = "GreaterThanThreshold" | "GreaterThanOrEqualToThreshold" | "LessThanThreshold" | "LessThanOrEqualToThreshold";
/** What an alarm makes of periods without data. */
export type TreatMissingData = "breaching" | "notBreaching" | "ignore" | "missing";

/** One CloudWatch metric with its statistic and period: what an alarm or a dashboard widget reads. */
export interface MetricDescription {
  /** e.g. `AWS/Firehose`. */
  readonly namespace: string;
  /** e.g. `DeliveryToS3.DataFreshness`. */
  readonly metricName: string;
  /** e.g. `{ DeliveryStreamName: "orders" }`. */
  readonly dimensions: Record<string, string>;
  /** A simple statistic; absent when `extendedStatistic` is set. */
  readonly statistic?: MetricStatistic;
  /** A percentile such as `p99`, instead of `statistic`. */
  readonly extendedStatistic?: string;
  /** Period in seconds: 10, 20, 30 or a multiple of 60. */
  readonly periodSeconds: number;
}

/** Options of the `metric*()` helpers: anything not given takes the helper's default. */
export interface MetricOptions {
  /** @default the helper's statistic (Sum for counts, Average for ratios, Maximum for ages) */
  readonly statistic?: MetricStatistic;
  /** A percentile such as `p99`; replaces `statistic`. */
  readonly extendedStatistic?: string;
  /** @default 300 */
  readonly periodSeconds?: number;
  /** Dimensions added to (or replacing) the construct's own. */
  readonly dimensions?: Record<string, string>;
}

/** Builds a {@link MetricDescription} from a helper's defaults and the caller's options. */
export function describeMetric(namespace: string, metricName: string, dimensions: Record<string, string>, defaultStatistic: MetricStatistic, opts: MetricOptions = {}): MetricDescription {
  return {
    namespace,
    metricName,
    dimensions: { ...dimensions, ...opts.dimensions },
    statistic: opts.extendedStatistic !== undefined ? undefined : (opts.statistic ?? defaultStatistic),
    extendedStatistic: opts.extendedStatistic,
    periodSeconds: opts.periodSeconds ?? 300,
  };
}

/** A Kinesis data stream to watch (`AWS/Kinesis`, dimension `StreamName`). */
export interface KinesisStreamTarget {
  readonly type: "kinesisStream";
  readonly streamName: string;
  /** The stream's metric helpers (`KinesisDataStream`): the alarms are built on them. @default built from the name */
  readonly metrics?: KinesisStreamMetrics;
}

/** The metric helpers of a Kinesis data stream that its alarms read. */
export interface KinesisStreamMetrics {
  metricGetRecordsIteratorAgeMilliseconds(opts?: MetricOptions): MetricDescription;
  metricWriteProvisionedThroughputExceeded(opts?: MetricOptions): MetricDescription;
  metricReadProvisionedThroughputExceeded(opts?: MetricOptions): MetricDescription;
}

/** A Lambda function to watch (`AWS/Lambda`, dimension `FunctionName`). */
export interface LambdaFunctionTarget {
  readonly type: "function";
  /** The literal function name when known (alarm names and dimensions). */
  readonly functionName: string;
  readonly timeoutSeconds: number;
}

/** An EventBridge rule to watch (`AWS/Events`) and its dead-letter queue (`AWS/SQS`). */
export interface EventRuleTarget {
  readonly type: "rule";
  readonly ruleName: string;
  /** `default` or a custom bus name. */
  readonly eventBusName: string;
  readonly deadLetterQueueName?: string;
}

/** An OpenSearch domain to watch (`AWS/ES`, dimensions `DomainName`, `ClientId`). */
export interface OpenSearchDomainTarget {
  readonly type: "domain";
  readonly domainName: string;
  /** EBS volume of each data node in GiB (the `FreeStorageSpace` threshold derives from it). */
  readonly volumeSizeGiB?: number;
}

/**
 * A delivery stream to watch. `stream` is the construct itself (it carries the destination's monitoring facts); the
 * target only marks it, so the delivery-stream module need not import monitoring's alarm code.
 */
export interface DeliveryStreamTarget<S = unknown> {
  readonly type: "deliveryStream";
  readonly stream: S;
}

/** What a construct asks {@link PipelineMonitoring} to watch. */
export type MonitoringTarget = DeliveryStreamTarget | KinesisStreamTarget | LambdaFunctionTarget | EventRuleTarget | OpenSearchDomainTarget;

/**
 * A construct that declares what to monitor. `PipelineMonitoring` finds every construct implementing it under a scope
 * (or takes an explicit list), so no pipeline has to remember to register what it created.
 */
export interface IMonitorable {
  /** The monitoring targets of this construct itself (not of its children: those are found on their own). */
  monitoringTargets(): MonitoringTarget[];
}

/** Whether `x` implements {@link IMonitorable}. */
export function isMonitorable(x: unknown): x is IMonitorable & Partial<IConstruct> {
  return typeof x === "object" && x !== null && typeof (x as { monitoringTargets?: unknown }).monitoringTargets === "function";
}

/**
 * An alarm a destination adds to its delivery stream's alarms, on an `AWS/Firehose` metric with the stream's
 * `DeliveryStreamName` dimension.
 */
export interface DestinationAlarm {
  /** Suffix of the alarm name and construct id, e.g. `AuthFailure`; unique among the stream's alarms. */
  readonly key: string;
  /** e.g. `DeliveryToAmazonOpenSearchService.AuthFailure`. */
  readonly metricName: string;
  readonly statistic: MetricStatistic;
  readonly comparisonOperator: ComparisonOperator;
  readonly treatMissingData: TreatMissingData;
  /** The alarm description, given the stream name. */
  readonly description: (streamName: string) => string;
  /**
   * The `MonitoringThresholds` entry whose settings apply (users can override or disable it there). Without it,
   * `defaults` are used and cannot be overridden.
   */
  readonly thresholdName?: string;
  /** Settings when `thresholdName` is absent (or names no known entry). @default threshold 0, 1 of 1 period of 300 s */
  readonly defaults?: { readonly threshold: number; readonly evaluationPeriods?: number; readonly datapointsToAlarm?: number; readonly periodSeconds?: number };
}

/** A dashboard widget a destination adds below its stream's row (`AWS/Firehose`, stream dimension). */
export interface DestinationWidget {
  /** Shown after the stream name, e.g. `Iceberg rows`. */
  readonly title: string;
  readonly metrics: readonly { readonly metricName: string; readonly stat: MetricStatistic; readonly label?: string }[];
}

/**
 * What a destination tells monitoring about itself (Firehose developer guide, "Monitoring with CloudWatch metrics":
 * each destination publishes its own `DeliveryTo<X>.*` metrics). Every kind-specific fact lives here, in the
 * destination's own file.
 */
export interface DestinationMonitoring {
  /** Prefix of the delivery metrics: `<prefix>.Success` is the success alarm's metric. @default `DeliveryTo<kind>` */
  readonly deliveryMetricPrefix?: string;
  /** The data freshness metric. @default `<deliveryMetricPrefix>.DataFreshness` */
  readonly freshnessMetricName?: string;
  /** Where freshness measures delivery to, in alarm descriptions. @default the kind */
  readonly freshnessTarget?: string;
  /** Alarms of this destination besides success and freshness. @default none */
  readonly alarms?: readonly DestinationAlarm[];
  /** Dashboard widgets of this destination's own metrics (one extra row). @default none */
  readonly widgets?: readonly DestinationWidget[];
}

/** What monitoring reads of a destination (a part of `DestinationInfo`, which carries these facts). */
export interface DestinationFacts {
  readonly kind: string;
  readonly monitoring?: DestinationMonitoring;
}

/** Prefix of a destination's delivery metrics, e.g. `DeliveryToS3` (from the destination's own facts). */
export function deliveryMetricPrefix(info: DestinationFacts): string {
  return info.monitoring?.deliveryMetricPrefix ?? `DeliveryTo${info.kind}`;
}

/**
 * The freshness metric of a destination, as the destination declares it (`info.monitoring.freshnessMetricName`, e.g.
 * Redshift's `DeliveryToS3.DataFreshness`), else `<deliveryMetricPrefix>.DataFreshness`.
 */
export function freshnessMetricName(info: DestinationFacts): string {
  return info.monitoring?.freshnessMetricName ?? `${deliveryMetricPrefix(info)}.DataFreshness`;
}
