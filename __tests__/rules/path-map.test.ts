/**
 * Path maps: a construct runs the rules of a part it builds (same code, same messages) and the problems name the
 * construct's own props, by whole-segment prefix, never by rewriting text.
 */
import { Validator } from "../../modules/core/validation";
import { mapPropertyPath, PathMap, PathMappedValidator } from "../../modules/delivery-stream/validation";
import { DataLakeIngestion } from "../../modules";
import { errorOf, testStack } from "../helpers/stack";

const MAP: PathMap = [
  ["destination", ""],
  ["destination.processors", "partitioning"],
  ["destination.processors[1]", "transform"],
  ["destination.sourceBackup", "backup"],
];

test.each([
  ["destination.bufferingSizeMiB", "bufferingSizeMiB"],
  ["destination.processors[1].functionArn", "transform.functionArn"],
  ["destination.processors[1]", "transform"],
  ["destination.processors[0].query", "partitioning[0].query"],
  ["destination.processors", "partitioning"],
  ["destination.sourceBackup.bucket.bucketArn", "backup.bucket.bucketArn"],
  // whole segments only: destination.sourceBackupX is not under destination.sourceBackup
  ["destination.sourceBackupX", "sourceBackupX"],
  ["streamName", "streamName"],
])("%s -> %s", (from, to) => {
  expect(mapPropertyPath(from, MAP)).toBe(to);
});

test("a mapped validator reports into its target with the user's paths, rule checks included", () => {
  const target = new Validator(undefined, "test/Lake");
  const mapped = new PathMappedValidator(target, MAP);
  mapped.range(200, 1, 128, "destination.bufferingSizeMiB", "B1", "buffering size", { unit: "MiB" });
  mapped.warn("destination.sourceBackup.bufferingIntervalSeconds", "B12", "zero buffering is not available for S3 backup destinations", 0);
  expect(target.problems).toEqual([{ constructPath: "test/Lake", propertyPath: "bufferingSizeMiB", rule: "B1", message: "buffering size must be an integer between 1 and 128 MiB", value: 200 }]);
  expect(target.warnings.map((w) => w.propertyPath)).toEqual(["backup.bufferingIntervalSeconds"]);
  expect(mapped.problems).toEqual([]);
});

test("DataLakeIngestion runs the S3 destination's rules on its props, before creating anything, under its own prop names", () => {
  const stack = testStack();
  const msg = errorOf(
    () =>
      new DataLakeIngestion(stack, "Lake", {
        streamName: "lake",
        bucketProps: { bucketName: "acme-lake-data" },
        backup: { bucketProps: { bucketName: "acme-lake-backup" }, bufferingSizeMiB: 500 },
        transform: { functionArn: "not-an-arn" },
        compression: "BZIP2" as never,
      }),
  );
  expect(msg).toContain("[test/Lake] backup.bufferingSizeMiB: buffering size must be an integer between 1 and 128 MiB (rule B2; received 500)");
  expect(msg).toContain("[test/Lake] transform.functionArn: Lambda function ARN");
  expect(msg).toContain("[test/Lake] compression: compression must be one of");
  expect(msg).not.toContain("destination");
  expect(msg).not.toContain("placeholder");
  // Nothing was created: the buckets are validated as props only.
  expect(stack.node.findAll().filter((n) => n.node.path.startsWith("test/Lake/"))).toEqual([]);
});
