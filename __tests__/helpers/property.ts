/**
 * Run counts of property tests (fast-check). Each property names its full count; what runs is set by
 * `FHP_PROPERTY_RUNS`:
 * - unset: the full count under CI=true, otherwise a tenth of it (at least 25): the fast inner loop;
 * - `full`: the full count;
 * - a positive integer N: N runs for every property (e.g. a long soak with 20000).
 */
export function propertyRuns(full: number): number {
  const setting = (process.env.FHP_PROPERTY_RUNS ?? "").trim();
  if (setting === "full") return full;
  if (setting !== "") {
    const n = Number(setting);
    if (!Number.isInteger(n) || n < 1) throw new Error(`FHP_PROPERTY_RUNS must be "full" or a positive integer, got "${setting}"`);
    return n;
  }
  if (process.env.CI === "true") return full;
  return Math.min(full, Math.max(25, Math.ceil(full / 10)));
}
