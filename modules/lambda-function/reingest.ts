import type { FirehoseLambdaProcessor, ReingestTarget } from "./lambda-function";

/**
 * Where a processor of a Direct PUT delivery stream sends its overflow records: back into that same stream
 * (`firehose:PutRecordBatch` on its exact ARN) when the account and region are known, else nowhere (overflow then
 * becomes ProcessingFailed and lands in the error prefix). The stream's SSE key is granted separately, once the stream
 * exists, with `grantReingestKey`.
 */
export function ownStreamReingest(deliveryStreamName: string, where: { readonly region?: string; readonly accountId?: string }): ReingestTarget {
  return where.accountId && where.region ? { kind: "firehose", deliveryStreamName, region: where.region, accountId: where.accountId } : { kind: "none" };
}

/**
 * Lets a processor that re-ingests into a Direct PUT stream use the stream's customer-managed SSE key
 * (`kms:GenerateDataKey` and `kms:Decrypt`, needed by PutRecordBatch callers of such a stream). No-op when the
 * processor does not re-ingest into a delivery stream or the stream has no customer-managed key.
 */
export function grantReingestKey(processor: FirehoseLambdaProcessor, sseKmsKeyArn: string | undefined): void {
  if (sseKmsKeyArn === undefined || processor.reingestResourceArn === undefined || !processor.reingestResourceArn.includes(":deliverystream/")) return;
  processor.role.addToPolicy({ sid: "EncryptDeliveryStream", actions: ["kms:GenerateDataKey", "kms:Decrypt"], resources: [sseKmsKeyArn] });
}
