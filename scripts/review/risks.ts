/**
 * Which planned changes a reviewer must look at twice: replacements (and what forces them), deletions of resources
 * that hold data or watch it, and in-place changes to a delivery stream's S3 layout, destination, encryption, backup
 * mode, plus secrets about to be written to the Terraform state.
 */
import { ChangeAction, PlanPath, PlanResourceChange, Risk } from "./types";
import { changedLeaves, formatPath, getAt, markedAt, namedParameters, shortValue } from "./values";

type FoundRisk = Omit<Risk, "acknowledged">;

const STREAM = "aws_kinesis_firehose_delivery_stream";

/** Resource types whose deletion loses data, its encryption key, its evidence, or its alarms. */
export const CRITICAL_TYPES: Record<string, string> = {
  [STREAM]: "records buffered in the stream are lost and producers get ResourceNotFoundException until it is recreated",
  aws_s3_bucket: "the bucket and, when force_destroy is set, every object in it are deleted",
  aws_kms_key: "the key is scheduled for deletion; data encrypted with it becomes unreadable when the window ends",
  aws_cloudwatch_log_group: "the delivery error logs are deleted",
  aws_cloudwatch_metric_alarm: "the alarm stops watching the pipeline",
  aws_kinesis_stream: "records retained in the stream are lost",
  aws_opensearch_domain: "the domain and its indices are deleted",
  aws_sqs_queue: "messages in the queue (dead letters included) are lost",
};

/** Attribute names, anywhere in a resource, whose value is a credential. */
const SECRET_NAME = /(^|_)(password|passphrase|hec_token|access_key|secret_key|secret_access_key|private_key|api_key|session_token)$/;

const DESTINATION_LEAVES = new Set([
  "destination", "bucket_arn", "domain_arn", "cluster_endpoint", "collection_endpoint", "cluster_jdbcurl", "url", "hec_endpoint",
  "index_name", "data_table_name", "account_url", "catalog_arn",
]);
const ENCRYPTION_LEAVES = new Set(["kms_key_arn", "kms_key_id", "key_type", "key_arn", "sse_algorithm", "kms_master_key_id", "bucket_key_enabled"]);

const lastName = (p: PlanPath) => [...p].reverse().find((s): s is string => typeof s === "string") ?? "";

function isEncryptionPath(p: PlanPath): boolean {
  return p.some((s) => s === "server_side_encryption" || s === "encryption_configuration") || ENCRYPTION_LEAVES.has(lastName(p));
}

function isPartitioningPath(p: PlanPath): boolean {
  const leaf = lastName(p);
  return leaf === "prefix" || leaf === "error_output_prefix" || p.includes("dynamic_partitioning_configuration");
}

/** `attr.path: before → after`, with sensitive values hidden. */
function describeChange(c: PlanResourceChange, p: PlanPath): string {
  const hidden = markedAt(c.change.before_sensitive, p) || markedAt(c.change.after_sensitive, p) || SECRET_NAME.test(lastName(p));
  const before = hidden ? "(sensitive)" : shortValue(getAt(c.change.before, p));
  const after = markedAt(c.change.after_unknown, p) ? "(known after apply)" : hidden ? "(sensitive)" : shortValue(getAt(c.change.after, p));
  return `${formatPath(p)}: ${before} → ${after}`;
}

