export { PipelineMonitoring } from "./monitoring";
export type { PipelineMonitoringProps } from "./monitoring";
export type {
  AlarmSpec,
  ComparisonOperator,
  MetricQuerySpec,
  MonitoredDeliveryStream,
  MonitoredDomain,
  MonitoredFunction,
  MonitoredKinesisStream,
  MonitoredResources,
  MonitoredRule,
  TreatMissingData,
} from "./alarms";
export { validateSubscriptions, validateThresholds } from "./thresholds";
export type { AlarmEvaluation, AlarmSubscription, FreshnessAlarm, MonitoringThresholds, ThresholdAlarm, ThresholdName } from "./thresholds";
