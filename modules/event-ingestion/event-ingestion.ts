import { CloudwatchEventArchive } from "@cdktf/provider-aws/lib/cloudwatch-event-archive";
import { CloudwatchEventBus } from "@cdktf/provider-aws/lib/cloudwatch-event-bus";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { policyDocument, ServiceRole } from "../core/iam";
import { EncryptionProps, resolveEncryptionKey, validateEncryptionChoice } from "../core/encryption";
import { isUnresolved, requireProps, Validator } from "../core/validation";
import { FirehoseDeliveryStream } from "../delivery-stream/delivery-stream";
import { RenderedChecks } from "../checks/aspect";
import * as Patterns from "../core/patterns";
import type { IMonitorable, MonitoringTarget } from "../monitoring/metric";
import { TargetInputProps, validateDeadLetterQueueArn, validateName, validateRetryPolicy, validateTargetCount, validateTargetInput } from "./validation";

/** Retry policy of the targets (rule E2). */
export interface EventRetryPolicy {
  /** Give up on an event after this many seconds, 60-86400. @default 86400 */
  readonly maximumEventAgeSeconds?: number;
  /** Retries before an event goes to the dead-letter queue, 0-185. @default 185 */
  readonly maximumRetryAttempts?: number;
}

/** The dead-letter queue: an existing standard queue, or settings of the created one. */
export type EventDeadLetterQueue =
  | {
      /** Existing standard queue (rule E3: FIFO refused). Its policy must allow events.amazonaws.com sqs:SendMessage for this rule. */
      readonly queueArn: string;
    }
  | {
      /** KMS key of the created queue; its key policy must let events.amazonaws.com use it. @default SQS-managed SSE */
      readonly kmsKeyArn?: string;
      /** 60-1209600 s. @default 1209600 (14 days, the maximum: time to investigate and redrive) */
      readonly messageRetentionSeconds?: number;
    };

/**
 * How events end up one per line in S3. Firehose concatenates records as received, and EventBridge sends each event
 * without a trailing newline (rule E5).
 * - `processor` (default): the stream's own `AppendDelimiterToRecordProcessor`. It runs alongside dynamic
 *   partitioning and leaves each event byte-for-byte unchanged, so the MetadataExtraction query reads the original
 *   `source`/`detail-type`, and every other producer of the stream gets the same framing. The stream must have it.
 * - `template`: an input transformer whose template ends in "\n" (created as `<aws.events.event>\n` unless you give
 *   one). Works on any destination, but only for this rule's events.
 */
export type NewlineDelimiter = "processor" | "template";

export interface EventIngestionProps extends TargetInputProps, EncryptionProps {
  /** Rule name: 1-64 of `[.\-_A-Za-z0-9]` (rule N-RULE). */
  readonly ruleName: string;
  readonly description?: string;
  /** Event pattern (object or JSON text). Exactly one of `eventPattern` and `scheduleExpression`. */
  readonly eventPattern?: Record<string, unknown> | string;
  /** `rate(...)` or `cron(...)`; default bus only. Exactly one of `eventPattern` and `scheduleExpression`. */
  readonly scheduleExpression?: string;
  /** Name of an existing bus the rule listens on. @default "default" */
  readonly eventBusName?: string;
  /** Create a custom bus instead (never both with `eventBusName`). */
  readonly createEventBus?: { readonly name: string; readonly kmsKeyArn?: string };
  /** Archive the matching events for replay. `retentionDays` 0 = forever. @default no archive */
  readonly archive?: { readonly name?: string; readonly retentionDays?: number };
  /** Delivery streams receiving the events: 1-5 (targets per rule, rule E5). */
  readonly deliveryStreams: readonly FirehoseDeliveryStream[];
  /** Rule E2. @default 86400 s, 185 attempts */
  readonly retryPolicy?: EventRetryPolicy;
  /** @default a created standard queue with SQS-managed encryption */
  readonly deadLetterQueue?: EventDeadLetterQueue;
  /** @default "processor" */
  readonly newlineDelimiter?: NewlineDelimiter;
  /** When given, the role trusts EventBridge only for this account. */
  readonly accountId?: string;
  /** @default true */
  readonly enabled?: boolean;
  readonly tags?: Record<string, string>;
}

/** The template that forwards the whole event followed by a newline. */
export const NEWLINE_TEMPLATE = "<aws.events.event>\n";

/**
 * Routes EventBridge events into Firehose delivery streams: rule (pattern or schedule) on the default or a custom
 * bus, optional archive, a role allowed to put records into exactly these streams, retries, an encrypted standard
 * dead-letter queue writable only by this rule, and newline framing.
 */
