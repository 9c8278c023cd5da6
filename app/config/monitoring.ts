/** The `monitoring` field of an environment config and its validation. */
import { Validator } from "../../modules/core/validation";
import { AlarmSubscription, MonitoringThresholds, validateSubscriptions, validateThresholds } from "../../modules/monitoring";

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

