/**
 * The consumer projects in examples/: built package linked as `npm install file:../..` would, type-checked,
 * synthesized, then `terraform validate` + `plan` offline (2 plans). The plans also go through the PR review: an
 * example must not store a secret in the state.
 */
import * as fs from "fs";
import * as path from "path";
import { validateAndPlanOffline, PlanJson } from "../../scripts/terraform";
import { buildReview } from "../../scripts/review/model";
import { checkTerraformDocument } from "../../modules/checks/input";
import { ReviewPlan } from "../../scripts/review/types";
import { buildPackage, EXAMPLES_DIR, linkPackage, synthProject, typecheck } from "../package/harness";
import { describeTerraform, plannedCreates, tempDir } from "../helpers/terraform";

function planExample(name: string): { plan: PlanJson; synth: Record<string, any>; validate: string } {
  const dir = path.join(EXAMPLES_DIR, name);
  for (const f of ["package.json", "cdktf.json", "main.ts", "README.md", "tsconfig.json"]) expect(fs.existsSync(path.join(dir, f))).toBe(true);
  linkPackage(dir);
  typecheck(dir);
  const stackDir = synthProject(dir, tempDir(`example-${name}`), name);
  const synth = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"));
  return { ...validateAndPlanOffline(stackDir), synth };
}

test("examples import only the package and provider/cdktf deep imports, and depend on it as file:../..", () => {
  for (const name of fs.readdirSync(EXAMPLES_DIR).filter((d) => fs.statSync(path.join(EXAMPLES_DIR, d)).isDirectory())) {
    const src = fs.readFileSync(path.join(EXAMPLES_DIR, name, "main.ts"), "utf8");
    const imports = [...src.matchAll(/from "([^"]+)"/g)].map((m) => m[1]);
    for (const i of imports) expect([name, i]).toEqual([name, expect.stringMatching(/^(cdktf|constructs|cdktf-firehose-pipelines|@cdktf\/provider-aws\/lib\/[a-z0-9-]+)$/)]);
    const pkg = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, name, "package.json"), "utf8"));
    expect(pkg.dependencies["cdktf-firehose-pipelines"]).toBe("file:../..");
  }
});

