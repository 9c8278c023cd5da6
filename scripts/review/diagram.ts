/**
 * A Mermaid flowchart of an environment's data flow, read from the synthesized stack: sources (Direct PUT producers,
 * EventBridge rules, Kinesis streams, MSK topics) → processors → delivery streams → destinations (and backup buckets),
 * with the CloudWatch alarms attached to what they watch (pure).
 */
import { SynthStack } from "./types";
import { isObject } from "./values";

type Body = Record<string, unknown>;

const REF = /^\$\{(?:data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)\}/;

/** `${aws_s3_bucket.x.arn}` (or `${aws_lambda_function.f.arn}:$LATEST`) → `aws_s3_bucket.x` */
function referencedResource(v: unknown): string | undefined {
  const m = typeof v === "string" ? REF.exec(v) : null;
  return m ? `${m[1]}.${m[2]}` : undefined;
}

/** A block argument: cdktf writes single blocks as objects and repeated ones as lists. */
function block(v: unknown): Body | undefined {
  if (Array.isArray(v)) return isObject(v[0]) ? v[0] : undefined;
  return isObject(v) ? v : undefined;
}
function blocks(v: unknown): Body[] {
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(isObject);
}
const literal = (v: unknown): string | undefined => (typeof v === "string" && !v.includes("${") ? v : undefined);

const NAME_ATTRS = ["name", "bucket", "function_name", "domain_name", "cluster_identifier", "alarm_name", "queue_name"];
const KIND_LABEL: Record<string, string> = {
  aws_kinesis_firehose_delivery_stream: "Firehose",
  aws_s3_bucket: "S3",
  aws_kinesis_stream: "Kinesis stream",
  aws_lambda_function: "Lambda",
  aws_cloudwatch_event_rule: "EventBridge rule",
  aws_opensearch_domain: "OpenSearch",
  aws_redshift_cluster: "Redshift",
  aws_msk_cluster: "MSK",
  aws_cloudwatch_metric_alarm: "Alarm",
  aws_sqs_queue: "SQS",
};

/** Destination type → [config block, attribute naming the target]. */
const DESTINATION_TARGET: Record<string, [string, string[]]> = {
  extended_s3: ["extended_s3_configuration", ["bucket_arn"]],
  opensearch: ["opensearch_configuration", ["domain_arn", "cluster_endpoint"]],
  elasticsearch: ["elasticsearch_configuration", ["domain_arn", "cluster_endpoint"]],
  opensearchserverless: ["opensearchserverless_configuration", ["collection_endpoint"]],
  redshift: ["redshift_configuration", ["cluster_jdbcurl"]],
  http_endpoint: ["http_endpoint_configuration", ["url"]],
  splunk: ["splunk_configuration", ["hec_endpoint"]],
  snowflake: ["snowflake_configuration", ["account_url"]],
  iceberg: ["iceberg_configuration", ["catalog_arn"]],
};

/** Alarm dimension → resource type it names. */
const DIMENSION_TYPES: Record<string, string> = {
  DeliveryStreamName: "aws_kinesis_firehose_delivery_stream",
  StreamName: "aws_kinesis_stream",
  FunctionName: "aws_lambda_function",
  RuleName: "aws_cloudwatch_event_rule",
  DomainName: "aws_opensearch_domain",
  QueueName: "aws_sqs_queue",
};

