/** Plan JSON + synthesized stack → review model (pure). */
import { dataFlowDiagram } from "./diagram";
import { DATA_HOLDING_TYPES, findRisks, reasonText } from "./risks";
import { ACTION_ORDER, ChangeAction, DriftedResource, PlanResourceChange, Review, ReviewedChange, ReviewPlan, Risk, SynthStack } from "./types";
import { changedLeaves, markedAt } from "./values";

/**
 * The action a list of Terraform change actions amounts to: `["delete","create"]` and, with create_before_destroy,
 * `["create","delete"]` are replacements; `["forget"]` (a `removed` block with `destroy = false`) drops the object
 * from the state without destroying it.
 */
export function actionOf(actions: string[]): ChangeAction {
  if (actions.includes("delete") && actions.includes("create")) return "replace";
  if (actions.includes("forget")) return "forget";
  const a = actions[0];
  return a === "create" || a === "update" || a === "delete" || a === "read" ? a : "no-op";
}

/** Top-level attributes whose value changes (unknown-after-apply ones included unless `ignoreUnknown`). */
function changedAttributesOf(c: PlanResourceChange, ignoreUnknown: boolean): string[] {
  return [
    ...new Set(
      changedLeaves(c.change.before, c.change.after, c.change.after_unknown)
        .filter((p) => !ignoreUnknown || !markedAt(c.change.after_unknown, p))
        .map((p) => String(p[0])),
    ),
  ];
}

/** `resource_drift`: managed resources changed or deleted outside Terraform (data sources and no-ops left out). */
function driftOf(plan: ReviewPlan): DriftedResource[] {
  return (plan.resource_drift ?? [])
    .filter((d) => d.mode !== "data")
    .flatMap((d): DriftedResource[] => {
      const action = actionOf(d.change.actions);
      if (action === "delete") return [{ address: d.address, type: d.type, action, changedAttributes: [] }];
      if (action !== "update") return [];
      return [{ address: d.address, type: d.type, action, changedAttributes: changedAttributesOf(d, false) }];
    });
}

/** Resource address (without instance keys) → construct path, from the `//` metadata cdktf writes on each resource. */
function constructPaths(synth: SynthStack): Map<string, string> {
  const out = new Map<string, string>();
  for (const [mode, blocks] of [["", synth.resource], ["data.", synth.data]] as const) {
    for (const [type, byName] of Object.entries(blocks ?? {})) {
      for (const [name, body] of Object.entries(byName)) {
        const meta = (body["//"] as { metadata?: { path?: string } } | undefined)?.metadata;
        if (meta?.path) out.set(`${mode}${type}.${name}`, meta.path);
      }
    }
  }
  return out;
}

/** `module.x.aws_s3_bucket.b["k"]` → `module.x.aws_s3_bucket.b` */
function baseAddress(address: string): string {
  return address.replace(/\[[^\]]*\]$/, "");
}

/** Which risk ids are acknowledged: exact ids, `prefix*` globs, or everything. */
export type Acknowledgement = "all" | readonly string[];

export function isAcknowledged(id: string, ack: Acknowledgement): boolean {
  if (ack === "all") return true;
  return ack.some((a) => (a.endsWith("*") ? id.startsWith(a.slice(0, -1)) : a === id));
}

export interface ReviewOptions {
  readonly environment: string;
  /** How the plan was made, shown in the heading (e.g. "offline: empty state, fake credentials"). */
  readonly mode: string;
  readonly acknowledge?: Acknowledgement;
  /** False when the plan ran without a state (or an empty one). @default true */
  readonly stateSeen?: boolean;
}

export function buildReview(plan: ReviewPlan, synth: SynthStack, opts: ReviewOptions): Review {
  const paths = constructPaths(synth);
  const stackName = synth["//"]?.metadata?.stackName ?? opts.environment;
  const counts = Object.fromEntries(ACTION_ORDER.map((a) => [a, 0])) as Record<ChangeAction, number>;
  const changes: ReviewedChange[] = [];
  const risks: Review["risks"][number][] = [];
  for (const c of plan.resource_changes ?? []) {
    // Data sources are read, not changed (action "read", or "no-op").
    if (c.mode === "data" || /^(module\.[^.]+(\[[^\]]*\])?\.)*data\./.test(c.address)) continue;
    const action = actionOf(c.change.actions);
    counts[action]++;
    // cdktf writes root-module resources; a resource in a child module (TerraformHclModule) has no construct path.
    const fullPath = c.module_address ? undefined : paths.get(baseAddress(c.address));
    const path = fullPath?.startsWith(`${stackName}/`) ? fullPath.slice(stackName.length + 1) : fullPath;
    const segments = path?.split("/") ?? [];
    // A replaced resource recomputes its ids and ARNs: not a change anyone made.
    const changedAttributes = action === "update" || action === "replace" ? changedAttributesOf(c, action === "replace") : [];
    // A child module's resources group under the module call; a deleted resource is no longer in the synthesized
    // stack: its cdktf logical id starts with its top-level construct.
    const group = c.module_address
      ? c.module_address.split(".").slice(0, 2).join(".").replace(/\[[^\]]*\]$/, "")
      : segments.length > 1
        ? segments[0]
        : path
          ? "(stack)"
          : (c.name.split("_")[0] ?? "(stack)");
    const reason = reasonText(c.action_reason);
    changes.push({
      address: c.address,
      type: c.type,
      action,
      path,
      group,
      changedAttributes,
      ...(c.deposed ? { deposed: c.deposed } : {}),
      ...(reason ? { reason } : {}),
      ...(c.previous_address && c.previous_address !== c.address ? { movedFrom: c.previous_address } : {}),
    });
    for (const r of findRisks(c, action, path)) risks.push({ ...r, acknowledged: isAcknowledged(r.id, opts.acknowledge ?? []) });
  }
  risks.sort((a, b) => riskRank(a) - riskRank(b));
  return {
    environment: opts.environment,
    mode: opts.mode,
    stateSeen: opts.stateSeen ?? true,
    terraformVersion: plan.terraform_version,
    counts,
    changes,
    risks,
    drift: driftOf(plan),
    diagram: dataFlowDiagram(synth),
  };
}

/**
 * Order of the risks table: replacements of resources that hold data first (records, objects, keys, indices), then
 * other replacements, deletions, layout changes, and the rest. The sort is stable: plan order within a rank.
 */
function riskRank(r: Pick<Risk, "kind" | "type">): number {
  if (r.kind === "replace") return DATA_HOLDING_TYPES.has(r.type) ? 0 : 1;
  if (r.kind === "delete") return DATA_HOLDING_TYPES.has(r.type) ? 2 : 3;
  if (r.kind === "partitioning") return 4;
  return 5;
}

/** Risks that block the review (exit code 2). */
export function unacknowledged(review: Review): Review["risks"] {
  return review.risks.filter((r) => !r.acknowledged);
}
