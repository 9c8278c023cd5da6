/** Plan JSON + synthesized stack → review model (pure). */
import { dataFlowDiagram } from "./diagram";
import { findRisks } from "./risks";
import { ACTION_ORDER, ChangeAction, Review, ReviewedChange, ReviewPlan, SynthStack } from "./types";
import { changedLeaves, markedAt } from "./values";

/** The action a list of Terraform change actions amounts to. */
export function actionOf(actions: string[]): ChangeAction {
  if (actions.includes("delete") && actions.includes("create")) return "replace";
  const a = actions[0];
  return a === "create" || a === "update" || a === "delete" || a === "read" ? a : "no-op";
}

/** Resource address (without instance keys) → construct path, from the `//` metadata cdktf writes on each resource. */
export function constructPaths(synth: SynthStack): Map<string, string> {
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
export function baseAddress(address: string): string {
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
}

export function buildReview(plan: ReviewPlan, synth: SynthStack, opts: ReviewOptions): Review {
  const paths = constructPaths(synth);
  const stackName = synth["//"]?.metadata?.stackName ?? opts.environment;
  const counts = Object.fromEntries(ACTION_ORDER.map((a) => [a, 0])) as Record<ChangeAction, number>;
  const changes: ReviewedChange[] = [];
  const risks: Review["risks"][number][] = [];
  for (const c of plan.resource_changes ?? []) {
    if (c.mode === "data") continue;
    const action = actionOf(c.change.actions);
    counts[action]++;
    const fullPath = paths.get(baseAddress(c.address));
    const path = fullPath?.startsWith(`${stackName}/`) ? fullPath.slice(stackName.length + 1) : fullPath;
    const segments = path?.split("/") ?? [];
    const changedAttributes =
      action === "update" || action === "replace"
        ? [
            ...new Set(
              changedLeaves(c.change.before, c.change.after, c.change.after_unknown)
                // A replaced resource recomputes its ids and ARNs: not a change anyone made.
                .filter((p) => action !== "replace" || !markedAt(c.change.after_unknown, p))
                .map((p) => String(p[0])),
            ),
          ]
        : [];
    // A deleted resource is no longer in the synthesized stack: its cdktf logical id starts with its top-level construct.
    const group = segments.length > 1 ? segments[0] : path ? "(stack)" : (c.name.split("_")[0] ?? "(stack)");
    changes.push({ address: c.address, type: c.type, action, path, group, changedAttributes });
    for (const r of findRisks(c, action, path)) risks.push({ ...r, acknowledged: isAcknowledged(r.id, opts.acknowledge ?? []) });
  }
  return {
    environment: opts.environment,
    mode: opts.mode,
    terraformVersion: plan.terraform_version,
    counts,
    changes,
    risks,
    diagram: dataFlowDiagram(synth),
  };
}

/** Risks that block the review (exit code 2). */
export function unacknowledged(review: Review): Review["risks"] {
  return review.risks.filter((r) => !r.acknowledged);
}
