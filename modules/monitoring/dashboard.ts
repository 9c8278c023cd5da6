/** CloudWatch dashboard body: one row per delivery stream (incoming, delivery success, freshness, throttles). */
import { deliveryStreamName, MonitoredDeliveryStream } from "./alarms";
import { deliveryMetricPrefix, freshnessMetricName } from "./metric";

type MetricLine = [string, string, ...string[]] | [string, string, ...(string | { stat: string; label?: string })[]];

interface Widget {
  readonly type: "metric" | "text";
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: Record<string, unknown>;
}

const FIREHOSE = "AWS/Firehose";

/** The metric Firehose publishes for records entering the stream, by source kind. */
function incomingMetric(s: MonitoredDeliveryStream): string {
  switch (s.sourceKind) {
    case "KinesisStreamAsSource":
      return "DataReadFromKinesisStream.Records";
    case "MSKAsSource":
      return "DataReadFromSource.Records";
    default:
      return "IncomingRecords";
  }
}

function throttleMetric(s: MonitoredDeliveryStream): [string, string] {
  if (s.sourceKind === "KinesisStreamAsSource") return ["ThrottledGetRecords", "Sum"];
  if (s.sourceKind === "MSKAsSource") return ["SourceThrottled.Delay", "Maximum"];
  return ["ThrottledRecords", "Sum"];
}

function metricWidget(region: string, title: string, metrics: MetricLine[], x: number, y: number, extra: Record<string, unknown> = {}): Widget {
  return { type: "metric", x, y, width: 6, height: 6, properties: { title, region, metrics, view: "timeSeries", period: 300, ...extra } };
}

/**
 * A second row for destinations that publish metrics of their own, as each destination declares them
 * (`destinationInfo.monitoring.widgets`, e.g. Iceberg row counts, Snowflake commit latency).
 */
function destinationWidgets(region: string, name: string, s: MonitoredDeliveryStream, y: number): Widget[] {
  const dim = ["DeliveryStreamName", name] as const;
  return (s.destinationInfo.monitoring?.widgets ?? []).map((w, i) =>
    metricWidget(region, `${name}: ${w.title}`, w.metrics.map((m) => [FIREHOSE, m.metricName, ...dim, m.label === undefined ? { stat: m.stat } : { stat: m.stat, label: m.label }] as MetricLine), 6 * i, y),
  );
}

/** Dashboard JSON (CloudWatch dashboard body structure) for the given streams. */
export function dashboardBody(region: string, title: string, streams: readonly MonitoredDeliveryStream[]): string {
  const widgets: Widget[] = [{ type: "text", x: 0, y: 0, width: 24, height: 1, properties: { markdown: `# ${title}` } }];
  let y = 1;
  streams.forEach((s) => {
    const name = deliveryStreamName(s);
    const dim = ["DeliveryStreamName", name] as const;
    const delivery = deliveryMetricPrefix(s.destinationInfo);
    widgets.push({ type: "text", x: 0, y, width: 24, height: 1, properties: { markdown: `## ${name} → ${s.destinationInfo.kind} (${s.sourceKind})` } });
    widgets.push(metricWidget(region, `${name}: incoming records`, [[FIREHOSE, incomingMetric(s), ...dim, { stat: "Sum" }]], 0, y + 1));
    widgets.push(metricWidget(region, `${name}: delivery success`, [[FIREHOSE, `${delivery}.Success`, ...dim, { stat: "Average" }]], 6, y + 1, { yAxis: { left: { min: 0, max: 1 } } }));
    widgets.push(metricWidget(region, `${name}: data freshness (s)`, [[FIREHOSE, freshnessMetricName(s.destinationInfo), ...dim, { stat: "Maximum" }]], 12, y + 1));
    const [throttle, stat] = throttleMetric(s);
    widgets.push(metricWidget(region, `${name}: throttling`, [[FIREHOSE, throttle, ...dim, { stat }]], 18, y + 1));
    y += 7;
    const extra = destinationWidgets(region, name, s, y);
    if (extra.length > 0) {
      widgets.push(...extra);
      y += 6;
    }
  });
  return JSON.stringify({ widgets });
}
