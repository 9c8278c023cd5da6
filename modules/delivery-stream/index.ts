export { DeliveryStreamBase, FirehoseDeliveryStream } from "./delivery-stream";
export type { DeliveryStreamImportProps, FirehoseDeliveryStreamProps, GrantResult, IDeliveryStreamRef, StreamEncryption, StreamLoggingProps } from "./delivery-stream";
export type {
  CloudWatchLoggingOptions,
  DestinationBindContext,
  DestinationBinding,
  DestinationInfo,
  DestinationKind,
  DestinationValidationContext,
  IDestination,
  ILoggingTarget,
} from "./destination";
export {
  AppendDelimiterToRecordProcessor,
  CloudWatchLogProcessingProcessor,
  DecompressionProcessor,
  LambdaProcessor,
  MetadataExtractionProcessor,
  RecordDeAggregationProcessor,
} from "./processors";
export type {
  IProcessor,
  LambdaProcessorProps,
  LambdaReingestDescription,
  MetadataExtractionProcessorProps,
  ProcessorType,
  RecordDeAggregationProcessorProps,
  RenderedProcessor,
} from "./processors";
export { DirectPutSource, KinesisStreamSource, MskSource } from "./sources";
export type { ISource, KinesisStreamSourceProps, MskSourceProps, SourceBinding, SourceKind } from "./sources";
export { HOURLY_TIME_FOLDERS, hivePartitionPrefix, partitionErrorPrefix } from "./prefixes";
export type { PartitionNamespace } from "./prefixes";