export class EventIngestion extends Construct implements IMonitorable {
  public readonly rule: CloudwatchEventRule;
  public readonly ruleName: string;
  public readonly ruleArn: string;
  public readonly eventBusName: string;
  public readonly eventBus?: CloudwatchEventBus;
  public readonly archive?: CloudwatchEventArchive;
  public readonly role: ServiceRole;
  public readonly targets: CloudwatchEventTarget[] = [];
  public readonly deadLetterQueue?: SqsQueue;
  public readonly deadLetterQueueArn: string;
  /** Name of the dead-letter queue (for its depth alarm), when known. */
  public readonly deadLetterQueueName?: string;
  /** The bus name as configured (`default`, the given or the created bus's name): the rule metrics' dimension. */
  private readonly busNameForMetrics: string;

  /** Monitoring watches this rule (failed invocations) and its dead-letter queue (visible messages). */
  public monitoringTargets(): MonitoringTarget[] {
    return [{ type: "rule", ruleName: this.ruleName, eventBusName: this.busNameForMetrics, deadLetterQueueName: this.deadLetterQueueName }];
  }

  constructor(scope: Construct, id: string, props: EventIngestionProps) {
    super(scope, id);
    this.busNameForMetrics = props?.createEventBus?.name ?? props?.eventBusName ?? "default";
    RenderedChecks.enable(this);
    const v = new Validator(this);
    requireProps(v, props);
    v.required(props.ruleName, "ruleName", "string", "the EventBridge rule name");
    validateEncryptionChoice(v, "encryption", props.encryption, props.encryptionKey, "encryptionKey");
    if (props.deliveryStreams !== undefined && v.required(props.deliveryStreams, "deliveryStreams", "array", "the delivery streams the rule targets")) {
      props.deliveryStreams.forEach((s, i) => {
        if (typeof (s as Partial<FirehoseDeliveryStream> | undefined)?.grantPutRecords !== "function") v.error(`deliveryStreams[${i}]`, "X2", "must be a FirehoseDeliveryStream", s);
      });
      v.throwIfErrors();
    }
    validateName(v, props.ruleName, "rule", "ruleName", "N-RULE", "rule name");
    const mode = this.validate(v, props);
    v.throwIfErrors();

    if (props.createEventBus) {
      this.eventBus = new CloudwatchEventBus(this, "Bus", { name: props.createEventBus.name, kmsKeyIdentifier: props.createEventBus.kmsKeyArn, tags: props.tags });
      this.eventBusName = this.eventBus.name;
    } else {
      this.eventBusName = props.eventBusName ?? "default";
    }
    const pattern = typeof props.eventPattern === "string" ? props.eventPattern : props.eventPattern ? JSON.stringify(props.eventPattern) : undefined;

    this.rule = new CloudwatchEventRule(this, "Rule", {
      name: props.ruleName,
      description: props.description,
      eventBusName: this.eventBus ? this.eventBus.name : props.eventBusName,
      eventPattern: pattern,
      scheduleExpression: props.scheduleExpression,
      state: props.enabled === false ? "DISABLED" : "ENABLED",
      tags: props.tags,
    });
    this.ruleName = props.ruleName;
    this.ruleArn = this.rule.arn;

    if (props.archive) {
      // The bus ARN, without a data source: rule ARNs are `...:rule/[<bus>/]<name>`, bus ARNs `...:event-bus/<bus>`.
      const busArn = this.eventBus?.arn ?? Fn.replace(this.rule.arn, props.eventBusName && props.eventBusName !== "default" ? `rule/${props.eventBusName}/${props.ruleName}` : `rule/${props.ruleName}`, `event-bus/${this.eventBusName}`);
      this.archive = new CloudwatchEventArchive(this, "Archive", {
        name: props.archive.name ?? props.ruleName.slice(0, 48),
        eventSourceArn: busArn,
        eventPattern: pattern,
        retentionDays: props.archive.retentionDays ?? 0,
        description: `Events matched by rule ${props.ruleName}`,
      });
    }

    const ruleCondition = {
      ArnEquals: { "aws:SourceArn": this.rule.arn },
      ...(props.accountId ? { StringEquals: { "aws:SourceAccount": props.accountId } } : {}),
    };
    // Rule E1: a role EventBridge assumes, for this rule only (aws:SourceArn, policy-keys-eventbridge.html).
    this.role = new ServiceRole(this, "Role", {
      name: `${props.ruleName}-events`.slice(0, 64),
      service: "events.amazonaws.com",
      description: `EventBridge rule ${props.ruleName} puts records into Firehose`,
      trustConditions: ruleCondition,
    });
    for (const stream of props.deliveryStreams) stream.grantPutRecords(this.role);

    const dlq = props.deadLetterQueue ?? {};
    if ("queueArn" in dlq) {
      this.deadLetterQueueArn = dlq.queueArn;
      this.deadLetterQueueName = isUnresolved(dlq.queueArn) ? undefined : dlq.queueArn.split(":").pop();
      v.warn("deadLetterQueue.queueArn", "E3", `the queue policy must allow events.amazonaws.com sqs:SendMessage with aws:SourceArn = the ARN of rule ${props.ruleName}`, dlq.queueArn);
      v.throwIfErrors();
    } else {
      // SQS queue names allow only letters, digits, '-' and '_' (CreateQueue QueueName); rule names may also hold '.'.
      const queueName = `${props.ruleName.replace(/\./g, "-")}-dlq`;
      // EventBridge sends to an SSE-KMS queue only when the key policy allows events.amazonaws.com (PipelineKey does).
      const dlqKey = dlq.kmsKeyArn ?? resolveEncryptionKey(this, props, `Encrypts the dead-letter queue of rule ${props.ruleName}`, { tags: props.tags })?.keyArn;
      this.deadLetterQueue = new SqsQueue(this, "DeadLetterQueue", {
        name: queueName,
        messageRetentionSeconds: dlq.messageRetentionSeconds ?? 1209600,
        kmsMasterKeyId: dlqKey,
        sqsManagedSseEnabled: dlqKey ? undefined : true,
        tags: props.tags,
      });
      this.deadLetterQueueArn = this.deadLetterQueue.arn;
      this.deadLetterQueueName = queueName;
      new SqsQueuePolicy(this, "DeadLetterQueuePolicy", {
        queueUrl: this.deadLetterQueue.url,
        policy: policyDocument([
          { sid: "EventBridgeDeadLetters", actions: ["sqs:SendMessage"], resources: [this.deadLetterQueue.arn], principals: { Service: "events.amazonaws.com" }, conditions: { ArnEquals: { "aws:SourceArn": this.rule.arn } } },
          { sid: "DenyInsecureTransport", effect: "Deny", actions: ["sqs:*"], resources: [this.deadLetterQueue.arn], principals: { AWS: "*" }, conditions: { Bool: { "aws:SecureTransport": false } } },
        ]),
      });
    }

    const transformer = props.inputTransformer ?? (mode === "template" && props.input === undefined && props.inputPath === undefined ? { inputPaths: {}, inputTemplate: NEWLINE_TEMPLATE } : undefined);
    props.deliveryStreams.forEach((stream, i) => {
      this.targets.push(
        new CloudwatchEventTarget(this, props.deliveryStreams.length === 1 ? "Target" : `Target${i}`, {
          rule: this.rule.name,
          eventBusName: this.eventBus ? this.eventBus.name : props.eventBusName,
          targetId: `firehose-${i}`,
          arn: stream.streamArn,
          roleArn: this.role.roleArn,
          input: props.input,
          inputPath: props.inputPath,
          inputTransformer: transformer,
          retryPolicy: {
            maximumEventAgeInSeconds: props.retryPolicy?.maximumEventAgeSeconds ?? 86400,
            maximumRetryAttempts: props.retryPolicy?.maximumRetryAttempts ?? 185,
          },
          deadLetterConfig: { arn: this.deadLetterQueueArn },
          // EventBridge checks the role when the target is added: its policy must exist first.
          dependsOn: [this.role.policy],
        }),
      );
    });
  }

