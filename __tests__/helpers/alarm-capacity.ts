/**
 * Checks every CloudWatch alarm of a synthesized stack against the capacity of the resource it watches, wherever the
 * stack states it: an alarm that is certain to be firing, or certain never to fire, on a healthy pipeline is a
 * defect. Also checks that each alarm's dimension names a resource of the stack (a misspelt name never fires).
 */
type Res = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface StackJson {
  resource: Record<string, Record<string, Res>>;
}

const all = (json: StackJson, type: string): Res[] => Object.values(json.resource[type] ?? {});

/** OpenSearch reserves 20% of each node's storage, at most 20 GiB: FreeStorageSpace never reports more. */
const usableMiB = (gib: number) => gib * 1024 - Math.min(gib * 1024 * 0.2, 20 * 1024);

/** The destination block of a delivery stream and its effective buffering interval(s). */
function buffering(stream: Res): { interval: number; backupInterval?: number; partitioned: boolean } {
  const blocks = ["extended_s3_configuration", "opensearch_configuration", "opensearchserverless_configuration", "http_endpoint_configuration", "splunk_configuration"];
  for (const b of blocks) {
    const c = stream[b];
    if (!c) continue;
    const backup = c.s3_backup_configuration ?? c.s3_configuration;
    return { interval: c.buffering_interval, backupInterval: backup?.buffering_interval, partitioned: c.dynamic_partitioning_configuration?.enabled === true };
  }
  const rs = stream.redshift_configuration;
  if (rs) return { interval: rs.s3_configuration.buffering_interval, backupInterval: rs.s3_backup_configuration?.buffering_interval, partitioned: false };
  throw new Error(`delivery stream ${stream.name}: unknown destination ${stream.destination}`);
}

/** Problems of one stack's alarms, as readable lines (empty when every alarm can both fire and clear). */
export function alarmCapacityProblems(json: StackJson): string[] {
  const problems: string[] = [];
  const streams = new Map(all(json, "aws_kinesis_firehose_delivery_stream").map((s) => [s.name as string, s]));
  const domains = new Map(all(json, "aws_opensearch_domain").map((d) => [d.domain_name as string, d]));
  const functions = new Map(all(json, "aws_lambda_function").map((f) => [f.function_name as string, f]));
  const kinesis = new Map(all(json, "aws_kinesis_stream").map((k) => [k.name as string, k]));
  const rules = new Set(all(json, "aws_cloudwatch_event_rule").map((r) => r.name as string));
  const queues = new Set(all(json, "aws_sqs_queue").map((q) => q.name as string));

  // A dimension may reference the resource (`${aws_kinesis_stream.<id>.name}`): resolve it to the resource's literal.
  const literal = (v: string): string => {
    const m = /^\$\{(aws_[a-z0-9_]+)\.([^.}]+)\.([a-z_]+)\}$/.exec(v ?? "");
    return m ? (json.resource[m[1]]?.[m[2]]?.[m[3]] as string | undefined) ?? v : v;
  };
  for (const a of all(json, "aws_cloudwatch_metric_alarm")) {
    const name = a.alarm_name as string;
    const bad = (why: string) => problems.push(`${name}: ${why}`);
    const t = a.threshold as number;
    const op = a.comparison_operator as string;
    if (a.metric_query) {
      // Metric math alarms here are percentages of a limit: 0 never clears, 100+ never fires.
      if (!(t > 0 && t < 100)) bad(`percentage threshold ${t} outside (0, 100)`);
      const dims = (a.metric_query as Res[]).filter((q) => q.metric).map((q) => literal(q.metric.dimensions.DeliveryStreamName));
      for (const d of dims) if (!streams.has(d)) bad(`watches delivery stream ${d}, which the stack does not create`);
      continue;
    }
    const dims = Object.fromEntries(Object.entries((a.dimensions ?? {}) as Record<string, string>).map(([k, v]) => [k, literal(v)]));
    const metric = a.metric_name as string;
    switch (a.namespace) {
      case "AWS/Firehose": {
        const stream = streams.get(dims.DeliveryStreamName);
        if (!stream) {
          bad(`watches delivery stream ${dims.DeliveryStreamName}, which the stack does not create`);
          break;
        }
        const buf = buffering(stream);
        if (metric.endsWith(".DataFreshness")) {
          const floor = metric.startsWith("BackupToS3") ? Math.max(buf.interval, buf.backupInterval ?? 300) : buf.interval * (buf.partitioned ? 1.5 : 1);
          // A healthy stream holds records up to its buffering interval: a threshold at or below it is always breached.
          if (!(t > floor)) bad(`freshness threshold ${t} s does not exceed the buffering delay ${floor} s: fires on every healthy buffer`);
          // Firehose keeps undelivered records 24 h: a threshold beyond that fires only after data is gone.
          if (!(t < 86400)) bad(`freshness threshold ${t} s is beyond the 24 h Firehose keeps records`);
        } else if (metric.endsWith(".Success")) {
          if (!(op === "LessThanThreshold" && t > 0 && t <= 1)) bad(`success-ratio threshold ${op} ${t}: must be LessThanThreshold in (0, 1]`);
        } else if (metric.endsWith(".AuthFailure")) {
          if (!(op === "GreaterThanOrEqualToThreshold" && t > 0 && t <= 1)) bad(`AuthFailure (0 or 1) with ${op} ${t} never fires or never clears`);
        } else if (!(op.startsWith("GreaterThan") && t >= 0)) {
          bad(`count threshold ${op} ${t}`);
        }
        break;
      }
      case "AWS/ES": {
        const domain = domains.get(dims.DomainName);
        if (!domain) {
          bad(`watches domain ${dims.DomainName}, which the stack does not create`);
          break;
        }
        if (metric === "FreeStorageSpace") {
          const gib = domain.ebs_options.volume_size as number;
          if (!(t > 0 && t < usableMiB(gib))) bad(`FreeStorageSpace threshold ${t} MiB vs ${usableMiB(gib)} MiB a ${gib} GiB node can report free: always in ALARM`);
        } else if (!(op === "GreaterThanOrEqualToThreshold" && t > 0 && t <= 1)) {
          bad(`status threshold ${op} ${t}`);
        }
        break;
      }
      case "AWS/Lambda": {
        const fn = functions.get(dims.FunctionName);
        if (!fn) {
          bad(`watches function ${dims.FunctionName}, which the stack does not create`);
          break;
        }
        if (metric === "Duration" && !(t > 0 && t < (fn.timeout as number) * 1000)) bad(`duration threshold ${t} ms vs timeout ${fn.timeout} s: can never be exceeded`);
        break;
      }
      case "AWS/Kinesis": {
        const k = kinesis.get(dims.StreamName);
        if (!k) {
          bad(`watches data stream ${dims.StreamName}, which the stack does not create`);
          break;
        }
        const retentionMs = ((k.retention_period as number | undefined) ?? 24) * 3_600_000;
        if (metric === "GetRecords.IteratorAgeMilliseconds" && !(t > 0 && t < retentionMs)) bad(`iterator age threshold ${t} ms vs retention ${retentionMs} ms: fires only after records expire`);
        break;
      }
      case "AWS/Events":
        if (!rules.has(dims.RuleName)) bad(`watches rule ${dims.RuleName}, which the stack does not create`);
        break;
      case "AWS/SQS":
        if (!queues.has(dims.QueueName)) bad(`watches queue ${dims.QueueName}, which the stack does not create`);
        break;
      default:
        bad(`unknown namespace ${a.namespace}`);
    }
  }
  return problems;
}
