/**
 * Which alarms each monitored resource gets, as pure data (no constructs): metric names of the AWS/Firehose and
 * AWS/Kinesis CloudWatch namespaces (https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html), statistics, thresholds and missing-data treatment, each justified where it is chosen.
 */
import { DestinationInfo } from "../delivery-stream/destination";
import { SourceKind } from "../delivery-stream/sources";
import { ComparisonOperator, deliveryMetricPrefix, describeMetric, KinesisStreamMetrics, DestinationAlarm, freshnessMetricName, MetricDescription, MetricOptions, TreatMissingData } from "./metric";
import { DEFAULT_THRESHOLDS, MonitoringThresholds, resolveSettings, ResolvedAlarmSettings, ThresholdName } from "./thresholds";

/** One metric of a metric-math alarm. */
export interface MetricQuerySpec {
  readonly id: string;
  readonly expression?: string;
  readonly label?: string;
  readonly returnData?: boolean;
  readonly metric?: { readonly namespace: string; readonly metricName: string; readonly dimensions: Record<string, string>; readonly stat: string; readonly periodSeconds: number };
}

/** An alarm to create: everything `aws_cloudwatch_metric_alarm` needs except the actions. */
export interface AlarmSpec {
  /** Unique suffix for the alarm and construct ids, e.g. `DeliverySuccess`. */
  readonly key: string;
  /** The resource the alarm watches (stream, function, rule, queue or domain name). */
  readonly resourceName: string;
  readonly description: string;
  readonly comparisonOperator: ComparisonOperator;
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: TreatMissingData;
  /** Single-metric alarms. */
  readonly namespace?: string;
  readonly metricName?: string;
  readonly dimensions?: Record<string, string>;
  readonly statistic?: "Average" | "Minimum" | "Maximum" | "Sum" | "SampleCount";
  readonly extendedStatistic?: string;
  readonly periodSeconds?: number;
  /** Metric-math alarms. */
  readonly metricQueries?: MetricQuerySpec[];
}

/** The delivery-stream facts monitoring reads (`FirehoseDeliveryStream` satisfies it). */
export interface MonitoredDeliveryStream {
  readonly streamName: string;
  readonly sourceKind: SourceKind;
  readonly destinationInfo: DestinationInfo;
  /** The underlying resource: its configured (literal) name names the alarms when `streamName` is a token. */
  readonly stream?: { readonly nameInput?: string };
  /**
   * A metric of this stream (`AWS/Firehose`, dimension `DeliveryStreamName`), as `FirehoseDeliveryStream.metric`
   * gives it: the alarms are built on it. @default built here from the stream name
   */
  metric?(metricName: string, opts?: MetricOptions): MetricDescription;
}

/** A Kinesis data stream to watch (`AWS/Kinesis`, dimension `StreamName`). */
export interface MonitoredKinesisStream {
  readonly streamName: string;
  /** The stream's metric helpers (`KinesisDataStream`): the alarms are built on them. @default built from the name */
  readonly metrics?: KinesisStreamMetrics;
}

/** A Lambda function to watch (`AWS/Lambda`, dimension `FunctionName`). */
export interface MonitoredFunction {
  readonly functionName: string;
  readonly timeoutSeconds: number;
}

/** An EventBridge rule to watch (`AWS/Events`, dimensions `RuleName`, `EventBusName`) and its dead-letter queue. */
export interface MonitoredRule {
  readonly ruleName: string;
  /** `default` or a custom bus name. */
  readonly eventBusName: string;
  readonly deadLetterQueueName?: string;
}

/** An OpenSearch domain to watch (`AWS/ES`, dimensions `DomainName`, `ClientId` = account id). */
export interface MonitoredDomain {
  readonly domainName: string;
  /**
   * EBS volume of each data node in GiB: the `FreeStorageSpace` threshold defaults to 25% of it (in MiB) and an
   * explicit threshold at or above what a node can ever report free is refused. @default unknown (20480 MiB, with a warning)
   */
  readonly volumeSizeGiB?: number;
}

/**
 * The most `FreeStorageSpace` (MiB, per node) a node can report: OpenSearch Service reserves 20% of each node's
 * storage, up to 20 GiB, for segment merges, logs and internal operations (developer guide, "Calculating storage
 * requirements"). A threshold at or above it is breached from the first datapoint and never clears.
 */
export function openSearchUsableStorageMiB(volumeSizeGiB: number): number {
  const volumeMiB = volumeSizeGiB * 1024;
  return volumeMiB - Math.min(volumeMiB * 0.2, 20 * 1024);
}