  /** Every name and target rule (N-RULE, EB-RULE, EB-BUS, EB-ARCHIVE, E1, E2, E3, E4, E5); returns the effective newline mode. */
  private validate(v: Validator, p: EventIngestionProps): NewlineDelimiter {
    if (p.description !== undefined) v.length(p.description, 0, 512, "description", "N-RULE", "rule description");
    const hasPattern = p.eventPattern !== undefined;
    const hasSchedule = p.scheduleExpression !== undefined;
    if (hasPattern === hasSchedule) {
      v.error("eventPattern", "EB-RULE", "give exactly one of eventPattern and scheduleExpression", { eventPattern: p.eventPattern, scheduleExpression: p.scheduleExpression });
    }
    if (typeof p.eventPattern === "string" && !isUnresolved(p.eventPattern)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(p.eventPattern);
      } catch {
        parsed = undefined;
      }
      v.require(parsed !== null && typeof parsed === "object" && !Array.isArray(parsed), "eventPattern", "EB-RULE", "eventPattern must be a JSON object", p.eventPattern);
    } else if (hasPattern && (p.eventPattern === null || typeof p.eventPattern !== "object" || Array.isArray(p.eventPattern) || Object.keys(p.eventPattern).length === 0)) {
      v.error("eventPattern", "EB-RULE", "eventPattern must be a non-empty object", p.eventPattern);
    }
    if (hasSchedule) {
      v.pattern(p.scheduleExpression, Patterns.SCHEDULE_EXPRESSION, "scheduleExpression", "EB-RULE", "schedule expression");
      // PutRule: "ScheduleExpression is supported only on the default event bus."
      if (p.createEventBus || (p.eventBusName !== undefined && p.eventBusName !== "default")) {
        v.error("scheduleExpression", "EB-RULE", "schedule expressions are supported only on the default event bus", p.createEventBus?.name ?? p.eventBusName);
      }
      if (p.archive) v.error("archive", "EB-RULE", "an archive stores events matched on the bus; scheduled rules match none (use an eventPattern)", p.archive);
    }
    if (p.eventBusName !== undefined && p.createEventBus) {
      v.error("createEventBus", "EB-BUS", "give either eventBusName (existing bus) or createEventBus (created), not both", p.createEventBus);
    }
    validateName(v, p.eventBusName, "eventBus", "eventBusName", "EB-BUS", "event bus name");
    if (p.createEventBus) {
      const n = p.createEventBus.name;
      validateName(v, n, "eventBus", "createEventBus.name", "EB-BUS", "event bus name");
      if (!isUnresolved(n)) {
        v.require(n !== "default" && !n.includes("/"), "createEventBus.name", "EB-BUS", "a custom event bus cannot be named 'default' or contain '/' (partner buses only)", n);
      }
    }
    if (p.archive) {
      validateName(v, p.archive.name, "archive", "archive.name", "EB-ARCHIVE", "archive name");
      v.range(p.archive.retentionDays, 0, 2147483647, "archive.retentionDays", "EB-ARCHIVE", "archive retention (0 = forever)", { unit: "days" });
    }
    const streams = p.deliveryStreams ?? [];
    validateTargetCount(v, "deliveryStreams", streams.length);
    validateRetryPolicy(v, "retryPolicy", p.retryPolicy);
    const dlq = p.deadLetterQueue;
    if (dlq && "queueArn" in dlq) {
      validateDeadLetterQueueArn(v, "deadLetterQueue.queueArn", dlq.queueArn);
      if ("kmsKeyArn" in dlq || "messageRetentionSeconds" in dlq) v.error("deadLetterQueue", "E3", "give either queueArn (existing queue) or settings of the created queue, not both", dlq);
    } else if (dlq) {
      v.range(dlq.messageRetentionSeconds, 60, 1209600, "deadLetterQueue.messageRetentionSeconds", "E3", "dead-letter queue retention", { unit: "seconds" });
      if (dlq.kmsKeyArn !== undefined) v.pattern(dlq.kmsKeyArn, Patterns.KMS_KEY_OR_ALIAS_ARN, "deadLetterQueue.kmsKeyArn", "E3", "KMS key ARN");
    }
    validateTargetInput(v, p);
    if (p.accountId !== undefined) v.pattern(p.accountId, Patterns.ACCOUNT_ID, "accountId", "A1", "account id");
    return this.validateNewline(v, p, streams);
  }

  private validateNewline(v: Validator, p: EventIngestionProps, streams: readonly FirehoseDeliveryStream[]): NewlineDelimiter {
    const mode = p.newlineDelimiter ?? "processor";
    v.oneOf(mode, ["processor", "template"], "newlineDelimiter", "E5", "newlineDelimiter");
    const template = p.inputTransformer?.inputTemplate;
    const templateNewline = typeof template === "string" && !isUnresolved(template) && template.endsWith("\n");
    if (mode === "template") {
      if (p.input !== undefined || p.inputPath !== undefined) {
        v.error("newlineDelimiter", "E5", "newline framing by template needs an inputTransformer (input and inputPath cannot add a newline); use newlineDelimiter 'processor'", p.input ?? p.inputPath);
      } else if (template !== undefined && !isUnresolved(template) && !templateNewline) {
        v.error("inputTransformer.inputTemplate", "E5", 'the input template must end with "\\n" so events land one per line', template);
      }
      return mode;
    }
    streams.forEach((s, i) => {
      if (!s?.stream) return;
      // Only extended S3 streams with a literal processor list can be checked; others are the caller's to frame.
      if (s.appendsRecordDelimiter === undefined) return;
      if (!s.appendsRecordDelimiter) this.missingDelimiter(v, i, s);
      else if (templateNewline) v.warn("inputTransformer.inputTemplate", "E5", `stream ${s.stream.nameInput} already appends a newline: events would be separated by blank lines`, template);
    });
    return mode;
  }

  private missingDelimiter(v: Validator, i: number, s: FirehoseDeliveryStream): void {
    v.error(
      `deliveryStreams[${i}]`,
      "E5",
      "the stream has no AppendDelimiterToRecordProcessor, so events would be concatenated on one line; add it to the destination's processors or set newlineDelimiter: 'template'",
      s.stream.nameInput,
    );
  }
}
