/**
 * The one naming helper: every physical name is `<prefix>-<parts...>`, so two environments or two pipelines in one
 * account never collide and names are recognisable in the console.
 */
export class Naming {
  constructor(public readonly prefix: string) {}

  /** Name for resources that accept `[a-zA-Z0-9_.-]` (delivery streams, Kinesis streams, IAM roles, rules). */
  public name(...parts: string[]): string {
    return [this.prefix, ...parts].filter((p) => p !== "").join("-");
  }

  /** Lowercase DNS-style name for buckets and OpenSearch domains, cut to `maxLength`. */
  public dnsName(maxLength: number, ...parts: string[]): string {
    const raw = this.name(...parts)
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, "-")
      .replace(/-+/g, "-");
    return raw.slice(0, maxLength).replace(/-+$/, "");
  }
}
