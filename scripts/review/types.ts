/**
 * The parts of `terraform show -json <planfile>` and of a synthesized `cdk.tf.json` that the review reads.
 * Field names are Terraform's (JSON output format 1.x, https://developer.hashicorp.com/terraform/internals/json-format).
 */

export type PlanPath = (string | number)[];

export interface PlanResourceChange {
  readonly address: string;
  /** Set when the resource moved (`moved` block): its address in the previous state. */
  readonly previous_address?: string;
  /** Address of the child module holding the resource (`module.a.module.b`); absent in the root module. */
  readonly module_address?: string;
  /** Set when the change concerns a deposed object (the old object of a failed create_before_destroy): its key. */
  readonly deposed?: string;
  readonly mode?: "managed" | "data";
  readonly type: string;
  readonly name: string;
  readonly index?: string | number;
  /** Why Terraform replaces or deletes it, e.g. `replace_because_cannot_update`, `delete_because_no_resource_config`. */
  readonly action_reason?: string;
  readonly change: {
    readonly actions: string[];
    readonly before: unknown;
    readonly after: unknown;
    readonly after_unknown?: unknown;
    readonly before_sensitive?: unknown;
    readonly after_sensitive?: unknown;
    /** Paths of the attributes that force the replacement (only on replacements). */
    readonly replace_paths?: PlanPath[];
  };
}

export interface PlannedResource {
  readonly address: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  readonly index?: string | number;
  readonly provider_name: string;
  readonly schema_version: number;
  readonly values: Record<string, unknown>;
  readonly sensitive_values?: unknown;
}

interface PlannedModule {
  readonly resources?: PlannedResource[];
  readonly child_modules?: PlannedModule[];
}

export interface ReviewPlan {
  readonly format_version: string;
  readonly terraform_version?: string;
  readonly resource_changes?: PlanResourceChange[];
  /** Changes made outside Terraform, found when refreshing (live plans only); the plan may undo them. */
  readonly resource_drift?: PlanResourceChange[];
  readonly planned_values?: { readonly root_module?: PlannedModule; readonly outputs?: Record<string, unknown> };
  readonly errored?: boolean;
}

/** A synthesized stack (`cdktf.out/stacks/<env>/cdk.tf.json`). */
export interface SynthStack {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly "//"?: { readonly metadata?: { readonly stackName?: string; readonly backend?: string } };
}

/** The action a resource change amounts to. */
export type ChangeAction = "create" | "update" | "replace" | "delete" | "forget" | "no-op" | "read";

export const ACTION_ORDER: ChangeAction[] = ["create", "update", "replace", "delete", "forget", "no-op", "read"];

type RiskKind = "replace" | "delete" | "partitioning" | "destination" | "encryption" | "backup" | "secret";

export interface Risk {
  /** Stable id: `<kind>:<address>` (plus `:<attribute>` for secrets). What `--acknowledge` takes. */
  readonly id: string;
  readonly kind: RiskKind;
  readonly address: string;
  readonly type: string;
  /** Construct path of the resource, when the synthesized stack has it. */
  readonly path?: string;
  /** One sentence: what happens and why it matters. */
  readonly summary: string;
  /** The attribute changes behind the risk (`attr.path: before → after`). Secret values are never included. */
  readonly causes: string[];
  readonly acknowledged: boolean;
}

export interface ReviewedChange {
  readonly address: string;
  readonly type: string;
  readonly action: ChangeAction;
  /** Construct path without the stack name, e.g. `app-events/DeliveryStream/Stream`. */
  readonly path?: string;
  /** Group heading: the top-level construct (pipeline or module), or `(stack)`. */
  readonly group: string;
  /** Changed top-level attributes for updates/replacements. */
  readonly changedAttributes: string[];
  /** Key of the deposed object this change destroys (the old object of a failed create_before_destroy). */
  readonly deposed?: string;
  /** Why, in words, when Terraform gives a reason (replacements, deletions). */
  readonly reason?: string;
  /** Previous address of a moved resource. */
  readonly movedFrom?: string;
}

/** A resource changed outside Terraform since the last apply (from `resource_drift`). */
export interface DriftedResource {
  readonly address: string;
  readonly type: string;
  /** "update": its attributes changed; "delete": it no longer exists. */
  readonly action: "update" | "delete";
  readonly changedAttributes: string[];
}

export interface Review {
  readonly environment: string;
  readonly mode: string;
  /** False when the plan ran without a state (or an empty one): risks to deployed resources cannot be seen. */
  readonly stateSeen?: boolean;
  readonly terraformVersion?: string;
  readonly counts: Record<ChangeAction, number>;
  readonly changes: ReviewedChange[];
  readonly risks: Risk[];
  readonly drift: DriftedResource[];
  readonly diagram: string;
}
