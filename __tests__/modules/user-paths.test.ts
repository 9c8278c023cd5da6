/**
 * A problem names the prop the user wrote, not the prop of an inner construct the library builds from it:
 * `indexName`, not `destination.indexName`; `streamName`, not `name`; `bucketProps.bucketName`, not `bucketName`.
 */
import { DataLakeIngestion, FirehoseValidationError, RealtimeAnalytics, RealtimeAnalyticsProps } from "../../modules";
import { testStack } from "../helpers/stack";
import { baseProps } from "./realtime-analytics/fixtures";
import { fanOut } from "./fan-out/fixtures";

/** [construct path, property path, rule, value] of each problem thrown by `build`. */
function where(build: () => unknown): [string, string, string, unknown][] {
  try {
    build();
  } catch (e) {
    if (!(e instanceof FirehoseValidationError)) throw e;
    return e.problems.map((p) => [p.constructPath, p.propertyPath, p.rule, p.value]);
  }
  throw new Error("expected a FirehoseValidationError, none was thrown");
}

describe("RealtimeAnalytics reports the destination's rules under its own props", () => {
  const cases: [string, Partial<RealtimeAnalyticsProps>, string, string, unknown][] = [
    ["indexName", { indexName: "Bad Index" }, "indexName", "OS-INDEX", "Bad Index"],
    ["buffering", { buffering: { bufferingSizeMiB: 0, bufferingIntervalSeconds: 60 } }, "buffering.bufferingSizeMiB", "B4", 0],
    ["retryDurationSeconds", { retryDurationSeconds: 999_999 }, "retryDurationSeconds", "OS-RETRY", 999_999],
    ["backupPrefix", { backupPrefix: "x/!{bad}" }, "backupPrefix", "DP5", "x/!{bad}"],
    ["backupMode", { backupMode: "Nope" as never }, "backupMode", "OS-BACKUP", "Nope"],
    ["existingDomain.domainArn", { domain: undefined, existingDomain: { domainArn: "arn:nope", endpoint: "https://search.example.com" } }, "existingDomain.domainArn", "OS-ENDPOINT", "arn:nope"],
    ["streamName", { streamName: "bad name!" }, "streamName", "N-FIREHOSE", "bad name!"],
  ];
  test.each(cases)("%s", (_name, overrides, propertyPath, rule, value) => {
    expect(where(() => new RealtimeAnalytics(testStack(), "Search", baseProps(overrides)))).toEqual([["test/Search", propertyPath, rule, value]]);
  });
});

describe("DataLakeIngestion", () => {
  const build = (extra: Record<string, unknown>) => () => new DataLakeIngestion(testStack(), "Lake", { streamName: "acme-lake", bucketProps: { bucketName: "acme-lake-data" }, ...extra } as never);

  test("streamName, not the inner stream's name", () => {
    expect(where(build({ streamName: "bad name!" }))).toEqual([["test/Lake", "streamName", "N-FIREHOSE", "bad name!"]]);
  });

  test("bucketProps.bucketName, not the inner bucket's bucketName", () => {
    expect(where(build({ bucketProps: { bucketName: "Acme_Lake" } }))).toEqual([["test/Lake", "bucketProps.bucketName", "N-S3", "Acme_Lake"]]);
  });

  test("backup.bucketProps.bucketName", () => {
    expect(where(build({ backup: { bucketProps: { bucketName: "Acme_Backup" } } }))).toEqual([["test/Lake", "backup.bucketProps.bucketName", "N-S3", "Acme_Backup"]]);
  });
});

describe("FanOut", () => {
  test("the created stream's name comes from `name`: its problems name `name`, not stream.name", () => {
    const problems = where(() => fanOut(testStack(), { name: "bad name!" }));
    expect(problems[0]).toEqual(["test/orders", "name", "K7", "bad name!"]);
    expect(problems.map((p) => p[1])).not.toContain("stream.name");
  });

  test("stream.name when the user wrote it", () => {
    expect(where(() => fanOut(testStack(), { stream: { name: "bad name!" } }))).toEqual([["test/orders", "stream.name", "K7", "bad name!"]]);
  });
});
