/** Review model → Markdown (pure). The first line is a marker the PR workflow uses to find and update its comment. */
import { ACTION_ORDER, ChangeAction, Review, ReviewedChange } from "./types";

export const commentMarker = (env: string) => `<!-- firehose-plan-review:${env} -->`;

const ACTION_LABEL: Record<ChangeAction, string> = {
  create: "create",
  update: "update in place",
  replace: "replace",
  delete: "delete",
  forget: "forget (left running, no longer managed)",
  "no-op": "unchanged",
  read: "read",
};
const ACTION_MARK: Record<ChangeAction, string> = { create: "+", update: "~", replace: "-/+", delete: "-", forget: ".", "no-op": " ", read: "<=" };

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

export function renderCounts(review: Review): string {
  return ACTION_ORDER.filter((a) => (a !== "read" && a !== "forget") || review.counts[a] > 0)
    .map((a) => `**${review.counts[a]}** ${ACTION_LABEL[a]}`)
    .join(" · ");
}

function renderRisks(review: Review, lines: string[]): void {
  const open = review.risks.filter((r) => !r.acknowledged);
  if (review.stateSeen === false) {
    lines.push(
      "### Risks cannot be assessed without state",
      "",
      "> [!WARNING]",
      "> This plan ran without a Terraform state (or with an empty one), so every resource shows as created: replacements and deletions of what is deployed cannot be seen. " +
        "Review against the deployed state: a live plan (the stack's backend and AWS credentials), or offline with `--state <file>`; " +
        "`--write-state <file>` on the deployed configuration produces such a file. Exit code 3.",
      "",
    );
    if (review.risks.length === 0) return;
  }
  if (review.risks.length === 0) {
    lines.push("### Risks", "", "No risky change: no replacement, no deletion of data-holding resources, no layout, destination, encryption, backup or secret change.", "");
    return;
  }
  lines.push(
    `### ⚠️ Risks: ${review.risks.length} (${open.length} not acknowledged)`,
    "",
    "| | Risk id | What happens | Cause |",
    "|---|---|---|---|",
  );
  for (const r of review.risks) {
    const where = r.path ? `<br>${code(r.path)}` : "";
    lines.push(`| ${r.acknowledged ? "✅ acknowledged" : "❌ **open**"} | ${code(r.id)}${where} | ${cell(r.summary)} | ${r.causes.map((c) => code(c)).join("<br>") || "—"} |`);
  }
  lines.push("");
  if (open.length > 0) {
    lines.push(
      "The review fails until every risk is acknowledged. After checking them, acknowledge with:",
      "",
      "```sh",
      `npm run review -- ${review.environment} --acknowledge ${open.map((r) => r.id).join(",")}`,
      "```",
      "",
      `In a pull request, add a line \`acknowledge-risk: <risk id>\` per risk to the description (or the \`acknowledge-plan-risks\` label).`,
      "",
    );
  }
}

function renderChanges(review: Review, lines: string[]): void {
  const groups = new Map<string, ReviewedChange[]>();
  for (const c of review.changes) groups.set(c.group, [...(groups.get(c.group) ?? []), c]);
  lines.push("### Changes by pipeline", "");
  if (groups.size === 0) lines.push("No resources.", "");
  const unchanged: string[] = [];
  for (const [group, changes] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const changed = changes.filter((c) => c.action !== "no-op");
    if (changed.length === 0) {
      unchanged.push(`${group} (${changes.length})`);
      continue;
    }
    const summary = ACTION_ORDER.map((a) => [a, changes.filter((c) => c.action === a).length] as const)
      .filter(([, n]) => n > 0)
      .map(([a, n]) => `${n} ${ACTION_LABEL[a]}`)
      .join(", ");
    lines.push(`<details${changed.some((c) => c.action !== "create") ? " open" : ""}><summary><b>${group}</b>: ${summary}</summary>`, "");
    lines.push("| | Construct path | Type | Changed attributes |", "|---|---|---|---|");
    for (const c of changed.sort((a, b) => ACTION_ORDER.indexOf(a.action) - ACTION_ORDER.indexOf(b.action) || (a.path ?? a.address).localeCompare(b.path ?? b.address))) {
      const notes = [
        ...c.changedAttributes.map(code),
        ...(c.deposed ? [`deposed object ${code(c.deposed)}`] : []),
        ...(c.movedFrom ? [`moved from ${code(c.movedFrom)}`] : []),
        ...(c.reason ? [cell(`(${c.reason})`)] : []),
      ];
      lines.push(`| ${code(ACTION_MARK[c.action])} ${ACTION_LABEL[c.action]} | ${code(c.path ?? c.address)} | ${code(c.type)} | ${notes.join(", ")} |`);
    }
    lines.push("", "</details>", "");
  }
  if (unchanged.length > 0) lines.push(`Unchanged: ${unchanged.join(", ")}.`, "");
}

function renderDrift(review: Review, lines: string[]): void {
  if (review.drift.length === 0) return;
  lines.push(
    `### Changed outside Terraform: ${review.drift.length}`,
    "",
    "Found when refreshing the state; the changes above undo them unless the configuration is updated to match.",
    "",
    "| Resource | Type | Outside change |",
    "|---|---|---|",
  );
  for (const d of review.drift) {
    lines.push(`| ${code(d.address)} | ${code(d.type)} | ${d.action === "delete" ? "deleted" : d.changedAttributes.map(code).join(", ") || "updated"} |`);
  }
  lines.push("");
}

export function renderMarkdown(review: Review): string {
  const lines: string[] = [
    commentMarker(review.environment),
    `## Plan review: \`${review.environment}\``,
    "",
    `${renderCounts(review)}  `,
    `_Plan: ${review.mode}${review.terraformVersion ? `, Terraform ${review.terraformVersion}` : ""}._`,
    "",
  ];
  renderRisks(review, lines);
  renderChanges(review, lines);
  renderDrift(review, lines);
  lines.push("### Data flow", "", "```mermaid", review.diagram, "```", "");
  return lines.join("\n");
}
