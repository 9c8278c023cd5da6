/**
 * A minimal data lake: producers put JSON records into one Firehose stream (Direct PUT), which partitions them by the
 * record's `source` field and writes GZIP files to a hardened, KMS-encrypted bucket:
 *
 *   s3://<bucket>/events/source=<source>/year=YYYY/month=MM/day=DD/hour=HH/...
 *   s3://<bucket>/errors/<error type>/year=YYYY/month=MM/day=DD/...   (records that could not be partitioned)
 */
import { App, LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import {
  ExtendedS3Destination,
  FirehoseDeliveryStream,
  MetadataExtractionProcessor,
  SecureBucket,
  hivePartitionPrefix,
  partitionErrorPrefix,
} from "cdktf-firehose-pipelines";

const app = new App();
const stack = new TerraformStack(app, "minimal-data-lake");
// Providers and backends belong to your stack, never to the library's constructs.
new AwsProvider(stack, "aws", { region: "eu-west-1", defaultTags: [{ tags: { Project: "minimal-data-lake" } }] });
new LocalBackend(stack, { path: "terraform.tfstate" });

const lake = new SecureBucket(stack, "Lake", { bucketName: "acme-minimal-lake-events", lifecycle: { expirationDays: 365 } });

const events = new FirehoseDeliveryStream(stack, "Events", {
  name: "acme-minimal-events",
  destination: new ExtendedS3Destination({
    bucket: lake,
    dynamicPartitioning: { enabled: true },
    processors: [new MetadataExtractionProcessor({ partitionKeys: { source: ".source" } })],
    prefix: hivePartitionPrefix("events/", ["source"], "partitionKeyFromQuery"),
    errorOutputPrefix: partitionErrorPrefix("errors/"),
    // Dynamic partitioning needs at least 64 MiB buffers.
    bufferingSizeMiB: 64,
    bufferingIntervalSeconds: 60,
  }),
});

new TerraformOutput(stack, "delivery_stream_name", { value: events.streamName });
new TerraformOutput(stack, "bucket_name", { value: lake.bucketName });

app.synth();
