/** Wires `PipelineMonitoring` for everything an environment's pipelines created. */
import { Construct } from "constructs";
import type { EnvironmentConfig } from "./config/environment";
import { Naming } from "../modules/core/naming";
import { collectMonitoredResources, PipelineMonitoring } from "../modules/monitoring";

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
