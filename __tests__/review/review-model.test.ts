/** The pure half of the review: risk detection, acknowledgement, arguments, diagram, Markdown (no Terraform). */
import { parseArgs } from "../../scripts/review/cli";
import { dataFlowDiagram } from "../../scripts/review/diagram";
import { renderMarkdown } from "../../scripts/review/markdown";
import { actionOf, buildReview, isAcknowledged } from "../../scripts/review/model";
import { findRisks } from "../../scripts/review/risks";
import { fakeArn } from "../../scripts/review/state";
import { PlanResourceChange, ReviewPlan, SynthStack } from "../../scripts/review/types";
import { errorOf } from "../helpers/stack";

const STREAM = "aws_kinesis_firehose_delivery_stream.s";
const s3Config = (over: Record<string, unknown> = {}) => ({
  bucket_arn: "arn:aws:s3:::lake",
  prefix: "raw/source=!{partitionKeyFromQuery:source}/",
  error_output_prefix: "errors/!{firehose:error-output-type}/",
  kms_key_arn: "arn:aws:kms:eu-west-1:123456789012:key/a",
  s3_backup_mode: "Disabled",
  processing_configuration: [{ enabled: true, processors: [{ type: "MetadataExtraction", parameters: [{ parameter_name: "MetadataExtractionQuery", parameter_value: "{source:.source}" }] }] }],
  ...over,
});
const stream = (before: Record<string, unknown> | null, after: Record<string, unknown> | null, actions: string[], extra: Partial<PlanResourceChange["change"]> = {}): PlanResourceChange => ({
  address: STREAM,
  type: "aws_kinesis_firehose_delivery_stream",
  name: "s",
  change: { actions, before, after, after_unknown: {}, ...extra },
});
const streamBody = (cfg: Record<string, unknown>, sse: Record<string, unknown> = { enabled: true, key_type: "AWS_OWNED_CMK" }) => ({
  name: "s",
  destination: "extended_s3",
  extended_s3_configuration: [cfg],
  server_side_encryption: [sse],
});

