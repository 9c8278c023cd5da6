/** Wires `PipelineMonitoring` for everything an environment's pipelines created. */
import { Construct } from "constructs";
import type { EnvironmentConfig } from "../environments/schema";
import { Naming } from "../modules/core/naming";
import { Validator } from "../modules/core/validation";
import { AlarmSubscription, collectMonitoredResources, MonitoringThresholds, PipelineMonitoring, validateSubscriptions, validateThresholds } from "../modules/monitoring";

/** The `monitoring` field of an environment config. */
export interface MonitoringConfig {
  /** Set false to create no alarms, topic or dashboard. @default true */
  readonly enabled?: boolean;
  /** Who receives alarm and OK notifications (email, https, sqs, lambda). */
  readonly subscriptions?: AlarmSubscription[];
  /** Threshold and evaluation overrides per alarm (see `DEFAULT_THRESHOLDS`). */
  readonly thresholds?: MonitoringThresholds;
  /** @default true */
  readonly dashboard?: boolean;
}

/** Validates `monitoring` of an environment config (messages name the file and `monitoring.<field>`). */
export function validateMonitoringConfig(v: Validator, m: MonitoringConfig | undefined, path = "monitoring"): void {
  if (m === undefined) return;
  if (m === null || typeof m !== "object") {
    v.error(path, "MON", "monitoring must be an object", m);
    return;
  }
  if (m.enabled !== undefined) v.require(typeof m.enabled === "boolean", `${path}.enabled`, "MON", "enabled must be true or false", m.enabled);
  if (m.dashboard !== undefined) v.require(typeof m.dashboard === "boolean", `${path}.dashboard`, "MON", "dashboard must be true or false", m.dashboard);
  validateSubscriptions(v, `${path}.subscriptions`, m.subscriptions);
  validateThresholds(v, `${path}.thresholds`, m.thresholds);
}

/**
 * Creates the environment's monitoring unless disabled or there is nothing to watch: every construct under `scope`
 * that declares what to monitor (streams, functions, rules, domains) is found, so pipelines register nothing.
 */
export function createMonitoring(scope: Construct, config: EnvironmentConfig, naming: Naming): PipelineMonitoring | undefined {
  const m = config.monitoring;
  if (m?.enabled === false) return undefined;
  const r = collectMonitoredResources({ scope });
  if (r.deliveryStreams.length + r.kinesisStreams.length + r.functions.length + r.rules.length + r.domains.length === 0) return undefined;
  return new PipelineMonitoring(scope, "Monitoring", {
    namePrefix: naming.prefix,
    scope,
    region: config.region,
    accountId: config.accountId,
    thresholds: m?.thresholds,
    subscriptions: m?.subscriptions,
    dashboard: m?.dashboard,
  });
}