describeTerraform("examples synthesize, validate and plan offline against the built package", () => {
  beforeAll(() => buildPackage());

  test("minimal-data-lake: one partitioned stream into a hardened bucket", () => {
    const { plan, synth, validate } = planExample("minimal-data-lake");
    // The rules checker finds nothing in what the example synthesizes, nor in its plan.
    expect(checkTerraformDocument(synth)).toEqual([]);
    expect(checkTerraformDocument(plan)).toEqual([]);
    expect(JSON.parse(validate).valid).toBe(true);
    expect(plannedCreates(plan, "aws_kinesis_firehose_delivery_stream")).toHaveLength(1);
    expect(plannedCreates(plan, "aws_s3_bucket").length).toBeGreaterThanOrEqual(1);
    const review = buildReview(plan as ReviewPlan, synth, { environment: "minimal-data-lake", mode: "test" });
    expect(review.counts.create).toBe(plan.resource_changes!.length);
    expect(review.risks).toEqual([]);
    expect(review.diagram).toContain('["Firehose: acme-minimal-events"]');
  });

  test("multi-destination: Kinesis fan-out to Redshift, HTTP endpoint, Splunk, Snowflake and S3, EventBridge to S3, a Parquet data lake, an Iceberg lake, OpenSearch, alarms", () => {
    const { plan, synth, validate } = planExample("multi-destination");
    // The rules checker finds nothing in what the example synthesizes, nor in its plan.
    expect(checkTerraformDocument(synth)).toEqual([]);
    expect(checkTerraformDocument(plan)).toEqual([]);
    expect(JSON.parse(validate).valid).toBe(true);
    const streams = Object.values(synth.resource.aws_kinesis_firehose_delivery_stream) as { name: string; destination: string }[];
    expect(streams.map((s) => [s.name, s.destination]).sort()).toEqual([
      ["acme-orders-archive", "extended_s3"],
      ["acme-orders-audit", "extended_s3"],
      ["acme-orders-iceberg", "iceberg"],
      ["acme-orders-lake", "extended_s3"],
      ["acme-orders-partner", "http_endpoint"],
      ["acme-orders-search", "opensearch"],
      ["acme-orders-snowflake", "snowflake"],
      ["acme-orders-splunk", "splunk"],
      ["acme-orders-warehouse", "redshift"],
    ]);
    expect(plannedCreates(plan, "aws_kinesis_firehose_delivery_stream")).toHaveLength(9);
    // The data lake: Parquet through a Glue table the stack creates, partitioned by country then day.
    const lake = streams.find((s) => s.name === "acme-orders-lake") as any;
    const lakeS3 = lake.extended_s3_configuration;
    expect(lakeS3.prefix).toBe("orders/country=!{partitionKeyFromQuery:country}/dt=!{timestamp:yyyy-MM-dd}/");
    expect(lakeS3.dynamic_partitioning_configuration.enabled).toBe(true);
    expect(lakeS3.data_format_conversion_configuration.output_format_configuration.serializer.parquet_ser_de.compression).toBe("SNAPPY");
    expect(lakeS3.data_format_conversion_configuration.schema_configuration.table_name).toMatch(/^\$\{aws_glue_catalog_table\./);
    const created = (type: string) => (plan.resource_changes ?? []).filter((c) => c.type === type && c.change.actions.includes("create")).map((c) => c.change.after as any);
    const [table] = created("aws_glue_catalog_table").filter((t) => !t.open_table_format_input?.length);
    expect(table.partition_keys.map((k: { name: string }) => k.name)).toEqual(["country", "dt"]);
    // The search domain: created, small, hardened.
    const [domain] = created("aws_opensearch_domain");
    expect(domain.cluster_config[0]).toMatchObject({ instance_type: "t3.medium.search", instance_count: 1 });
    expect(domain.encrypt_at_rest[0].enabled).toBe(true);
    expect(domain.node_to_node_encryption[0].enabled).toBe(true);
    expect(domain.domain_endpoint_options[0]).toMatchObject({ enforce_https: true });
    expect(domain.advanced_security_options[0]).toMatchObject({ enabled: true, internal_user_database_enabled: false });
    // Snowflake reads the fan-out's Kinesis stream; its key pair is in a created (empty) secret, never in the plan.
    const snowflake = created("aws_kinesis_firehose_delivery_stream").find((s) => s.name === "acme-orders-snowflake");
    const sf = snowflake.snowflake_configuration[0];
    expect(sf).toMatchObject({ database: "ACME", schema: "RAW", table: "ORDERS", data_loading_option: "VARIANT_CONTENT_AND_METADATA_MAPPING", buffering_interval: 10 });
    expect(sf.secrets_manager_configuration[0].enabled).toBe(true);
    expect([sf.private_key ?? null, sf.key_passphrase ?? null]).toEqual([null, null]);
    expect(snowflake.kinesis_source_configuration).toHaveLength(1);
    // The Iceberg lake: Glue catalog, two format-v2 tables created before the stream, orders upserted on order_id.
    const iceberg = created("aws_kinesis_firehose_delivery_stream").find((s) => s.name === "acme-orders-iceberg");
    expect(iceberg.iceberg_configuration[0].catalog_arn).toBe("arn:aws:glue:us-east-1:123456789012:catalog");
    expect(iceberg.iceberg_configuration[0].destination_table_configuration.map((t: any) => [t.table_name, t.unique_keys])).toEqual([["orders", ["order_id"]], ["refunds", null]]);
    const icebergTables = created("aws_glue_catalog_table").filter((t) => t.open_table_format_input?.length);
    expect(icebergTables.map((t) => [t.name, t.open_table_format_input[0].iceberg_input[0]])).toEqual([
      ["orders", expect.objectContaining({ metadata_operation: "CREATE", version: "2" })],
      ["refunds", expect.objectContaining({ metadata_operation: "CREATE", version: "2" })],
    ]);
    expect(plannedCreates(plan, "aws_kinesis_stream")).toHaveLength(1);
    expect(plannedCreates(plan, "aws_cloudwatch_event_rule")).toHaveLength(1);
    expect(plannedCreates(plan, "aws_cloudwatch_metric_alarm").length).toBeGreaterThan(5);
    // Credentials come from Secrets Manager: nothing secret lands in the state.
    const review = buildReview(plan as ReviewPlan, synth, { environment: "multi-destination", mode: "test" });
    expect(review.risks.filter((r) => r.kind === "secret")).toEqual([]);
    expect(review.diagram).toMatch(/\(\["Kinesis stream: acme-orders"\]\)/);
    expect(review.diagram).toMatch(/\(\["EventBridge rule: acme-order-events"\]\)/);
    expect(review.diagram).toMatch(/n\d+ -- opensearch --> n\d+/);
  });
});