describe("findRisks", () => {
  test("a replacement names the forcing attribute with its values", () => {
    const c = stream(streamBody(s3Config()), { ...streamBody(s3Config()), name: "t" }, ["delete", "create"], { replace_paths: [["name"]] });
    const [risk] = findRisks(c, "replace", "p/DeliveryStream/Stream");
    expect(risk).toMatchObject({ id: `replace:${STREAM}`, kind: "replace", path: "p/DeliveryStream/Stream", causes: ['forced by name: "s" → "t"'] });
    expect(risk.summary).toBe("aws_kinesis_firehose_delivery_stream is destroyed and created again: records buffered in the stream are lost and producers get ResourceNotFoundException until it is recreated");
  });

  test("in-place changes of prefix, query, destination bucket, encryption and backup mode are separate risks", () => {
    const after = streamBody(
      s3Config({
        prefix: "raw/tenant=!{partitionKeyFromQuery:tenant}/",
        bucket_arn: "arn:aws:s3:::other",
        s3_backup_mode: "Enabled",
        kms_key_arn: "arn:aws:kms:eu-west-1:123456789012:key/b",
        processing_configuration: [{ enabled: true, processors: [{ type: "MetadataExtraction", parameters: [{ parameter_name: "MetadataExtractionQuery", parameter_value: "{tenant:.tenant}" }] }] }],
      }),
      { enabled: true, key_type: "CUSTOMER_MANAGED_CMK", key_arn: "arn:aws:kms:eu-west-1:123456789012:key/c" },
    );
    const risks = findRisks(stream(streamBody(s3Config()), after, ["update"]), "update");
    const byKind = Object.fromEntries(risks.map((r) => [r.kind, r.causes]));
    expect(Object.keys(byKind).sort()).toEqual(["backup", "destination", "encryption", "partitioning"]);
    expect(byKind.partitioning).toEqual([
      'extended_s3_configuration[0].prefix: "raw/source=!{partitionKeyFromQuery:source}/" → "raw/tenant=!{partitionKeyFromQuery:tenant}/"',
      'MetadataExtractionQuery: "{source:.source}" → "{tenant:.tenant}"',
    ]);
    expect(byKind.destination).toEqual(['extended_s3_configuration[0].bucket_arn: "arn:aws:s3:::lake" → "arn:aws:s3:::other"']);
    expect(byKind.backup).toEqual(['extended_s3_configuration[0].s3_backup_mode: "Disabled" → "Enabled"']);
    expect(byKind.encryption).toEqual([
      'extended_s3_configuration[0].kms_key_arn: "arn:aws:kms:eu-west-1:123456789012:key/a" → "arn:aws:kms:eu-west-1:123456789012:key/b"',
      'server_side_encryption[0].key_arn: (none) → "arn:aws:kms:eu-west-1:123456789012:key/c"',
      'server_side_encryption[0].key_type: "AWS_OWNED_CMK" → "CUSTOMER_MANAGED_CMK"',
    ]);
  });

  test("a buffering change is not a risk, and an unset string read back as \"\" is not a change", () => {
    const before = streamBody(s3Config({ buffering_size: 64 }), { enabled: true, key_type: "AWS_OWNED_CMK", key_arn: null });
    const after = streamBody(s3Config({ buffering_size: 128 }), { enabled: true, key_type: "AWS_OWNED_CMK", key_arn: "" });
    expect(findRisks(stream(before, after, ["update"]), "update")).toEqual([]);
  });

  test.each([
    ["aws_s3_bucket", "every object in it are deleted"],
    ["aws_kms_key", "data encrypted with it becomes unreadable"],
    ["aws_cloudwatch_log_group", "the delivery error logs are deleted"],
    ["aws_kinesis_firehose_delivery_stream", "records buffered in the stream are lost"],
    ["aws_cloudwatch_metric_alarm", "the alarm stops watching the pipeline"],
  ])("deleting a %s is a risk", (type, consequence) => {
    const risks = findRisks({ address: `${type}.x`, type, name: "x", change: { actions: ["delete"], before: {}, after: null } }, "delete");
    expect(risks).toHaveLength(1);
    expect(risks[0].id).toBe(`delete:${type}.x`);
    expect(risks[0].summary).toContain(consequence);
  });

  test("deleting an IAM policy or a bucket policy is not flagged", () => {
    for (const type of ["aws_iam_role_policy", "aws_s3_bucket_policy"]) {
      expect(findRisks({ address: `${type}.x`, type, name: "x", change: { actions: ["delete"], before: {}, after: null } }, "delete")).toEqual([]);
    }
  });

  test("a secret stored in state is a risk whose text never contains the value", () => {
    const after = {
      name: "s",
      destination: "splunk",
      splunk_configuration: [{ hec_endpoint: "https://splunk.example.com:8088", hec_token: "super-secret-token" }],
      http_endpoint_configuration: [{ url: "https://x", access_key: null }],
    };
    const c = stream(null, after, ["create"], { after_sensitive: { splunk_configuration: [{ hec_token: true }] } });
    const risks = findRisks(c, "create");
    expect(risks.map((r) => r.id)).toEqual([`secret:${STREAM}:splunk_configuration[0].hec_token`]);
    expect(JSON.stringify(risks)).not.toContain("super-secret-token");
    expect(risks[0].causes).toEqual(["splunk_configuration[0].hec_token: (sensitive)"]);
    // A password known only after apply (e.g. random_password) is stored all the same.
    const unknown = findRisks({ address: "aws_redshift_cluster.c", type: "aws_redshift_cluster", name: "c", change: { actions: ["create"], before: null, after: {}, after_unknown: { master_password: true } } }, "create");
    expect(unknown.map((r) => r.id)).toEqual(["secret:aws_redshift_cluster.c:master_password"]);
  });
});

describe("acknowledgement", () => {
  test("exact ids, trailing-* prefixes, or all", () => {
    expect(isAcknowledged("replace:a.b", ["replace:a.b"])).toBe(true);
    expect(isAcknowledged("replace:a.b", ["replace:a.c"])).toBe(false);
    expect(isAcknowledged("replace:a.b", ["replace:*"])).toBe(true);
    expect(isAcknowledged("delete:a.b", ["replace:*"])).toBe(false);
    expect(isAcknowledged("delete:a.b", "all")).toBe(true);
  });

  test("actions map to create/update/replace/delete/no-op", () => {
    expect([["create"], ["update"], ["delete", "create"], ["create", "delete"], ["delete"], ["no-op"], ["read"]].map(actionOf)).toEqual([
      "create", "update", "replace", "replace", "delete", "no-op", "read",
    ]);
  });
});

