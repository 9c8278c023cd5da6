/**
 * Buffering presets of the real-time analytics pipeline: low latency or
 * fewer, larger requests. Plain typed data: spread one and override what you need,
 * e.g. `{ ...REALTIME_COST_OPTIMIZED, bufferingIntervalSeconds: 600 }`. Both stay inside rule B4 (1-100 MiB, 0-900 s).
 */
export interface RealtimeBufferingPreset {
  /** 1-100 MiB (rule B4). */
  readonly bufferingSizeMiB: number;
  /** 0-900 s (rule B4). */
  readonly bufferingIntervalSeconds: number;
}

/**
 * Documents searchable about a minute after they arrive: Firehose flushes at 1 MiB or 60 s, whichever comes first
 */
export const REALTIME_LOW_LATENCY: RealtimeBufferingPreset = { bufferingSizeMiB: 1, bufferingIntervalSeconds: 60 };

/**
 * Fewer, larger bulk requests: 10 MiB or 300 s (Firehose's default interval). Firehose bills by ingested volume, so
 * the saving is on the domain: each bulk request costs indexing CPU and a refresh/merge cycle, and 10x fewer of them
 * at volume (5x at low volume) lets smaller or fewer data nodes keep up. Freshness is then up to 5 minutes.
 * Why not 64-128 MiB: OpenSearch caps the size of one bulk request (10 MiB HTTP payload on the smallest
 * instance types, 100 MiB on the others), and this destination's own maximum is 100 MiB (rule B4). Raise the size on
 * large instance types with `{ ...REALTIME_COST_OPTIMIZED, bufferingSizeMiB: 50 }`.
 */
export const REALTIME_COST_OPTIMIZED: RealtimeBufferingPreset = { bufferingSizeMiB: 10, bufferingIntervalSeconds: 300 };
