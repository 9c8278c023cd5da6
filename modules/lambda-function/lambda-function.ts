import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { AssetType, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import { ServiceRole } from "../core/iam";
import { EncryptionProps, resolveEncryptionKey, validateEncryptionChoice } from "../core/encryption";
import { isUnresolved, requireProps, Validator } from "../core/validation";
import { LambdaProcessor, LambdaReingestDescription, validateLambdaProcessorBuffering } from "../delivery-stream/processors";
import { validateLogRetention, validateStreamName } from "../delivery-stream/validation";
import { BUILT_IN_PROCESSORS, BuiltInProcessor, builtInEntry, bundleHandler } from "./bundle";
import * as Patterns from "../core/patterns";
import type { IMonitorable, MonitoringTarget } from "../monitoring/metric";

/**
 * Where overflow records go back (see lambda/shared/pipeline.ts). It must match the delivery stream's source:
 * - `firehose`: Direct PUT streams. The role may call `firehose:PutRecordBatch` on exactly this delivery stream.
 *   Why a name and not the stream's ARN: the stream needs this function's ARN in its processing configuration, so
 *   granting on `stream.streamArn` would make function → role policy → stream → function a dependency cycle. The ARN
 *   is a pure function of partition, region, account and name (`arn:${partition}:firehose:${region}:${account}:
 *   deliverystream/${name}`), all known before either resource exists, so we build it here: the grant stays exact
 *   (no wildcard, unlike a name pattern) and no data source is needed (plans work offline).
 * - `kinesis`: streams fed by a Kinesis data stream (Firehose refuses PutRecordBatch on them). `kinesis:PutRecords` on
 *   exactly the source stream, plus `kms:GenerateDataKey` on its key when the stream uses a customer-managed key.
 * - `none`: MSK sources (no re-ingestion possible: overflow becomes ProcessingFailed) or when re-ingestion is not
 *   wanted; no permission is granted and any overflow lands in the error output.
 */
export type ReingestTarget =
  | {
      readonly kind: "firehose";
      readonly deliveryStreamName: string;
      readonly region: string;
      readonly accountId: string;
      readonly partition?: string;
      /**
       * The stream's customer-managed SSE key, when it has one: PutRecordBatch callers of such a stream need
       * `kms:GenerateDataKey` and `kms:Decrypt` on it (required for streams created from 2026-04-20 on).
       */
      readonly kmsKeyArn?: string;
    }
  | { readonly kind: "kinesis"; readonly streamArn: string; readonly kmsKeyArn?: string }
  | { readonly kind: "none" };

export interface FirehoseLambdaProcessorProps extends EncryptionProps {
  /** Function name, 1-64 of `[a-zA-Z0-9-_]`; also names the role (`<name>-role`) and the log group. */
  readonly functionName: string;
  /** One of the processors of `lambda/`, or the path of your own entry file exporting `handler`. */
  readonly handler: BuiltInProcessor | { readonly entry: string };
  readonly reingest: ReingestTarget;
  /** 128-10240 MB. CPU scales with memory (one full vCPU at 1,769 MB). @default 1024 */
  readonly memorySizeMB?: number;
  /** 1-300 s: Firehose waits at most 5 minutes for one invocation. @default 120 */
  readonly timeoutSeconds?: number;
  /** CloudWatch Logs retention of `/aws/lambda/<name>`. @default 30 */
  readonly logRetentionDays?: number;
  /** KMS key for the log group. @default AWS-managed encryption */
  readonly logKmsKeyArn?: string;
  /** Processor settings, e.g. `{ OUTPUT_FORMAT: "json" }` (see each handler's header), and core settings. */
  readonly environment?: Record<string, string>;
  /** Buffering of the records Firehose sends per invocation: 0.2-3 MB (rule L2). @default Firehose's 1 MB */
  readonly bufferSizeMB?: number;
  /** 0-900 s (rule L3). @default Firehose's 60 s */
  readonly bufferIntervalSeconds?: number;
  /** Invocation retries by Firehose (rule L4). @default Firehose's 3 */
  readonly numberOfRetries?: number;
  /** @default none */
  readonly reservedConcurrentExecutions?: number;
  readonly tags?: Record<string, string>;
}

const FUNCTION_NAME = Patterns.LAMBDA_FUNCTION_NAME;
const REGION = Patterns.REGION;
const KINESIS_STREAM_ARN = Patterns.KINESIS_STREAM_ARN;

/** `aws`, or `aws-cn` / `aws-us-gov` from the region. */
function partitionOfRegion(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

function deliveryStreamArn(partition: string, region: string, accountId: string, name: string): string {
  return `arn:${partition}:firehose:${region}:${accountId}:deliverystream/${name}`;
}

/**
 * A Firehose transformation Lambda: the handler bundled with esbuild at synth time into a zip TerraformAsset,
 * the function (nodejs22.x, arm64, X-Ray active tracing), its log group with retention, and a least-privilege role.
 * `processor()` returns the `LambdaProcessor` to put in a destination's `processors`.
 */
export class FirehoseLambdaProcessor extends Construct implements IMonitorable {
  public readonly function: LambdaFunction;
  public readonly functionArn: string;
  public readonly functionName: string;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly role: ServiceRole;
  public readonly asset: TerraformAsset;
  /** The function's timeout (what duration alarms compare against). */
  public readonly timeoutSeconds: number;
  /** Bytes of the minified bundle. */
  public readonly bundleBytes: number;
  /** The re-ingestion resource the role may write to, when any. */
  public readonly reingestResourceArn?: string;
  private readonly props: FirehoseLambdaProcessorProps;

  /** Monitoring watches this function (errors, throttles, p99 duration against the timeout), by its literal name. */
  public monitoringTargets(): MonitoringTarget[] {
    return [{ type: "function", functionName: this.props.functionName, timeoutSeconds: this.timeoutSeconds }];
  }

  constructor(scope: Construct, id: string, props: FirehoseLambdaProcessorProps) {
    super(scope, id);
    this.props = props;
    const v = new Validator(this);
    requireProps(v, props);
    validateProps(v, props);
    v.throwIfErrors();

    // `customer-managed`: the key encrypts the environment variables (instead of aws/lambda) and the log group.
    const key = resolveEncryptionKey(this, props, `Encrypts function ${props.functionName}: environment and logs`, { tags: props.tags });
    const timeout = props.timeoutSeconds ?? 120;
    this.timeoutSeconds = timeout;
    const entry = typeof props.handler === "string" ? builtInEntry(props.handler) : props.handler.entry;
    const bundle = bundleHandler(entry, props.functionName);
    this.bundleBytes = bundle.bytes;
    // The cached deployment package as a file asset (cdktf copies it; zipping a directory asset would start a child
    // process per function on every synth) with the content hash of the bundle, stable across synths and machines.
    this.asset = new TerraformAsset(this, "Bundle", { path: bundle.archive, type: AssetType.FILE, assetHash: bundle.assetHash });

    this.logGroup = new CloudwatchLogGroup(this, "LogGroup", {
      name: `/aws/lambda/${props.functionName}`,
      retentionInDays: props.logRetentionDays ?? 30,
      kmsKeyId: props.logKmsKeyArn ?? key?.keyArn,
      tags: props.tags,
      dependsOn: props.logKmsKeyArn === undefined && key?.dependables?.length ? key.dependables : undefined,
    });

    this.role = new ServiceRole(this, "Role", {
      name: `${props.functionName}-role`,
      service: "lambda.amazonaws.com",
      description: `Firehose transformation function ${props.functionName}`,
    });
    // Logs: only this function's log group (the group exists already, so no logs:CreateLogGroup).
    this.role.addToPolicy({ sid: "WriteOwnLogs", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${this.logGroup.arn}:*`] });
    // X-Ray: these two actions support no resource-level restriction ("*" is the documented resource).
    this.role.addToPolicy({ sid: "XRayTracing", actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources: ["*"] });
    // Lambda decrypts the environment with the execution role's credentials when the function starts.
    if (key) this.role.addToPolicy({ sid: "DecryptEnvironment", actions: ["kms:Decrypt"], resources: [key.keyArn] });
    const r = props.reingest;
    if (r.kind === "firehose") {
      this.reingestResourceArn = deliveryStreamArn(r.partition ?? partitionOfRegion(r.region), r.region, r.accountId, r.deliveryStreamName);
      this.role.addToPolicy({ sid: "ReingestIntoDeliveryStream", actions: ["firehose:PutRecordBatch"], resources: [this.reingestResourceArn] });
      if (r.kmsKeyArn) this.role.addToPolicy({ sid: "EncryptDeliveryStream", actions: ["kms:GenerateDataKey", "kms:Decrypt"], resources: [r.kmsKeyArn] });
    } else if (r.kind === "kinesis") {
      this.reingestResourceArn = r.streamArn;
      this.role.addToPolicy({ sid: "ReingestIntoSourceStream", actions: ["kinesis:PutRecords"], resources: [r.streamArn] });
      if (r.kmsKeyArn) this.role.addToPolicy({ sid: "EncryptSourceStream", actions: ["kms:GenerateDataKey"], resources: [r.kmsKeyArn] });
    }

    this.function = new LambdaFunction(this, "Function", {
      functionName: props.functionName,
      description: `Firehose transformation: ${typeof props.handler === "string" ? props.handler : "custom handler"}`,
      role: this.role.roleArn,
      // nodejs22.x: the newest runtime hashicorp/aws 5.100.0 accepts (its enum stops there; nodejs24.x is refused at
      // validate), and nodejs20.x reached end of support on 2026-04-30.
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      filename: this.asset.path,
      sourceCodeHash: this.asset.assetHash,
      memorySize: props.memorySizeMB ?? 1024,
      timeout,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      tracingConfig: { mode: "Active" },
      loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name },
      environment: { variables: environmentVariables(props) },
      kmsKeyArn: key?.keyArn,
      tags: props.tags,
      // The log group and the role's policy must exist before the first invocation can log.
      dependsOn: [this.logGroup, this.role.policy],
    });
    this.functionArn = this.function.arn;
    this.functionName = this.function.functionName;
  }

  /**
   * The processor for a destination's `processors`, with this construct's buffering unless overridden. Buffer size
   * interval and retries are validated (0.2-3 MB, 0-900 s, retries a non-negative integer; rules L2, L3, L4) here as
   * well as by the delivery stream.
   */
  public processor(overrides: { bufferSizeMB?: number; bufferIntervalSeconds?: number; numberOfRetries?: number } = {}): LambdaProcessor {
    const props = {
      functionArn: this.functionArn,
      bufferSizeMB: overrides.bufferSizeMB ?? this.props.bufferSizeMB,
      bufferIntervalSeconds: overrides.bufferIntervalSeconds ?? this.props.bufferIntervalSeconds,
      numberOfRetries: overrides.numberOfRetries ?? this.props.numberOfRetries,
      functionTimeoutSeconds: this.props.timeoutSeconds ?? 120,
      reingest: reingestDescription(this.props.reingest, this.node.path),
    };
    const v = new Validator(this);
    validateLambdaProcessorBuffering(v, (field) => `processor.${field}`, props, { warn: false });
    v.throwIfErrors();
    return new LambdaProcessor(props);
  }
}

function reingestDescription(r: ReingestTarget, constructPath: string): LambdaReingestDescription {
  if (r.kind === "firehose") return { kind: "firehose", deliveryStreamName: r.deliveryStreamName, constructPath };
  if (r.kind === "kinesis") return { kind: "kinesis", streamArn: r.streamArn, constructPath };
  return { kind: "none", constructPath };
}

/** The function's environment: the defaults every processor reads, then the user's settings. */
function environmentVariables(props: FirehoseLambdaProcessorProps): Record<string, string> {
  return {
    NODE_OPTIONS: "--enable-source-maps",
    POWERTOOLS_SERVICE_NAME: props.functionName,
    POWERTOOLS_METRICS_NAMESPACE: "FirehoseProcessors",
    ...props.environment,
  };
}

/**
 * Lambda refuses CreateFunction/UpdateFunctionConfiguration when the environment variables total more than 4 KB
 * (Lambda quotas, "Function environment variables: 4 KB, for all environment variables associated with the
 * function, in aggregate"). Counted here as the UTF-8 bytes of every name and value, a lower bound of what Lambda
 * counts, so a refusal here is always a refusal at apply.
 */
const LAMBDA_ENVIRONMENT_MAX_BYTES = 4096;

function validateEnvironmentSize(v: Validator, p: FirehoseLambdaProcessorProps): void {
  const entries = Object.entries(environmentVariables(p));
  if (entries.some(([k, val]) => isUnresolved(k) || isUnresolved(val))) return;
  const bytes = entries.reduce((n, [k, val]) => n + Buffer.byteLength(k, "utf8") + Buffer.byteLength(String(val), "utf8"), 0);
  if (bytes > LAMBDA_ENVIRONMENT_MAX_BYTES) {
    v.error("environment", "LF1", `environment variables total ${bytes} bytes (names and values, with the ${entries.length - Object.keys(p.environment ?? {}).length} defaults); Lambda allows 4 KB (4096 bytes) in aggregate`, bytes);
  }
}

function validateProps(v: Validator, p: FirehoseLambdaProcessorProps): void {
  validateEncryptionChoice(v, "encryption", p.encryption, p.encryptionKey, "encryptionKey");
  v.required(p.functionName, "functionName", "string", "the function name");
  v.required(p.handler, "handler", typeof p.handler === "string" ? "string" : "object", "a built-in processor name or { entry }");
  v.required(p.reingest, "reingest", "object", "where overflow records go back ({ kind: 'firehose' | 'kinesis' | 'none', ... })");
  v.pattern(p.functionName, FUNCTION_NAME, "functionName", "N-LAMBDA", "function name");
  // The role is named `<name>-role`: IAM role names are at most 64 characters.
  if (typeof p.functionName === "string" && !isUnresolved(p.functionName)) {
    v.require(p.functionName.length <= 59, "functionName", "N-IAM", "function name at most 59 characters (the role `<name>-role` must fit IAM's 64)", p.functionName);
  }
  if (typeof p.handler === "string") {
    v.oneOf(p.handler, BUILT_IN_PROCESSORS, "handler", "LF2", "built-in processor");
  } else if (p.handler) {
    v.require(typeof p.handler?.entry === "string" && p.handler.entry.length > 0, "handler.entry", "LF2", "a custom handler needs its entry file", p.handler);
  }
  v.range(p.timeoutSeconds, 1, 300, "timeoutSeconds", "L8", "function timeout (Firehose waits at most 300 s per invocation)", { unit: "seconds" });
  v.range(p.memorySizeMB, 128, 10240, "memorySizeMB", "LF3", "function memory", { unit: "MB" });
  v.range(p.reservedConcurrentExecutions, 0, 10000, "reservedConcurrentExecutions", "LF4", "reserved concurrency");
  validateLogRetention(v, p.logRetentionDays, "logRetentionDays");
  // L2, L3, L4: the rule code of the processor; the delivery stream the processor is attached to warns.
  validateLambdaProcessorBuffering(v, (field) => field, p, { warn: false });
  for (const k of Object.keys(p.environment ?? {})) {
    v.require(/^[a-zA-Z][a-zA-Z0-9_]*$/.test(k), `environment.${k}`, "LF1", "environment variable names are letters, digits and '_', starting with a letter", k);
    v.require(!k.startsWith("AWS_"), `environment.${k}`, "LF1", "AWS_* environment variables are reserved by Lambda", k);
  }
  validateEnvironmentSize(v, p);
  const r = p.reingest;
  switch (r?.kind) {
    case "firehose":
      validateStreamName(v, r.deliveryStreamName, "reingest.deliveryStreamName");
      v.pattern(r.region, REGION, "reingest.region", "A3", "AWS region");
      v.pattern(r.accountId, Patterns.ACCOUNT_ID, "reingest.accountId", "A1", "account id");
      if (r.partition !== undefined) v.oneOf(r.partition, ["aws", "aws-cn", "aws-us-gov"], "reingest.partition", "A4", "partition");
      if (r.kmsKeyArn !== undefined) v.pattern(r.kmsKeyArn, Patterns.KMS_KEY_OR_ALIAS_ARN, "reingest.kmsKeyArn", "A2", "KMS key ARN");
      break;
    case "kinesis":
      v.pattern(r.streamArn, KINESIS_STREAM_ARN, "reingest.streamArn", "A2", "Kinesis data stream ARN");
      if (r.kmsKeyArn !== undefined) v.pattern(r.kmsKeyArn, Patterns.KMS_KEY_OR_ALIAS_ARN, "reingest.kmsKeyArn", "A2", "KMS key ARN");
      break;
    case "none":
      break;
    default:
      if (r) v.error("reingest", "LF5", "reingest must be { kind: 'firehose' | 'kinesis' | 'none', ... }", r);
  }
  // Where the size/interval come from is part of the contract: the 6 MB response is the binding limit, the function
  // handles any request size safely, but big gzip CloudWatch Logs batches expand ~10x and mostly get re-ingested.
  if (p.handler === "cloudwatch-logs" && p.bufferSizeMB !== undefined && !isUnresolved(p.bufferSizeMB) && p.bufferSizeMB > 1) {
    v.warn("bufferSizeMB", "L2", "gzip CloudWatch Logs records expand a lot: a buffer over 1 MB makes most of each batch overflow and be re-ingested (AWS recommends 256 KB)", p.bufferSizeMB);
  }
}
