import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { KmsKeyPolicy } from "@cdktf/provider-aws/lib/kms-key-policy";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Fn, Token } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { policyDocument } from "../core/iam";
import { addWarningOnce, isUnresolved, requireProps, Validator } from "../core/validation";
import {
  AlarmSpec,
  deliveryStreamAlarms,
  deliveryStreamName,
  domainAlarms,
  freshnessThresholdSeconds,
  functionAlarms,
  kinesisStreamAlarms,
  MonitoredDeliveryStream,
  MonitoredDomain,
  MonitoredFunction,
  MonitoredKinesisStream,
  MonitoredResources,
  MonitoredRule,
  openSearchUsableStorageMiB,
  ruleAlarms,
} from "./alarms";
import { dashboardBody } from "./dashboard";
import { IMonitorable, isMonitorable, MonitoringTarget } from "./metric";
import { AlarmSubscription, MonitoringThresholds, resolveSettings, validateSubscriptions, validateThresholds } from "./thresholds";
import * as Patterns from "../core/patterns";

export interface PipelineMonitoringProps {
  /** Prefix of the topic, key alias and dashboard names, e.g. `acme-dev`: 1-200 of `[A-Za-z0-9_-]`. */
  readonly namePrefix: string;
  /**
   * Watch every construct under this scope that declares what to monitor ({@link IMonitorable}: delivery streams,
   * Kinesis data streams, Lambda functions, EventBridge rules, OpenSearch domains), as found when this construct is
   * created: create it after them. Each is watched once, however it is also reached (`targets`, `resources`).
   */
  readonly scope?: IConstruct;
  /** Watch these constructs (explicit list). */
  readonly targets?: readonly IMonitorable[];
  /** Watch these resources, described by hand (e.g. ones created outside this app). @default none */
  readonly resources?: MonitoredResources;
  /** Region shown by the dashboard's widgets. */
  readonly region: string;
  /** 12-digit account id: the `ClientId` dimension of OpenSearch metrics. Without it, domain alarms are skipped with a warning. */
  readonly accountId?: string;
  /** Overrides of the default thresholds (see {@link DEFAULT_THRESHOLDS}). */
  readonly thresholds?: MonitoringThresholds;
  /** Who receives alarm and OK notifications. @default none (subscribe later) */
  readonly subscriptions?: AlarmSubscription[];
  /**
   * Send to this existing topic instead of creating one. If it is KMS-encrypted, its key policy must allow
   * `cloudwatch.amazonaws.com` kms:Decrypt and kms:GenerateDataKey*.
   */
  readonly alarmTopicArn?: string;
  /** Customer-managed key for the created topic (its policy must allow cloudwatch.amazonaws.com). @default a key is created */
  readonly topicKmsKeyArn?: string;
  /** Create the dashboard. @default true */
  readonly dashboard?: boolean;
}

const NAME_PREFIX = Patterns.MONITORING_NAME_PREFIX;

/**
 * What `scope` and `targets` ask to monitor, merged with `resources`, each resource once: delivery streams by
 * identity, the others by name. In construct-tree order (`node.findAll()`), then the explicit ones.
 */
