/** IAM lookups into a synthesized stack, shared by the construct and seed tests. */
import { onlyResource, resourcesOf, SynthJson } from "./stack";

export interface Statement {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

/** Statements of every inline policy attached to the role named `roleName` (parsed policy JSON). */
export function statementsOf(json: SynthJson, roleName: string): Statement[] {
  const roleKey = Object.entries(json.resource.aws_iam_role ?? {}).find(([, r]) => r.name === roleName)?.[0];
  if (!roleKey) throw new Error(`no role named ${roleName}`);
  const policies = (resourcesOf(json, "aws_iam_role_policy") as { role: string; policy: string }[]).filter(
    (p) => p.role === `\${aws_iam_role.${roleKey}.name}` || p.role === `\${aws_iam_role.${roleKey}.id}`,
  );
  if (policies.length === 0) throw new Error(`no inline policy on role ${roleName}`);
  return policies.flatMap((p) => JSON.parse(p.policy).Statement as Statement[]);
}

/** Statements of the stack's only inline role policy (fails when there are none or several). */
export function onlyPolicyStatements(json: SynthJson): Statement[] {
  return JSON.parse(onlyResource<{ policy: string }>(json, "aws_iam_role_policy").policy).Statement;
}

/** `${type.key.attr}` reference of the only resource of `type` whose key starts with `keyPrefix`. */
export function ref(json: SynthJson, type: string, keyPrefix: string, attr = "arn"): string {
  let keys = Object.keys(json.resource[type] ?? {}).filter((k) => k.startsWith(keyPrefix));
  // Several matches: take the one whose key is the prefix plus only the hash (e.g. Bucket_1A2B3C4D, not Bucket_Logs_...).
  if (keys.length > 1) keys = keys.filter((k) => /^_?[0-9A-F]{8}$/.test(k.slice(keyPrefix.length)));
  if (keys.length !== 1) throw new Error(`expected one ${type} starting with ${keyPrefix}, found ${keys.join(", ") || "none"}`);
  return `\${${type}.${keys[0]}.${attr}}`;
}
