/**
 * Builds a Terraform state (format version 4) in which every resource of a plan already exists, from that plan's
 * `planned_values`: values computed at apply (`arn`, `id`, `version_id`, `destination_id`, ...) get plausible fake
 * values, and attributes that reference other resources (`${aws_s3_bucket.x.arn}`, policies embedding ARNs) are
 * resolved from the synthesized stack against those fakes, so planning the same configuration against this state
 * shows no change. Used to review a configuration change offline (`npm run review -- <env> --offline --state <file>`)
 * and by the review's tests.
 */
import { randomUUID, createHash } from "crypto";
import { PlannedResource, ReviewPlan, SynthStack } from "./types";
import { isObject } from "./values";

/** The subset of `terraform providers schema -json` used here. */
export interface ProviderSchemas {
  readonly provider_schemas: Record<string, { readonly resource_schemas: Record<string, { readonly version: number; readonly block: SchemaBlock }> }>;
}
interface SchemaBlock {
  readonly attributes?: Record<string, { readonly type: unknown; readonly computed?: boolean }>;
  readonly block_types?: Record<string, { readonly nesting_mode: string; readonly block: SchemaBlock }>;
}

export interface TerraformState {
  readonly version: 4;
  readonly terraform_version: string;
  readonly serial: number;
  readonly lineage: string;
  readonly outputs: Record<string, unknown>;
  readonly resources: {
    mode: "managed";
    type: string;
    name: string;
    provider: string;
    instances: { schema_version: number; attributes: Record<string, unknown>; sensitive_attributes: unknown[]; dependencies: string[] }[];
  }[];
}

