import { Testing, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { buildApp } from "../../../main";
import { DestinationInfo, DestinationKind, FirehoseDeliveryStream, IDestination, KinesisStreamSource } from "../../../modules/delivery-stream";
import { ICEBERG_MONITORING } from "../../../modules/destinations/iceberg";
import { openSearchMonitoring } from "../../../modules/destinations/opensearch";
import { REDSHIFT_MONITORING } from "../../../modules/destinations/redshift";
import { SNOWFLAKE_MONITORING } from "../../../modules/destinations/snowflake";
import { DestinationMonitoring, PipelineMonitoring, PipelineMonitoringProps } from "../../../modules/monitoring";
import { errorOf, resourcesOf, synthJson, testStack } from "../../helpers/stack";

type Alarm = Record<string, unknown> & { alarm_name: string; metric_name?: string; dimensions?: Record<string, string> };

/** The monitoring facts each real destination declares in its own file (what the fake reports for its kind). */
const FACTS: Record<string, DestinationMonitoring | undefined> = {
  Redshift: REDSHIFT_MONITORING,
  AmazonOpenSearchService: openSearchMonitoring("AmazonOpenSearchService"),
  AmazonOpenSearchServerless: openSearchMonitoring("AmazonOpenSearchServerless"),
  Iceberg: ICEBERG_MONITORING,
  Snowflake: SNOWFLAKE_MONITORING,
};

/**
 * A destination that binds to nothing and reports the given facts (with the monitoring facts of the real destination
 * of that kind): enough for monitoring, which only reads `info`.
 */
class FakeDestination implements IDestination {
  constructor(private readonly info: Partial<DestinationInfo> & { kind: DestinationKind }) {}
  public validate(): void {}
  public bind() {
    return {
      destination: "http_endpoint",
      // The smallest valid block: the stream's rendered-resource checks need the block `destination` names.
      config: { httpEndpointConfiguration: { url: "https://collector.example.com", s3Configuration: { bucketArn: "arn:aws:s3:::acme-fake", roleArn: "arn:aws:iam::123456789012:role/fake" } } },
      info: { bufferingIntervalSeconds: 300, bufferingSizeMiB: 5, backupToS3: false, dynamicPartitioning: false, formatConversion: false, lambdaFunctionArns: [], monitoring: FACTS[this.info.kind], ...this.info },
    };
  }
}

function fakeStream(scope: Construct, name: string, info: Partial<DestinationInfo> & { kind: DestinationKind }, kinesis = false): FirehoseDeliveryStream {
  return new FirehoseDeliveryStream(scope, name, {
    name,
    destination: new FakeDestination(info),
    source: kinesis ? new KinesisStreamSource({ streamArn: "arn:aws:kinesis:eu-west-1:123456789012:stream/src" }) : undefined,
  });
}

function monitor(build: (stack: TerraformStack) => Partial<PipelineMonitoringProps>): { alarms: Alarm[]; json: ReturnType<typeof synthJson>; stack: TerraformStack } {
  const stack = testStack();
  const extra = build(stack);
  new PipelineMonitoring(stack, "Monitoring", { namePrefix: "acme-test", region: "eu-west-1", resources: { deliveryStreams: [] }, ...extra });
  const json = synthJson(stack);
  return { alarms: resourcesOf(json, "aws_cloudwatch_metric_alarm") as Alarm[], json, stack };
}

const byName = (alarms: Alarm[], name: string): Alarm => {
  const a = alarms.find((x) => x.alarm_name === name);
  if (!a) throw new Error(`no alarm ${name}; have ${alarms.map((x) => x.alarm_name).join(", ")}`);
  return a;
};
const TOPIC = "${aws_sns_topic.Monitoring_Topic_8F26FAED.arn}";

describe("PipelineMonitoring: delivery streams", () => {
  const KINDS: DestinationKind[] = ["S3", "AmazonOpenSearchService", "AmazonOpenSearchServerless", "Redshift", "HttpEndpoint", "Splunk"];

  test.each(KINDS)("%s: DeliveryTo<kind>.Success and .DataFreshness with the stream dimension, sent to the topic", (kind) => {
    const { alarms } = monitor((s) => ({ resources: { deliveryStreams: [fakeStream(s, "orders", { kind, bufferingIntervalSeconds: 120 }, true)] } }));
    expect(byName(alarms, "orders-DeliverySuccess")).toMatchObject({
      namespace: "AWS/Firehose",
      metric_name: `DeliveryTo${kind}.Success`,
      dimensions: { DeliveryStreamName: "orders" },
      statistic: "Average",
      comparison_operator: "LessThanThreshold",
      threshold: 0.95,
      evaluation_periods: 3,
      datapoints_to_alarm: 3,
      period: 300,
      treat_missing_data: "notBreaching",
      alarm_actions: [TOPIC],
      ok_actions: [TOPIC],
    });
    expect(byName(alarms, "orders-DataFreshness")).toMatchObject({
      // Redshift has no DeliveryToRedshift.DataFreshness: its freshness is the intermediate S3 stage's.
      metric_name: kind === "Redshift" ? "DeliveryToS3.DataFreshness" : `DeliveryTo${kind}.DataFreshness`,
      statistic: "Maximum",
      comparison_operator: "GreaterThanThreshold",
      threshold: 120 + 300,
      treat_missing_data: "missing",
    });
    // A Kinesis-sourced stream has no Direct PUT limits and no feature alarms; OpenSearch destinations add AuthFailure.
    const authFailure = kind.startsWith("AmazonOpenSearch") ? ["orders-AuthFailure"] : [];
    expect(alarms.map((a) => a.alarm_name).sort()).toEqual([...authFailure, "orders-DataFreshness", "orders-DeliverySuccess"]);
  });

  test("Redshift: the freshness alarm and dashboard widget watch DeliveryToS3.DataFreshness, which AWS publishes", () => {
    const { alarms, json } = monitor((s) => ({ resources: { deliveryStreams: [fakeStream(s, "wh", { kind: "Redshift" }, true)] } }));
    expect(alarms.map((a) => a.metric_name)).not.toContain("DeliveryToRedshift.DataFreshness");
    expect(byName(alarms, "wh-DataFreshness").alarm_description).toContain("intermediate S3 bucket");
    const body = String(resourcesOf(json, "aws_cloudwatch_dashboard")[0].dashboard_body);
    expect(body).not.toContain("DeliveryToRedshift.DataFreshness");
    const widgets = JSON.parse(body).widgets as { properties: { title?: string; metrics?: unknown[][] } }[];
    expect(widgets.find((w) => w.properties.title === "wh: data freshness (s)")!.properties.metrics![0][1]).toBe("DeliveryToS3.DataFreshness");
  });

  test("Direct PUT: ThrottledRecords and usage of each per-second limit by metric math", () => {
    const { alarms } = monitor((s) => ({ resources: { deliveryStreams: [fakeStream(s, "direct", { kind: "S3" })] } }));
    expect(byName(alarms, "direct-ThrottledRecords")).toMatchObject({ metric_name: "ThrottledRecords", statistic: "Sum", comparison_operator: "GreaterThanThreshold", threshold: 0, treat_missing_data: "notBreaching" });
    for (const [key, usage, limit] of [
      ["IncomingBytesLimit", "IncomingBytes", "BytesPerSecondLimit"],
      ["IncomingRecordsLimit", "IncomingRecords", "RecordsPerSecondLimit"],
      ["IncomingPutRequestsLimit", "IncomingPutRequests", "PutRequestsPerSecondLimit"],
    ]) {
      const a = byName(alarms, `direct-${key}`);
      expect(a).toMatchObject({ comparison_operator: "GreaterThanThreshold", threshold: 80, evaluation_periods: 3, datapoints_to_alarm: 2 });
      expect(a.metric_name).toBeUndefined();
      expect(a.metric_query).toEqual([
        { id: "m1", metric: { namespace: "AWS/Firehose", metric_name: usage, dimensions: { DeliveryStreamName: "direct" }, stat: "Sum", period: 300 } },
        { id: "m2", metric: { namespace: "AWS/Firehose", metric_name: limit, dimensions: { DeliveryStreamName: "direct" }, stat: "Minimum", period: 300 } },
        { id: "e1", expression: "m1/300/m2*100", label: `${usage} (% of ${limit})`, return_data: true },
      ]);
    }
  });

  test("features: dynamic partitioning, backup, Lambda processor, format conversion", () => {
    const { alarms } = monitor((s) => ({
      resources: {
        deliveryStreams: [
          fakeStream(s, "lake", {
            kind: "S3",
            bufferingIntervalSeconds: 60,
            dynamicPartitioning: true,
            backupToS3: true,
            formatConversion: true,
            lambdaFunctionArns: ["arn:aws:lambda:eu-west-1:123456789012:function:f"],
          }),
        ],
      },
    }));
    // ×1.5 with dynamic partitioning (rule B13) + 300 s margin.
    expect(byName(alarms, "lake-DataFreshness").threshold).toBe(90 + 300);
    expect(byName(alarms, "lake-PartitionCountExceeded")).toMatchObject({ metric_name: "PartitionCountExceeded", statistic: "Maximum", comparison_operator: "GreaterThanThreshold", threshold: 0 });
    // Early warning before the quota: PartitionCount as a percentage of ActivePartitionsLimit.
    const nearLimit = byName(alarms, "lake-PartitionCountNearLimit");
    expect(nearLimit).toMatchObject({ comparison_operator: "GreaterThanThreshold", threshold: 80, evaluation_periods: 3, datapoints_to_alarm: 2, treat_missing_data: "notBreaching" });
    expect(nearLimit.metric_query).toEqual([
      expect.objectContaining({ id: "m1", metric: expect.objectContaining({ metric_name: "PartitionCount", namespace: "AWS/Firehose", stat: "Maximum", dimensions: { DeliveryStreamName: "lake" } }) }),
      expect.objectContaining({ id: "m2", metric: expect.objectContaining({ metric_name: "ActivePartitionsLimit", stat: "Minimum" }) }),
      expect.objectContaining({ id: "e1", expression: "m1/m2*100", return_data: true }),
    ]);
    expect(byName(alarms, "lake-BackupSuccess")).toMatchObject({ metric_name: "BackupToS3.Success", statistic: "Average", threshold: 0.95 });
    expect(byName(alarms, "lake-BackupFreshness")).toMatchObject({ metric_name: "BackupToS3.DataFreshness", statistic: "Maximum", treat_missing_data: "missing" });
    expect(byName(alarms, "lake-ProcessingSuccess")).toMatchObject({ metric_name: "ExecuteProcessing.Success", statistic: "Average", comparison_operator: "LessThanThreshold", threshold: 0.95 });
    expect(byName(alarms, "lake-FailedConversionRecords")).toMatchObject({ metric_name: "FailedConversion.Records", statistic: "Sum", comparison_operator: "GreaterThanThreshold", threshold: 0 });
    // DeliveryToS3.Records counts successes: an alarm on it would fire on every healthy delivery.
    expect(alarms.some((a) => a.metric_name === "DeliveryToS3.Records")).toBe(false);
  });

  test("backup freshness follows the backup's own buffering interval when it is longer than the destination's", () => {
    const { alarms } = monitor((s) => ({
      resources: { deliveryStreams: [fakeStream(s, "http", { kind: "HttpEndpoint", bufferingIntervalSeconds: 60, backupToS3: true, backupBufferingIntervalSeconds: 900 }, true)] },
    }));
    // 900 s backup buffer + 300 s margin; max(60, 300) + 300 = 600 would fire on every healthy 900 s buffer.
    expect(byName(alarms, "http-BackupFreshness").threshold).toBe(900 + 300);
    expect(byName(alarms, "http-DataFreshness").threshold).toBe(60 + 300);
  });

  test("no feature alarms when the features are off", () => {
    const { alarms } = monitor((s) => ({ resources: { deliveryStreams: [fakeStream(s, "plain", { kind: "S3" })] } }));
    const metrics = alarms.map((a) => a.metric_name);
    expect(alarms.some((a) => String(a.alarm_name).endsWith("PartitionCountNearLimit"))).toBe(false);
    for (const m of ["PartitionCountExceeded", "BackupToS3.Success", "ExecuteProcessing.Success", "FailedConversion.Records"]) expect(metrics).not.toContain(m);
  });

  test("environment overrides: thresholds, evaluation, disabled alarms, fixed freshness", () => {
    const { alarms } = monitor((s) => ({
      resources: { deliveryStreams: [fakeStream(s, "tuned", { kind: "HttpEndpoint", bufferingIntervalSeconds: 60 })] },
      thresholds: {
        deliverySuccess: { threshold: 0.99, evaluationPeriods: 5, datapointsToAlarm: 4, periodSeconds: 60 },
        dataFreshness: { thresholdSeconds: 900 },
        throttledRecords: { enabled: false },
        ingestionLimitPercent: { threshold: 50 },
      },
    }));
    expect(byName(alarms, "tuned-DeliverySuccess")).toMatchObject({ threshold: 0.99, evaluation_periods: 5, datapoints_to_alarm: 4, period: 60 });
    expect(byName(alarms, "tuned-DataFreshness").threshold).toBe(900);
    expect(alarms.some((a) => a.metric_name === "ThrottledRecords")).toBe(false);
    expect(byName(alarms, "tuned-IncomingBytesLimit").threshold).toBe(50);
  });
});

describe("PipelineMonitoring: Kinesis, Lambda, EventBridge, OpenSearch", () => {
  test("Kinesis stream alarms use AWS/Kinesis and StreamName", () => {
    const { alarms } = monitor(() => ({ resources: { deliveryStreams: [], kinesisStreams: [{ streamName: "orders" }] } }));
    expect(byName(alarms, "orders-IteratorAge")).toMatchObject({ namespace: "AWS/Kinesis", metric_name: "GetRecords.IteratorAgeMilliseconds", statistic: "Maximum", threshold: 600000, dimensions: { StreamName: "orders" }, period: 60 });
    expect(byName(alarms, "orders-WriteThroughputExceeded")).toMatchObject({ metric_name: "WriteProvisionedThroughputExceeded", statistic: "Sum", threshold: 0 });
    expect(byName(alarms, "orders-ReadThroughputExceeded")).toMatchObject({ metric_name: "ReadProvisionedThroughputExceeded", statistic: "Sum", threshold: 0 });
  });

  test("Lambda: errors, throttles, p99 duration above 80% of the timeout", () => {
    const { alarms } = monitor(() => ({ resources: { deliveryStreams: [], functions: [{ functionName: "transform", timeoutSeconds: 60 }] } }));
    expect(byName(alarms, "transform-Errors")).toMatchObject({ namespace: "AWS/Lambda", metric_name: "Errors", statistic: "Sum", threshold: 0, dimensions: { FunctionName: "transform" } });
    expect(byName(alarms, "transform-Throttles")).toMatchObject({ metric_name: "Throttles", statistic: "Sum", threshold: 0 });
    const duration = byName(alarms, "transform-DurationNearTimeout");
    expect(duration).toMatchObject({ metric_name: "Duration", extended_statistic: "p99", threshold: 48000, comparison_operator: "GreaterThanThreshold" });
    expect(duration.statistic).toBeUndefined();
  });

  test("EventBridge: FailedInvocations per bus kind, and dead-letter queue depth", () => {
    const { alarms } = monitor(() => ({
      resources: { deliveryStreams: [], rules: [{ ruleName: "on-default", eventBusName: "default", deadLetterQueueName: "on-default-dlq" }, { ruleName: "on-custom", eventBusName: "app-bus" }] },
    }));
    expect(byName(alarms, "on-default-FailedInvocations")).toMatchObject({ namespace: "AWS/Events", metric_name: "FailedInvocations", statistic: "Sum", threshold: 0, dimensions: { RuleName: "on-default" }, treat_missing_data: "notBreaching" });
    expect(byName(alarms, "on-custom-FailedInvocations").dimensions).toEqual({ EventBusName: "app-bus", RuleName: "on-custom" });
    expect(byName(alarms, "on-default-dlq-DeadLetterQueueMessages")).toMatchObject({ namespace: "AWS/SQS", metric_name: "ApproximateNumberOfMessagesVisible", statistic: "Maximum", comparison_operator: "GreaterThanThreshold", threshold: 0, dimensions: { QueueName: "on-default-dlq" } });
    expect(alarms.filter((a) => a.metric_name === "ApproximateNumberOfMessagesVisible")).toHaveLength(1);
  });

  test("OpenSearch: ClusterStatus.red and FreeStorageSpace with ClientId = account id; storage at 25% of the node's volume in MiB", () => {
    const { alarms } = monitor(() => ({ accountId: "123456789012", resources: { deliveryStreams: [], domains: [{ domainName: "search", volumeSizeGiB: 20 }, { domainName: "big", volumeSizeGiB: 200 }] } }));
    expect(byName(alarms, "search-ClusterRed")).toMatchObject({ namespace: "AWS/ES", metric_name: "ClusterStatus.red", statistic: "Maximum", comparison_operator: "GreaterThanOrEqualToThreshold", threshold: 1, dimensions: { DomainName: "search", ClientId: "123456789012" } });
    // 20 GiB = 20480 MiB per node; 25% = 5120. The old 20480 could never clear: a 20 GiB node reports at most 16384 MiB free.
    expect(byName(alarms, "search-FreeStorageLow")).toMatchObject({ metric_name: "FreeStorageSpace", statistic: "Minimum", comparison_operator: "LessThanOrEqualToThreshold", threshold: 5120, treat_missing_data: "breaching" });
    expect(byName(alarms, "big-FreeStorageLow").threshold).toBe(51200);
  });

  test("OpenSearch FreeStorageSpace: an explicit threshold wins below the usable storage, and is refused at or above it", () => {
    const { alarms } = monitor(() => ({ accountId: "123456789012", thresholds: { openSearchFreeStorageMiB: { threshold: 10000 } }, resources: { deliveryStreams: [], domains: [{ domainName: "search", volumeSizeGiB: 20 }] } }));
    expect(byName(alarms, "search-FreeStorageLow").threshold).toBe(10000);
    for (const threshold of [16384, 20480]) {
      const msg = errorOf(() => monitor(() => ({ accountId: "123456789012", thresholds: { openSearchFreeStorageMiB: { threshold } }, resources: { deliveryStreams: [], domains: [{ domainName: "search", volumeSizeGiB: 20 }] } })));
      expect(msg).toContain(
        `thresholds.openSearchFreeStorageMiB.threshold: must be below the free storage a node of domain search can report: 16384 MiB (20 GiB volume, in MiB, less the 20% OpenSearch reserves, at most 20 GiB); at or above it the alarm fires from the first datapoint and never clears (rule MON-STORAGE; received ${threshold})`,
      );
    }
    // The reserve is capped at 20 GiB: a 200 GiB node can report up to 184320 MiB free.
    expect(() => monitor(() => ({ accountId: "123456789012", thresholds: { openSearchFreeStorageMiB: { threshold: 184319 } }, resources: { deliveryStreams: [], domains: [{ domainName: "big", volumeSizeGiB: 200 }] } }))).not.toThrow();
    expect(errorOf(() => monitor(() => ({ accountId: "123456789012", thresholds: { openSearchFreeStorageMiB: { threshold: 184320 } }, resources: { deliveryStreams: [], domains: [{ domainName: "big", volumeSizeGiB: 200 }] } })))).toContain("184320 MiB (200 GiB volume");
  });

  test("topic key: CloudWatch's statement names the configured account as aws:SourceAccount", () => {
    const { json } = monitor((s) => ({ accountId: "123456789012", resources: { deliveryStreams: [fakeStream(s, "orders", { kind: "S3" })] } }));
    const keyPolicy = JSON.parse(String(resourcesOf(json, "aws_kms_key_policy")[0].policy).replace(/\$\{[^}]*\}/g, "TOKEN"));
    const cw = keyPolicy.Statement.find((st: { Sid: string }) => st.Sid === "CloudWatchAlarmsEncrypt");
    expect(cw.Condition).toEqual({ StringEquals: { "aws:SourceAccount": "123456789012" } });
  });

  test("OpenSearch FreeStorageSpace of a domain of unknown size: 20480 MiB with a warning", () => {
    const stack = testStack();
    const m = new PipelineMonitoring(stack, "Monitoring", { namePrefix: "acme", region: "eu-west-1", accountId: "123456789012", resources: { deliveryStreams: [], domains: [{ domainName: "search" }] } });
    expect(m.alarmSpecs.find((a) => a.key === "FreeStorageLow")?.threshold).toBe(20480);
    const warnings = m.node.metadata.filter((e) => e.type === "@cdktf/warn").map((e) => String(e.data));
    expect(warnings).toEqual([expect.stringContaining("FreeStorageSpace alarm of search uses 20480 MiB: give volumeSizeGiB")]);
  });

  test.each(["AmazonOpenSearchService", "AmazonOpenSearchServerless"] as const)("%s: AuthFailure alarm (the delivery role is refused, e.g. not mapped under fine-grained access control)", (kind) => {
    const { alarms } = monitor((s) => ({ resources: { deliveryStreams: [fakeStream(s, "search", { kind })] } }));
    expect(byName(alarms, "search-AuthFailure")).toMatchObject({
      namespace: "AWS/Firehose",
      metric_name: `DeliveryTo${kind}.AuthFailure`,
      statistic: "Maximum",
      comparison_operator: "GreaterThanOrEqualToThreshold",
      threshold: 1,
      treat_missing_data: "notBreaching",
      dimensions: { DeliveryStreamName: "search" },
    });
  });

  test("AuthFailure alarms only for OpenSearch destinations", () => {
    const { alarms } = monitor((s) => ({ resources: { deliveryStreams: [fakeStream(s, "lake", { kind: "S3" }), fakeStream(s, "wh", { kind: "Redshift" })] } }));
    expect(alarms.filter((a) => String(a.metric_name).endsWith(".AuthFailure"))).toHaveLength(0);
  });

  test("OpenSearch without account id: alarms skipped with a warning annotation", () => {
    const stack = testStack();
    const m = new PipelineMonitoring(stack, "Monitoring", { namePrefix: "acme", region: "eu-west-1", resources: { deliveryStreams: [], domains: [{ domainName: "search" }] } });
    expect(m.alarms).toHaveLength(0);
    const warnings = m.node.metadata.filter((e) => e.type === "@cdktf/warn").map((e) => String(e.data));
    expect(warnings).toEqual([expect.stringContaining("OpenSearch alarms (ClusterStatus.red, FreeStorageSpace) skipped for search: set accountId")]);
  });
});

