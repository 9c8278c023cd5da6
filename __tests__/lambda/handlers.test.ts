/** The exported handlers are wired to the processors, the env and Powertools (silenced). */
import { gzipSync } from "node:zlib";
import type { FirehoseTransformationEvent } from "aws-lambda";
import dataMessage from "./fixtures/cloudwatch-logs-data-message.json";

const event = (payload: object): FirehoseTransformationEvent => ({
  invocationId: "i",
  deliveryStreamArn: "arn:aws:firehose:us-east-1:123456789012:deliverystream/s",
  region: "us-east-1",
  records: [{ recordId: "1", approximateArrivalTimestamp: 1_709_251_200_000, data: gzipSync(JSON.stringify(payload)).toString("base64") }],
});
const context = { getRemainingTimeInMillis: () => 60_000 };

describe("exported handlers", () => {
  const saved = { ...process.env };
  beforeAll(() => {
    Object.assign(process.env, { POWERTOOLS_METRICS_DISABLED: "true", POWERTOOLS_LOG_LEVEL: "SILENT", PARTITION_KEYS: '{"group":"logGroup"}', REQUIRED_FIELDS: "logGroup" });
  });
  afterAll(() => {
    process.env = saved;
  });

  it.each(["cloudwatch-logs", "partitioner", "transform", "opensearch-formatter"])("%s handler processes a gzip record", async (name) => {
    let handler: (e: FirehoseTransformationEvent, c: typeof context) => Promise<{ records: { result: string; data?: string }[] }>;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      handler = require(`../../lambda/${name}`).handler;
    });
    const res = await handler!(event(dataMessage), context);
    expect(res.records).toHaveLength(1);
    expect(res.records[0].result).toBe("Ok");
    expect(Buffer.from(res.records[0].data!, "base64").toString()).toMatch(/eventVersion/);
  });
});
