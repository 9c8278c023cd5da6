/** Builders and constants shared by the unit and plan tests of this folder. */
import { TerraformStack } from "cdktf";
import { AppendDelimiterToRecordProcessor, FirehoseDeliveryStream, hivePartitionPrefix, MetadataExtractionProcessor, partitionErrorPrefix } from "../../../modules/delivery-stream";
import { ExtendedS3Destination } from "../../../modules/destinations";
import { SecureBucket } from "../../../modules/secure-bucket";

/** An S3 stream partitioned by source and detail-type that appends the newline itself. */
export function eventStream(stack: TerraformStack, name = "events", delimiter = true): FirehoseDeliveryStream {
  const bucket = new SecureBucket(stack, `${name}-bucket`, { bucketName: `acme-${name}-lake`, forceDestroy: true });
  return new FirehoseDeliveryStream(stack, name, {
    name,
    destination: new ExtendedS3Destination({
      bucket,
      dynamicPartitioning: { enabled: true },
      processors: [new MetadataExtractionProcessor({ partitionKeys: { source: ".source", detail_type: '."detail-type"' } }), ...(delimiter ? [new AppendDelimiterToRecordProcessor()] : [])],
      prefix: hivePartitionPrefix("events/", ["source", "detail_type"], "partitionKeyFromQuery"),
      errorOutputPrefix: partitionErrorPrefix("errors/"),
      bufferingSizeMiB: 64,
      bufferingIntervalSeconds: 60,
    }),
  });
}

export const PATTERN = { source: [{ prefix: "com.acme." }] };
