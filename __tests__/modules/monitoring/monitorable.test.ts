/**
 * Constructs declare what to monitor (IMonitorable) and PipelineMonitoring finds them; destinations declare their own
 * metrics; the metric helpers, grant results and stream imports of the delivery and Kinesis streams.
 */
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { ExistingRole, ServiceRole } from "../../../modules/core/iam";
import { FirehoseValidationError } from "../../../modules/core/validation";
import { DestinationBindContext, DestinationValidationContext, FirehoseDeliveryStream, IDestination, KinesisStreamSource } from "../../../modules/delivery-stream";
import { BufferingLimits, validateBuffering } from "../../../modules/delivery-stream/validation";
import { bindBackedUpDelivery, BackedUpDeliverySpec } from "../../../modules/destinations/common";
import { S3BackupProps } from "../../../modules/destinations";
import { KinesisDataStream } from "../../../modules/kinesis-stream";
import { collectMonitoredResources, DestinationMonitoring, MetricDescription, MetricOptions, PipelineMonitoring } from "../../../modules/monitoring";
import { resourcesOf, synthJson, testStack } from "../../helpers/stack";

type Alarm = Record<string, unknown> & { alarm_name: string; metric_name?: string; dimensions?: Record<string, string> };

function problems(fn: () => unknown): { propertyPath: string; rule: string; message: string; value: unknown }[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof FirehoseValidationError) return e.problems;
    throw e;
  }
  throw new Error("expected a validation error");
}

// ---------------------------------------------------------------------------------------------------------------
// A new destination, defined entirely here: its kind, limits, defaults and monitoring facts live in this one place.
// ---------------------------------------------------------------------------------------------------------------

/** Buffering limits of the toy collector (it accepts what an HTTP endpoint accepts: rule B6). */
const TOY_BUFFERING: BufferingLimits = { minSizeMiB: 1, maxSizeMiB: 64, maxIntervalSeconds: 900, rule: "B6" };

const TOY_MONITORING: DestinationMonitoring = {
  // It is delivered over Firehose's HTTP endpoint path, so it publishes the HTTP endpoint metrics.
  deliveryMetricPrefix: "DeliveryToHttpEndpoint",
  freshnessTarget: "the toy collector",
  alarms: [
    {
      key: "ToyRecordsDropped",
      metricName: "DeliveryToHttpEndpoint.ProcessingFailed",
      statistic: "Sum",
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
      defaults: { threshold: 10, evaluationPeriods: 2 },
      description: (name) => `${name}: the toy collector dropped records`,
    },
  ],
  widgets: [{ title: "Toy records", metrics: [{ metricName: "DeliveryToHttpEndpoint.Records", stat: "Sum" }] }],
};

const TOY_DELIVERY: BackedUpDeliverySpec<"FailedDataOnly" | "AllData"> = {
  kind: "ToyCollector",
  buffering: TOY_BUFFERING,
  defaultSizeMiB: 2,
  defaultIntervalSeconds: 120,
  defaultRetrySeconds: 60,
  modes: ["FailedDataOnly", "AllData"],
  retryRule: "HTTP",
  modeRule: "HTTP",
  modeLabel: "S3 backup mode",
  monitoring: TOY_MONITORING,
};

interface ToyProps {
  readonly url: string;
  readonly bufferingSizeMiB?: number;
  readonly bufferingIntervalSeconds?: number;
  readonly s3Backup: S3BackupProps;
}

class ToyCollectorDestination implements IDestination {
  constructor(private readonly props: ToyProps) {}
  public validate({ validator: v, path }: DestinationValidationContext): void {
    validateBuffering(v, path, this.props.bufferingSizeMiB, this.props.bufferingIntervalSeconds, TOY_BUFFERING);
  }
  public bind(_scope: Construct, ctx: DestinationBindContext) {
    const { rendered, info } = bindBackedUpDelivery(ctx, this.props, { props: this.props.s3Backup, path: "destination.s3Backup", modePath: "destination.s3BackupMode" }, TOY_DELIVERY);
    return { destination: "http_endpoint", config: { httpEndpointConfiguration: { ...rendered, url: this.props.url } }, info };
  }
}

