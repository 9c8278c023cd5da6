/**
 * Checks on the rendered resources at synth: every `aws_kinesis_firehose_delivery_stream`, `aws_kinesis_stream` and
 * `aws_cloudwatch_event_target` of a stack, as Terraform will receive it (after `addOverride`, `reset*()` and other
 * escape hatches, and including resources created with the raw provider classes), goes through the rules engine.
 * Error findings fail synth with one {@link FirehoseValidationError} naming the resource path, the attribute, the rule
 * and the value; warnings become cdktf warning annotations. Unresolved values (references, tokens) are skipped.
 *
 * The constructs of this library add the aspect to their stack. Add it yourself to other stacks with
 * `RenderedChecks.enable(stack)`. Opt one resource out (e.g. to work around a rule in an emergency) with
 * `RenderedChecks.skip(resource, { reason, rules })`.
 */
import { Annotations, Aspects, IAspect, TerraformResource, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { FirehoseValidationError, ValidationProblem, formatProblem, ruleWarnedAbove } from "../core/validation";
import { ruleDocUrl } from "../core/rules";
import { CHECKED_RESOURCE_TYPES, checkAcrossResources, checkTerraformResource, DocumentResource, Finding } from "./engine";

export interface SkipOptions {
  /** Why the checks are off for this resource; shown in a warning at every synth. */
  readonly reason: string;
  /** Rule ids to skip. @default every rule */
  readonly rules?: string[];
}

const SKIPS = new WeakMap<IConstruct, SkipOptions>();
const ENABLED = new WeakSet<TerraformStack>();

/** The aspect. One per stack is enough: {@link RenderedChecks.enable} adds it once. */
export class RenderedChecks implements IAspect {
  /** Adds the checks to the stack of `scope` (once per stack). */
  public static enable(scope: IConstruct): void {
    const stack = TerraformStack.of(scope);
    if (ENABLED.has(stack)) return;
    ENABLED.add(stack);
    Aspects.of(stack).add(new RenderedChecks());
  }

  /**
   * Opts one resource out of the rendered checks (all rules, or `rules`). The construct-prop validation of this
   * library still runs; this only turns off the checks on the rendered resource.
   */
  public static skip(resource: IConstruct, options: SkipOptions): void {
    if (!options.reason || !options.reason.trim()) throw new Error("RenderedChecks.skip needs a reason");
    SKIPS.set(resource, options);
  }

  /** Findings of every checked resource under `scope`, without throwing. */
  public static findings(scope: IConstruct): Finding[] {
    const stack = TerraformStack.of(scope);
    // The whole stack as Terraform receives it: resource and stack overrides applied, tokens resolved to `${...}`.
    const rendered = stack.toTerraform() as { resource?: Record<string, Record<string, Record<string, unknown>>> };
    const out: Finding[] = [];
    const all: DocumentResource[] = [];
    const skips = new Map<string, SkipOptions | undefined>();
    for (const node of scope.node.findAll()) {
      if (!TerraformResource.isTerraformResource(node)) continue;
      const resource = node as TerraformResource;
      const config = rendered.resource?.[resource.terraformResourceType]?.[resource.friendlyUniqueId];
      if (!config) continue;
      all.push({ type: resource.terraformResourceType, address: resource.node.path, name: resource.friendlyUniqueId, config });
      skips.set(resource.node.path, SKIPS.get(resource));
      if (!(CHECKED_RESOURCE_TYPES as readonly string[]).includes(resource.terraformResourceType)) continue;
      out.push(...checkTerraformResource(resource.terraformResourceType, resource.node.path, config));
    }
    out.push(...checkAcrossResources(all));
    return out.filter((f) => {
      const skip = skips.get(f.address);
      return !skip || (skip.rules !== undefined && !skip.rules.includes(f.ruleId));
    });
  }

  public visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node)) return;
    const all = node.node.findAll();
    for (const n of all) {
      const skip = SKIPS.get(n);
      if (skip) Annotations.of(n).addWarning(`rendered-resource checks ${skip.rules ? `skipped for rules ${skip.rules.join(", ")}` : "skipped"}: ${skip.reason}`);
    }
    const nodes = new Map(all.map((n) => [n.node.path, n]));
    // A warning the construct that created the resource already gave from its props is not printed again.
    const findings = RenderedChecks.findings(node).filter((f) => {
      const at = nodes.get(f.address);
      return !(f.severity === "warning" && at && ruleWarnedAbove(at, f.ruleId));
    });
    const problems = (severity: string): ValidationProblem[] =>
      findings
        .filter((f) => f.severity === severity)
        .map((f) => ({ constructPath: f.address, propertyPath: f.attribute, rule: f.ruleId, message: `${f.message} (rendered ${resourceType(nodes.get(f.address))})`, value: f.value }));
    for (const w of problems("warning")) {
      const url = ruleDocUrl(w.rule);
      Annotations.of(node).addWarning(url ? `${formatProblem(w)} ${url}` : formatProblem(w));
    }
    const errors = problems("error");
    if (errors.length > 0) throw new FirehoseValidationError(errors);
  }
}

function resourceType(node: IConstruct | undefined): string {
  return node && TerraformResource.isTerraformResource(node) ? (node as TerraformResource).terraformResourceType : "resource";
}
