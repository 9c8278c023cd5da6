/** Lookups into a synthesized stack shared by the scenario tests. */
import { statementsOf } from "../helpers/iam";
import { resourcesOf, SynthJson } from "../helpers/stack";

export type Res = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The delivery stream with this name. */
export function deliveryStream(json: SynthJson, name: string): Res {
  const found = (resourcesOf(json, "aws_kinesis_firehose_delivery_stream") as Res[]).find((s) => s.name === name);
  if (!found) throw new Error(`no delivery stream named ${name}`);
  return found;
}

/** Statements of the inline policies of the role named `roleName`. */
export function roleStatements(json: SynthJson, roleName: string): Res[] {
  return statementsOf(json, roleName) as unknown as Res[];
}

/** Alarms whose name starts with `prefix`. */
export function alarmsOf(json: SynthJson, prefix: string): Res[] {
  return (resourcesOf(json, "aws_cloudwatch_metric_alarm") as Res[]).filter((a) => typeof a.alarm_name === "string" && a.alarm_name.startsWith(prefix));
}

/** Terraform reference to an attribute of the only resource of `type` whose id contains `match`. */
export function ref(json: SynthJson, type: string, match: string, attribute: string): string {
  return `\${${type}.${idMatching(json, type, match)}.${attribute}}`;
}

/** The only resource of `type` whose id contains `match`. */
export function resourceMatching(json: SynthJson, type: string, match: string): Res {
  return json.resource[type][idMatching(json, type, match)] as Res;
}

/** The id of the only resource of `type` whose construct path is `match`, or else contains it. */
function idMatching(json: SynthJson, type: string, match: string): string {
  const all = Object.keys(json.resource[type] ?? {});
  const exact = all.filter((k) => k.replace(/_[0-9A-F]{8}$/, "") === match);
  const ids = exact.length > 0 ? exact : all.filter((k) => k.includes(match));
  if (ids.length !== 1) throw new Error(`expected one ${type} matching ${match}, found ${ids.join(", ") || "none"}`);
  return ids[0];
}