export function collectMonitoredResources(opts: { scope?: IConstruct; targets?: readonly IMonitorable[]; resources?: MonitoredResources }): Required<MonitoredResources> {
  const found: MonitoringTarget[] = [];
  const seen = new Set<unknown>();
  const visit = (m: unknown) => {
    if (!isMonitorable(m) || seen.has(m)) return;
    seen.add(m);
    found.push(...m.monitoringTargets());
  };
  opts.scope?.node.findAll().forEach(visit);
  opts.targets?.forEach(visit);
  const r = opts.resources;
  const out = {
    deliveryStreams: [...(r?.deliveryStreams ?? [])] as MonitoredDeliveryStream[],
    kinesisStreams: [...(r?.kinesisStreams ?? [])] as MonitoredKinesisStream[],
    functions: [...(r?.functions ?? [])] as MonitoredFunction[],
    rules: [...(r?.rules ?? [])] as MonitoredRule[],
    domains: [...(r?.domains ?? [])] as MonitoredDomain[],
  };
  const add = <T>(list: T[], item: T, same: (a: T) => boolean) => {
    if (!list.some(same)) list.push(item);
  };
  // Discovered first, so their order follows the construct tree; hand-described resources follow.
  const discovered: typeof out = { deliveryStreams: [], kinesisStreams: [], functions: [], rules: [], domains: [] };
  for (const t of found) {
    if (t.type === "deliveryStream") add(discovered.deliveryStreams, t.stream as MonitoredDeliveryStream, (x) => x === t.stream);
    else if (t.type === "kinesisStream") add(discovered.kinesisStreams, t.metrics ? { streamName: t.streamName, metrics: t.metrics } : { streamName: t.streamName }, (x) => x.streamName === t.streamName);
    else if (t.type === "function") add(discovered.functions, { functionName: t.functionName, timeoutSeconds: t.timeoutSeconds }, (x) => x.functionName === t.functionName);
    else if (t.type === "rule") {
      const rule: MonitoredRule = t.deadLetterQueueName === undefined ? { ruleName: t.ruleName, eventBusName: t.eventBusName } : { ruleName: t.ruleName, eventBusName: t.eventBusName, deadLetterQueueName: t.deadLetterQueueName };
      add(discovered.rules, rule, (x) => x.ruleName === t.ruleName && x.eventBusName === t.eventBusName);
    } else if (t.type === "domain") add(discovered.domains, { domainName: t.domainName, volumeSizeGiB: t.volumeSizeGiB }, (x) => x.domainName === t.domainName);
  }
  for (const s of out.deliveryStreams) add(discovered.deliveryStreams, s, (x) => x === s);
  for (const k of out.kinesisStreams) add(discovered.kinesisStreams, k, (x) => x.streamName === k.streamName);
  for (const f of out.functions) add(discovered.functions, f, (x) => x.functionName === f.functionName);
  for (const rule of out.rules) add(discovered.rules, rule, (x) => x.ruleName === rule.ruleName && x.eventBusName === rule.eventBusName);
  for (const d of out.domains) add(discovered.domains, d, (x) => x.domainName === d.domainName);
  return discovered;
}

/** Construct-id friendly form of a resource name (indexes when the name is a token). */
function idOf(name: string, fallback: string): string {
  return isUnresolved(name) ? fallback : name.replace(/[^A-Za-z0-9_-]/g, "_");
}

/**
 * CloudWatch alarms for every resource of a pipeline stack, chosen per destination type and feature, sending alarm
 * and OK notifications to a KMS-encrypted SNS topic, plus one dashboard.
 */
export class PipelineMonitoring extends Construct {
  /** The topic alarms notify. */
  public readonly topicArn: string;
  /** The created topic (undefined with `alarmTopicArn`). */
  public readonly topic?: SnsTopic;
  /** The key created for the topic (undefined with `alarmTopicArn` or `topicKmsKeyArn`). */
  public readonly topicKey?: KmsKey;
  /** Every alarm created, in creation order. */
  public readonly alarms: CloudwatchMetricAlarm[] = [];
  /** What each alarm is, in creation order (same order as `alarms`). */
  public readonly alarmSpecs: AlarmSpec[] = [];
  /** The dashboard, unless disabled or there is no delivery stream. */
  public readonly dashboard?: CloudwatchDashboard;
  /** Everything watched, each once: what `scope` and `targets` declared, then `resources`. */
  public readonly resources: Required<MonitoredResources>;

