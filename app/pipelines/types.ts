import { Construct } from "constructs";
import type { EncryptionKeyRef } from "../../modules/core/encryption";
import { Naming } from "../../modules/core/naming";
import { Validator } from "../../modules/core/validation";
import { FirehoseDeliveryStream } from "../../modules/delivery-stream";
import type { MonitoredDomain, MonitoredFunction, MonitoredKinesisStream, MonitoredRule } from "../../modules/monitoring/alarms";

// The shapes monitoring reads are defined by the library (modules/monitoring), which cannot import from app/.
export type { MonitoredDomain, MonitoredFunction, MonitoredKinesisStream, MonitoredRule };

/**
 * Everything a stack's pipelines created that monitoring and review need to know about. Pipelines push into it;
 * the stack hands it to monitoring once every pipeline is built.
 */
export interface StackResources {
  readonly deliveryStreams: FirehoseDeliveryStream[];
  readonly kinesisStreams: MonitoredKinesisStream[];
  readonly functions: MonitoredFunction[];
  readonly rules: MonitoredRule[];
  readonly domains: MonitoredDomain[];
}

/** What a pipeline needs to know about its environment (a part of `EnvironmentConfig`). */
export interface PipelineEnvironment {
  readonly region: string;
  readonly accountId?: string;
}

export interface PipelineContext {
  /**
   * `{ encryption: "customer-managed", encryptionKey }` (the stack's key) when the environment chose
   * customer-managed encryption; spread it into every construct. Undefined with AWS-owned keys.
   */
  readonly encryption?: { readonly encryption: "customer-managed"; readonly encryptionKey: EncryptionKeyRef };
  readonly envName: string;
  /** Where the environment deploys (from its config). */
  readonly env: PipelineEnvironment;
  readonly naming: Naming;
  readonly resources: StackResources;
}

/** A kind of pipeline an environment can list in `pipelines`. */
export interface PipelineKind<C extends { readonly kind: string; readonly name: string }> {
  readonly kind: C["kind"];
  /** Checks the config before anything is created (messages name the property path under `pipelines[i]`). */
  validate(v: Validator, config: C, path: string): void;
  build(scope: Construct, config: C, ctx: PipelineContext): void;
}
