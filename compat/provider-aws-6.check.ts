/**
 * Compiled only by compat/tsconfig.provider-aws-21.json (and by the cdktn build, rewritten): it fails to compile unless
 * `@cdktf/provider-aws` resolves to bindings for hashicorp/aws 6.x, whose resources take a top-level `region` argument
 * that the 5.x bindings (@cdktf/provider-aws 20.x) do not have. It guards the compatibility type-check against silently
 * checking the 20.x bindings again.
 */
import { KinesisFirehoseDeliveryStreamConfig } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";

export const perResourceRegion: NonNullable<KinesisFirehoseDeliveryStreamConfig["region"]> = "eu-west-1";