describe("parseArgs", () => {
  const envs = ["dev", "prod"];
  test("environment, flags and comma-separated acknowledgements", () => {
    expect(parseArgs(["dev", "--offline", "--acknowledge", "replace:a,delete:b", "--acknowledge=secret:c", "--out", "r.md"], envs)).toEqual({
      environment: "dev", offline: true, statePath: undefined, out: "r.md", acknowledge: ["replace:a", "delete:b", "secret:c"],
    });
    expect(parseArgs(["prod", "--acknowledge-all"], envs).acknowledge).toBe("all");
    expect(parseArgs(["dev", "--offline", "--state", "s.tfstate"], envs).statePath).toBe("s.tfstate");
  });

  test.each([
    [[], "missing environment (one of: dev, prod)"],
    [["qa"], 'unknown environment "qa" (known: dev, prod)'],
    [["dev", "prod"], 'one environment per review, got "dev" and "prod"'],
    [["dev", "--acknowledge"], "--acknowledge needs a value"],
    [["dev", "--out", "--offline"], "--out needs a value"],
    [["dev", "--verbose"], "unknown option --verbose"],
    [["dev", "--state", "x.tfstate"], "--state is for offline plans (--offline); a live plan uses the environment's backend"],
    [["dev", "--acknowledge", "a", "--acknowledge-all"], "give either --acknowledge <ids> or --acknowledge-all, not both"],
  ])("%j is refused", (argv, message) => {
    expect(errorOf(() => parseArgs(argv as string[], envs))).toContain(message);
  });
});

const meta = (path: string) => ({ "//": { metadata: { path } } });
const SYNTH: SynthStack = {
  "//": { metadata: { stackName: "prod" } },
  resource: {
    aws_kinesis_stream: { ks: { ...meta("prod/orders/Stream/Stream"), name: "orders" } },
    aws_lambda_function: { fn: { ...meta("prod/orders/Transform/Function"), function_name: "orders-transform" } },
    aws_s3_bucket: { b: { ...meta("prod/orders/Bucket/Bucket"), bucket: "orders-backup" } },
    aws_opensearch_domain: { d: { ...meta("prod/search/Domain"), domain_name: "search" } },
    aws_kinesis_firehose_delivery_stream: {
      fh: {
        ...meta("prod/orders/DeliveryStream/Stream"),
        name: "orders-to-search",
        destination: "opensearch",
        kinesis_source_configuration: { kinesis_stream_arn: "${aws_kinesis_stream.ks.arn}", role_arn: "${aws_iam_role.r.arn}" },
        opensearch_configuration: {
          domain_arn: "${aws_opensearch_domain.d.arn}",
          processing_configuration: { enabled: true, processors: [{ type: "Lambda", parameters: [{ parameter_name: "LambdaArn", parameter_value: "${aws_lambda_function.fn.arn}:$LATEST" }] }] },
          s3_configuration: { bucket_arn: "${aws_s3_bucket.b.arn}" },
        },
      },
      events: { ...meta("prod/audit/DeliveryStream/Stream"), name: "audit", destination: "http_endpoint", http_endpoint_configuration: { url: "https://collector.example.com", name: "Collector" } },
    },
    aws_cloudwatch_event_rule: { rule: { ...meta("prod/audit/Rule"), name: "audit-events" } },
    aws_cloudwatch_event_target: {
      t: { ...meta("prod/audit/Target"), rule: "${aws_cloudwatch_event_rule.rule.name}", arn: "${aws_kinesis_firehose_delivery_stream.events.arn}", dead_letter_config: { arn: "${aws_sqs_queue.dlq.arn}" } },
    },
    aws_sqs_queue: { dlq: { ...meta("prod/audit/Dlq"), name: "audit-dlq" } },
    aws_cloudwatch_metric_alarm: {
      a1: { ...meta("prod/Monitoring/Age"), alarm_name: "orders-iterator-age", metric_name: "GetRecords.IteratorAgeMilliseconds", dimensions: { StreamName: "orders" } },
      a3: { ...meta("prod/Monitoring/Throttled"), alarm_name: "orders-write-throttled", metric_name: "WriteProvisionedThroughputExceeded", dimensions: { StreamName: "${aws_kinesis_stream.ks.name}" } },
      a2: { ...meta("prod/Monitoring/Fresh"), alarm_name: "audit-freshness", metric_name: "DeliveryToHttpEndpoint.DataFreshness", dimensions: { DeliveryStreamName: "${aws_kinesis_firehose_delivery_stream.events.name}" } },
    },
  },
};

