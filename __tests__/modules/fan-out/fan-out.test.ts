import { Testing } from "cdktf";
import { PipelinesStack } from "../../../app/stack";
import { validatePipelines } from "../../../app/pipelines";
import { FanOut, FanOutDestination, Validator } from "../../../modules";
import { errorOf, resourcesOf, synthJson, testStack } from "../../helpers/stack";
import { ref, statementsOf } from "../../helpers/iam";
import { ALL_KINDS, JDBC, PARTNER_SECRET, fanOut } from "./fixtures";

const STREAM = "arn:aws:kinesis:eu-west-1:111122223333:stream/acme-orders";
const STREAM_KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const READ_ACTIONS = ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:ListShards"];

/** Paths of attributes that would hold a credential in plain text, anywhere in the synthesized JSON. */
function plaintextCredentialPaths(node: unknown, path = ""): string[] {
  if (Array.isArray(node)) return node.flatMap((n, i) => plaintextCredentialPaths(n, `${path}[${i}]`));
  if (node === null || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([k, v]) => [
    ...(["password", "access_key", "hec_token", "username", "secret_string", "secret_binary"].includes(k) ? [`${path}.${k}`] : []),
    ...plaintextCredentialPaths(v, `${path}.${k}`),
  ]);
}

describe("FanOut", () => {
  const stack = testStack();
  const f = fanOut(stack);
  const json = synthJson(stack);
  const streams = json.resource.aws_kinesis_firehose_delivery_stream as Record<string, Record<string, Record<string, unknown>>>;
  const byName = (name: string) => Object.values(streams).find((s) => (s.name as unknown as string) === name)!;
  const streamArn = ref(json, "aws_kinesis_stream", "orders_Stream");
  const streamKeyArn = ref(json, "aws_kms_key", "orders_Stream_Key");

  test("creates one encrypted data stream and one Kinesis-sourced delivery stream per destination, without SSE (S2)", () => {
    expect(resourcesOf(json, "aws_kinesis_stream")).toEqual([
      expect.objectContaining({ name: "acme-orders", shard_count: 2, retention_period: 48, encryption_type: "KMS", kms_key_id: streamKeyArn }),
    ]);
    expect(Object.values(streams).map((s) => [s.name, s.destination]).sort()).toEqual([
      ["acme-orders-archive", "extended_s3"],
      ["acme-orders-partner", "http_endpoint"],
      ["acme-orders-splunk", "splunk"],
      ["acme-orders-warehouse", "redshift"],
    ]);
    for (const s of Object.values(streams)) {
      expect(s.kinesis_source_configuration).toEqual(expect.objectContaining({ kinesis_stream_arn: streamArn }));
      expect(s).not.toHaveProperty("server_side_encryption");
    }
    expect(Object.keys(f.deliveryStreams)).toEqual(["warehouse", "partner", "splunk", "archive"]);
  });

  test("every delivery role reads exactly that stream and decrypts with its key", () => {
    for (const name of ["warehouse", "partner", "splunk", "archive"]) {
      const st = statementsOf(json, `acme-orders-${name}-firehose`);
      expect(st.filter((s) => s.Sid === "ReadSourceStream" || s.Sid === "DecryptSourceStream")).toEqual([
        { Sid: "ReadSourceStream", Effect: "Allow", Action: READ_ACTIONS, Resource: streamArn },
        { Sid: "DecryptSourceStream", Effect: "Allow", Action: "kms:Decrypt", Resource: streamKeyArn },
      ]);
    }
  });

  test("one backup bucket, a prefix per destination; Redshift stages uncompressed under staging/ and backs up sources beside it", () => {
    const bucketArn = ref(json, "aws_s3_bucket", "orders_BackupBucket_");
    expect(resourcesOf(json, "aws_s3_bucket").filter((b) => b.bucket === "acme-orders-backup")).toHaveLength(1);
    const rs = byName("acme-orders-warehouse").redshift_configuration;
    expect(rs.s3_configuration).toEqual(expect.objectContaining({ bucket_arn: bucketArn, prefix: "warehouse/staging/", compression_format: "UNCOMPRESSED" }));
    expect(rs.s3_backup_mode).toBe("Enabled");
    expect(rs.s3_backup_configuration).toEqual(expect.objectContaining({ bucket_arn: bucketArn, prefix: "warehouse/source-backup/", compression_format: "GZIP" }));
    expect(byName("acme-orders-partner").http_endpoint_configuration.s3_configuration).toEqual(expect.objectContaining({ bucket_arn: bucketArn, prefix: "partner/" }));
    expect(byName("acme-orders-splunk").splunk_configuration.s3_configuration).toEqual(expect.objectContaining({ bucket_arn: bucketArn, prefix: "splunk/" }));
  });

  test("Redshift staging files expire after 7 days (and their noncurrent versions a day later); the source backup does not", () => {
    const lifecycle = resourcesOf(json, "aws_s3_bucket_lifecycle_configuration").find((l) => /aws_s3_bucket\.orders_BackupBucket_[0-9A-F]+\./.test(String(l.bucket)))!;
    const rules = lifecycle.rule as Record<string, unknown>[];
    expect(rules).toContainEqual({
      id: "expire-redshift-staging-acme-orders-warehouse",
      status: "Enabled",
      filter: [{ prefix: "warehouse/staging/" }],
      expiration: [{ days: 7 }],
      noncurrent_version_expiration: [{ noncurrent_days: 1 }],
      abort_incomplete_multipart_upload: [{ days_after_initiation: 1 }],
    });
    // No other rule expires the source backup (warehouse/source-backup/) early: the bucket-wide rule has no expiration.
    expect(rules.filter((r) => r.expiration !== undefined).map((r) => (r.filter as { prefix: string }[])[0].prefix)).toEqual(["warehouse/staging/"]);
  });

  test("Redshift staging and source backup log to separate log streams", () => {
    const rs = byName("acme-orders-warehouse").redshift_configuration;
    expect((rs.s3_configuration as { cloudwatch_logging_options: Record<string, unknown> }).cloudwatch_logging_options.log_stream_name).toBe("S3Delivery");
    expect((rs.s3_backup_configuration as { cloudwatch_logging_options: Record<string, unknown> }).cloudwatch_logging_options.log_stream_name).toBe("BackupDelivery");
    const logStreams = resourcesOf(json, "aws_cloudwatch_log_stream").filter((l) => String(l.log_group_name).includes("orders-warehouse")).map((l) => l.name);
    expect(logStreams.sort()).toEqual(["BackupDelivery", "DestinationDelivery", "S3Delivery"]);
  });

  test("a Redshift source backup without processors beside an s3-backup destination: warned as a second copy", () => {
    const s = testStack();
    const f2 = fanOut(s);
    const warnings = f2.node.metadata.filter((e) => e.type === "@cdktf/warn").map((e) => String(e.data));
    expect(warnings).toContainEqual(expect.stringContaining("destinations[0].sourceBackup: nothing transforms these records, and the s3-backup destination already keeps every record of the stream"));
    const quiet = fanOut(testStack(), { destinations: [{ ...(ALL_KINDS[0] as object), sourceBackup: false } as FanOutDestination, ALL_KINDS[3]] });
    expect(quiet.node.metadata.filter((e) => e.type === "@cdktf/warn")).toHaveLength(0);
  });

  test("the S3 backup kind uses large buffers and GZIP", () => {
    expect(byName("acme-orders-archive").extended_s3_configuration).toEqual(
      expect.objectContaining({
        prefix: "archive/",
        error_output_prefix: "archive/errors/!{firehose:error-output-type}/",
        buffering_size: 128,
        buffering_interval: 900,
        compression_format: "GZIP",
      }),
    );
  });

  test("created secrets share one rotated fan-out key; referenced secrets are used as given", () => {
    const key = ref(json, "aws_kms_key", "orders_SecretsKey");
    expect(resourcesOf(json, "aws_secretsmanager_secret").map((s) => [s.name, s.kms_key_id])).toEqual([
      ["firehose/acme-orders-splunk/splunk", key],
      ["firehose/acme-orders-warehouse/redshift", key],
    ]);
    expect(byName("acme-orders-partner").http_endpoint_configuration.secrets_manager_configuration).toEqual(expect.objectContaining({ secret_arn: PARTNER_SECRET }));
    expect(statementsOf(json, "acme-orders-warehouse-firehose").find((s) => s.Sid === "DecryptDestinationSecret")).toEqual(
      expect.objectContaining({ Resource: key, Condition: { StringEquals: { "kms:EncryptionContext:SecretARN": ref(json, "aws_secretsmanager_secret", "orders_orders-warehouse") } } }),
    );
  });

  test("no plaintext credential appears anywhere in the synthesized JSON", () => {
    expect(plaintextCredentialPaths(json)).toEqual([]);
    expect(resourcesOf(json, "aws_secretsmanager_secret_version")).toHaveLength(0);
  });

  test("the plaintext detector does find credentials when they are given in plain text (so the test above can fail)", () => {
    const s = testStack();
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    fanOut(s, {
      destinations: [
        { kind: "redshift", name: "warehouse", clusterJdbcUrl: JDBC, tableName: "t", username: "firehose", password: "Pa55word-xyz", allowPlaintextPassword: true },
        { kind: "http-endpoint", name: "partner", url: "https://p.example.com/", accessKey: "ak-987654321", allowPlaintextAccessKey: true },
        { kind: "splunk", name: "splunk", hecEndpoint: "https://splunk.example.com:8088", hecToken: "hec-0000-1111", allowPlaintextToken: true },
      ],
    });
    warn.mockRestore();
    const j = synthJson(s);
    expect(plaintextCredentialPaths(j).map((p) => p.replace(/^.*\.(\w+_configuration)/, "$1")).sort()).toEqual([
      "http_endpoint_configuration.access_key",
      "redshift_configuration.password",
      "redshift_configuration.username",
      "splunk_configuration.hec_token",
    ]);
    const text = JSON.stringify(j);
    for (const v of ["Pa55word-xyz", "ak-987654321", "hec-0000-1111"]) expect(text).toContain(v);
  });

  test("an existing stream by ARN: nothing created for it, roles read that ARN and its key", () => {
    const s = testStack();
    const g = fanOut(s, { stream: undefined, existingStream: { streamArn: STREAM, kmsKeyArn: STREAM_KEY }, destinations: [ALL_KINDS[3]] });
    const j = synthJson(s);
    expect(resourcesOf(j, "aws_kinesis_stream")).toHaveLength(0);
    expect(g.streamArn).toBe(STREAM);
    expect(statementsOf(j, "acme-orders-archive-firehose").filter((st) => st.Sid?.endsWith("SourceStream")).map((st) => [st.Action, st.Resource])).toEqual([
      [READ_ACTIONS, STREAM],
      ["kms:Decrypt", STREAM_KEY],
    ]);
  });

  test("a fan-out name with '.' gives KMS aliases without it (CreateAlias allows only [a-zA-Z0-9/_-])", () => {
    const s = testStack();
    fanOut(s, { name: "acme.orders", destinations: [ALL_KINDS[2]] });
    const aliases = resourcesOf(synthJson(s), "aws_kms_alias").map((a) => a.name as string);
    expect(aliases.sort()).toEqual(["alias/kinesis/acme-orders", "alias/s3/acme-orders-backup", "alias/secrets/acme-orders"]);
  });

  test("streamName names a delivery stream instead of <fan-out>-<destination>, and is validated", () => {
    const s = testStack();
    fanOut(s, { destinations: [{ ...ALL_KINDS[3], streamName: "orders-archive-delivery" }] });
    expect(resourcesOf(synthJson(s), "aws_kinesis_firehose_delivery_stream").map((r) => r.name)).toEqual(["orders-archive-delivery"]);
    expect(errorOf(() => fanOut(testStack(), { destinations: [{ ...ALL_KINDS[3], streamName: "orders archive" }] }))).toContain(
      `[test/orders] destinations[0].streamName: delivery stream name must be 1–64 letters, digits, underscores, periods or hyphens (pattern ^[a-zA-Z0-9_.-]+$) (rule N-FIREHOSE; received "orders archive")`,
    );
  });

  test("the created backup bucket's access-log grant is scoped to the fan-out's account", () => {
    const s = testStack();
    fanOut(s, { accountId: "111122223333" });
    const policies = resourcesOf(synthJson(s), "aws_s3_bucket_policy").map((p) => String(p.policy));
    expect(policies.some((p) => p.includes("logging.s3.amazonaws.com") && p.includes('"aws:SourceAccount":"111122223333"'))).toBe(true);
  });

  test("two fan-outs fit in one stack", () => {
    const s = testStack();
    fanOut(s);
    new FanOut(s, "payments", { name: "acme-payments", backupBucketProps: { bucketName: "acme-payments-backup" }, destinations: [ALL_KINDS[3]] });
    expect(resourcesOf(synthJson(s), "aws_kinesis_firehose_delivery_stream")).toHaveLength(5);
  });

  describe("refuses at synth, every problem in one error", () => {
    test("SNAPPY on the Redshift intermediate bucket, HTTP buffer 65 MiB, Splunk ack 100, Redshift with no credentials, an http:// endpoint", () => {
      const msg = errorOf(() =>
        fanOut(testStack(), {
          destinations: [
            { kind: "redshift", name: "warehouse", clusterJdbcUrl: JDBC, tableName: "t", backup: { compression: "Snappy" } },
            { kind: "http-endpoint", name: "partner", url: "http://p.example.com/", bufferingSizeMiB: 65 },
            { kind: "splunk", name: "splunk", hecEndpoint: "https://splunk.example.com:8088", secret: {}, hecAcknowledgmentTimeoutSeconds: 100 },
          ],
        }),
      );
      expect(msg).toMatch(/^Invalid configuration \(5 problems\):/);
      expect(msg).toContain('[test/orders] destinations[0].intermediateBucket.compression: COPY cannot load Snappy/ZIP files from the intermediate bucket; use UNCOMPRESSED or GZIP (rule REDSHIFT; received "Snappy")');
      expect(msg).toContain('[test/orders] destinations[0].secret: Redshift needs credentials: pass secret ({ secretArn } of a secret holding "username", "password", or {} to create one) (rule REDSHIFT; received undefined)');
      expect(msg).toContain('[test/orders] destinations[1].url: endpoint URL must be a URL starting with https:// (pattern ^https:\\/\\/.+$) (rule HTTP; received "http://p.example.com/")');
      expect(msg).toContain("[test/orders] destinations[1].bufferingSizeMiB: buffering size must be an integer between 1 and 64 MiB (rule B6; received 65)");
      expect(msg).toContain("[test/orders] destinations[2].hecAcknowledgmentTimeoutSeconds: HEC acknowledgement timeout must be an integer between 180 and 600 seconds (rule SPLUNK; received 100)");
    });

    test("stream rules, duplicate names, both stream and existingStream, no bucket", () => {
      const msg = errorOf(() =>
        fanOut(testStack(), {
          stream: { mode: "ON_DEMAND", shardCount: 2, retentionPeriodHours: 9000 },
          existingStream: { streamArn: STREAM },
          backupBucketProps: undefined,
          destinations: [ALL_KINDS[3], ALL_KINDS[3]],
        }),
      );
      expect(msg).toContain('[test/orders] existingStream: give either stream (created) or existingStream, not both (rule FANOUT; received "arn:aws:kinesis:eu-west-1:111122223333:stream/acme-orders")');
      expect(msg).toContain("[test/orders] backupBucket: a fan-out needs backupBucket or backupBucketProps (backups and intermediate files) (rule FANOUT; received undefined)");
      expect(msg).toContain('[test/orders] destinations[1].name: destination names must be unique in a fan-out (rule FANOUT; received "archive")');
    });

    test("created stream rules are reported by the fan-out too", () => {
      const msg = errorOf(() => fanOut(testStack(), { stream: { mode: "ON_DEMAND", shardCount: 2, retentionPeriodHours: 9000, shardLevelMetrics: ["Bogus" as never] } }));
      expect(msg).toContain("[test/orders] stream.shardCount: shardCount must not be set when mode is ON_DEMAND");
      expect(msg).toContain("[test/orders] stream.retentionPeriodHours: retention period must be an integer between 24 and 8760 hours (rule K4; received 9000)");
      expect(msg).toContain('[test/orders] stream.shardLevelMetrics[0]: shard-level metric must be one of');
    });

    test("5 or more delivery streams on one PROVISIONED stream: refused (5 GetRecords calls per second per shard)", () => {
      const five = [0, 1, 2, 3, 4].map((i) => ({ kind: "s3-backup", name: `copy${i}` }) as FanOutDestination);
      expect(errorOf(() => fanOut(testStack(), { destinations: five }))).toContain(
        "[test/orders] destinations: 5 delivery streams on one PROVISIONED stream: each calls GetRecords once per second per shard and a shard serves 5 calls per second to all consumers, so they would be throttled; use at most 4, or split them over two streams (rule FANOUT-CAPACITY; received 5)",
      );
      expect(() => fanOut(testStack(), { destinations: five.slice(0, 4) })).not.toThrow();
      // On-demand streams are not refused here (their shards split as the load grows).
      expect(() => fanOut(testStack(), { stream: { mode: "ON_DEMAND" }, destinations: five })).not.toThrow();
    });

    test("expectedWriteMiBPerSecond: warned when the shards cannot take the writes or serve them to every destination", () => {
      const warningsOf = (rate: number, shardCount: number) =>
        fanOut(testStack(), { stream: { mode: "PROVISIONED", shardCount }, expectedWriteMiBPerSecond: rate })
          .node.metadata.filter((e) => e.type === "@cdktf/warn")
          .map((e) => String(e.data))
          .filter((w) => w.includes("FANOUT-CAPACITY"));
      // 4 destinations × 1 MiB/s = 4 MiB/s of reads; 2 shards serve exactly 4.
      expect(warningsOf(1, 2)).toEqual([]);
      expect(warningsOf(1.5, 2)).toEqual([
        expect.stringContaining("expectedWriteMiBPerSecond: 4 delivery streams each read 1.5 MiB/s (6 MiB/s in all) but 2 shards serve 4 MiB/s (2 MiB/s each, shared): the delivery streams would fall behind; use at least 3 shards or fewer destinations"),
      ]);
      expect(warningsOf(3, 2)).toEqual([
        expect.stringContaining("expectedWriteMiBPerSecond: 2 shards take 2 MiB/s of writes (1 MiB/s each): producers would be throttled; use at least 3 shards"),
        expect.stringContaining("use at least 6 shards or fewer destinations"),
      ]);
      expect(errorOf(() => fanOut(testStack(), { expectedWriteMiBPerSecond: -1 }))).toContain("expectedWriteMiBPerSecond: expected write rate must be a number between 0 and");
    });

    test("a delivery stream name over 64 characters", () => {
      expect(errorOf(() => fanOut(testStack(), { destinations: [{ kind: "s3-backup", name: "a".repeat(60) }] }))).toContain(
        "[test/orders] destinations[0].name: delivery stream name must be 1-64 characters long, got 72 (rule N-FIREHOSE;",
      );
    });
  });
});

