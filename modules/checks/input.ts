/**
 * Reads Terraform JSON configuration (`*.tf.json`, cdktf's `cdk.tf.json`) and plans (`terraform show -json`) into
 * the resources the rules engine checks. Plan values unknown until apply (`after_unknown`) are marked unknown, so the
 * engine skips them.
 */
import { CHECKED_RESOURCE_TYPES, checkAcrossResources, checkTerraformResource, Finding } from "./engine";

export interface RenderedResource {
  readonly type: string;
  /** Terraform address, e.g. `aws_kinesis_stream.events` or `module.m.aws_kinesis_stream.events`. */
  readonly address: string;
  /** Local name, as references write it (`events` in `${aws_kinesis_stream.events.arn}`). */
  readonly name: string;
  readonly config: Record<string, unknown>;
}

/** Raised for input that is neither a Terraform JSON configuration nor a plan. */
export class CheckInputError extends Error {}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Marks every value `after_unknown` flags as unknown (`${unknown}`), recursively. */
function markUnknown(after: unknown, unknown: unknown): unknown {
  if (unknown === true) return "${unknown}";
  if (Array.isArray(unknown)) {
    const arr = Array.isArray(after) ? [...after] : [];
    unknown.forEach((u, i) => {
      if (u !== false && u !== undefined) arr[i] = markUnknown(arr[i], u);
    });
    return arr;
  }
  if (isObj(unknown)) {
    const out: Obj = isObj(after) ? { ...after } : {};
    for (const [k, u] of Object.entries(unknown)) {
      if (u !== false && u !== undefined) out[k] = markUnknown(out[k], u);
    }
    return out;
  }
  return after;
}

function fromConfiguration(doc: Obj): RenderedResource[] {
  const out: RenderedResource[] = [];
  const blocks = Array.isArray(doc.resource) ? doc.resource : [doc.resource];
  for (const byType of blocks) {
    if (!isObj(byType)) continue;
    for (const [type, byName] of Object.entries(byType)) {
      if (!isObj(byName)) continue;
      for (const [name, config] of Object.entries(byName)) {
        const c = Array.isArray(config) ? config[0] : config;
        if (isObj(c)) out.push({ type, address: `${type}.${name}`, name, config: c });
      }
    }
  }
  return out;
}

/**
 * The provider configuration (`aws`, `aws.west`) of each resource of a plan, keyed by module path and
 * `<type>.<name>`, from the plan's `configuration` section: plan values do not say which aliased provider (region) a
 * resource uses. Undefined when the plan has no configuration section.
 */
function providerKeys(doc: Obj): Map<string, string> | undefined {
  if (!isObj(doc.configuration) || !isObj(doc.configuration.root_module)) return undefined;
  const keys = new Map<string, string>();
  const walk = (module: Obj, prefix: string): void => {
    for (const r of Array.isArray(module.resources) ? module.resources : []) {
      if (isObj(r) && typeof r.address === "string" && typeof r.provider_config_key === "string") keys.set(`${prefix}|${r.address}`, r.provider_config_key);
    }
    const calls = isObj(module.module_calls) ? module.module_calls : {};
    for (const [name, call] of Object.entries(calls)) {
      if (isObj(call) && isObj(call.module)) walk(call.module, prefix ? `${prefix}.module.${name}` : `module.${name}`);
    }
  };
  walk(doc.configuration.root_module, "");
  return keys;
}

function fromPlan(doc: Obj): RenderedResource[] {
  const changes = Array.isArray(doc.resource_changes) ? doc.resource_changes : [];
  const providers = providerKeys(doc);
  const out: RenderedResource[] = [];
  for (const rc of changes) {
    if (!isObj(rc) || rc.mode === "data" || !isObj(rc.change)) continue;
    const actions = Array.isArray(rc.change.actions) ? rc.change.actions : [];
    if (actions.length === 1 && (actions[0] === "delete" || actions[0] === "forget")) continue;
    const after = markUnknown(rc.change.after, rc.change.after_unknown);
    if (isObj(after) && typeof rc.type === "string" && typeof rc.address === "string") {
      const module = typeof rc.module_address === "string" ? rc.module_address.replace(/\[[^\]]*\]/g, "") : "";
      const provider = providers ? providers.get(`${module}|${rc.type}.${String(rc.name)}`) : "${unknown}";
      const config = provider !== undefined && !("provider" in after) ? { ...after, provider } : after;
      out.push({ type: rc.type, address: rc.address, name: typeof rc.name === "string" ? rc.name : rc.address, config });
    }
  }
  return out;
}

/** The resources of a parsed Terraform JSON configuration or plan. */
function resourcesOf(doc: unknown): RenderedResource[] {
  if (!isObj(doc)) throw new CheckInputError("expected a JSON object (a Terraform JSON configuration or a plan from `terraform show -json`)");
  if ("resource_changes" in doc || "planned_values" in doc || ("format_version" in doc && "terraform_version" in doc)) return fromPlan(doc);
  if ("resource" in doc || "terraform" in doc || "provider" in doc || "module" in doc || "variable" in doc || "output" in doc || "data" in doc || "locals" in doc) {
    return fromConfiguration(doc);
  }
  throw new CheckInputError("not a Terraform JSON configuration (no resource/terraform/provider block) nor a plan (no resource_changes)");
}

/** Findings of every checked resource of a parsed configuration or plan, in document order. */
export function checkTerraformDocument(doc: unknown): Finding[] {
  const resources = resourcesOf(doc);
  const single = resources.filter((r) => (CHECKED_RESOURCE_TYPES as readonly string[]).includes(r.type)).flatMap((r) => checkTerraformResource(r.type, r.address, r.config));
  const across = checkAcrossResources(resources);
  // In document order: each resource's own findings, then those that need other resources.
  const order = new Map(resources.map((r, i) => [r.address, i]));
  return [...single, ...across].map((f, i) => ({ f, i })).sort((a, b) => (order.get(a.f.address) ?? 0) - (order.get(b.f.address) ?? 0) || a.i - b.i).map((x) => x.f);
}