  constructor(scope: Construct, id: string, props: PipelineMonitoringProps) {
    super(scope, id);
    const v = new Validator(this);
    requireProps(v, props);
    v.required(props.namePrefix, "namePrefix", "string", "the prefix of the topic, key alias and dashboard names");
    v.required(props.region, "region", "string", "the region the dashboard shows");
    if (props.scope === undefined && props.targets === undefined && props.resources === undefined) {
      v.error("scope", "MON", "nothing to watch: give scope (watch every monitorable construct under it), targets or resources", undefined);
    }
    if (props.scope !== undefined && !Construct.isConstruct(props.scope)) v.error("scope", "MON", "must be a construct (e.g. the stack)", props.scope);
    if (props.targets !== undefined && v.required(props.targets, "targets", "array", "the constructs to watch")) {
      props.targets.forEach((t, i) => {
        if (!isMonitorable(t)) v.error(`targets[${i}]`, "MON", "must declare what to monitor (monitoringTargets(): a FirehoseDeliveryStream, KinesisDataStream, FirehoseLambdaProcessor, EventIngestion, SecureOpenSearchDomain)", t);
      });
    }
    if (props.resources !== undefined && v.required(props.resources, "resources", "object", "what to watch ({ deliveryStreams?, kinesisStreams?, functions?, rules?, domains? })")) {
      if (props.resources.deliveryStreams !== undefined && v.required(props.resources.deliveryStreams, "resources.deliveryStreams", "array", "the delivery streams to watch")) {
        props.resources.deliveryStreams.forEach((s, i) => {
          const path = `resources.deliveryStreams[${i}]`;
          if (v.required(s, path, "object", "a FirehoseDeliveryStream (or { streamName, sourceKind, destinationInfo })")) {
            v.required(s.streamName, `${path}.streamName`, "string", "the delivery stream name");
            v.required(s.destinationInfo, `${path}.destinationInfo`, "object", "the destination facts (FirehoseDeliveryStream.destinationInfo)");
          }
        });
      }
    }
    v.throwIfErrors();
    const r = collectMonitoredResources(props);
    this.resources = r;
    v.pattern(props.namePrefix, NAME_PREFIX, "namePrefix", "MON", "name prefix");
    if (props.accountId !== undefined) v.pattern(props.accountId, Patterns.ACCOUNT_ID, "accountId", "MON", "account id");
    if (props.alarmTopicArn !== undefined) {
      v.pattern(props.alarmTopicArn, Patterns.SNS_TOPIC_ARN, "alarmTopicArn", "MON", "SNS topic ARN");
      if (props.topicKmsKeyArn !== undefined) v.error("topicKmsKeyArn", "MON", "give either alarmTopicArn (existing topic) or topicKmsKeyArn (for the created topic), not both", props.topicKmsKeyArn);
    }
    validateThresholds(v, "thresholds", props.thresholds);
    validateSubscriptions(v, "subscriptions", props.subscriptions);
    this.validateFreshnessOverrides(v, props, r);
    this.validateFreeStorageOverride(v, props, r);
    v.throwIfErrors();

    // Collect specs first: a typo'd threshold must fail before anything exists.
    const t = props.thresholds;
    const groups: [string, AlarmSpec[]][] = [];
    r.deliveryStreams.forEach((s, i) => groups.push([`Stream-${idOf(deliveryStreamName(s), String(i))}`, deliveryStreamAlarms(s, t)]));
    r.kinesisStreams.forEach((k, i) => groups.push([`Kinesis-${idOf(k.streamName, String(i))}`, kinesisStreamAlarms(k, t)]));
    r.functions.forEach((f, i) => groups.push([`Function-${idOf(f.functionName, String(i))}`, functionAlarms(f, t)]));
    r.rules.forEach((rule, i) => groups.push([`Rule-${idOf(rule.ruleName, String(i))}`, ruleAlarms(rule, t)]));
    if (r.domains.length > 0) {
      if (props.accountId === undefined) {
        // The ClientId dimension is the account id; guessing it (or calling aws_caller_identity) is not an option.
        // A domain created in the same stack has a token for a name: name it by its construct path instead.
        const names = r.domains.map((d) => (Token.isUnresolved(d.domainName) ? (Construct.isConstruct(d) ? d.node.path : "a domain named at deploy time") : d.domainName));
        addWarningOnce(this, `OpenSearch alarms (ClusterStatus.red, FreeStorageSpace) skipped for ${names.join(", ")}: set accountId, the metrics' ClientId dimension`);
      } else {
        r.domains.forEach((dm, i) => groups.push([`Domain-${idOf(dm.domainName, String(i))}`, domainAlarms(dm, props.accountId!, t)]));
        const unsized = r.domains.filter((dm) => dm.volumeSizeGiB === undefined).map((dm) => dm.domainName);
        if (unsized.length > 0 && t?.openSearchFreeStorageMiB?.threshold === undefined && t?.openSearchFreeStorageMiB?.enabled !== false) {
          addWarningOnce(
            this,
            `FreeStorageSpace alarm of ${unsized.join(", ")} uses 20480 MiB: give volumeSizeGiB (the threshold becomes 25% of it) or thresholds.openSearchFreeStorageMiB; ` +
              "a node whose volume is 25 GiB or less never reports that much free, so the alarm would never clear",
          );
        }
      }
    }

    this.topicArn = props.alarmTopicArn ?? this.createTopic(props);
    (props.subscriptions ?? []).forEach((s, i) => {
      new SnsTopicSubscription(this, `Subscription${i}`, { topicArn: this.topicArn, protocol: s.protocol, endpoint: s.endpoint });
    });

    for (const [groupId, specs] of groups) {
      for (const spec of specs) {
        this.alarmSpecs.push(spec);
        this.alarms.push(this.createAlarm(`${groupId}-${spec.key}`, spec));
      }
    }

    if (props.dashboard !== false && r.deliveryStreams.length > 0) {
      this.dashboard = new CloudwatchDashboard(this, "Dashboard", {
        dashboardName: `${props.namePrefix}-pipelines`,
        dashboardBody: dashboardBody(props.region, `${props.namePrefix} pipelines`, r.deliveryStreams),
      });
    }
  }