describe("fan-out pipeline kind", () => {
  test("prod builds orders-fanout: the stream goes to kinesisStreams, its four delivery streams to deliveryStreams", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const prod = require("../../../environments/prod/config").default;
    const stack = new PipelinesStack(Testing.app(), "prod", { envName: "prod", config: prod, configFile: "environments/prod/config.ts" });
    const json = synthJson(stack);
    const fanOutStreams = stack.resources.deliveryStreams.filter((s) => s.sourceKind === "KinesisStreamAsSource");
    expect(fanOutStreams.map((s) => s.destinationInfo.kind)).toEqual(["Redshift", "HttpEndpoint", "Splunk", "S3"]);
    expect(stack.resources.kinesisStreams).toEqual([expect.objectContaining({ streamName: expect.stringMatching(/^\$\{TfToken\[TOKEN\.\d+\]\}$/) })]);
    expect(resourcesOf(json, "aws_kinesis_stream")).toEqual([expect.objectContaining({ name: "fhp-prod-orders-fanout", stream_mode_details: { stream_mode: "PROVISIONED" } })]);
    expect(Object.keys(json.output ?? {})).toEqual(expect.arrayContaining(["fhp-prod-orders-fanout-warehouse_delivery_stream_arn", "fhp-prod-orders-fanout-archive_delivery_stream_arn"]));
    expect(plaintextCredentialPaths(json)).toEqual([]);
  });

  test("config checks name the pipeline field", () => {
    const v = new Validator(undefined, "environments/qa/config.ts");
    validatePipelines(v, [
      { kind: "fan-out", name: "orders", destinations: [] },
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      { kind: "fan-out", name: "payments", destinations: [{ kind: "kafka", name: "Bad Name" } as any] },
    ]);
    expect(v.problems.map((p) => `${p.propertyPath}: ${p.message}`)).toEqual([
      "pipelines[0].destinations: a fan-out pipeline needs at least one destination",
      "pipelines[1].destinations[0].kind: destination kind must be one of redshift, http-endpoint, splunk, s3-backup",
      "pipelines[1].destinations[0].name: destination names are 1-24 lowercase letters, digits or '-', starting with a letter",
    ]);
  });
});
