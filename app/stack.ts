import * as path from "path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { LocalBackend, S3Backend, TerraformElement, TerraformOutput, TerraformStack, Token } from "cdktf";
import { Construct, Node } from "constructs";
import type { EnvironmentConfig } from "./config/environment";
import { PipelineKey } from "../modules/core/encryption";
import { Naming } from "../modules/core/naming";
import { FirehoseValidationError, VALIDATION_MODE_CONTEXT, ValidationProblem } from "../modules/core/validation";
import { pipelineKind } from "./pipelines";
import { createMonitoring } from "./monitoring";
import { FirehoseDeliveryStream } from "../modules/delivery-stream";
import { collectMonitoredResources, MonitoredResources, PipelineMonitoring } from "../modules/monitoring";

export interface PipelinesStackProps {
  readonly envName: string;
  readonly config: EnvironmentConfig;
  /** The config file, for error messages. */
  readonly configFile: string;
}

/**
 * Constructs the app used to create in a pipeline's scope and that a module construct now creates itself:
 * `<pipeline>/<construct id>/<child id>/...` keeps the logical ids of `<pipeline>/<child id>/...`.
 */
const MOVED_INTO_CONSTRUCTS: readonly (readonly [construct: string, child: string])[] = [
  ["DataLake", "Partitioner"],
  ["DataLake", "StreamKey"],
  ["RealtimeAnalytics", "Formatter"],
  ["EventLake", "DataLake"],
  ["EventLake", "Events"],
];

/** The project root (the directory of main.ts and environments/): where a local backend keeps its state. */
const PROJECT_DIR = path.resolve(__dirname, "..");

/** One environment: provider, backend, and every pipeline its config lists. */
export class PipelinesStack extends TerraformStack {
  public readonly naming: Naming;
  /** Alarms, topic and dashboard of the environment (undefined when disabled in its config). */
  public readonly monitoring?: PipelineMonitoring;
  /** The environment's key, when its config says `encryption: "customer-managed"`. */
  public readonly encryptionKey?: PipelineKey;

  /** Everything the pipelines created that declares what to monitor (what monitoring watches), each once. */
  public get resources(): Required<MonitoredResources> {
    return collectMonitoredResources({ scope: this });
  }

  /**
   * As cdktf's, except for the children of `MOVED_INTO_CONSTRUCTS`: their Terraform addresses (and asset folders)
   * stay what they were before the module constructs created them, so deployed environments see no replacement.
   */
  public allocateLogicalId(element: TerraformElement | Node): string {
    const node = TerraformElement.isTerraformElement(element) ? element.node : element;
    const scopes = node.scopes;
    const at = scopes.indexOf(this) + 2; // <stack>/<pipeline>/<construct>/<child>/...
    const moved = at >= 2 && MOVED_INTO_CONSTRUCTS.some(([c, child]) => scopes[at]?.node.id === c && scopes[at + 1]?.node.id === child);
    if (!moved) return super.allocateLogicalId(element);
    return super.allocateLogicalId({ scopes: scopes.filter((_, i) => i !== at) } as unknown as Node);
  }

  constructor(scope: Construct, id: string, props: PipelinesStackProps) {
    super(scope, id);
    // The pipelines' constructors throw their problems, caught below per pipeline to name the config entry.
    this.node.setContext(VALIDATION_MODE_CONTEXT, "throw");
    const { config, envName } = props;
    this.naming = new Naming(config.namingPrefix);

    new AwsProvider(this, "aws", {
      region: config.region,
      allowedAccountIds: config.accountId ? [config.accountId] : undefined,
      defaultTags: [{ tags: { ...config.tags, Environment: envName, ManagedBy: "cdktf-firehose-pipelines" } }],
    });

    if (config.backend.type === "s3") {
      new S3Backend(this, {
        bucket: config.backend.bucket,
        key: config.backend.key ?? `${envName}/terraform.tfstate`,
        region: config.backend.region ?? config.region,
        encrypt: true,
        kmsKeyId: config.backend.kmsKeyId,
        dynamodbTable: config.backend.dynamodbTable,
      });
      // S3-native locking (Terraform ≥1.10); cdktf 0.21's S3Backend has no typed field for it yet.
      if (config.backend.useLockfile !== false) this.addOverride("terraform.backend.s3.use_lockfile", true);
    } else {
      // In the project root, like cdktf's own default: `rm -rf cdktf.out` or `git clean -fdX` of the build output must
      // not delete the state. A relative `path` is taken from the project root too (not from cdktf.out/stacks/<env>/).
      new LocalBackend(this, { path: path.resolve(PROJECT_DIR, config.backend.path ?? `terraform.${envName}.tfstate`) });
    }

    // One key per environment for what the switch covers (log groups, Lambda environments, Direct PUT SSE, SQS).
    if (config.encryption === "customer-managed") {
      this.encryptionKey = new PipelineKey(this, "EncryptionKey", {
        description: `Encrypts the ${envName} pipelines: log groups, Lambda environments, Direct PUT streams, queues`,
        alias: `${config.namingPrefix}/pipelines`,
        accountId: config.accountId,
        region: config.region,
      });
    }
    const encryption = this.encryptionKey ? { encryption: "customer-managed" as const, encryptionKey: this.encryptionKey } : undefined;

    // Every pipeline is built even when an earlier one is invalid, so one synth reports every problem of the
    // environment; they are thrown together below, before monitoring and outputs.
    const problems: ValidationProblem[] = [];
    config.pipelines.forEach((pipeline, i) => {
      const kind = pipelineKind(pipeline.kind)!;
      const scope = new Construct(this, pipeline.name);
      try {
        kind.build(scope, pipeline, { envName, env: config, naming: this.naming, encryption });
      } catch (e) {
        if (!(e instanceof FirehoseValidationError)) throw e;
        problems.push(...e.problems.map((p) => ({ ...p, constructPath: `${props.configFile} pipelines[${i}] (${pipeline.name}) → ${p.constructPath}` })));
      }
    });
    if (problems.length > 0) throw new FirehoseValidationError(problems);

    // After every pipeline: monitoring finds all the streams, functions, rules and domains they created.
    this.monitoring = createMonitoring(this, config, this.naming);

    // Outputs named after the physical stream names: unique in an account and region, so unique in a stack.
    for (const s of this.node.findAll().filter((c): c is FirehoseDeliveryStream => c instanceof FirehoseDeliveryStream)) {
      const id = Token.isUnresolved(s.physicalName) ? s.node.path.split("/").slice(1).join("_") : s.physicalName.replace(/[^A-Za-z0-9_-]/g, "_");
      new TerraformOutput(this, `${id}_delivery_stream_arn`, { value: s.streamArn, description: `ARN of delivery stream ${s.physicalName}` });
      if (s.sseKmsKeyArn) {
        // Producers of a stream with a customer-managed SSE key need kms:GenerateDataKey and kms:Decrypt on it.
        new TerraformOutput(this, `${id}_delivery_stream_kms_key_arn`, {
          value: s.sseKmsKeyArn,
          description: `Customer-managed SSE key of delivery stream ${s.physicalName}: producers need kms:GenerateDataKey and kms:Decrypt on it besides firehose:PutRecord/PutRecordBatch`,
        });
      }
    }
  }
}
