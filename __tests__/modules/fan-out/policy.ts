import { resourcesOf, SynthJson } from "../../helpers/stack";

export interface Statement {
  Sid?: string;
  Effect?: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

/** Statements of the inline policy attached to the role named `roleName` (parsed policy JSON). */
export function statementsOf(json: SynthJson, roleName: string): Statement[] {
  const policies = resourcesOf(json, "aws_iam_role_policy") as { role: string; policy: string }[];
  const roleKey = Object.entries(json.resource.aws_iam_role).find(([, r]) => r.name === roleName)?.[0];
  if (!roleKey) throw new Error(`no role named ${roleName}`);
  const policy = policies.find((p) => p.role === `\${aws_iam_role.${roleKey}.name}`);
  if (!policy) throw new Error(`no inline policy on role ${roleName}`);
  return JSON.parse(policy.policy).Statement;
}

/** `${type.key.attr}` reference of the only resource of `type` whose key starts with `keyPrefix`. */
export function ref(json: SynthJson, type: string, keyPrefix: string, attr = "arn"): string {
  let keys = Object.keys(json.resource[type] ?? {}).filter((k) => k.startsWith(keyPrefix));
  // Several matches: take the one whose key is the prefix plus only the hash (e.g. Bucket_1A2B3C4D, not Bucket_Logs_...).
  if (keys.length > 1) keys = keys.filter((k) => /^_?[0-9A-F]{8}$/.test(k.slice(keyPrefix.length)));
  if (keys.length !== 1) throw new Error(`expected one ${type} starting with ${keyPrefix}, found ${keys.join(", ") || "none"}`);
  return `\${${type}.${keys[0]}.${attr}}`;
}
