/** The pure half of the review: risk detection, acknowledgement, arguments, diagram, Markdown (no Terraform). */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "../../scripts/review/cli";
import { reviewPlan, stateHasResources } from "../../scripts/review/plan";
import { dataFlowDiagram } from "../../scripts/review/diagram";
import { renderCounts as renderCountsOf, renderMarkdown } from "../../scripts/review/markdown";
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

  test("Redshift source-record backup turned off fails at apply (L12); turned on it is only a backup change", () => {
    const redshift = (mode: string) => ({ name: "s", destination: "redshift", redshift_configuration: [{ cluster_jdbcurl: "jdbc:redshift://a.b.eu-west-1.redshift.amazonaws.com:5439/db", s3_backup_mode: mode }] });
    const off = findRisks(stream(redshift("Enabled"), redshift("Disabled"), ["update"]), "update");
    expect(off.map((r) => [r.kind, r.summary])).toEqual([
      ["backup", "source-record backup is turned off (redshift_configuration: Enabled → Disabled), which Firehose refuses once it is on (rule L12): the update fails at apply; keep the backup, or replace the delivery stream"],
    ]);
    const on = findRisks(stream(redshift("Disabled"), redshift("Enabled"), ["update"]), "update");
    expect(on.map((r) => [r.kind, r.summary])).toEqual([["backup", "the backup mode changes which records are copied to the backup bucket"]]);
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
    expect([["create"], ["update"], ["delete", "create"], ["create", "delete"], ["delete"], ["forget"], ["no-op"], ["read"]].map(actionOf)).toEqual([
      "create", "update", "replace", "replace", "delete", "forget", "no-op", "read",
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
    expect(parseArgs(["dev", "--offline", "--write-state", "w.tfstate", "--no-synth", "--project", "p"], envs)).toMatchObject({ writeState: "w.tfstate", synth: false, project: "p" });
  });

  test.each([
    [[], "missing stack (one of: dev, prod)"],
    [["qa"], 'unknown stack "qa" (known: dev, prod)'],
    [["dev", "prod"], 'one stack per review, got "dev" and "prod"'],
    [["dev", "--acknowledge"], "--acknowledge needs a value"],
    [["dev", "--out", "--offline"], "--out needs a value"],
    [["dev", "--verbose"], "unknown option --verbose"],
    [["dev", "--state", "x.tfstate"], "--state is for offline plans (--offline); a live plan uses the stack's backend"],
    [["dev", "--write-state", "x.tfstate"], "--write-state is for offline plans (--offline)"],
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

describe("what the review cannot see, and what it shows first", () => {
  const createOnly: ReviewPlan = {
    format_version: "1.2",
    resource_changes: [
      { address: STREAM, type: "aws_kinesis_firehose_delivery_stream", name: "s", change: { actions: ["create"], before: null, after: streamBody(s3Config()), after_unknown: {} } },
    ],
  };

  test("without state: no 'No risky change', a warning instead, and exit 3 (not 0)", () => {
    const blind = reviewPlan({ plan: createOnly, synth: SYNTH, mode: "offline against an empty state", stateSeen: false }, "prod");
    expect(blind.exitCode).toBe(3);
    expect(blind.markdown).not.toContain("No risky change");
    expect(blind.markdown).toContain("### Risks cannot be assessed without state");
    expect(blind.markdown).toContain("`--write-state <file>`");
    // The same plan compared with a state that has resources is assessable.
    const seen = reviewPlan({ plan: createOnly, synth: SYNTH, mode: "live" }, "prod");
    expect(seen.exitCode).toBe(0);
    expect(seen.markdown).toContain("No risky change");
  });

  test("without state an open risk still exits 2 and the warning stays", () => {
    const withSecret: ReviewPlan = {
      format_version: "1.2",
      resource_changes: [{ address: "aws_x.y", type: "aws_x", name: "y", change: { actions: ["create"], before: null, after: { password: "p" }, after_unknown: {} } }],
    };
    const r = reviewPlan({ plan: withSecret, synth: SYNTH, mode: "offline", stateSeen: false }, "prod");
    expect(r.exitCode).toBe(2);
    expect(r.markdown).toContain("### Risks cannot be assessed without state");
  });

  test("a state file holding no resource counts as no state", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fhp-state-"));
    try {
      fs.writeFileSync(path.join(dir, "empty.tfstate"), JSON.stringify({ version: 4, resources: [] }));
      fs.writeFileSync(path.join(dir, "one.tfstate"), JSON.stringify({ version: 4, resources: [{ mode: "managed", type: "aws_s3_bucket" }] }));
      expect(stateHasResources(path.join(dir, "empty.tfstate"))).toBe(false);
      expect(stateHasResources(path.join(dir, "one.tfstate"))).toBe(true);
      expect(stateHasResources(path.join(dir, "missing.tfstate"))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("replacements of data-holding resources come first in the risks, whatever the plan order", () => {
    const replace = (address: string, type: string): PlanResourceChange => ({
      address, type, name: address.split(".")[1], change: { actions: ["delete", "create"], before: { name: "a" }, after: { name: "b" }, after_unknown: {}, replace_paths: [["name"]] },
    });
    const plan: ReviewPlan = {
      format_version: "1.2",
      resource_changes: [
        replace("aws_iam_role.r", "aws_iam_role"),
        { address: "aws_cloudwatch_metric_alarm.a", type: "aws_cloudwatch_metric_alarm", name: "a", change: { actions: ["delete"], before: {}, after: null } },
        replace("aws_lambda_function.f", "aws_lambda_function"),
        replace(STREAM, "aws_kinesis_firehose_delivery_stream"),
        replace("aws_s3_bucket.b", "aws_s3_bucket"),
      ],
    };
    const review = buildReview(plan, SYNTH, { environment: "prod", mode: "test" });
    expect(review.risks.map((r) => r.id)).toEqual([
      `replace:${STREAM}`, "replace:aws_s3_bucket.b", "replace:aws_iam_role.r", "replace:aws_lambda_function.f", "delete:aws_cloudwatch_metric_alarm.a",
    ]);
    const md = renderMarkdown(review);
    expect(md.indexOf(`replace:${STREAM}`)).toBeLessThan(md.indexOf("replace:aws_iam_role.r"));
  });

  test("a Glue table's partition-key change is a layout risk (in place or by replacement)", () => {
    const table = (keys: { name: string; type: string }[]) => ({ name: "events", partition_keys: keys, storage_descriptor: [{ location: "s3://lake/events/" }] });
    const before = table([{ name: "source", type: "string" }, { name: "year", type: "string" }]);
    const after = table([{ name: "year", type: "string" }]);
    for (const [actions, action] of [[["update"], "update"], [["delete", "create"], "replace"]] as const) {
      const c: PlanResourceChange = { address: "aws_glue_catalog_table.t", type: "aws_glue_catalog_table", name: "t", change: { actions: [...actions], before, after, after_unknown: {} } };
      const layout = findRisks(c, action).find((r) => r.kind === "partitioning");
      expect(layout).toMatchObject({ id: "partitioning:aws_glue_catalog_table.t", causes: ["partition_keys: [source:string, year:string] → [year:string]"] });
    }
    // Other table changes are not layout risks.
    const same: PlanResourceChange = { address: "aws_glue_catalog_table.t", type: "aws_glue_catalog_table", name: "t", change: { actions: ["update"], before, after: { ...before, name: "events2" }, after_unknown: {} } };
    expect(findRisks(same, "update").filter((r) => r.kind === "partitioning")).toEqual([]);
  });
});

test("fake ARNs are well-formed for the provider's ARN validators", () => {
  expect(fakeArn("aws_s3_bucket", { bucket: "b" }, "eu-west-1")).toBe("arn:aws:s3:::b");
  expect(fakeArn("aws_iam_role", { name: "r", path: "/" }, "eu-west-1")).toBe("arn:aws:iam::123456789012:role/r");
  expect(fakeArn("aws_kms_key", { key_id: "k" }, "eu-west-1")).toBe("arn:aws:kms:eu-west-1:123456789012:key/k");
});

/**
 * Hand-written fragments of `terraform show -json` for what the Terraform JSON output format documents beyond the
 * plain create/update/delete: replacement order and reasons, deposed objects, moved and forgotten resources, child
 * modules, data sources, sensitive and unknown values, and resource_drift.
 */
describe("Terraform JSON plan format cases", () => {
  const bucket = (over: Partial<PlanResourceChange> & { change: PlanResourceChange["change"] }): PlanResourceChange => ({
    address: "aws_s3_bucket.b",
    mode: "managed",
    type: "aws_s3_bucket",
    name: "b",
    ...over,
  });
  const review = (changes: PlanResourceChange[], extra: Partial<ReviewPlan> = {}) =>
    buildReview({ format_version: "1.2", resource_changes: changes, ...extra }, SYNTH, { environment: "prod", mode: "test" });

  test("create_before_destroy (actions [create, delete]) is a replacement that says the new object comes first", () => {
    const c = stream(streamBody(s3Config()), { ...streamBody(s3Config()), name: "t" }, ["create", "delete"], { replace_paths: [["name"]] });
    const [risk] = findRisks({ ...c, action_reason: "replace_because_cannot_update" }, "replace");
    expect(risk.summary).toBe(
      "aws_kinesis_firehose_delivery_stream is replaced, the new object created before the old one is destroyed (create_before_destroy; a fixed name must be free): records buffered in the stream are lost and producers get ResourceNotFoundException until it is recreated",
    );
    expect(risk.causes).toEqual(['forced by name: "s" → "t"']);
  });

  test.each([
    ["replace_because_tainted", "forced by the object is tainted (a failed create, or terraform taint)"],
    ["replace_by_request", "forced by replacement requested with -replace"],
    ["replace_by_triggers", "forced by a lifecycle replace_triggered_by reference changed"],
  ])("a replacement without replace_paths names its action_reason %s in words", (reason, cause) => {
    const c = stream(streamBody(s3Config()), streamBody(s3Config()), ["delete", "create"], { after_unknown: { arn: true, id: true } });
    expect(findRisks({ ...c, action_reason: reason }, "replace")[0].causes).toEqual([cause]);
  });

  test("a deletion gives its action_reason; a deposed object's deletion has its own id and says what it is", () => {
    const del = bucket({ action_reason: "delete_because_no_resource_config", change: { actions: ["delete"], before: { bucket: "lake" }, after: null } });
    const deposed = bucket({ deposed: "6f1c2a9e", change: { actions: ["delete"], before: { bucket: "lake" }, after: null } });
    const current = bucket({ change: { actions: ["no-op"], before: { bucket: "lake" }, after: { bucket: "lake" } } });
    const r = review([current, deposed, del]);
    expect(r.risks.map((x) => [x.id, x.causes])).toEqual([
      ["delete:aws_s3_bucket.b:deposed:6f1c2a9e", []],
      ["delete:aws_s3_bucket.b", ["because the resource is no longer in the configuration"]],
    ]);
    expect(r.risks[0].summary).toBe(
      "a deposed aws_s3_bucket (the old object a failed create_before_destroy replacement left behind, key 6f1c2a9e) is destroyed: the bucket and, when force_destroy is set, every object in it are deleted",
    );
    const md = renderMarkdown(r);
    expect(md).toContain("| `-` delete | `orders/Bucket/Bucket` | `aws_s3_bucket` | deposed object `6f1c2a9e` |");
    expect(md).toContain("| `-` delete | `orders/Bucket/Bucket` | `aws_s3_bucket` | (the resource is no longer in the configuration) |");
  });

  test("no-op, moved, and forget (a removed block with destroy = false) are not risks; forget is counted apart", () => {
    const moved = bucket({ previous_address: "aws_s3_bucket.old", change: { actions: ["no-op"], before: { bucket: "lake" }, after: { bucket: "lake" } } });
    const forgotten = bucket({ address: "aws_kinesis_firehose_delivery_stream.gone", type: "aws_kinesis_firehose_delivery_stream", name: "gone", change: { actions: ["forget"], before: { name: "gone" }, after: null } });
    const r = review([moved, forgotten]);
    expect(r.risks).toEqual([]);
    expect([r.counts["no-op"], r.counts.forget, r.counts.delete]).toEqual([1, 1, 0]);
    expect(r.changes[0].movedFrom).toBe("aws_s3_bucket.old");
    expect(renderCountsOf(r)).toBe("**0** create · **0** update in place · **0** replace · **0** delete · **1** forget (left running, no longer managed) · **1** unchanged");
  });

  test("data sources (mode data, action read) are not changes, also in child modules", () => {
    const data = (address: string, module_address?: string): PlanResourceChange => ({
      address, module_address, mode: "data", type: "aws_iam_policy_document", name: "p", action_reason: "read_because_config_unknown",
      change: { actions: ["read"], before: null, after: {}, after_unknown: { json: true } },
    });
    const r = review([data("data.aws_iam_policy_document.p"), data("module.lake.data.aws_iam_policy_document.p", "module.lake")]);
    expect(r.changes).toEqual([]);
    expect(Object.values(r.counts).every((n) => n === 0)).toBe(true);
  });

  test("resources in child modules group under the module call, not under a construct", () => {
    const inModule = bucket({
      address: 'module.archive["eu"].module.bucket.aws_s3_bucket.this[0]',
      module_address: 'module.archive["eu"].module.bucket',
      name: "this",
      index: 0,
      change: { actions: ["delete"], before: { bucket: "archive" }, after: null },
    });
    const r = review([inModule]);
    expect(r.changes[0]).toMatchObject({ group: "module.archive", path: undefined });
    expect(r.risks[0].id).toBe('delete:module.archive["eu"].module.bucket.aws_s3_bucket.this[0]');
  });

  test("an update whose only difference is unknown after apply counts as update; an update with no difference is not a risk", () => {
    const c = bucket({ change: { actions: ["update"], before: { bucket: "lake", tags: { a: "1" } }, after: { bucket: "lake", tags: { a: "1" } }, after_unknown: { tags_all: true } } });
    const r = review([c]);
    expect(r.counts.update).toBe(1);
    expect(r.changes[0].changedAttributes).toEqual(["tags_all"]);
    expect(r.risks).toEqual([]);
  });

  test("a sensitive value is a secret in state whatever its name, also when the plan hides it; values never appear", () => {
    const c: PlanResourceChange = {
      address: "aws_secretsmanager_secret_version.v", mode: "managed", type: "aws_secretsmanager_secret_version", name: "v",
      change: {
        actions: ["create"],
        before: null,
        // secret_string hidden (left out), as a redacted plan does; token set but marked sensitive by a variable.
        after: { secret_id: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-AbCdEf", token: "t0k3n-value", secret_binary: null },
        after_unknown: { id: true, version_id: true },
        after_sensitive: { secret_string: true, token: true, secret_binary: true },
      },
    };
    const risks = findRisks(c, "create");
    expect(risks.map((r) => r.id)).toEqual(["secret:aws_secretsmanager_secret_version.v:secret_string", "secret:aws_secretsmanager_secret_version.v:token"]);
    expect(JSON.stringify(risks)).not.toContain("t0k3n-value");
    // A whole sensitive block (e.g. a sensitive variable in a nested block) is reported once, at the block.
    const block = findRisks({ ...c, change: { ...c.change, after: { credentials: [{ user: "u", key: "k" }] }, after_sensitive: { credentials: true } } }, "create");
    expect(block.map((r) => r.id)).toEqual(["secret:aws_secretsmanager_secret_version.v:credentials"]);
  });

  test("an update stores a secret again only when its value changes", () => {
    const cfg = (password: string) => ({ name: "s", destination: "redshift", redshift_configuration: [{ cluster_jdbcurl: "jdbc:redshift://x:5439/db", username: "firehose", password, retry_duration: 3600 }] });
    const sensitive = { redshift_configuration: [{ password: true }] };
    const same = stream(cfg("pw-1"), { ...cfg("pw-1"), redshift_configuration: [{ ...cfg("pw-1").redshift_configuration[0], retry_duration: 7200 }] }, ["update"], { before_sensitive: sensitive, after_sensitive: sensitive });
    expect(findRisks(same, "update").filter((r) => r.kind === "secret")).toEqual([]);
    const rotated = stream(cfg("pw-1"), cfg("pw-2"), ["update"], { before_sensitive: sensitive, after_sensitive: sensitive });
    const risks = findRisks(rotated, "update");
    expect(risks.map((r) => r.id)).toEqual([`secret:${STREAM}:redshift_configuration[0].password`]);
    expect(JSON.stringify(risks)).not.toMatch(/pw-[12]/);
  });

  test("a sensitive attribute that is null (not set) is not a secret", () => {
    const c = stream(null, { name: "s", http_endpoint_configuration: [{ url: "https://x", access_key: null }] }, ["create"], { after_sensitive: { http_endpoint_configuration: [{ access_key: true }] } });
    expect(findRisks(c, "create")).toEqual([]);
  });

  test("a forced change to a sensitive attribute is shown without its values", () => {
    const c = stream({ name: "s", snowflake_configuration: [{ private_key: "old-key" }] }, { name: "s", snowflake_configuration: [{ private_key: "new-key" }] }, ["delete", "create"], {
      replace_paths: [["snowflake_configuration", 0, "private_key"]],
      before_sensitive: { snowflake_configuration: [{ private_key: true }] },
      after_sensitive: { snowflake_configuration: [{ private_key: true }] },
    });
    const risks = findRisks(c, "replace");
    expect(risks[0].causes).toEqual(["forced by snowflake_configuration[0].private_key: (sensitive) → (sensitive)"]);
    expect(JSON.stringify(risks)).not.toMatch(/old-key|new-key/);
  });

  test("resource_drift: outside changes and deletions are listed apart, not counted as planned changes", () => {
    const drift: PlanResourceChange[] = [
      bucket({ change: { actions: ["update"], before: { bucket: "lake", tags: { owner: "data" } }, after: { bucket: "lake", tags: { owner: "someone" } } } }),
      { address: "aws_sqs_queue.dlq", mode: "managed", type: "aws_sqs_queue", name: "dlq", change: { actions: ["delete"], before: { name: "audit-dlq" }, after: null } },
      { address: "data.aws_region.r", mode: "data", type: "aws_region", name: "r", change: { actions: ["update"], before: { name: "a" }, after: { name: "b" } } },
    ];
    const r = review([], { resource_drift: drift });
    expect(r.drift).toEqual([
      { address: "aws_s3_bucket.b", type: "aws_s3_bucket", action: "update", changedAttributes: ["tags"] },
      { address: "aws_sqs_queue.dlq", type: "aws_sqs_queue", action: "delete", changedAttributes: [] },
    ]);
    expect(Object.values(r.counts).every((n) => n === 0)).toBe(true);
    const md = renderMarkdown(r);
    expect(md).toContain("### Changed outside Terraform: 2");
    expect(md).toContain("| `aws_s3_bucket.b` | `aws_s3_bucket` | `tags` |");
    expect(md).toContain("| `aws_sqs_queue.dlq` | `aws_sqs_queue` | deleted |");
    expect(renderMarkdown(review([]))).not.toContain("Changed outside Terraform");
  });
});