/**
 * Default `FreeStorageSpace` threshold: 25% of a node's volume in MiB, which AWS's recommended-alarms page advises
 * instead of the 20480 of its table (OpenSearch Service developer guide, "Recommended CloudWatch alarms").
 */
function openSearchFreeStorageDefaultMiB(volumeSizeGiB: number): number {
  return Math.floor(volumeSizeGiB * 1024 * 0.25);
}

/** Resources to watch, described by hand (monitorable constructs describe themselves: see `IMonitorable`). */
export interface MonitoredResources {
  readonly deliveryStreams?: readonly MonitoredDeliveryStream[];
  readonly kinesisStreams?: readonly MonitoredKinesisStream[];
  readonly functions?: readonly MonitoredFunction[];
  readonly rules?: readonly MonitoredRule[];
  readonly domains?: readonly MonitoredDomain[];
}

const FIREHOSE = "AWS/Firehose";

/** The literal stream name when known (alarm names and dimensions read better than a reference). */
export function deliveryStreamName(s: MonitoredDeliveryStream): string {
  return s.stream?.nameInput ?? s.streamName;
}

/**
 * Delivery can lag the buffering interval by ~1.5× with dynamic partitioning (rule B13); the margin
 * covers retries and the delivery itself. A fixed `thresholdSeconds` wins.
 */
export function freshnessThresholdSeconds(info: DestinationInfo, s: ResolvedAlarmSettings): number {
  if (s.thresholdSeconds !== undefined) return s.thresholdSeconds;
  const factor = info.dynamicPartitioning ? 1.5 : 1;
  return Math.ceil(info.bufferingIntervalSeconds * factor) + s.marginSeconds;
}

interface Base {
  readonly key: string;
  readonly resourceName: string;
  readonly description: string;
  readonly settings: ResolvedAlarmSettings;
}

function evaluation(s: ResolvedAlarmSettings) {
  return { evaluationPeriods: s.evaluationPeriods, datapointsToAlarm: s.datapointsToAlarm };
}

/** Collects the enabled alarms of one resource. */
class AlarmList {
  public readonly specs: AlarmSpec[] = [];
  constructor(private readonly thresholds: MonitoringThresholds | undefined) {}

  public settings(name: ThresholdName): ResolvedAlarmSettings | undefined {
    const s = resolveSettings(this.thresholds, name);
    return s.enabled ? s : undefined;
  }

  public metric(
    name: ThresholdName,
    b: Omit<Base, "settings">,
    m: Pick<AlarmSpec, "namespace" | "metricName" | "dimensions" | "statistic" | "extendedStatistic" | "comparisonOperator" | "treatMissingData"> & { threshold?: (s: ResolvedAlarmSettings) => number },
  ): void {
    const s = this.settings(name);
    if (!s) return;
    const { threshold, ...metric } = m;
    this.specs.push({ ...b, ...metric, threshold: threshold ? threshold(s) : s.threshold, periodSeconds: s.periodSeconds, ...evaluation(s) });
  }

  /** An alarm on a metric description (from a construct's `metric*()` helper); its period comes from the settings. */
  public on(
    name: ThresholdName,
    b: Omit<Base, "settings">,
    metric: MetricDescription,
    m: Pick<AlarmSpec, "comparisonOperator" | "treatMissingData"> & { threshold?: (s: ResolvedAlarmSettings) => number },
  ): void {
    this.metric(name, b, { namespace: metric.namespace, metricName: metric.metricName, dimensions: metric.dimensions, statistic: metric.statistic, extendedStatistic: metric.extendedStatistic, ...m });
  }

  /** An alarm a destination declares: its threshold entry when it names one, else its own fixed defaults. */
  public destination(a: DestinationAlarm, resourceName: string, dims: Record<string, string>): void {
    const base = { namespace: FIREHOSE, metricName: a.metricName, dimensions: dims, statistic: a.statistic, comparisonOperator: a.comparisonOperator, treatMissingData: a.treatMissingData };
    const b = { key: a.key, resourceName, description: a.description(resourceName) };
    if (a.thresholdName !== undefined && a.thresholdName in DEFAULT_THRESHOLDS) {
      this.metric(a.thresholdName as ThresholdName, b, base);
      return;
    }
    const d = a.defaults ?? { threshold: 0 };
    const evaluationPeriods = d.evaluationPeriods ?? 1;
    this.specs.push({ ...b, ...base, threshold: d.threshold, periodSeconds: d.periodSeconds ?? 300, evaluationPeriods, datapointsToAlarm: d.datapointsToAlarm ?? evaluationPeriods });
  }