const escapeLabel = (s: string) => s.replace(/"/g, "#quot;").replace(/[<>]/g, "");

class Graph {
  private readonly ids = new Map<string, string>();
  private readonly lines: string[] = [];
  private readonly groups = new Map<string, string[]>();
  private readonly edges = new Set<string>();

  constructor(private readonly synth: SynthStack, private readonly stackName: string) {}

  resource(key: string): Body | undefined {
    const [type, name] = key.split(".");
    return this.synth.resource?.[type]?.[name];
  }

  /** The node of a resource of this stack (declared once), or of an external value. */
  node(key: string, label: string, shape: "rect" | "db" | "stadium" | "hex" | "alarm" = "rect", groupOf = key): string {
    let id = this.ids.get(key);
    if (id) return id;
    id = `n${this.ids.size + 1}`;
    this.ids.set(key, id);
    const l = `"${escapeLabel(label)}"`;
    const text = { rect: `${id}[${l}]`, db: `${id}[(${l})]`, stadium: `${id}([${l}])`, hex: `${id}{{${l}}}`, alarm: `${id}>${l}]` }[shape];
    const path = (this.resource(groupOf)?.["//"] as { metadata?: { path?: string } } | undefined)?.metadata?.path;
    const segs = path?.split("/") ?? [];
    const group = segs[0] === this.stackName && segs.length > 2 ? segs[1] : undefined;
    if (group) this.groups.set(group, [...(this.groups.get(group) ?? []), text]);
    else this.lines.push(`  ${text}`);
    if (shape === "alarm") this.lines.push(`  class ${id} alarm`);
    return id;
  }

  /** Node for a referenced resource (`${type.name.attr}`) or a literal value. */
  target(v: unknown, kind: string, shape: "rect" | "db" | "stadium" | "hex" = "rect"): string | undefined {
    const ref = referencedResource(v);
    if (ref) return this.node(ref, this.labelOf(ref, KIND_LABEL[ref.split(".")[0]] ?? kind), shape);
    const lit = literal(v);
    return lit ? this.node(`literal:${lit}`, `${kind}: ${lit.replace(/^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d*:/, "")}`, shape) : undefined;
  }

  labelOf(key: string, kind?: string): string {
    const [type, logical] = key.split(".");
    const body = this.resource(key) ?? {};
    const name = NAME_ATTRS.map((a) => literal(body[a])).find((x) => x) ?? logical;
    return `${kind ?? KIND_LABEL[type] ?? type}: ${name}`;
  }

  edge(from: string | undefined, to: string | undefined, label?: string, dashed = false): void {
    if (!from || !to) return;
    const arrow = dashed ? (label ? `-. ${escapeLabel(label)} .->` : "-.->") : label ? `-- ${escapeLabel(label)} -->` : "-->";
    this.edges.add(`  ${from} ${arrow} ${to}`);
  }

  render(): string {
    const out = ["flowchart LR"];
    let i = 0;
    for (const [group, nodes] of this.groups) {
      out.push(`  subgraph g${++i}["${escapeLabel(group)}"]`, ...nodes.map((n) => `    ${n}`), "  end");
    }
    out.push(...this.lines.filter((l) => !l.startsWith("  class ")), ...this.edges, ...this.lines.filter((l) => l.startsWith("  class ")));
    out.push("  classDef alarm fill:#fde2e1,stroke:#c0392b");
    return out.join("\n");
  }
}

/** The Mermaid source (without the code fence) of the stack's data flow. */
export function dataFlowDiagram(synth: SynthStack): string {
  const stackName = synth["//"]?.metadata?.stackName ?? "";
  const g = new Graph(synth, stackName);
  const res = synth.resource ?? {};

  const targetsByStream = new Map<string, string[]>();
  for (const [name, t] of Object.entries(res.aws_cloudwatch_event_target ?? {})) {
    const stream = referencedResource(t.arn);
    if (stream) targetsByStream.set(stream, [...(targetsByStream.get(stream) ?? []), `aws_cloudwatch_event_target.${name}`]);
  }

  for (const [name, s] of Object.entries(res.aws_kinesis_firehose_delivery_stream ?? {})) {
    const key = `aws_kinesis_firehose_delivery_stream.${name}`;
    const streamId = g.node(key, g.labelOf(key));

    // Sources
    const kinesis = block(s.kinesis_source_configuration);
    const msk = block(s.msk_source_configuration);
    let sources: string[];
    if (kinesis) sources = [g.target(kinesis.kinesis_stream_arn, "Kinesis stream", "stadium")!].filter(Boolean);
    else if (msk) sources = [g.target(msk.msk_cluster_arn, `MSK topic ${literal(msk.topic_name) ?? ""}`.trim(), "stadium")!].filter(Boolean);
    else {
      const rules = (targetsByStream.get(key) ?? []).map((t) => {
        const rule = referencedResource(g.resource(t)?.rule) ?? `literal:${String(g.resource(t)?.rule)}`;
        const ruleId = rule.startsWith("literal:") ? g.node(rule, `EventBridge rule: ${rule.slice(8)}`, "stadium") : g.node(rule, g.labelOf(rule), "stadium");
        g.edge(ruleId, g.target(block(g.resource(t)?.dead_letter_config)?.arn, "SQS"), "failed events", true);
        return ruleId;
      });
      sources = rules.length > 0 ? rules : [g.node("direct-put", "Direct PUT producers", "stadium")];
    }

    // Processors, then destination
    const destination = literal(s.destination) ?? "extended_s3";
    const [configName, targetAttrs] = DESTINATION_TARGET[destination] ?? [`${destination}_configuration`, []];
    const config = block(s[configName]) ?? {};
    const processing = block(config.processing_configuration);
    const processors = processing && processing.enabled !== false ? blocks(processing.processors) : [];
    let previous = sources;
    processors.forEach((p, i) => {
      const params = blocks(p.parameters);
      const lambda = params.find((x) => x.parameter_name === "LambdaArn")?.parameter_value;
      const lambdaRef = referencedResource(lambda);
      const label = lambdaRef ? g.labelOf(lambdaRef, "Lambda") : `${String(p.type)} processor`;
      const id = g.node(`${key}/processor/${i}`, label, "hex", key);
      previous.forEach((src) => g.edge(src, id));
      previous = [id];
    });
    previous.forEach((src) => g.edge(src, streamId));

    const targetValue = targetAttrs.map((a) => config[a] ?? block(config.catalog_configuration)?.[a]).find((v) => v !== undefined);
    const kind = { extended_s3: "S3", http_endpoint: `HTTP endpoint ${literal(config.name) ?? ""}`.trim() }[destination] ?? destination;
    g.edge(streamId, g.target(targetValue, kind, "db"), destination);
    // Backup and failed-record buckets
    const backup = block(config.s3_configuration) ?? (config.s3_backup_mode === "Enabled" ? block(config.s3_backup_configuration) : undefined);
    if (backup && backup.bucket_arn !== targetValue) g.edge(streamId, g.target(backup.bucket_arn, "S3", "db"), "backup", true);
  }

  // Alarms, attached to what their dimensions name; the alarms of one resource share a node.
  const alarmsByTarget = new Map<string, { key: string; name: string; full: string }[]>();
  for (const [name, a] of Object.entries(res.aws_cloudwatch_metric_alarm ?? {})) {
    const dims = [a.dimensions, ...blocks(a.metric_query).map((q) => block(q.metric)?.dimensions)].filter(isObject);
    const watched = new Set<string>();
    for (const d of dims) {
      for (const [dim, value] of Object.entries(d)) {
        const type = DIMENSION_TYPES[dim];
        if (!type) continue;
        const ref = referencedResource(value);
        if (ref) watched.add(ref);
        else {
          const match = Object.entries(res[type] ?? {}).find(([, body]) => NAME_ATTRS.some((n) => body[n] === value));
          watched.add(match ? `${type}.${match[0]}` : `literal:${String(value)}`);
        }
      }
    }
    const metric = literal(a.metric_name);
    const alarmName = literal(a.alarm_name) ?? name;
    const target = [...watched].sort().join("+") || "(none)";
    alarmsByTarget.set(target, [...(alarmsByTarget.get(target) ?? []), { key: `aws_cloudwatch_metric_alarm.${name}`, name: alarmName, full: metric ? `${alarmName} (${metric})` : alarmName }]);
  }
  for (const [target, alarms] of alarmsByTarget) {
    const targets = target === "(none)" ? [] : target.split("+");
    // "fhp-dev-app-events-DataFreshness" under the stream fhp-dev-app-events reads as "DataFreshness".
    const names = targets.map((t) => (t.startsWith("literal:") ? t.slice(8) : g.labelOf(t).replace(/^[^:]*: /, "")));
    const short = (n: string) => names.reduce((acc, prefix) => (acc.startsWith(`${prefix}-`) ? acc.slice(prefix.length + 1) : acc), n);
    const label = alarms.length === 1 ? `Alarm: ${alarms[0].full}` : `${alarms.length} alarms: ${alarms.map((a) => short(a.name)).sort().join(", ")}`;
    const alarm = g.node(alarms.length === 1 ? alarms[0].key : `alarms:${target}`, label, "alarm", alarms[0].key);
    for (const w of targets) g.edge(w.startsWith("literal:") ? g.node(w, w.slice(8)) : g.node(w, g.labelOf(w)), alarm, undefined, true);
  }
  return g.render();
}