describe("PipelineMonitoring: topic, subscriptions, dashboard", () => {
  test("KMS-encrypted topic whose key lets CloudWatch encrypt, subscriptions, dashboard per stream", () => {
    const { json } = monitor((s) => ({
      resources: { deliveryStreams: [fakeStream(s, "a", { kind: "S3" }), fakeStream(s, "b", { kind: "Splunk" }, true)] },
      subscriptions: [
        { protocol: "email", endpoint: "oncall@example.com" },
        { protocol: "https", endpoint: "https://hooks.example.com/alarms" },
        { protocol: "sqs", endpoint: "arn:aws:sqs:eu-west-1:123456789012:alarms" },
        { protocol: "lambda", endpoint: "arn:aws:lambda:eu-west-1:123456789012:function:notify" },
      ],
    }));
    const topic = resourcesOf(json, "aws_sns_topic")[0];
    expect(topic).toMatchObject({ name: "acme-test-alarms", kms_master_key_id: "${aws_kms_key.Monitoring_TopicKey_55CFA3DC.arn}" });
    expect(resourcesOf(json, "aws_kms_key")[0]).toMatchObject({ enable_key_rotation: true });
    // Terraform interpolations (`${element(split(":", ...))}`) hold quotes: blank them before parsing.
    const parse = (policy: unknown) => JSON.parse(String(policy).replace(/\$\{[^}]*\}/g, "TOKEN"));
    const keyPolicy = parse(resourcesOf(json, "aws_kms_key_policy")[0].policy);
    // Confused-deputy guard: CloudWatch may use the key only on behalf of this account (here taken from the key's ARN).
    expect(keyPolicy.Statement).toContainEqual({
      Sid: "CloudWatchAlarmsEncrypt",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceAccount": "TOKEN" } },
    });
    const topicPolicy = parse(resourcesOf(json, "aws_sns_topic_policy")[0].policy);
    expect(topicPolicy.Statement[0]).toMatchObject({ Principal: { Service: "cloudwatch.amazonaws.com" }, Action: "sns:Publish", Condition: { ArnLike: { "aws:SourceArn": "arn:TOKEN:cloudwatch:TOKEN:TOKEN:alarm:*" } } });
    expect(keyPolicy.Statement[0]).toMatchObject({ Principal: { AWS: "arn:TOKEN:iam::TOKEN:root" }, Action: "kms:*" });
    expect(resourcesOf(json, "aws_sns_topic_subscription").map((x) => [x.protocol, x.endpoint])).toEqual([
      ["email", "oncall@example.com"],
      ["https", "https://hooks.example.com/alarms"],
      ["sqs", "arn:aws:sqs:eu-west-1:123456789012:alarms"],
      ["lambda", "arn:aws:lambda:eu-west-1:123456789012:function:notify"],
    ]);
    const dashboard = resourcesOf(json, "aws_cloudwatch_dashboard")[0];
    expect(dashboard.dashboard_name).toBe("acme-test-pipelines");
    const widgets = JSON.parse(dashboard.dashboard_body as string).widgets as { type: string; properties: { title?: string; region?: string; metrics?: unknown[][] } }[];
    const titles = widgets.filter((w) => w.type === "metric").map((w) => w.properties.title);
    expect(titles).toEqual([
      "a: incoming records", "a: delivery success", "a: data freshness (s)", "a: throttling",
      "b: incoming records", "b: delivery success", "b: data freshness (s)", "b: throttling",
    ]);
    const metricsOf = (title: string) => widgets.find((w) => w.properties.title === title)!.properties.metrics![0];
    expect(metricsOf("a: incoming records")).toEqual(["AWS/Firehose", "IncomingRecords", "DeliveryStreamName", "a", { stat: "Sum" }]);
    expect(metricsOf("b: incoming records")).toEqual(["AWS/Firehose", "DataReadFromKinesisStream.Records", "DeliveryStreamName", "b", { stat: "Sum" }]);
    expect(metricsOf("b: delivery success")[1]).toBe("DeliveryToSplunk.Success");
    expect(metricsOf("b: throttling")[1]).toBe("ThrottledGetRecords");
  });

  test("an existing topic is used as is", () => {
    const { json, alarms } = monitor((s) => ({ alarmTopicArn: "arn:aws:sns:eu-west-1:123456789012:ops", resources: { deliveryStreams: [fakeStream(s, "x", { kind: "S3" })] } }));
    expect(resourcesOf(json, "aws_sns_topic")).toHaveLength(0);
    expect(alarms[0].alarm_actions).toEqual(["arn:aws:sns:eu-west-1:123456789012:ops"]);
  });
});