describe("dataFlowDiagram", () => {
  const d = dataFlowDiagram(SYNTH);
  const id = (label: string) => new RegExp(`(n\\d+)[\\[({>]+"${label.replace(/[()]/g, "\\$&")}"`).exec(d)?.[1];

  test("sources → processors → stream → destination, with backup and rule sources", () => {
    expect(d.split("\n")[0]).toBe("flowchart LR");
    const [ks, fn, fh, domain, backup] = ["Kinesis stream: orders", "Lambda: orders-transform", "Firehose: orders-to-search", "OpenSearch: search", "S3: orders-backup"].map(id);
    expect([ks, fn, fh, domain, backup].every(Boolean)).toBe(true);
    expect(d).toContain(`  ${ks} --> ${fn}`);
    expect(d).toContain(`  ${fn} --> ${fh}`);
    expect(d).toContain(`  ${fh} -- opensearch --> ${domain}`);
    expect(d).toContain(`  ${fh} -. backup .-> ${backup}`);
    const [rule, audit, http] = ["EventBridge rule: audit-events", "Firehose: audit", "HTTP endpoint Collector: https://collector.example.com"].map(id);
    expect(d).toContain(`  ${rule} --> ${audit}`);
    expect(d).toContain(`  ${rule} -. failed events .-> ${id("SQS: audit-dlq")}`);
    expect(d).toContain(`  ${audit} -- http_endpoint --> ${http}`);
    expect(d).not.toContain("Direct PUT");
  });

  test("alarms hang off what their dimensions name (by reference or by literal name), grouped by construct", () => {
    // Two alarms on the same stream share one node, named without the stream's prefix.
    expect(d).toContain(`  ${id("Kinesis stream: orders")} -.-> ${id("2 alarms: iterator-age, write-throttled")}`);
    expect(d).toContain(`  ${id("Firehose: audit")} -.-> ${id("Alarm: audit-freshness (DeliveryToHttpEndpoint.DataFreshness)")}`);
    expect(d).toMatch(/subgraph g\d+\["Monitoring"\]/);
    expect(d).toMatch(/subgraph g\d+\["orders"\]/);
  });
});

describe("buildReview + renderMarkdown", () => {
  const plan: ReviewPlan = {
    format_version: "1.2",
    terraform_version: "1.11.4",
    resource_changes: [
      { address: "aws_s3_bucket.b", type: "aws_s3_bucket", name: "b", change: { actions: ["no-op"], before: {}, after: {} } },
      { address: "aws_cloudwatch_metric_alarm.Monitoring_Old_1234", type: "aws_cloudwatch_metric_alarm", name: "Monitoring_Old_1234", change: { actions: ["delete"], before: {}, after: null } },
    ],
  };
  test("deleted resources (absent from the synthesized stack) are grouped by their logical id; the exit hint lists open ids", () => {
    const review = buildReview(plan, SYNTH, { environment: "prod", mode: "test" });
    expect(review.changes.map((c) => [c.group, c.path])).toEqual([["orders", "orders/Bucket/Bucket"], ["Monitoring", undefined]]);
    const md = renderMarkdown(review);
    expect(md).toContain("**0** create · **0** update in place · **0** replace · **1** delete · **1** unchanged");
    expect(md).toContain("npm run review -- prod --acknowledge delete:aws_cloudwatch_metric_alarm.Monitoring_Old_1234");
    expect(md).toContain("| `-` delete | `aws_cloudwatch_metric_alarm.Monitoring_Old_1234` |");
  });
});

test("fake ARNs are well-formed for the provider's ARN validators", () => {
  expect(fakeArn("aws_s3_bucket", { bucket: "b" }, "eu-west-1")).toBe("arn:aws:s3:::b");
  expect(fakeArn("aws_iam_role", { name: "r", path: "/" }, "eu-west-1")).toBe("arn:aws:iam::123456789012:role/r");
  expect(fakeArn("aws_kms_key", { key_id: "k" }, "eu-west-1")).toBe("arn:aws:kms:eu-west-1:123456789012:key/k");
});