const FAKE_ACCOUNT_ID = "123456789012";
const REF = /\$\{((?:data\.)?[a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)\}/g;
type Values = Record<string, unknown>;
const IDENTITY = new Set(["id", "arn"]);

const shortHash = (s: string) => createHash("sha256").update(s).digest("hex");
const fakeUuid = (s: string) => {
  const h = shortHash(s);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** A well-formed ARN for a resource (provider validators check the `arn:` shape of referenced values). */
export function fakeArn(type: string, v: Values, region: string): string {
  const a = FAKE_ACCOUNT_ID;
  const name = String(v.name ?? v.function_name ?? v.domain_name ?? v.alarm_name ?? v.bucket ?? v.id ?? type);
  switch (type) {
    case "aws_s3_bucket":
      return `arn:aws:s3:::${v.bucket}`;
    case "aws_iam_role":
    case "aws_iam_policy":
      return `arn:aws:iam::${a}:${type.slice(8)}${v.path ?? "/"}${name}`;
    case "aws_cloudwatch_log_group":
      return `arn:aws:logs:${region}:${a}:log-group:${name}`;
    case "aws_cloudwatch_log_stream":
      return `arn:aws:logs:${region}:${a}:log-group:${v.log_group_name}:log-stream:${name}`;
    case "aws_kms_key":
      return `arn:aws:kms:${region}:${a}:key/${v.key_id}`;
    case "aws_kms_alias":
      return `arn:aws:kms:${region}:${a}:${name}`;
    case "aws_kinesis_firehose_delivery_stream":
      return `arn:aws:firehose:${region}:${a}:deliverystream/${name}`;
    case "aws_kinesis_stream":
      return `arn:aws:kinesis:${region}:${a}:stream/${name}`;
    case "aws_lambda_function":
      return `arn:aws:lambda:${region}:${a}:function:${name}`;
    case "aws_sqs_queue":
      return `arn:aws:sqs:${region}:${a}:${name}`;
    case "aws_sns_topic":
      return `arn:aws:sns:${region}:${a}:${name}`;
    case "aws_cloudwatch_event_rule":
      return `arn:aws:events:${region}:${a}:rule/${name}`;
    case "aws_cloudwatch_metric_alarm":
      return `arn:aws:cloudwatch:${region}:${a}:alarm:${name}`;
    case "aws_opensearch_domain":
      return `arn:aws:es:${region}:${a}:domain/${name}`;
    default:
      return `arn:aws:${type.split("_")[1] ?? "aws"}:${region}:${a}:${type.replace(/^aws_/, "")}/${name}`;
  }
}

/** A fake value of a schema type for a computed attribute nobody configured. */
function fakeOfType(type: unknown, attr: string, resType: string, v: Values, region: string, address: string): unknown {
  if (type === "string") {
    if (attr === "arn") return fakeArn(resType, v, region);
    if (attr === "key_id") return fakeUuid(address);
    if (attr === "id") return resType === "aws_kms_key" ? v.key_id : String(v.name ?? v.bucket ?? v.function_name ?? v.domain_name ?? fakeUuid(address));
    if (attr === "version_id") return "1";
    if (attr === "destination_id") return "destinationId-000000000001";
    if (attr === "policy") return '{"Version":"2012-10-17","Statement":[]}';
    return `fake-${attr}`;
  }
  if (type === "number") return 0;
  if (type === "bool") return false;
  if (Array.isArray(type)) return type[0] === "map" || type[0] === "object" ? (type[0] === "map" ? {} : null) : [];
  return null;
}

/** The n-th element of a block as cdktf wrote it (object for one block, list for several). */
function configBlock(cfg: unknown, i: number): Values | undefined {
  const el = Array.isArray(cfg) ? cfg[i] : i === 0 ? cfg : undefined;
  return isObject(el) ? el : undefined;
}

/** For set-nested blocks the planned order differs from the configuration's: match on the known scalars. */
function matchSetElement(cfg: unknown, planned: Values): Values | undefined {
  const candidates = (Array.isArray(cfg) ? cfg : [cfg]).filter(isObject);
  return candidates.find((c) => Object.entries(planned).every(([k, pv]) => typeof pv === "object" || pv === null || c[k] === undefined || c[k] === pv));
}

export interface StateOptions {
  /** Region used in fake ARNs. @default the provider's region in the plan, else us-east-1 */
  readonly region?: string;
}

/** A version-4 state holding every managed resource of `plan` as if it had been applied. */
export function stateFromPlan(plan: ReviewPlan & { configuration?: unknown }, synth: SynthStack, schemas: ProviderSchemas, opts: StateOptions = {}): TerraformState {
  const planned = new Map<string, PlannedResource>();
  for (const r of plan.planned_values?.root_module?.resources ?? []) if (r.mode === "managed") planned.set(r.address, r);
  const unknowns = new Map((plan.resource_changes ?? []).map((c) => [c.address, c.change.after_unknown]));
  const providerRegion = (plan.configuration as { provider_config?: { aws?: { expressions?: { region?: { constant_value?: string } } } } } | undefined)?.provider_config?.aws?.expressions?.region?.constant_value;
  const region = opts.region ?? providerRegion ?? "us-east-1";
  // Computed attributes get a fake value only when something reads them (others stay null, as unset optional
  // attributes are): a made-up value for e.g. `fifo_throughput_scope` would fail the provider's validation.
  const referenced = new Set<string>();
  JSON.stringify(synth.resource ?? {}).replace(/((?:data\.)?[a-z0-9_]+)\.[A-Za-z0-9_-]+\.([a-z0-9_]+)/g, (_m, type: string, attr: string) => {
    referenced.add(`${type}.${attr}`);
    return "";
  });
  const done = new Map<string, Values>();
  const inProgress = new Set<string>();

  const schemaOf = (r: PlannedResource) => {
    const s = schemas.provider_schemas[r.provider_name]?.resource_schemas[r.type];
    if (!s) throw new Error(`no provider schema for ${r.type} (${r.provider_name})`);
    return s;
  };

  const resolve = (key: string): Values => {
    const r = planned.get(key);
    if (!r || inProgress.has(key)) return {};
    return build(r);
  };

  /** `${a.b.c}` interpolations against the built state; undefined when something is not a plain reference. */
  const evaluate = (template: string): unknown => {
    const whole = /^\$\{((?:data\.)?[a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)\}$/.exec(template);
    if (whole) return resolve(`${whole[1]}.${whole[2]}`)[whole[3]];
    const ref = (type: string, name: string, attr: string) => String(resolve(`${type}.${name}`)[attr] ?? "");
    const out = template
      // cdktf's Fn.element(Fn.split(":", arn), n), e.g. the partition and account of an ARN in a key policy.
      .replace(/\$\{element\(split\("([^"]*)", ((?:data\.)?[a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)\), (\d+)\)\}/g, (_m, sep: string, type: string, name: string, attr: string, n: string) =>
        ref(type, name, attr).split(sep)[Number(n)] ?? "",
      )
      .replace(REF, (_m, type: string, name: string, attr: string) => ref(type, name, attr));
    return out.includes("${") ? undefined : out;
  };

  /** A configured value with its interpolations evaluated; undefined when one cannot be. */
  const evaluateDeep = (c: unknown): unknown => {
    if (typeof c === "string") return c.includes("${") ? evaluate(c) : c;
    if (Array.isArray(c)) {
      const items = c.map(evaluateDeep);
      return items.includes(undefined) ? undefined : items;
    }
    if (isObject(c)) {
      const entries = Object.entries(c).map(([k, v]) => [k, evaluateDeep(v)] as const);
      return entries.some(([, v]) => v === undefined) ? undefined : Object.fromEntries(entries);
    }
    return c;
  };

  const fill = (block: SchemaBlock, pv: Values | undefined, unknown: unknown, cfg: Values | undefined, r: PlannedResource, top: boolean): Values => {
    const out: Values = {};
    const u = isObject(unknown) ? unknown : {};
    const deferred: [string, unknown][] = [];
    for (const [attr, def] of Object.entries(block.attributes ?? {})) {
      if (pv && pv[attr] !== undefined) {
        out[attr] = pv[attr];
        continue;
      }
      const evaluated = cfg?.[attr] !== undefined ? evaluateDeep(cfg[attr]) : undefined;
      if (evaluated !== undefined) out[attr] = evaluated;
      else if (u[attr] === true && def.computed && (top ? IDENTITY.has(attr) || referenced.has(`${r.type}.${attr}`) : false)) deferred.push([attr, def.type]);
      // Unset computed collections read back as empty, not null (null would plan as "known after apply").
      else out[attr] = def.computed && Array.isArray(def.type) && def.type[0] !== "object" ? (def.type[0] === "map" ? {} : []) : null;
    }
    // Identity attributes last: `id` and `arn` are derived from the names filled above.
    const order = (a: string) => (a === "key_id" ? 1 : a === "id" ? 2 : a === "arn" ? 3 : 0);
    for (const [attr, type] of deferred.sort((a, b) => order(a[0]) - order(b[0]))) {
      out[attr] = fakeOfType(type, attr, r.type, top ? out : {}, region, r.address);
    }
    for (const [name, bt] of Object.entries(block.block_types ?? {})) {
      const pvb = pv?.[name];
      const ub = u[name];
      const single = bt.nesting_mode === "single" || bt.nesting_mode === "group";
      if (ub === true || pvb === undefined || pvb === null) {
        out[name] = single ? null : [];
      } else if (single && isObject(pvb)) {
        out[name] = fill(bt.block, pvb, ub, configBlock(cfg?.[name], 0), r, false);
      } else if (Array.isArray(pvb)) {
        out[name] = pvb.map((el, i) =>
          fill(bt.block, el as Values, Array.isArray(ub) ? ub[i] : undefined, bt.nesting_mode === "set" ? matchSetElement(cfg?.[name], el as Values) : configBlock(cfg?.[name], i), r, false),
        );
      }
    }
    return out;
  };

  const build = (r: PlannedResource): Values => {
    const cached = done.get(r.address);
    if (cached) return cached;
    inProgress.add(r.address);
    const cfg = synth.resource?.[r.type]?.[r.name];
    const attrs = fill(schemaOf(r).block, r.values, unknowns.get(r.address), cfg, r, true);
    inProgress.delete(r.address);
    done.set(r.address, attrs);
    return attrs;
  };

  const resources = [...planned.values()].map((r) => ({
    mode: "managed" as const,
    type: r.type,
    name: r.name,
    provider: `provider["${r.provider_name}"]`,
    instances: [{ schema_version: r.schema_version, attributes: build(r), sensitive_attributes: [], dependencies: [] }],
  }));
  return { version: 4, terraform_version: plan.terraform_version ?? "1.11.4", serial: 1, lineage: randomUUID(), outputs: {}, resources };
}
