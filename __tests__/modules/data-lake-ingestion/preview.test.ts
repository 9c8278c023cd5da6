import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { dataLakeLayout } from "../../../modules/data-lake-ingestion/data-lake-ingestion";
import { PartitionPreviewConfig, previewPartitions } from "../../../modules/data-lake-ingestion/preview";
import { formatTimestamp } from "../../../modules/data-lake-ingestion/private/timestamp";
import { previewEnvironment } from "../../../scripts/preview";

const lake: PartitionPreviewConfig = dataLakeLayout({ partitioning: { partitionKeys: { source: ".source", tenant: ".tenant.id" } } });

describe("timestamp patterns (Java DateTimeFormatter subset)", () => {
  const t = new Date("2024-03-05T07:08:09Z");
  test("letters, padding and quoted literals", () => {
    expect(formatTimestamp("yyyy/MM/dd/HH/mm/ss", t)).toBe("2024/03/05/07/08/09");
    expect(formatTimestamp("yy-M-d-H", t)).toBe("24-3-5-7");
    expect(formatTimestamp("'year='yyyy'/it''s'", t)).toBe("year=2024/it's");
  });
  test("time zones, across a day boundary", () => {
    expect(formatTimestamp("yyyy-MM-dd HH", new Date("2024-03-05T23:30:00Z"), "Asia/Tokyo")).toBe("2024-03-06 08");
    expect(formatTimestamp("HH", new Date("2024-07-01T00:30:00Z"), "America/New_York")).toBe("20");
  });
  test("letters outside the subset and unknown zones are refused", () => {
    expect(() => formatTimestamp("MMM", t)).toThrow('pattern letters "MMM" are outside the supported subset');
    expect(() => formatTimestamp("yyyy'", t)).toThrow("unterminated quoted literal");
    expect(() => formatTimestamp("yyyy", t, "Mars/Base")).toThrow(RangeError);
  });
});

describe("previewPartitions", () => {
  test("delivered records get their partition folders; missing, null and non-JSON go to partitioning-failed", () => {
    const at = new Date("2024-05-01T10:15:00Z");
    const result = previewPartitions(lake, ['{"source":"web","tenant":{"id":"t1"}}', { source: "app", tenant: { id: 42 } }, '{"source":"web"}', '{"source":null,"tenant":{"id":"t"}}', "not json", '{"source":{"a":1},"tenant":{"id":"t"}}', "[1]"], at);
    expect(result.map((r) => [r.outcome, r.prefix])).toEqual([
      ["delivered", "raw/source=web/tenant=t1/year=2024/month=05/day=01/hour=10/"],
      ["delivered", "raw/source=app/tenant=42/year=2024/month=05/day=01/hour=10/"],
      ["error", "errors/partitioning-failed/year=2024/month=05/day=01/"],
      ["error", "errors/partitioning-failed/year=2024/month=05/day=01/"],
      ["error", "errors/partitioning-failed/year=2024/month=05/day=01/"],
      ["error", "errors/partitioning-failed/year=2024/month=05/day=01/"],
      ["error", "errors/partitioning-failed/year=2024/month=05/day=01/"],
    ]);
    expect(result[0].partitionKeys).toEqual({ source: "web", tenant: "t1" });
    expect(result[2].reason).toBe('partition key "tenant" (.tenant.id) is missing or null');
    expect(result[3].reason).toBe('partition key "source" (.source) is missing or null');
    expect(result[4].reason).toMatch(/^the record is not JSON \(/);
    expect(result[5].reason).toBe('partition key "source" (.source) is not a scalar: {"a":1}');
    expect(result[6].reason).toBe('jq error: Cannot index array with string "source"');
    expect(result[2].errorOutputType).toBe("partitioning-failed");
  });

  test("records near an hour boundary land in consecutive hour folders (and days, months, years)", () => {
    const rec = ['{"source":"web","tenant":{"id":"t"}}'];
    const prefixAt = (iso: string) => previewPartitions(lake, rec, new Date(iso))[0].prefix;
    expect(prefixAt("2024-05-01T10:59:59.999Z")).toBe("raw/source=web/tenant=t/year=2024/month=05/day=01/hour=10/");
    expect(prefixAt("2024-05-01T11:00:00.000Z")).toBe("raw/source=web/tenant=t/year=2024/month=05/day=01/hour=11/");
    expect(prefixAt("2024-12-31T23:59:59.999Z")).toBe("raw/source=web/tenant=t/year=2024/month=12/day=31/hour=23/");
    expect(prefixAt("2025-01-01T00:00:00.000Z")).toBe("raw/source=web/tenant=t/year=2025/month=01/day=01/hour=00/");
  });

  test("a custom time zone shifts the folders, including the error folders", () => {
    const paris = dataLakeLayout({ customTimeZone: "Europe/Paris", partitioning: { partitionKeys: { source: ".source" } } });
    const at = new Date("2024-06-30T22:30:00Z"); // 00:30 on July 1st in Paris (UTC+2)
    const [ok, failed] = previewPartitions(paris, ['{"source":"web"}', "{}"], at);
    expect(ok.prefix).toBe("raw/source=web/year=2024/month=07/day=01/hour=00/");
    expect(failed.prefix).toBe("errors/partitioning-failed/year=2024/month=07/day=01/");
  });

  test("Lambda keys and random strings are shown as placeholders", () => {
    const config: PartitionPreviewConfig = {
      ...dataLakeLayout({ partitioning: { lambda: { functionArn: "arn:aws:lambda:eu-west-1:123456789012:function:keys", partitionKeys: ["customer"] } } }),
    };
    expect(previewPartitions(config, ["{}"], new Date("2024-01-02T03:04:05Z"))[0].prefix).toBe("raw/customer=<lambda:customer>/year=2024/month=01/day=02/hour=03/");
    const random = { prefix: "raw/!{firehose:random-string}/!{timestamp:yyyy}/", errorOutputPrefix: "e/!{firehose:error-output-type}/" };
    expect(previewPartitions(random, ["{}"], new Date("2024-01-02T03:04:05Z"))[0].prefix).toBe("raw/<random-string>/2024/");
  });

  test("a query that does not compile is a configuration error", () => {
    expect(() => previewPartitions({ ...lake, partitionKeys: { source: ".source |" } }, ["{}"], new Date())).toThrow("jq 1.6 cannot compile");
  });
});

describe("npm run preview", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fhp-preview-"));
  const file = path.join(dir, "records.jsonl");
  fs.writeFileSync(file, ['{"source":"web","tenant":{"id":"t1"}}', "", '{"source":"app"}'].join("\n"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("prints a table per data-lake pipeline of the environment", () => {
    const out = previewEnvironment("prod", fs.readFileSync(file, "utf8").split("\n"), new Date("2024-05-01T10:59:59Z"));
    expect(out).toContain("Pipeline app-events (");
    expect(out).toMatch(/^1 \| \{"source":"web","tenant":\{"id":"t1"\}\} +\| delivered \| app-events\/source=web\/tenant_id=t1\/year=2024\/month=05\/day=01\/hour=10\/ \|$/m);
    expect(out).toMatch(/^2 \| \{"source":"app"\} +\| error +\| errors\/app-events\/partitioning-failed\/year=2024\/month=05\/day=01\/ +\| partition key "tenant_id" \(\.tenant\.id\) is missing or null$/m);
  });
});
