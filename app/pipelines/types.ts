import { Construct } from "constructs";
import type { EncryptionKeyRef } from "../../modules/core/encryption";
import { Naming } from "../../modules/core/naming";
import { Validator } from "../../modules/core/validation";

/** What a pipeline needs to know about its environment (a part of `EnvironmentConfig`). */
interface PipelineEnvironment {
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
}

/** A kind of pipeline an environment can list in `pipelines`. */
export interface PipelineKind<C extends { readonly kind: string; readonly name: string }> {
  readonly kind: C["kind"];
  /** Checks the config before anything is created (messages name the property path under `pipelines[i]`). */
  validate(v: Validator, config: C, path: string): void;
  build(scope: Construct, config: C, ctx: PipelineContext): void;
}