  public math(name: ThresholdName, b: Omit<Base, "settings">, m: Pick<AlarmSpec, "comparisonOperator" | "treatMissingData"> & { queries: (s: ResolvedAlarmSettings) => MetricQuerySpec[] }): void {
    const s = this.settings(name);
    if (!s) return;
    this.specs.push({ ...b, comparisonOperator: m.comparisonOperator, treatMissingData: m.treatMissingData, threshold: s.threshold, metricQueries: m.queries(s), ...evaluation(s) });
  }
}

/** Direct PUT per-second limits (rule S6): usage as a percentage of each, `m1/period/m2*100`. */
const INGESTION_LIMITS = [
  { key: "IncomingBytesLimit", usage: "IncomingBytes", limit: "BytesPerSecondLimit" },
  { key: "IncomingRecordsLimit", usage: "IncomingRecords", limit: "RecordsPerSecondLimit" },
  { key: "IncomingPutRequestsLimit", usage: "IncomingPutRequests", limit: "PutRequestsPerSecondLimit" },
] as const;

/** Alarms of one delivery stream, chosen by its destination kind, source and features. */
export function deliveryStreamAlarms(stream: MonitoredDeliveryStream, thresholds?: MonitoringThresholds): AlarmSpec[] {
  const name = deliveryStreamName(stream);
  const info = stream.destinationInfo;
  const dims = { DeliveryStreamName: name };
  const list = new AlarmList(thresholds);
  const delivery = deliveryMetricPrefix(info);
  // The stream's own metric helper when it has one (FirehoseDeliveryStream.metric), so alarms and users read the same.
  const metric = (metricName: string, statistic: NonNullable<MetricDescription["statistic"]>): MetricDescription =>
    stream.metric ? stream.metric(metricName, { statistic }) : { namespace: FIREHOSE, metricName, dimensions: dims, statistic, periodSeconds: 300 };

  // Success: no deliveries attempted (idle stream) publishes nothing, which is not a failure → notBreaching.
  list.on("deliverySuccess", { key: "DeliverySuccess", resourceName: name, description: `${name}: share of successful ${delivery} requests fell below the threshold (records are retried, then sent to the error output/backup)` },
    metric(`${delivery}.Success`, "Average"), { comparisonOperator: "LessThanThreshold", treatMissingData: "notBreaching" });
  // Freshness: a stuck stream keeps publishing the growing age of its oldest record, so silence means idle, not stuck;
  // "missing" keeps the last state instead of paging for quiet periods or resolving on them.
  const freshnessTarget = info.monitoring?.freshnessTarget ?? info.kind;
  list.on("dataFreshness", { key: "DataFreshness", resourceName: name, description: `${name}: oldest record not delivered to ${freshnessTarget} within the buffering interval plus margin` },
    metric(freshnessMetricName(info), "Maximum"), { comparisonOperator: "GreaterThanThreshold", treatMissingData: "missing", threshold: (s) => freshnessThresholdSeconds(info, s) });
  if (info.backupToS3) {
    list.metric("backupSuccess", { key: "BackupSuccess", resourceName: name, description: `${name}: share of successful backup writes to S3 fell below the threshold` }, {
      namespace: FIREHOSE, metricName: "BackupToS3.Success", dimensions: dims, statistic: "Average", comparisonOperator: "LessThanThreshold", treatMissingData: "notBreaching",
    });
    list.metric("backupFreshness", { key: "BackupFreshness", resourceName: name, description: `${name}: oldest record not backed up to S3 in time` }, {
      namespace: FIREHOSE, metricName: "BackupToS3.DataFreshness", dimensions: dims, statistic: "Maximum", comparisonOperator: "GreaterThanThreshold", treatMissingData: "missing",
      // Backups buffer with their own hints (default 300 s, up to 900 s): a threshold below the backup's interval would
      // fire on every healthy backup buffer, so the larger of the two intervals bounds it.
      threshold: (s) => freshnessThresholdSeconds({ ...info, bufferingIntervalSeconds: Math.max(info.bufferingIntervalSeconds, info.backupBufferingIntervalSeconds ?? 300) }, s),
    });
  }
  if (stream.sourceKind === "DirectPut") {
    // Error counts: no data means no throttling → notBreaching (same for every count alarm below).
    list.on("throttledRecords", { key: "ThrottledRecords", resourceName: name, description: `${name}: producers are throttled (records rejected over the stream's per-second limits)` },
      metric("ThrottledRecords", "Sum"), { comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching" });
    for (const l of INGESTION_LIMITS) {
      list.math("ingestionLimitPercent", { key: l.key, resourceName: name, description: `${name}: ${l.usage} per second is approaching ${l.limit} (rule S6; request a quota increase before throttling starts)` }, {
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
        queries: (s) => [
          { id: "m1", metric: { namespace: FIREHOSE, metricName: l.usage, dimensions: dims, stat: "Sum", periodSeconds: s.periodSeconds } },
          { id: "m2", metric: { namespace: FIREHOSE, metricName: l.limit, dimensions: dims, stat: "Minimum", periodSeconds: s.periodSeconds } },
          { id: "e1", expression: `m1/${s.periodSeconds}/m2*100`, label: `${l.usage} (% of ${l.limit})`, returnData: true },
        ],
      });
    }
  }
  if (info.dynamicPartitioning) {
    list.metric("partitionCountExceeded", { key: "PartitionCountExceeded", resourceName: name, description: `${name}: more active partitions than the quota (rule DP14); records go to the error prefix` }, {
      namespace: FIREHOSE, metricName: "PartitionCountExceeded", dimensions: dims, statistic: "Maximum", comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching",
    });
    // The early warning: partition keys with more distinct values than expected show here before the quota is hit.
    list.math("partitionCountPercentOfLimit", { key: "PartitionCountNearLimit", resourceName: name, description: `${name}: active partitions are approaching ActivePartitionsLimit (rule DP14; default quota 500, raise it or reduce key cardinality)` }, {
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
      queries: (s) => [
        { id: "m1", metric: { namespace: FIREHOSE, metricName: "PartitionCount", dimensions: dims, stat: "Maximum", periodSeconds: s.periodSeconds } },
        { id: "m2", metric: { namespace: FIREHOSE, metricName: "ActivePartitionsLimit", dimensions: dims, stat: "Minimum", periodSeconds: s.periodSeconds } },
        { id: "e1", expression: "m1/m2*100", label: "PartitionCount (% of ActivePartitionsLimit)", returnData: true },
      ],
    });
  }
  if (info.lambdaFunctionArns.length > 0) {
    list.metric("processingSuccess", { key: "ProcessingSuccess", resourceName: name, description: `${name}: Lambda transformation invocations are failing (records go to processing-failed/)` }, {
      namespace: FIREHOSE, metricName: "ExecuteProcessing.Success", dimensions: dims, statistic: "Average", comparisonOperator: "LessThanThreshold", treatMissingData: "notBreaching",
    });
  }
  if (info.formatConversion) {
    // FailedConversion.Records counts failures; DeliveryToS3.Records counts successes and must not be used here.
    list.metric("failedConversionRecords", { key: "FailedConversionRecords", resourceName: name, description: `${name}: records failed format conversion (written under format-conversion-failed/)` }, {
      namespace: FIREHOSE, metricName: "FailedConversion.Records", dimensions: dims, statistic: "Sum", comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching",
    });
  }
  // The destination's own alarms (e.g. OpenSearch AuthFailure, Iceberg FailedRowCount), declared in its own file.
  for (const a of info.monitoring?.alarms ?? []) list.destination(a, name, dims);
  return list.specs;
}

export function kinesisStreamAlarms(k: MonitoredKinesisStream, thresholds?: MonitoringThresholds): AlarmSpec[] {
  const list = new AlarmList(thresholds);
  const dims = { StreamName: k.streamName };
  const name = k.streamName;
  const own = (metricName: string, statistic: "Maximum" | "Sum") => describeMetric("AWS/Kinesis", metricName, dims, statistic);
  const m = k.metrics;
  // Firehose (or any consumer) polls GetRecords continuously; no datapoints means no consumer, not a lagging one.
  list.on("kinesisIteratorAgeMs", { key: "IteratorAge", resourceName: name, description: `${name}: consumers are falling behind (records near the retention period are lost)` },
    m ? m.metricGetRecordsIteratorAgeMilliseconds() : own("GetRecords.IteratorAgeMilliseconds", "Maximum"), { comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching" });
  list.on("kinesisWriteThroughputExceeded", { key: "WriteThroughputExceeded", resourceName: name, description: `${name}: producers exceed the shards' write throughput` },
    m ? m.metricWriteProvisionedThroughputExceeded() : own("WriteProvisionedThroughputExceeded", "Sum"), { comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching" });
  list.on("kinesisReadThroughputExceeded", { key: "ReadThroughputExceeded", resourceName: name, description: `${name}: consumers exceed the shards' read throughput` },
    m ? m.metricReadProvisionedThroughputExceeded() : own("ReadProvisionedThroughputExceeded", "Sum"), { comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching" });
  return list.specs;
}

export function functionAlarms(f: MonitoredFunction, thresholds?: MonitoringThresholds): AlarmSpec[] {
  const list = new AlarmList(thresholds);
  const dims = { FunctionName: f.functionName };
  const name = f.functionName;
  list.metric("lambdaErrors", { key: "Errors", resourceName: name, description: `${name}: invocations failed` }, {
    namespace: "AWS/Lambda", metricName: "Errors", dimensions: dims, statistic: "Sum", comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching",
  });
  list.metric("lambdaThrottles", { key: "Throttles", resourceName: name, description: `${name}: invocations throttled (concurrency limit)` }, {
    namespace: "AWS/Lambda", metricName: "Throttles", dimensions: dims, statistic: "Sum", comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching",
  });
  // p99 rather than Maximum: one cold start should not page, a tail that approaches the timeout should.
  list.metric("lambdaDurationPercentOfTimeout", { key: "DurationNearTimeout", resourceName: name, description: `${name}: p99 duration is near the ${f.timeoutSeconds} s timeout` }, {
    namespace: "AWS/Lambda", metricName: "Duration", dimensions: dims, extendedStatistic: "p99", comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching",
    threshold: (s) => Math.round(f.timeoutSeconds * 1000 * (s.threshold / 100)),
  });
  return list.specs;
}

export function ruleAlarms(r: MonitoredRule, thresholds?: MonitoringThresholds): AlarmSpec[] {
  const list = new AlarmList(thresholds);
  // Rules on the default bus publish with RuleName only; rules on custom buses with EventBusName + RuleName.
  const dims: Record<string, string> = r.eventBusName === "default" ? { RuleName: r.ruleName } : { EventBusName: r.eventBusName, RuleName: r.ruleName };
  list.metric("ruleFailedInvocations", { key: "FailedInvocations", resourceName: r.ruleName, description: `${r.ruleName}: events could not be delivered to the target after retries (they go to the dead-letter queue)` }, {
    namespace: "AWS/Events", metricName: "FailedInvocations", dimensions: dims, statistic: "Sum", comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching",
  });
  if (r.deadLetterQueueName) {
    // SQS publishes queue metrics every 5 minutes while the queue is active; an empty, idle queue may go quiet.
    list.metric("deadLetterQueueMessages", { key: "DeadLetterQueueMessages", resourceName: r.deadLetterQueueName, description: `${r.deadLetterQueueName}: undelivered events of rule ${r.ruleName} are waiting in the dead-letter queue` }, {
      namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", dimensions: { QueueName: r.deadLetterQueueName }, statistic: "Maximum", comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching",
    });
  }
  return list.specs;
}

export function domainAlarms(dm: MonitoredDomain, accountId: string, thresholds?: MonitoringThresholds): AlarmSpec[] {
  const list = new AlarmList(thresholds);
  const dims = { DomainName: dm.domainName, ClientId: accountId };
  // OpenSearch publishes cluster health every minute while the domain exists: silence is itself a failure.
  list.metric("openSearchClusterRed", { key: "ClusterRed", resourceName: dm.domainName, description: `${dm.domainName}: at least one primary shard is unassigned (cluster status red); Firehose deliveries fail` }, {
    namespace: "AWS/ES", metricName: "ClusterStatus.red", dimensions: dims, statistic: "Maximum", comparisonOperator: "GreaterThanOrEqualToThreshold", treatMissingData: "breaching",
  });
  // FreeStorageSpace is in MiB, per node (Minimum = the fullest node). The 20480 MiB of AWS's table is a placeholder:
  // a 20 GiB node never reports more than 16384 MiB free (20% is reserved), so that alarm would fire from birth.
  const explicit = thresholds?.openSearchFreeStorageMiB?.threshold;
  list.metric("openSearchFreeStorageMiB", { key: "FreeStorageLow", resourceName: dm.domainName, description: `${dm.domainName}: a node has little free storage left; writes are blocked when a node runs out` }, {
    namespace: "AWS/ES", metricName: "FreeStorageSpace", dimensions: dims, statistic: "Minimum", comparisonOperator: "LessThanOrEqualToThreshold", treatMissingData: "breaching",
    threshold: (s) => (explicit === undefined && dm.volumeSizeGiB !== undefined ? openSearchFreeStorageDefaultMiB(dm.volumeSizeGiB) : s.threshold),
  });
  return list.specs;
}