  /** A fixed freshness threshold at or below the buffering delay would fire on every healthy buffer. */
  private validateFreshnessOverrides(v: Validator, props: PipelineMonitoringProps, r: Required<MonitoredResources>): void {
    const fixed = props.thresholds?.dataFreshness?.thresholdSeconds;
    if (fixed === undefined || isUnresolved(fixed) || typeof fixed !== "number") return;
    const s = resolveSettings(props.thresholds, "dataFreshness");
    for (const stream of r.deliveryStreams) {
      const floor = freshnessThresholdSeconds(stream.destinationInfo, { ...s, thresholdSeconds: undefined, marginSeconds: 0 });
      if (fixed <= floor) {
        v.error(
          "thresholds.dataFreshness.thresholdSeconds",
          "MON",
          `must exceed the buffering delay of stream ${deliveryStreamName(stream)} (${floor} s), or the alarm fires on every healthy buffer`,
          fixed,
        );
      }
    }
  }

  /**
   * FreeStorageSpace is reported per node in MiB and never exceeds the volume less OpenSearch's reserve: a threshold at
   * or above that is breached from the first datapoint and never clears.
   */
  private validateFreeStorageOverride(v: Validator, props: PipelineMonitoringProps, r: Required<MonitoredResources>): void {
    const o = props.thresholds?.openSearchFreeStorageMiB;
    const fixed = o?.threshold;
    if (fixed === undefined || isUnresolved(fixed) || typeof fixed !== "number" || o?.enabled === false) return;
    for (const dm of r.domains) {
      if (dm.volumeSizeGiB === undefined || isUnresolved(dm.volumeSizeGiB)) continue;
      const usable = openSearchUsableStorageMiB(dm.volumeSizeGiB);
      if (fixed >= usable) {
        v.error(
          "thresholds.openSearchFreeStorageMiB.threshold",
          "MON-STORAGE",
          `must be below the free storage a node of domain ${dm.domainName} can report: ${usable} MiB (${dm.volumeSizeGiB} GiB volume, in MiB, less the 20% OpenSearch reserves, at most 20 GiB); at or above it the alarm fires from the first datapoint and never clears`,
          fixed,
        );
      }
    }
  }

