/** Small helpers over the nested values of plan JSON (objects, lists of blocks, scalars). */
import { PlanPath } from "./types";

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The value at `path`, or undefined. */
export function getAt(v: unknown, path: PlanPath): unknown {
  let cur = v;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === "number") cur = cur[seg];
    else if (isObject(cur) && typeof seg === "string") cur = cur[seg];
    else return undefined;
  }
  return cur;
}

/** `extended_s3_configuration[0].prefix` */
export function formatPath(path: PlanPath): string {
  return path.map((seg, i) => (typeof seg === "number" ? `[${seg}]` : i === 0 ? seg : `.${seg}`)).join("");
}

/** True when the marker tree (after_unknown / *_sensitive) is `true` at `path` or at one of its parents. */
export function markedAt(marks: unknown, path: PlanPath): boolean {
  let cur = marks;
  for (const seg of path) {
    if (cur === true) return true;
    if (Array.isArray(cur) && typeof seg === "number") cur = cur[seg];
    else if (isObject(cur) && typeof seg === "string") cur = cur[seg];
    else return false;
  }
  return cur === true;
}

/**
 * Leaf paths whose value differs between `before` and `after` (a leaf is a scalar, or a list/object that exists on one
 * side only). Paths unknown after apply count as changed.
 */
export function changedLeaves(before: unknown, after: unknown, afterUnknown: unknown, path: PlanPath = []): PlanPath[] {
  if (afterUnknown === true) return [path];
  if (Array.isArray(before) && Array.isArray(after)) {
    const out: PlanPath[] = [];
    const n = Math.max(before.length, after.length);
    for (let i = 0; i < n; i++) {
      out.push(...changedLeaves(before[i], after[i], Array.isArray(afterUnknown) ? afterUnknown[i] : undefined, [...path, i]));
    }
    return out;
  }
  if (isObject(before) && isObject(after)) {
    const out: PlanPath[] = [];
    const keys = new Set([...Object.keys(before), ...Object.keys(after), ...(isObject(afterUnknown) ? Object.keys(afterUnknown) : [])]);
    for (const k of [...keys].sort()) {
      out.push(...changedLeaves(before[k], after[k], isObject(afterUnknown) ? afterUnknown[k] : undefined, [...path, k]));
    }
    return out;
  }
  // The provider reads back unset strings as "": not a change.
  const norm = (v: unknown) => (v === undefined || v === "" ? null : v);
  // An absent block and an empty list are the same to Terraform.
  const empty = (v: unknown) => v === undefined || v === null || (Array.isArray(v) && v.length === 0);
  if (empty(before) && empty(after)) return [];
  return JSON.stringify(norm(before)) === JSON.stringify(norm(after)) ? [] : [path];
}

/** A short, single-line rendering of a value for the review. */
export function shortValue(v: unknown, max = 90): string {
  if (v === undefined || v === null) return "(none)";
  const s = JSON.stringify(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** Every string value found under `v` for objects shaped `{ [nameKey]: name, [valueKey]: value }`. */
export function namedParameters(v: unknown, name: string, nameKey = "parameter_name", valueKey = "parameter_value"): string[] {
  const out: string[] = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (isObject(x)) {
      if (x[nameKey] === name && typeof x[valueKey] === "string") out.push(x[valueKey] as string);
      Object.values(x).forEach(walk);
    }
  };
  walk(v);
  return out.sort();
}
