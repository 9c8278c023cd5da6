import { Token } from "cdktf";

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

/**
 * A KMS alias `alias/<prefix>/<name>` with every character KMS refuses replaced by '-'. Alias names may contain only
 * letters, digits, '/', '_' and '-' (KMS developer guide, "Create aliases"), while Kinesis stream, secret and S3
 * bucket names may contain '.', which would fail CreateAlias at apply time. Unresolved tokens pass through.
 */
export function kmsAliasName(prefix: string, name: string): string {
  const safe = Token.isUnresolved(name) ? name : name.replace(/[^a-zA-Z0-9/_-]/g, "-");
  return `alias/${prefix}/${safe}`;
}
