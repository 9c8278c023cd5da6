/**
 * Which planned changes a reviewer must look at twice: replacements (and what forces them), deletions of resources
 * that hold data or watch it, and in-place changes to a delivery stream's S3 layout, destination, encryption, backup
 * mode, plus secrets about to be written to the Terraform state.
 */
import { ChangeAction, PlanPath, PlanResourceChange, Risk } from "./types";
import { changedLeaves, formatPath, getAt, isObject, markedAt, namedParameters, shortValue } from "./values";

type FoundRisk = Omit<Risk, "acknowledged">;

const STREAM = "aws_kinesis_firehose_delivery_stream";

/** Resource types whose deletion loses data, its encryption key, its evidence, or its alarms. */
const CRITICAL_TYPES: Record<string, string> = {
  [STREAM]: "records buffered in the stream are lost and producers get ResourceNotFoundException until it is recreated",
  aws_s3_bucket: "the bucket and, when force_destroy is set, every object in it are deleted",
  aws_kms_key: "the key is scheduled for deletion; data encrypted with it becomes unreadable when the window ends",
  aws_cloudwatch_log_group: "the delivery error logs are deleted",
  aws_cloudwatch_metric_alarm: "the alarm stops watching the pipeline",
  aws_kinesis_stream: "records retained in the stream are lost",
  aws_opensearch_domain: "the domain and its indices are deleted",
  aws_sqs_queue: "messages in the queue (dead letters included) are lost",
};

/** Resource types that hold data (records, objects, keys, indices, table layout): their replacements come first. */
export const DATA_HOLDING_TYPES = new Set([
  STREAM, "aws_s3_bucket", "aws_kms_key", "aws_kinesis_stream", "aws_opensearch_domain", "aws_sqs_queue", "aws_cloudwatch_log_group",
  "aws_glue_catalog_table", "aws_glue_catalog_database", "aws_redshift_cluster",
]);

const GLUE_TABLE = "aws_glue_catalog_table";

/**
 * Terraform's `action_reason` values (JSON output format, "Change Representation"; Terraform's jsonplan package) in
 * words. Read reasons only concern data sources, which the review skips.
 */
const ACTION_REASONS: Record<string, string> = {
  replace_because_cannot_update: "an attribute the provider cannot update in place changes",
  replace_because_tainted: "the object is tainted (a failed create, or terraform taint)",
  replace_by_request: "replacement requested with -replace",
  replace_by_triggers: "a lifecycle replace_triggered_by reference changed",
  delete_because_no_resource_config: "the resource is no longer in the configuration",
  delete_because_no_module: "its module is no longer in the configuration",
  delete_because_wrong_repetition: "count or for_each was added or removed",
  delete_because_count_index: "its count index is beyond the new count",
  delete_because_each_key: "its for_each key is no longer in the collection",
  delete_because_no_move_target: "a moved block names it but its target does not exist",
};

export function reasonText(reason: string | undefined): string | undefined {
  return reason ? (ACTION_REASONS[reason] ?? reason) : undefined;
}

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

const child = (marks: unknown, key: string | number): unknown => (marks === true ? true : Array.isArray(marks) || isObject(marks) ? (marks as Record<string, unknown>)[key] : undefined);
const hasValue = (v: unknown) => v !== undefined && v !== null && v !== "" && !(Array.isArray(v) && v.length === 0) && !(isObject(v) && Object.keys(v).length === 0);

/**
 * Paths of the planned state that hold a credential: a secret-named attribute, or any value Terraform marks sensitive
 * (`after_sensitive`: the provider schema's sensitive attributes, sensitive variables), that is set, computed at apply
 * (`after_unknown`), or hidden (marked sensitive and left out of `after`, as redacted plans do). `terraform show -json`
 * prints sensitive values in plain text, and the state stores them so: the marks only hide them from the terminal.
 */
function secretPaths(after: unknown, afterUnknown: unknown, afterSensitive: unknown, path: PlanPath = []): PlanPath[] {
  const out: PlanPath[] = [];
  if (Array.isArray(after)) {
    after.forEach((v, i) => out.push(...secretPaths(v, child(afterUnknown, i), child(afterSensitive, i), [...path, i])));
  } else if (isObject(after)) {
    const unknown = isObject(afterUnknown) ? afterUnknown : {};
    const sensitive = isObject(afterSensitive) ? afterSensitive : {};
    const keys = new Set([...Object.keys(after), ...Object.keys(unknown).filter((k) => unknown[k] === true), ...Object.keys(sensitive).filter((k) => sensitive[k] === true)]);
    for (const k of [...keys].sort()) {
      const v = after[k];
      const marked = sensitive[k] === true || afterSensitive === true;
      if ((SECRET_NAME.test(k) || marked) && (hasValue(v) || unknown[k] === true || (marked && !(k in after)))) out.push([...path, k]);
      else out.push(...secretPaths(v, unknown[k], child(afterSensitive, k), [...path, k]));
    }
  }
  return out;
}

/**
 * Rule L12: source-record backup can be turned on later but not off (UpdateDestination refuses it). The backup mode
 * that backs up every source record, and the one it falls back to, per destination block. A block that loses its
 * `s3_backup_mode` falls back to the provider's default, the second.
 */
const BACKUP_ON_OFF: Record<string, [on: string, off: string]> = {
  extended_s3_configuration: ["Enabled", "Disabled"],
  splunk_configuration: ["AllEvents", "FailedEventsOnly"],
  // RedshiftDestinationUpdate: "If backup is enabled, you can't update the Firehose stream to disable it."
  redshift_configuration: ["Enabled", "Disabled"],
};