const BACKUP: S3BackupProps = { bucket: { bucketArn: "arn:aws:s3:::acme-toy-backup" } };

describe("a destination defined in one file gets its monitoring and buffering checks", () => {
  test("alarms: success and freshness on the metrics it names, its own alarm with its own defaults; a dashboard row", () => {
    const stack = testStack();
    new FirehoseDeliveryStream(stack, "Toy", { name: "toy", destination: new ToyCollectorDestination({ url: "https://toy.example.com", s3Backup: BACKUP }) });
    const m = new PipelineMonitoring(stack, "Monitoring", { namePrefix: "acme", region: "eu-west-1", scope: stack });
    const alarms = resourcesOf(synthJson(stack), "aws_cloudwatch_metric_alarm") as Alarm[];
    const byName = Object.fromEntries(alarms.map((a) => [a.alarm_name, a]));
    // Direct PUT: throttling and the three ingestion limits besides the destination's own alarms.
    expect(Object.keys(byName).sort()).toEqual(
      ["DataFreshness", "DeliverySuccess", "IncomingBytesLimit", "IncomingPutRequestsLimit", "IncomingRecordsLimit", "ThrottledRecords", "ToyRecordsDropped"].map((k) => `toy-${k}`),
    );
    expect(byName["toy-DeliverySuccess"]).toMatchObject({ metric_name: "DeliveryToHttpEndpoint.Success", dimensions: { DeliveryStreamName: "toy" } });
    // Freshness: the toy's own 120 s default interval plus the 300 s margin.
    expect(byName["toy-DataFreshness"]).toMatchObject({ metric_name: "DeliveryToHttpEndpoint.DataFreshness", threshold: 420, alarm_description: expect.stringContaining("the toy collector") });
    expect(byName["toy-ToyRecordsDropped"]).toMatchObject({ metric_name: "DeliveryToHttpEndpoint.ProcessingFailed", statistic: "Sum", threshold: 10, evaluation_periods: 2, datapoints_to_alarm: 2, period: 300 });
    const widgets = JSON.parse(m.dashboard!.dashboardBodyInput as string).widgets as { properties: { title?: string; metrics?: unknown[] } }[];
    expect(widgets.find((w) => w.properties.title === "toy: Toy records")?.properties.metrics).toEqual([["AWS/Firehose", "DeliveryToHttpEndpoint.Records", "DeliveryStreamName", "toy", { stat: "Sum" }]]);
    expect(widgets.find((w) => w.properties.title === "toy: data freshness (s)")?.properties.metrics).toEqual([["AWS/Firehose", "DeliveryToHttpEndpoint.DataFreshness", "DeliveryStreamName", "toy", { stat: "Maximum" }]]);
  });

  test("buffering outside its own limits is refused at synth with its rule, path and value", () => {
    const found = problems(() => new FirehoseDeliveryStream(testStack(), "Toy", { name: "toy", destination: new ToyCollectorDestination({ url: "https://toy.example.com", bufferingSizeMiB: 65, s3Backup: BACKUP }) }));
    expect(found).toEqual([expect.objectContaining({ propertyPath: "destination.bufferingSizeMiB", rule: "B6", value: 65 })]);
  });

  test("its stream's metric helpers name its own metrics", () => {
    const stream = new FirehoseDeliveryStream(testStack(), "Toy", { name: "toy", destination: new ToyCollectorDestination({ url: "https://toy.example.com", s3Backup: BACKUP }) });
    expect(stream.metricDataFreshness().metricName).toBe("DeliveryToHttpEndpoint.DataFreshness");
    expect(stream.metricDeliverySuccess()).toEqual({ namespace: "AWS/Firehose", metricName: "DeliveryToHttpEndpoint.Success", dimensions: { DeliveryStreamName: "toy" }, statistic: "Average", periodSeconds: 300 });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Discovery
// ---------------------------------------------------------------------------------------------------------------

const S3ISH: IDestination = {
  validate() {},
  bind() {
    return {
      destination: "http_endpoint",
      config: { httpEndpointConfiguration: { url: "https://collector.example.com", s3Configuration: { bucketArn: "arn:aws:s3:::acme-fake", roleArn: "arn:aws:iam::123456789012:role/fake" } } },
      info: { kind: "HttpEndpoint", bufferingIntervalSeconds: 300, bufferingSizeMiB: 5, backupToS3: false, dynamicPartitioning: false, formatConversion: false, lambdaFunctionArns: [] },
    };
  },
};

function pipeline(stack: TerraformStack) {
  // Nested a few levels deep, as module constructs nest theirs.
  const outer = new Construct(stack, "Pipeline");
  const inner = new Construct(outer, "Inner");
  const kinesis = new KinesisDataStream(inner, "Source", { name: "acme-source", encryption: { type: "AWS_MANAGED" } });
  const stream = new FirehoseDeliveryStream(inner, "Delivery", { name: "acme-delivery", destination: S3ISH, source: kinesis.toSource() });
  return { kinesis, stream };
}

describe("PipelineMonitoring finds what constructs declare", () => {
  test("every monitorable construct under the scope, nested or not, without registering anything", () => {
    const stack = testStack();
    const { kinesis, stream } = pipeline(stack);
    const r = collectMonitoredResources({ scope: stack });
    expect(r.deliveryStreams).toEqual([stream]);
    expect(r.kinesisStreams).toEqual([{ streamName: kinesis.streamName, metrics: kinesis }]);
    expect(r.functions).toEqual([]);
  });

  test("a construct reached through scope, targets and resources at once is watched once", () => {
    const stack = testStack();
    const { kinesis, stream } = pipeline(stack);
    const m = new PipelineMonitoring(stack, "Monitoring", {
      namePrefix: "acme",
      region: "eu-west-1",
      scope: stack,
      targets: [stream, kinesis, stream],
      resources: { deliveryStreams: [stream], kinesisStreams: [{ streamName: kinesis.streamName }] },
    });
    const names = m.alarmSpecs.map((s) => `${s.resourceName}-${s.key}`);
    expect(new Set(names).size).toBe(names.length);
    expect(m.resources.deliveryStreams).toHaveLength(1);
    expect(m.resources.kinesisStreams).toHaveLength(1);
    expect(names.filter((n) => n.endsWith("-IteratorAge"))).toHaveLength(1);
    expect(names.filter((n) => n === "acme-delivery-DeliverySuccess")).toHaveLength(1);
  });

  test("an explicit list watches only what it names", () => {
    const stack = testStack();
    const { stream } = pipeline(stack);
    const m = new PipelineMonitoring(stack, "Monitoring", { namePrefix: "acme", region: "eu-west-1", targets: [stream] });
    expect(m.resources.kinesisStreams).toEqual([]);
    expect(m.alarmSpecs.every((s) => s.resourceName === "acme-delivery")).toBe(true);
  });

  test("a target that declares nothing, and no scope, targets or resources at all, are refused before anything is created", () => {
    const stack = testStack();
    expect(problems(() => new PipelineMonitoring(stack, "M1", { namePrefix: "acme", region: "eu-west-1", targets: [{} as never] }))).toEqual([
      expect.objectContaining({ propertyPath: "targets[0]", rule: "MON", message: expect.stringContaining("must declare what to monitor") }),
    ]);
    expect(problems(() => new PipelineMonitoring(stack, "M2", { namePrefix: "acme", region: "eu-west-1" }))).toEqual([expect.objectContaining({ propertyPath: "scope", rule: "MON" })]);
    expect(resourcesOf(synthJson(stack), "aws_cloudwatch_metric_alarm")).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Metric helpers, used by the alarms
// ---------------------------------------------------------------------------------------------------------------

describe("metric helpers", () => {
  test("delivery stream: typed descriptions with the literal stream name, defaults and overrides", () => {
    const stream = new FirehoseDeliveryStream(testStack(), "S", { name: "acme-orders", destination: S3ISH });
    expect(stream.metricIncomingRecords()).toEqual({ namespace: "AWS/Firehose", metricName: "IncomingRecords", dimensions: { DeliveryStreamName: "acme-orders" }, statistic: "Sum", periodSeconds: 300 });
    expect(stream.metricIncomingBytes({ periodSeconds: 60, statistic: "Average" })).toMatchObject({ metricName: "IncomingBytes", statistic: "Average", periodSeconds: 60 });
    expect(stream.metricThrottledRecords({ extendedStatistic: "p99" })).toMatchObject({ metricName: "ThrottledRecords", statistic: undefined, extendedStatistic: "p99" });
    expect(stream.metric("BackupToS3.Success", { statistic: "Average" })).toMatchObject({ metricName: "BackupToS3.Success", statistic: "Average" });
  });

  test("Kinesis stream: iterator age (Maximum), write/read throughput exceeded (Sum)", () => {
    const k = new KinesisDataStream(testStack(), "K", { name: "acme-k" });
    expect(k.metricGetRecordsIteratorAgeMilliseconds()).toEqual({ namespace: "AWS/Kinesis", metricName: "GetRecords.IteratorAgeMilliseconds", dimensions: { StreamName: k.streamName }, statistic: "Maximum", periodSeconds: 300 });
    expect(k.metricWriteProvisionedThroughputExceeded()).toMatchObject({ metricName: "WriteProvisionedThroughputExceeded", statistic: "Sum" });
    expect(k.metricReadProvisionedThroughputExceeded()).toMatchObject({ metricName: "ReadProvisionedThroughputExceeded", statistic: "Sum" });
    expect(k.metricIncomingRecords({ dimensions: { ShardId: "shardId-000000000000" } }).dimensions).toEqual({ StreamName: k.streamName, ShardId: "shardId-000000000000" });
  });

  test("the alarms are built on the constructs' helpers (a subclass overriding one changes its alarm)", () => {
    class TaggedKinesis extends KinesisDataStream {
      public metricGetRecordsIteratorAgeMilliseconds(opts?: MetricOptions): MetricDescription {
        return { ...super.metricGetRecordsIteratorAgeMilliseconds(opts), dimensions: { StreamName: "from-helper" } };
      }
    }
    class TaggedStream extends FirehoseDeliveryStream {
      public metric(metricName: string, opts?: MetricOptions): MetricDescription {
        return { ...super.metric(metricName, opts), namespace: "Helper/Firehose" };
      }
    }
    const stack = testStack();
    const k = new TaggedKinesis(stack, "K", { name: "acme-k", encryption: { type: "AWS_MANAGED" } });
    new TaggedStream(stack, "S", { name: "acme-s", destination: S3ISH, source: new KinesisStreamSource({ streamArn: "arn:aws:kinesis:eu-west-1:123456789012:stream/acme-k" }) });
    const m = new PipelineMonitoring(stack, "Monitoring", { namePrefix: "acme", region: "eu-west-1", targets: [k], scope: stack });
    const spec = (key: string) => m.alarmSpecs.find((s) => s.key === key)!;
    expect(spec("IteratorAge").dimensions).toEqual({ StreamName: "from-helper" });
    expect(spec("DeliverySuccess").namespace).toBe("Helper/Firehose");
    expect(spec("DataFreshness").namespace).toBe("Helper/Firehose");
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Grant results and imports
// ---------------------------------------------------------------------------------------------------------------

describe("grantPutRecords returns what it granted", () => {
  test("the statements and the role's inline policy resource", () => {
    const stack = testStack();
    const stream = new FirehoseDeliveryStream(stack, "S", { name: "acme-s", destination: S3ISH, encryption: { type: "CUSTOMER_MANAGED", keyArn: "arn:aws:kms:eu-west-1:123456789012:key/abc" } });
    const producer = new ServiceRole(stack, "Producer", { name: "producer", service: "lambda.amazonaws.com" });
    const grant = stream.grantPutRecords(producer);
    expect(grant.success).toBe(true);
    expect(grant.policy).toBe(producer.policy);
    expect(grant.statements.map((s) => [s.sid, s.actions, s.resources])).toEqual([
      ["PutRecordsToDeliveryStream", ["firehose:PutRecord", "firehose:PutRecordBatch"], [stream.streamArn]],
      ["EncryptRecordsForDeliveryStream", ["kms:GenerateDataKey", "kms:Decrypt"], ["arn:aws:kms:eu-west-1:123456789012:key/abc"]],
    ]);
  });

  test("a role that cannot be changed: no success, no statements, no policy", () => {
    const stack = testStack();
    const stream = new FirehoseDeliveryStream(stack, "S", { name: "acme-s", destination: S3ISH });
    const grant = stream.grantPutRecords(new ExistingRole(stack, "R", { roleArn: "arn:aws:iam::123456789012:role/external" }));
    expect(grant).toEqual({ success: false, statements: [] });
  });
});

describe("an existing delivery stream by name or ARN", () => {
  test("by name: the ARN is built from partition, region, account and name; grants and metrics work on it", () => {
    const stack = testStack();
    const s = FirehoseDeliveryStream.fromDeliveryStreamName(stack, "Existing", "partner-feed", { region: "eu-west-1", accountId: "123456789012", sseKmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k1" });
    expect(s.streamArn).toBe("arn:aws:firehose:eu-west-1:123456789012:deliverystream/partner-feed");
    expect(s.metricIncomingRecords().dimensions).toEqual({ DeliveryStreamName: "partner-feed" });
    const producer = new ServiceRole(stack, "Producer", { name: "producer", service: "lambda.amazonaws.com" });
    const grant = s.grantPutRecords(producer);
    expect(grant.statements.map((st) => st.resources)).toEqual([[s.streamArn], ["arn:aws:kms:eu-west-1:123456789012:key/k1"]]);
    // Nothing is created for the imported stream.
    expect(resourcesOf(synthJson(stack), "aws_kinesis_firehose_delivery_stream")).toEqual([]);
  });

  test("by ARN: the name (the metrics' dimension) comes from it", () => {
    const s = FirehoseDeliveryStream.fromDeliveryStreamArn(testStack(), "Existing", "arn:aws-cn:firehose:cn-north-1:123456789012:deliverystream/partner.feed");
    expect(s.streamName).toBe("partner.feed");
    expect(s.metricThrottledRecords().dimensions).toEqual({ DeliveryStreamName: "partner.feed" });
  });

  test("a bad name, region, account, partition or ARN is refused with each rule, path and value at once", () => {
    expect(problems(() => FirehoseDeliveryStream.fromDeliveryStreamName(testStack(), "X", "bad name!", { region: "Europe", accountId: "1234", partition: "azure" }))).toEqual([
      expect.objectContaining({ propertyPath: "name", rule: "N-FIREHOSE", value: "bad name!" }),
      expect.objectContaining({ propertyPath: "region", rule: "A3", value: "Europe" }),
      expect.objectContaining({ propertyPath: "accountId", rule: "A1", value: "1234" }),
      expect.objectContaining({ propertyPath: "partition", rule: "A4", value: "azure" }),
    ]);
    expect(problems(() => FirehoseDeliveryStream.fromDeliveryStreamArn(testStack(), "X", "arn:aws:kinesis:eu-west-1:123456789012:stream/k"))).toEqual([
      expect.objectContaining({ propertyPath: "arn", rule: "A2", value: "arn:aws:kinesis:eu-west-1:123456789012:stream/k" }),
    ]);
    expect(problems(() => FirehoseDeliveryStream.fromDeliveryStreamArn(testStack(), "X", `arn:aws:firehose:eu-west-1:123456789012:deliverystream/${"x".repeat(65)}`))).toEqual([
      expect.objectContaining({ propertyPath: "arn", rule: "N-FIREHOSE" }),
    ]);
  });

  test("region, account and partition problems say in words what is expected; every AWS partition name is accepted", () => {
    expect(problems(() => FirehoseDeliveryStream.fromDeliveryStreamName(testStack(), "X", "feed", { region: "Europe", accountId: "1234", partition: "azure" })).map((p) => p.message)).toEqual([
      "AWS Region must be an AWS Region code such as eu-west-1 (pattern ^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\\d$)",
      "account id must be 12 digits (pattern ^\\d{12}$)",
      "partition must be an AWS partition such as aws, aws-cn or aws-us-gov (pattern ^aws(-[a-z]+)*$)",
    ]);
    const s = FirehoseDeliveryStream.fromDeliveryStreamName(testStack(), "Iso", "feed", { region: "us-isob-east-1", accountId: "123456789012", partition: "aws-iso-b" });
    expect(s.streamArn).toBe("arn:aws-iso-b:firehose:us-isob-east-1:123456789012:deliverystream/feed");
  });
});