  private createTopic(props: PipelineMonitoringProps): string {
    let keyArn = props.topicKmsKeyArn;
    if (keyArn === undefined) {
      const key = new KmsKey(this, "TopicKey", {
        description: `Encrypts the alarm topic ${props.namePrefix}-alarms`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
      });
      // Account and partition come from the key's own ARN when the account id is not configured (no data source).
      const arnPart = (i: number) => Fn.element(Fn.split(":", key.arn), i);
      const account = props.accountId ?? arnPart(4);
      new KmsKeyPolicy(this, "TopicKeyPolicy", {
        keyId: key.keyId,
        policy: policyDocument([
          { sid: "AccountAdministers", actions: ["kms:*"], resources: ["*"], principals: { AWS: `arn:${arnPart(1)}:iam::${account}:root` } },
          {
            // An encrypted topic only receives alarm notifications when CloudWatch may use its key
            // (re:Post "cloudwatch-configure-alarm-sns": the AWS-managed alias/aws/sns key does not allow it).
            sid: "CloudWatchAlarmsEncrypt",
            actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
            resources: ["*"],
            principals: { Service: "cloudwatch.amazonaws.com" },
            // Confused-deputy guard: only on behalf of this account's alarms. CloudWatch's publish to an encrypted topic
            // carries aws:SourceAccount (unlike EventBridge's, whose KMS requests carry no source keys).
            conditions: { StringEquals: { "aws:SourceAccount": account } },
          },
        ]),
      });
      (this as { topicKey?: KmsKey }).topicKey = key;
      keyArn = key.arn;
    }
    const topic = new SnsTopic(this, "Topic", { name: `${props.namePrefix}-alarms`, kmsMasterKeyId: keyArn });
    (this as { topic?: SnsTopic }).topic = topic;
    const topicArnPart = (i: number) => Fn.element(Fn.split(":", topic.arn), i);
    const account = props.accountId ?? topicArnPart(4);
    new SnsTopicPolicy(this, "TopicPolicy", {
      arn: topic.arn,
      policy: policyDocument([
        {
          sid: "CloudWatchAlarmsPublish",
          actions: ["sns:Publish"],
          resources: [topic.arn],
          principals: { Service: "cloudwatch.amazonaws.com" },
          // Only this account's alarms in this region (re:Post "cloudwatch-receive-sns-for-alarm-trigger").
          conditions: { ArnLike: { "aws:SourceArn": `arn:${topicArnPart(1)}:cloudwatch:${topicArnPart(3)}:${account}:alarm:*` } },
        },
      ]),
    });
    return topic.arn;
  }

  private createAlarm(id: string, spec: AlarmSpec): CloudwatchMetricAlarm {
    const name = Token.isUnresolved(spec.resourceName) ? Fn.join("-", [spec.resourceName, spec.key]) : `${spec.resourceName}-${spec.key}`;
    return new CloudwatchMetricAlarm(this, id, {
      alarmName: name,
      alarmDescription: spec.description,
      comparisonOperator: spec.comparisonOperator,
      threshold: spec.threshold,
      evaluationPeriods: spec.evaluationPeriods,
      datapointsToAlarm: spec.datapointsToAlarm,
      treatMissingData: spec.treatMissingData,
      namespace: spec.namespace,
      metricName: spec.metricName,
      dimensions: spec.dimensions,
      statistic: spec.statistic,
      extendedStatistic: spec.extendedStatistic,
      period: spec.periodSeconds,
      metricQuery: spec.metricQueries?.map((q) => ({
        id: q.id,
        expression: q.expression,
        label: q.label,
        returnData: q.returnData,
        metric: q.metric ? { namespace: q.metric.namespace, metricName: q.metric.metricName, dimensions: q.metric.dimensions, stat: q.metric.stat, period: q.metric.periodSeconds } : undefined,
      })),
      alarmActions: [this.topicArn],
      okActions: [this.topicArn],
    });
  }
}
