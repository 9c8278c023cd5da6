/**
 * Validation gaps a new user hits: a misspelt time zone, two streams with one name, a processor re-ingesting into
 * the wrong stream, and props omitted from plain JavaScript (no TypeScript types to catch them).
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing, TerraformStack } from "cdktf";
import {
  DataLakeIngestion,
  EventIngestion,
  ExtendedS3Destination,
  FanOut,
  FirehoseDeliveryStream,
  FirehoseValidationError,
  HttpEndpointDestination,
  KinesisDataStream,
  KinesisStreamSource,
  PipelineMonitoring,
  RealtimeAnalytics,
  RedshiftDestination,
  SecureBucket,
  SplunkDestination,
} from "../../../modules";
import { FirehoseLambdaProcessor } from "../../../modules/lambda-function";
import { errorOf, synthJson, testStack } from "../../helpers/stack";

const BUCKET = "arn:aws:s3:::acme-lake";
const SOURCE = "arn:aws:kinesis:eu-west-1:111122223333:stream/clicks";
const OTHER_SOURCE = "arn:aws:kinesis:eu-west-1:111122223333:stream/orders";
const JDBC = "jdbc:redshift://analytics.abc123.eu-west-1.redshift.amazonaws.com:5439/analytics";

function s3(extra: Record<string, unknown> = {}) {
  return new ExtendedS3Destination({ bucket: { bucketArn: BUCKET }, ...extra } as never);
}

function problems(fn: () => unknown): { propertyPath: string; rule: string; message: string; value: unknown; constructPath: string }[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof FirehoseValidationError) return e.problems;
    throw e;
  }
  throw new Error("expected a FirehoseValidationError, none was thrown");
}

describe("customTimeZone is checked against the IANA zones Intl knows", () => {
  test("a misspelt zone is refused, with the nearest zone suggested", () => {
    const message = errorOf(() => new FirehoseDeliveryStream(testStack(), "S", { name: "acme", destination: s3({ customTimeZone: "Europe/Pariss" }) }));
    expect(message).toContain(
      '[test/S] destination.customTimeZone: unknown time zone: give an IANA zone name such as Europe/Paris or UTC (did you mean Europe/Paris?) (rule DP20; received "Europe/Pariss")',
    );
  });

  test("a zone in the wrong case is refused with its exact spelling (zone ids are case-sensitive)", () => {
    const message = errorOf(() => new FirehoseDeliveryStream(testStack(), "S", { name: "acme", destination: s3({ customTimeZone: "europe/paris" }) }));
    expect(message).toContain('destination.customTimeZone: time zone names are case-sensitive: write Europe/Paris (rule DP20; received "europe/paris")');
  });

  test.each(["Europe/Paris", "UTC", "Etc/UTC", "America/Argentina/Buenos_Aires", "Asia/Kolkata", ""])("%j is accepted and rendered", (zone) => {
    const stack = testStack();
    new FirehoseDeliveryStream(stack, "S", { name: "acme", destination: s3({ customTimeZone: zone }) });
    const stream = Object.values(synthJson(stack).resource.aws_kinesis_firehose_delivery_stream)[0] as { extended_s3_configuration: { custom_time_zone?: string } };
    expect(stream.extended_s3_configuration.custom_time_zone).toBe(zone);
  });

  test("DataLakeIngestion reports it under its own prop name", () => {
    const message = errorOf(
      () => new DataLakeIngestion(testStack(), "Lake", { streamName: "acme", bucket: { bucketArn: BUCKET }, customTimeZone: "Mars/Olympus_Mons" }),
    );
    expect(message).toMatch(/customTimeZone: unknown time zone: give an IANA zone name such as Europe\/Paris or UTC \(rule DP20; received "Mars\/Olympus_Mons"\)/);
  });
});

describe("delivery stream names are unique in a stack and in an app", () => {
  test("two streams with one name in one stack: refused, naming both construct paths", () => {
    const stack = testStack();
    new FirehoseDeliveryStream(stack, "First", { name: "acme-events", destination: s3() });
    const message = errorOf(() => new FirehoseDeliveryStream(stack, "Second", { name: "acme-events", destination: s3() }));
    expect(message).toContain(
      '[test/Second] name: delivery stream name "acme-events" is already used by test/First in the same stack; names are unique per account and region (rule N-FIREHOSE-UNIQUE; received "acme-events")',
    );
  });

  test("two stacks of one app in the same region: refused", () => {
    const app = Testing.app();
    const a = new TerraformStack(app, "a");
    new AwsProvider(a, "aws", { region: "eu-west-1" });
    const b = new TerraformStack(app, "b");
    new AwsProvider(b, "aws", { region: "eu-west-1" });
    new FirehoseDeliveryStream(a, "S", { name: "acme-events", destination: s3() });
    const message = errorOf(() => new FirehoseDeliveryStream(b, "S", { name: "acme-events", destination: s3() }));
    expect(message).toContain(
      '[b/S] name: delivery stream name "acme-events" is already used by a/S in stack a of the same app, with the same region eu-west-1 and no account that tells them apart',
    );
  });

  test("stacks in different regions, or pinned to different accounts, may reuse a name", () => {
    const app = Testing.app();
    const stacks: [string, { region: string; allowedAccountIds?: string[] }][] = [
      ["eu", { region: "eu-west-1" }],
      ["us", { region: "us-east-1" }],
      ["us-other-account", { region: "us-east-1", allowedAccountIds: ["444455556666"] }],
      ["us-third-account", { region: "us-east-1", allowedAccountIds: ["777788889999"] }],
    ];
    stacks.forEach(([id, provider], i) => {
      const stack = new TerraformStack(app, id);
      new AwsProvider(stack, "aws", provider);
      // eu/us differ by region; the two pinned stacks share us-east-1 but name different accounts. "us" (no
      // account) shares their region, so it does not reuse "acme-shared".
      if (i < 2) new FirehoseDeliveryStream(stack, "S", { name: `acme-${i === 0 ? "events" : "us"}`, destination: s3() });
      new FirehoseDeliveryStream(stack, "Shared", { name: i === 1 ? "acme-us-only" : "acme-shared", destination: s3() });
    });
    expect(app.node.findAll().filter((c) => c instanceof FirehoseDeliveryStream)).toHaveLength(6);
  });

  test("a stream whose validation failed does not reserve its name", () => {
    const stack = testStack();
    expect(() => new FirehoseDeliveryStream(stack, "Bad", { name: "acme-events", destination: s3({ bufferingSizeMiB: 0 }) })).toThrow(FirehoseValidationError);
    expect(() => new FirehoseDeliveryStream(stack, "Good", { name: "acme-events", destination: s3() })).not.toThrow();
  });
});

describe("a FirehoseLambdaProcessor re-ingests into the stream it is attached to", () => {
  const stack = testStack();
  const direct = new FirehoseLambdaProcessor(stack, "Direct", {
    functionName: "acme-direct",
    handler: "transform",
    reingest: { kind: "firehose", deliveryStreamName: "acme-events", region: "eu-west-1", accountId: "111122223333" },
  });
  const kinesis = new FirehoseLambdaProcessor(stack, "FromKinesis", { functionName: "acme-kinesis", handler: "transform", reingest: { kind: "kinesis", streamArn: SOURCE } });

  test("a firehose target naming another delivery stream is refused", () => {
    const found = problems(() => new FirehoseDeliveryStream(stack, "Other", { name: "acme-other", destination: s3({ processors: [direct.processor()] }) }));
    expect(found).toEqual([
      {
        constructPath: "test/Other",
        propertyPath: "destination.processors[0].reingest.deliveryStreamName",
        rule: "LF6",
        message: 'the function test/Direct re-ingests overflow into delivery stream "acme-events", but it is attached to delivery stream "acme-other": its records would leave this pipeline',
        value: "acme-events",
      },
    ]);
  });

  test("a firehose (Direct PUT) target on a Kinesis-fed stream is refused", () => {
    const message = errorOf(
      () => new FirehoseDeliveryStream(stack, "Fed", { name: "acme-events", source: new KinesisStreamSource({ streamArn: SOURCE }), destination: s3({ processors: [direct.processor()] }) }),
    );
    expect(message).toContain(
      '[test/Fed] destination.processors[0].reingest: the function test/Direct re-ingests overflow with firehose:PutRecordBatch (Direct PUT), but this stream reads from KinesisStreamAsSource and Firehose refuses PutRecordBatch on it: use reingest { kind: "kinesis", streamArn } of the source stream (rule LF6; received "firehose")',
    );
  });

  test("a kinesis target on a Direct PUT stream is refused", () => {
    const message = errorOf(() => new FirehoseDeliveryStream(stack, "Put", { name: "acme-put", destination: s3({ processors: [kinesis.processor()] }) }));
    expect(message).toContain(
      '[test/Put] destination.processors[0].reingest: the function test/FromKinesis re-ingests overflow into a Kinesis data stream, but this stream\'s source is DirectPut: use reingest { kind: "firehose", ... } for Direct PUT streams (or "none" for MSK) (rule LF6; received "kinesis")',
    );
  });

  test("a kinesis target naming another data stream is refused", () => {
    const message = errorOf(
      () =>
        new FirehoseDeliveryStream(stack, "Orders", {
          name: "acme-orders",
          source: new KinesisStreamSource({ streamArn: OTHER_SOURCE }),
          destination: s3({ processors: [kinesis.processor()] }),
        }),
    );
    expect(message).toContain(`destination.processors[0].reingest.streamArn: the function test/FromKinesis re-ingests overflow into ${SOURCE}, but this delivery stream reads from ${OTHER_SOURCE}`);
  });

  test("matching targets pass (Direct PUT by name, Kinesis by the source ARN)", () => {
    expect(() => new FirehoseDeliveryStream(stack, "Events", { name: "acme-events", destination: s3({ processors: [direct.processor()] }) })).not.toThrow();
    expect(
      () => new FirehoseDeliveryStream(stack, "Clicks", { name: "acme-clicks", source: new KinesisStreamSource({ streamArn: SOURCE }), destination: s3({ processors: [kinesis.processor()] }) }),
    ).not.toThrow();
  });

  test("the check also holds when the source stream is a reference (a KinesisDataStream in the same stack)", () => {
    const s = testStack();
    const data = new KinesisDataStream(s, "Data", { name: "acme-data" });
    const fn = new FirehoseLambdaProcessor(s, "Fn", { functionName: "acme-fn", handler: "transform", reingest: { kind: "kinesis", streamArn: data.streamArn } });
    expect(() => new FirehoseDeliveryStream(s, "Ok", { name: "acme-ok", source: new KinesisStreamSource({ streamArn: data.streamArn }), destination: s3({ processors: [fn.processor()] }) })).not.toThrow();
    expect(errorOf(() => new FirehoseDeliveryStream(s, "Put", { name: "acme-put", destination: s3({ processors: [fn.processor()] }) }))).toContain("rule LF6");
  });
});

describe("missing required props from plain JavaScript are validation problems, not TypeErrors", () => {
  // Written as plain JavaScript objects: `as any` stands for a caller without TypeScript.
  const js = (o: unknown) => o as any; // eslint-disable-line @typescript-eslint/no-explicit-any
  const required = (propertyPath: string, value: unknown = undefined) => expect.objectContaining({ propertyPath, rule: "X2", message: expect.stringMatching(/^required: /), value });

  test("S3 destination without bucket", () => {
    const found = problems(() => new FirehoseDeliveryStream(testStack(), "S", { name: "acme", destination: new ExtendedS3Destination(js({ prefix: "raw/" })) }));
    expect(found).toEqual([required("destination.bucket")]);
    expect(found[0].message).toBe("required: the bucket ({ bucketArn, kmsKeyArn? }, e.g. a SecureBucket)");
  });

  test("S3 destination with sourceBackup: {} and a bucket without bucketArn", () => {
    const found = problems(
      () => new FirehoseDeliveryStream(testStack(), "S", { name: "acme", destination: new ExtendedS3Destination(js({ bucket: {}, sourceBackup: {} })) }),
    );
    expect(found).toEqual([required("destination.bucket.bucketArn"), required("destination.sourceBackup.bucket")]);
  });

  test("HTTP endpoint and Splunk without s3Backup", () => {
    const http = problems(() => new FirehoseDeliveryStream(testStack(), "S", { name: "acme", destination: new HttpEndpointDestination(js({ url: "https://api.example.com/in" })) }));
    expect(http).toEqual([required("destination.s3Backup")]);
    const splunk = problems(
      () => new FirehoseDeliveryStream(testStack(), "S", { name: "acme", destination: new SplunkDestination(js({ hecEndpoint: "https://splunk.example.com:8088", hecToken: "t", allowPlaintextToken: true })) }),
    );
    expect(splunk).toEqual([required("destination.s3Backup")]);
  });

  test("Redshift without intermediateBucket (and without table)", () => {
    const found = problems(
      () => new FirehoseDeliveryStream(testStack(), "S", { name: "acme", destination: new RedshiftDestination(js({ clusterJdbcUrl: JDBC, secret: { secretArn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:rs-AbCdEf" } })) }),
    );
    expect(found).toEqual([required("destination.tableName"), required("destination.intermediateBucket")]);
  });

  test("a destination given as a plain object, a processor that is not one, a missing name", () => {
    const found = problems(() => new FirehoseDeliveryStream(testStack(), "S", js({ destination: { bucket: { bucketArn: BUCKET } } })));
    expect(found.map((p) => [p.propertyPath, p.rule, p.message])).toEqual([
      ["name", "X2", "required: the delivery stream name"],
      ["destination", "X2", "must be a destination (new ExtendedS3Destination(...), new OpenSearchDestination(...), ...), not a plain object"],
    ]);
    const processors = problems(() => new FirehoseDeliveryStream(testStack(), "S", { name: "acme", destination: s3({ processors: [{ type: "Lambda" }] }) }));
    expect(processors).toEqual([expect.objectContaining({ propertyPath: "destination.processors[0]", rule: "X2", value: { type: "Lambda" } })]);
  });

  test("no props at all, for every construct", () => {
    for (const Ctor of [FirehoseDeliveryStream, DataLakeIngestion, RealtimeAnalytics, FanOut, KinesisDataStream, SecureBucket, PipelineMonitoring, FirehoseLambdaProcessor]) {
      const found = problems(() => new (Ctor as unknown as new (s: unknown, id: string, p: unknown) => unknown)(testStack(), "X", undefined));
      expect(found).toEqual([{ constructPath: "test/X", propertyPath: "(props)", rule: "X2", message: "required: the construct's props object", value: undefined }]);
    }
  });

  test("composite constructs name each missing required prop", () => {
    expect(problems(() => new KinesisDataStream(testStack(), "K", js({})))).toEqual([required("name")]);
    expect(problems(() => new SecureBucket(testStack(), "B", js({})))).toEqual([required("bucketName")]);
    expect(problems(() => new PipelineMonitoring(testStack(), "M", js({ namePrefix: "acme", region: "eu-west-1" })))).toEqual([
      expect.objectContaining({ propertyPath: "scope", rule: "MON", message: expect.stringMatching(/^nothing to watch: give scope/) }),
    ]);
    expect(problems(() => new PipelineMonitoring(testStack(), "M", js({ namePrefix: "acme", region: "eu-west-1", resources: { deliveryStreams: [{}] } })))).toEqual([
      required("resources.deliveryStreams[0].streamName"),
      required("resources.deliveryStreams[0].destinationInfo"),
    ]);
    expect(problems(() => new FirehoseLambdaProcessor(testStack(), "F", js({ handler: "transform" })))).toEqual([required("functionName"), required("reingest")]);
    expect(problems(() => new DataLakeIngestion(testStack(), "L", js({ bucket: { bucketArn: BUCKET } })))).toEqual([required("streamName")]);
    expect(problems(() => new EventIngestion(testStack(), "E", js({ ruleName: "acme", eventPattern: { source: ["x"] }, deliveryStreams: [{}] })))).toEqual([
      expect.objectContaining({ propertyPath: "deliveryStreams[0]", rule: "X2", message: "must be a FirehoseDeliveryStream", value: {} }),
    ]);
    expect(problems(() => new PipelineMonitoring(testStack(), "M", js({ namePrefix: "acme", region: "eu-west-1", resources: { deliveryStreams: [{}] } })))).toEqual([
      required("resources.deliveryStreams[0].streamName"),
      required("resources.deliveryStreams[0].destinationInfo"),
    ]);
  });
});