describe("PipelineMonitoring: bad input", () => {
  const bad = (extra: Partial<PipelineMonitoringProps>) =>
    errorOf(() => {
      const stack = testStack();
      new PipelineMonitoring(stack, "Monitoring", { namePrefix: "acme", region: "eu-west-1", resources: { deliveryStreams: [fakeStream(stack, "s", { kind: "S3", bufferingIntervalSeconds: 300, dynamicPartitioning: true })] }, ...extra });
    });

  test("a Success threshold outside [0,1]", () => {
    expect(bad({ thresholds: { deliverySuccess: { threshold: 95 } } })).toContain(
      "[test/Monitoring] thresholds.deliverySuccess.threshold: threshold of deliverySuccess is a success ratio and must be between 0 and 1 (rule MON; received 95)",
    );
  });
  test("a negative count threshold", () => {
    expect(bad({ thresholds: { lambdaErrors: { threshold: -1 } } })).toContain("thresholds.lambdaErrors.threshold: threshold of lambdaErrors is a count and must be at least 0 (rule MON; received -1)");
  });
  test("a percentage over 100", () => {
    expect(bad({ thresholds: { ingestionLimitPercent: { threshold: 120 } } })).toContain("threshold of ingestionLimitPercent is a percentage and must be between 1 and 100 (rule MON; received 120)");
  });
  test("evaluation periods < 1, datapoints > periods, a bad period", () => {
    const msg = bad({ thresholds: { dataFreshness: { evaluationPeriods: 0 }, deliverySuccess: { evaluationPeriods: 2, datapointsToAlarm: 3 }, lambdaThrottles: { periodSeconds: 45 } } });
    expect(msg).toContain("thresholds.dataFreshness.evaluationPeriods: evaluationPeriods must be an integer of at least 1 (rule MON; received 0)");
    expect(msg).toContain("thresholds.deliverySuccess.datapointsToAlarm: datapointsToAlarm must be an integer between 1 and evaluationPeriods (2) (rule MON; received 3)");
    expect(msg).toContain("thresholds.lambdaThrottles.periodSeconds: periodSeconds must be 10, 20, 30 or a multiple of 60 (rule MON; received 45)");
  });
  test("a fixed freshness threshold below the stream's buffering delay", () => {
    expect(bad({ thresholds: { dataFreshness: { thresholdSeconds: 400 } } })).toContain(
      "thresholds.dataFreshness.thresholdSeconds: must exceed the buffering delay of stream s (450 s), or the alarm fires on every healthy buffer (rule MON; received 400)",
    );
  });
  test("unknown alarm, a threshold on the fixed red-status alarm, threshold instead of thresholdSeconds", () => {
    const msg = bad({ thresholds: { deliverySucess: { threshold: 0.9 }, openSearchClusterRed: { threshold: 2 }, dataFreshness: { threshold: 600 } } as never });
    expect(msg).toContain("thresholds.deliverySucess: unknown alarm; known alarms: deliverySuccess, dataFreshness,");
    expect(msg).toContain("thresholds.openSearchClusterRed.threshold: this alarm's threshold is fixed (ClusterStatus.red ≥ 1); only its evaluation settings can change (rule MON; received 2)");
    expect(msg).toContain("thresholds.dataFreshness.threshold: freshness alarms take thresholdSeconds (or marginSeconds), not threshold (rule MON; received 600)");
  });
  test("subscriptions with an unknown protocol or a malformed endpoint", () => {
    const msg = bad({ subscriptions: [{ protocol: "sms" as never, endpoint: "+1555" }, { protocol: "email", endpoint: "not-an-address" }, { protocol: "https", endpoint: "http://plain.example.com" }] });
    expect(msg).toContain("subscriptions[0].protocol: protocol must be one of email, https, sqs, lambda (rule MON; received \"sms\")");
    expect(msg).toContain("subscriptions[1].endpoint: a email subscription endpoint must be an email address (rule MON; received \"not-an-address\")");
    expect(msg).toContain("subscriptions[2].endpoint: a https subscription endpoint must be an https:// URL (rule MON; received \"http://plain.example.com\")");
  });
  test("an existing topic and a key for a created one", () => {
    expect(bad({ alarmTopicArn: "arn:aws:sns:eu-west-1:123456789012:ops", topicKmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/abc" })).toContain(
      "topicKmsKeyArn: give either alarmTopicArn (existing topic) or topicKmsKeyArn (for the created topic), not both",
    );
  });
});

describe("every environment's alarms cover every delivery stream it contains", () => {
  const app = buildApp({ outdir: Testing.app().outdir });
  const stacks = app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack);

  test.each(stacks.map((s) => [s.node.id, s] as const))("%s", (_id, stack) => {
    const json = synthJson(stack);
    const streams = resourcesOf(json, "aws_kinesis_firehose_delivery_stream").map((s) => s.name as string);
    expect(streams.length).toBeGreaterThan(0);
    const alarms = resourcesOf(json, "aws_cloudwatch_metric_alarm") as Alarm[];
    for (const name of streams) {
      const metrics = alarms.filter((a) => a.dimensions?.DeliveryStreamName === name).map((a) => a.metric_name);
      expect({ name, success: metrics.some((m) => /^DeliveryTo\w+\.Success$/.test(m ?? "")), freshness: metrics.some((m) => /^DeliveryTo\w+\.DataFreshness$/.test(m ?? "")) }).toEqual({ name, success: true, freshness: true });
    }
    for (const a of alarms) expect(a.alarm_actions).toEqual(a.ok_actions);
    expect(resourcesOf(json, "aws_cloudwatch_dashboard")).toHaveLength(1);
  });
});

describe("environment config: monitoring", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { validateEnvironment } = require("../../../app/config/environment") as typeof import("../../../app/config/environment");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PipelinesStack } = require("../../../app/stack") as typeof import("../../../app/stack");
  const base = {
    region: "eu-west-1",
    namingPrefix: "acme-qa",
    tags: {},
    backend: { type: "local" as const },
    pipelines: [{ kind: "data-lake" as const, name: "app-events" }],
  };

  test("bad monitoring settings name the file and the field", () => {
    const msg = errorOf(() =>
      validateEnvironment("environments/qa/config.ts", { ...base, monitoring: { enabled: "no" as never, subscriptions: [{ protocol: "email", endpoint: "x" }], thresholds: { deliverySuccess: { threshold: 2 } } } }),
    );
    expect(msg).toContain('[environments/qa/config.ts] monitoring.enabled: enabled must be true or false (rule MON; received "no")');
    expect(msg).toContain("[environments/qa/config.ts] monitoring.subscriptions[0].endpoint: a email subscription endpoint must be an email address");
    expect(msg).toContain("[environments/qa/config.ts] monitoring.thresholds.deliverySuccess.threshold: threshold of deliverySuccess is a success ratio and must be between 0 and 1 (rule MON; received 2)");
  });

  test("enabled: false creates no alarms, topic or dashboard; the default creates them", () => {
    const count = (monitoring?: { enabled: boolean }) => {
      const stack = new PipelinesStack(Testing.app(), "qa", { envName: "qa", config: { ...base, monitoring }, configFile: "environments/qa/config.ts" });
      const json = synthJson(stack);
      return ["aws_cloudwatch_metric_alarm", "aws_sns_topic", "aws_cloudwatch_dashboard"].map((t) => resourcesOf(json, t).length);
    };
    expect(count({ enabled: false })).toEqual([0, 0, 0]);
    expect(count(undefined)).toEqual([6, 1, 1]);
  });
});
