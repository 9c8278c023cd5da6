export { PipelineMonitoring, collectMonitoredResources } from "./monitoring";
export type { PipelineMonitoringProps } from "./monitoring";
export type {
  AlarmSpec,
  MetricQuerySpec,
  MonitoredDeliveryStream,
  MonitoredDomain,
  MonitoredFunction,
  MonitoredKinesisStream,
  MonitoredResources,
  MonitoredRule,
} from "./alarms";
export { describeMetric, freshnessMetricName, isMonitorable } from "./metric";
export type {
  ComparisonOperator,
  DeliveryStreamTarget,
  DestinationAlarm,
  DestinationFacts,
  DestinationMonitoring,
  DestinationWidget,
  EventRuleTarget,
  IMonitorable,
  KinesisStreamMetrics,
  KinesisStreamTarget,
  LambdaFunctionTarget,
  MetricDescription,
  MetricOptions,
  MetricStatistic,
  MonitoringTarget,
  OpenSearchDomainTarget,
  TreatMissingData,
} from "./metric";
export { validateSubscriptions, validateThresholds } from "./thresholds";
export type { AlarmEvaluation, AlarmSubscription, FreshnessAlarm, MonitoringThresholds, ThresholdAlarm, ThresholdName } from "./thresholds";