/** The destination blocks whose source-record backup goes from on to off, as `block: on → off` (unknown values: no). */
function backupTurnedOff(c: PlanResourceChange): string[] {
  const { before, after, after_unknown: unknown } = c.change;
  return Object.entries(BACKUP_ON_OFF).flatMap(([block, [on, off]]) => {
    const path = [block, 0, "s3_backup_mode"];
    const wasOn = getAt(before, path) === on;
    const isOff = getAt(after, [block, 0]) !== undefined && !markedAt(unknown, path) && (getAt(after, path) ?? off) === off;
    return wasOn && isOff ? [`${block}: ${on} → ${off}`] : [];
  });
}

/** The risks of one resource change. `path` is its construct path, when known. */
export function findRisks(c: PlanResourceChange, action: ChangeAction, path?: string): FoundRisk[] {
  const base = { address: c.address, type: c.type, path };
  const out: FoundRisk[] = [];
  const leaves = action === "update" || action === "replace" ? changedLeaves(c.change.before, c.change.after, c.change.after_unknown) : [];

  if (action === "replace") {
    const forced = c.change.replace_paths ?? [];
    const consequence = CRITICAL_TYPES[c.type] ? `: ${CRITICAL_TYPES[c.type]}` : "";
    // create_before_destroy plans ["create","delete"]: the new object exists before the old one goes, so a fixed
    // name (a delivery stream's, a bucket's) must be free, or the create fails.
    const createFirst = c.change.actions[0] === "create";
    out.push({
      ...base,
      id: `replace:${c.address}`,
      kind: "replace",
      summary: createFirst
        ? `${c.type} is replaced, the new object created before the old one is destroyed (create_before_destroy; a fixed name must be free)${consequence}`
        : `${c.type} is destroyed and created again${consequence}`,
      causes: [
        ...(forced.length > 0
          ? forced.map((p) => `forced by ${describeChange(c, p)}`)
          : [`forced by ${reasonText(c.action_reason) ?? "a replace_triggered_by or -replace option"}`]),
        // What else changes with it, when it matters to readers of the data (layout, target, keys, backup).
        ...leaves
          .filter((p) => !forced.some((f) => formatPath(p).startsWith(formatPath(f)) || formatPath(f).startsWith(formatPath(p))) && (isPartitioningPath(p) || isEncryptionPath(p) || DESTINATION_LEAVES.has(lastName(p)) || lastName(p) === "s3_backup_mode"))
          .filter((p) => !markedAt(c.change.after_unknown, p))
          .map((p) => `also ${describeChange(c, p)}`),
      ],
    });
  } else if (action === "delete" && CRITICAL_TYPES[c.type]) {
    const reason = reasonText(c.action_reason);
    out.push(
      c.deposed
        ? {
            ...base,
            id: `delete:${c.address}:deposed:${c.deposed}`,
            kind: "delete",
            summary: `a deposed ${c.type} (the old object a failed create_before_destroy replacement left behind, key ${c.deposed}) is destroyed: ${CRITICAL_TYPES[c.type]}`,
            causes: [],
          }
        : { ...base, id: `delete:${c.address}`, kind: "delete", summary: `${c.type} is deleted: ${CRITICAL_TYPES[c.type]}`, causes: reason ? [`because ${reason}`] : [] },
    );
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
      const off = backupTurnedOff(c);
      group(
        "backup",
        off.length > 0
          ? `source-record backup is turned off (${off.join(", ")}), which Firehose refuses once it is on (rule L12): the update fails at apply; keep the backup, or replace the delivery stream`
          : "the backup mode changes which records are copied to the backup bucket",
        (p) => lastName(p) === "s3_backup_mode",
      );
    }
    group("encryption", "encryption at rest changes: readers and writers need access to the new key, data written before keeps the old one", isEncryptionPath);
  }

  // A Glue table's partition keys are its layout: queries, crawlers and the stream's prefix must agree with them.
  if (c.type === GLUE_TABLE && (action === "update" || action === "replace")) {
    const keys = (v: unknown) => {
      const list = getAt(v, ["partition_keys"]);
      return Array.isArray(list) ? list.map((k) => `${(k as { name?: string }).name}:${(k as { type?: string }).type}`).join(", ") : "";
    };
    const [before, after] = [keys(c.change.before), keys(c.change.after)];
    if (before !== after) {
      out.push({
        ...base,
        id: `partitioning:${c.address}`,
        kind: "partitioning",
        summary: "the Glue table's partition keys change: the table layout no longer matches the partitions already written, so queries and crawlers need the data and the stream's prefix to follow",
        causes: [`partition_keys: ${before ? `[${before}]` : "(none)"} → ${after ? `[${after}]` : "(none)"}`],
      });
    }
  }

  if (action === "create" || action === "replace" || action === "update") {
    const changedPaths = leaves.map(formatPath);
    for (const p of secretPaths(c.change.after, c.change.after_unknown, c.change.after_sensitive)) {
      // An update that leaves a stored secret as it is does not store it again.
      const f = formatPath(p);
      if (action === "update" && !changedPaths.some((l) => l === f || l.startsWith(`${f}.`) || l.startsWith(`${f}[`) || f.startsWith(`${l}.`) || f.startsWith(`${l}[`))) continue;
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
