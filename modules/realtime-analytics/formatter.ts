/**
 * The built-in `opensearch-formatter` Lambda (lambda/opensearch-formatter) as an option of `RealtimeAnalytics`.
 */
import { Construct } from "constructs";
import type { EncryptionKeyRef } from "../core/encryption";
import { Validator } from "../core/validation";
import { FirehoseLambdaProcessor } from "../lambda-function/lambda-function";
import { ownStreamReingest } from "../lambda-function/reingest";

/**
 * The built-in `opensearch-formatter` processor (ISO-8601 timestamps, bounded flattening, deterministic document ids)
 * deployed as the stream's transform. Overflow records are re-ingested into the stream when `region` and the
 * construct's `accountId` are known (the exact stream ARN is needed for the grant), else they go to the backup.
 * Not with `transform`.
 */
export interface OpenSearchFormatterProps {
  /** Settings of the handler as environment variables (see the header of lambda/opensearch-formatter/index.ts). */
  readonly environment?: Record<string, string>;
  /** @default 1024 */
  readonly memorySizeMB?: number;
  /** @default `<streamName>-formatter` */
  readonly functionName?: string;
  /** Region of the stream, for re-ingestion. @default no re-ingestion */
  readonly region?: string;
  /** Retention of the function's log group. @default the stream's `logging.retentionDays` */
  readonly logRetentionDays?: number;
}

/** Checks the `formatter` prop against the others (messages name `formatter`). */
export function validateFormatter(v: Validator, props: { readonly formatter?: OpenSearchFormatterProps; readonly transform?: unknown }): void {
  if (props.formatter !== undefined && props.transform !== undefined) {
    v.error("formatter", "P1", "Firehose runs one Lambda processor per stream: give formatter (the built-in function) or transform (yours), not both", true);
  }
}

/** What `createFormatter` needs of the stream it serves. */
export interface FormatterStream {
  readonly streamName: string;
  readonly accountId?: string;
  /** The customer-managed key of the pipeline, for the function's environment and logs. @default AWS-managed encryption */
  readonly encryptionKey?: EncryptionKeyRef;
  readonly logging?: { readonly retentionDays?: number };
}

/** Deploys the formatter function for a Direct PUT stream. */
export function createFormatter(scope: Construct, id: string, p: OpenSearchFormatterProps, stream: FormatterStream): FirehoseLambdaProcessor {
  return new FirehoseLambdaProcessor(scope, id, {
    functionName: p.functionName ?? `${stream.streamName}-formatter`,
    handler: "opensearch-formatter",
    ...(stream.encryptionKey ? { encryption: "customer-managed" as const, encryptionKey: stream.encryptionKey } : {}),
    reingest: ownStreamReingest(stream.streamName, { region: p.region, accountId: stream.accountId }),
    environment: p.environment,
    memorySizeMB: p.memorySizeMB,
    logRetentionDays: p.logRetentionDays ?? stream.logging?.retentionDays,
  });
}