/** Secret-named attributes with a value (known, or computed at apply) in the planned state. */
function secretPaths(after: unknown, afterUnknown: unknown, path: PlanPath = []): PlanPath[] {
  const out: PlanPath[] = [];
  if (Array.isArray(after)) after.forEach((v, i) => out.push(...secretPaths(v, Array.isArray(afterUnknown) ? afterUnknown[i] : undefined, [...path, i])));
  else if (after && typeof after === "object") {
    const unknown = (afterUnknown ?? {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries(after as Record<string, unknown>)) {
      if (SECRET_NAME.test(k) && ((typeof v === "string" && v !== "") || unknown[k] === true)) out.push([...path, k]);
      else out.push(...secretPaths(v, unknown[k], [...path, k]));
    }
    for (const [k, u] of Object.entries(unknown)) {
      if (u === true && SECRET_NAME.test(k) && !(k in (after as object))) out.push([...path, k]);
    }
  }
  return out;
}

/** The risks of one resource change. `path` is its construct path, when known. */
export function findRisks(c: PlanResourceChange, action: ChangeAction, path?: string): FoundRisk[] {
  const base = { address: c.address, type: c.type, path };
  const out: FoundRisk[] = [];
  const leaves = action === "update" || action === "replace" ? changedLeaves(c.change.before, c.change.after, c.change.after_unknown) : [];

  if (action === "replace") {
    const forced = c.change.replace_paths ?? [];
    const consequence = CRITICAL_TYPES[c.type] ? `: ${CRITICAL_TYPES[c.type]}` : "";
    out.push({
      ...base,
      id: `replace:${c.address}`,
      kind: "replace",
      summary: `${c.type} is destroyed and created again${consequence}`,
      causes: [
        ...(forced.length > 0 ? forced.map((p) => `forced by ${describeChange(c, p)}`) : [`forced by ${c.action_reason ?? "a replace_triggered_by or -replace option"}`]),
        // What else changes with it, when it matters to readers of the data (layout, target, keys, backup).
        ...leaves
          .filter((p) => !forced.some((f) => formatPath(p).startsWith(formatPath(f)) || formatPath(f).startsWith(formatPath(p))) && (isPartitioningPath(p) || isEncryptionPath(p) || DESTINATION_LEAVES.has(lastName(p)) || lastName(p) === "s3_backup_mode"))
          .filter((p) => !markedAt(c.change.after_unknown, p))
          .map((p) => `also ${describeChange(c, p)}`),
      ],
    });
  } else if (action === "delete" && CRITICAL_TYPES[c.type]) {
    out.push({ ...base, id: `delete:${c.address}`, kind: "delete", summary: `${c.type} is deleted: ${CRITICAL_TYPES[c.type]}`, causes: [] });
  } else if (action === "update") {
    const group = (kind: FoundRisk["kind"], summary: string, match: (p: PlanPath) => boolean, extra: string[] = []) => {
      const causes = [...leaves.filter(match).map((p) => describeChange(c, p)), ...extra];
      if (causes.length > 0) out.push({ ...base, id: `${kind}:${c.address}`, kind, summary, causes });
    };
    if (c.type === STREAM) {
      const [qb, qa] = [namedParameters(c.change.before, "MetadataExtractionQuery"), namedParameters(c.change.after, "MetadataExtractionQuery")];
      const queryChange = JSON.stringify(qb) !== JSON.stringify(qa) ? [`MetadataExtractionQuery: ${shortValue(qb.join(" | "))} → ${shortValue(qa.join(" | "))}`] : [];
      group("partitioning", "the S3 layout changes: new objects land under different keys, so queries, crawlers and lifecycle rules that rely on the old prefixes need to follow", isPartitioningPath, queryChange);
      group("destination", "records are delivered somewhere else from now on", (p) => DESTINATION_LEAVES.has(lastName(p)) && !isEncryptionPath(p));
      group("backup", "the backup mode changes which records are copied to the backup bucket", (p) => lastName(p) === "s3_backup_mode");
    }
    group("encryption", "encryption at rest changes: readers and writers need access to the new key, data written before keeps the old one", isEncryptionPath);
  }

  if (action !== "delete" && action !== "no-op" && action !== "read") {
    for (const p of secretPaths(c.change.after, c.change.after_unknown)) {
      out.push({
        ...base,
        id: `secret:${c.address}:${formatPath(p)}`,
        kind: "secret",
        summary: `${formatPath(p)} is stored in plain text in the Terraform state; prefer a Secrets Manager reference (secrets_manager_configuration)`,
        causes: [`${formatPath(p)}: (sensitive)`],
      });
    }
  }
  return out;
}
