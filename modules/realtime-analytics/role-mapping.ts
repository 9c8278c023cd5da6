/**
 * What a domain with fine-grained access control needs before Firehose can deliver: an OpenSearch role allowed to
 * write the index, mapped to the delivery role as a backend role (OpenSearch Security REST API). Without it every
 * bulk request gets 403, `DeliveryToAmazonOpenSearchService.AuthFailure` is 1 and documents go to the backup bucket.
 * `scripts/opensearch-role-mapping.ts` applies these requests signed with the master user's credentials.
 */

/** An OpenSearch Security role (`PUT _plugins/_security/api/roles/<name>`). */
export interface OpenSearchSecurityRole {
  readonly cluster_permissions: string[];
  readonly index_permissions: { readonly index_patterns: string[]; readonly allowed_actions: string[] }[];
}

/** The role, and its mapping to the delivery role (`PUT _plugins/_security/api/rolesmapping/<name>`). */
export interface OpenSearchRoleMapping {
  /** OpenSearch role name, e.g. `firehose_acme-search-events`. */
  readonly roleName: string;
  readonly role: OpenSearchSecurityRole;
  readonly mapping: { readonly backend_roles: string[] };
}

/** One REST request of the Security plugin. */
export interface SecurityApiRequest {
  readonly method: "PUT";
  readonly path: string;
  readonly body: unknown;
}

/** Role names of the Security plugin: letters, digits, '_', '-', '.' are safe in a URL path. */
export function firehoseOpenSearchRoleName(streamName: string): string {
  return `firehose_${streamName}`.replace(/[^A-Za-z0-9_.-]/g, "_");
}

/**
 * Least privilege for Firehose's bulk delivery: `cluster_composite_ops` (bulk) and `cluster_monitor` (the `_nodes`,
 * `_cluster/stats` reads Firehose makes), and on `<index>*` (rotated indexes get a date suffix) create, manage
 * mappings and write documents.
 */
export function firehoseRoleMapping(opts: { streamName: string; indexName: string; deliveryRoleArn: string }): OpenSearchRoleMapping {
  return {
    roleName: firehoseOpenSearchRoleName(opts.streamName),
    role: {
      cluster_permissions: ["cluster_composite_ops", "cluster_monitor"],
      index_permissions: [{ index_patterns: [`${opts.indexName}*`], allowed_actions: ["create_index", "manage", "crud"] }],
    },
    mapping: { backend_roles: [opts.deliveryRoleArn] },
  };
}

/** The two requests that apply a mapping: the role first, then its mapping (both idempotent PUTs). */
export function roleMappingRequests(m: OpenSearchRoleMapping): SecurityApiRequest[] {
  const name = encodeURIComponent(m.roleName);
  return [
    { method: "PUT", path: `/_plugins/_security/api/roles/${name}`, body: m.role },
    { method: "PUT", path: `/_plugins/_security/api/rolesmapping/${name}`, body: m.mapping },
  ];
}
