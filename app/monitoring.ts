/** Wires `PipelineMonitoring` for everything an environment's pipelines created. */
import { Construct } from "constructs";
import type { EnvironmentConfig } from "./config/environment";
import type { MonitoringConfig } from "./config/monitoring";
import { Naming } from "../modules/core/naming";
import { PipelineMonitoring } from "../modules/monitoring";
import { StackResources } from "./pipelines/types";

// The config type and its validation live in app/config (no import cycle through the environment config).
export { validateMonitoringConfig } from "./config/monitoring";
export type { MonitoringConfig };

/** Creates the environment's monitoring unless disabled or there is nothing to watch. */
export function createMonitoring(scope: Construct, config: EnvironmentConfig, naming: Naming, resources: StackResources): PipelineMonitoring | undefined {
  const m = config.monitoring;
  if (m?.enabled === false) return undefined;
  const r = resources;
  if (r.deliveryStreams.length + r.kinesisStreams.length + r.functions.length + r.rules.length + r.domains.length === 0) return undefined;
  return new PipelineMonitoring(scope, "Monitoring", {
    namePrefix: naming.prefix,
    resources,
    region: config.region,
    accountId: config.accountId,
    thresholds: m?.thresholds,
    subscriptions: m?.subscriptions,
    dashboard: m?.dashboard,
  });
}
