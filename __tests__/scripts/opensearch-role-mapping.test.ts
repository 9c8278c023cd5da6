import * as http from "http";
import { AddressInfo } from "net";
import { firehoseRoleMapping, roleMappingRequests } from "../../modules/realtime-analytics/role-mapping";
import { applyRoleMapping, parseMappingOutput, RoleMappingOutput } from "../../scripts/opensearch-role-mapping";

const ROLE = "arn:aws:iam::111122223333:role/acme-search-events-firehose";
const CREDS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A local stand-in for the domain endpoint that records what it receives. */
async function withServer(status: number, fn: (endpoint: string, seen: Seen[]) => Promise<void>): Promise<void> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(status, { "content-type": "application/json" });
      res.end(status === 200 ? '{"status":"OK"}' : '{"status":"FORBIDDEN","message":"no permissions for [restapi:admin/roles]"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  try {
    await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
}

const output = (endpoint: string): RoleMappingOutput => ({
  endpoint,
  region: "eu-west-1",
  ...firehoseRoleMapping({ streamName: "acme-search-events", indexName: "events", deliveryRoleArn: ROLE }),
});

describe("OpenSearch role mapping for fine-grained access control", () => {
  test("the mapping: a dedicated role that may bulk-write <index>*, mapped to the delivery role as a backend role", () => {
    const m = firehoseRoleMapping({ streamName: "acme-search-events", indexName: "events", deliveryRoleArn: ROLE });
    expect(m).toEqual({
      roleName: "firehose_acme-search-events",
      role: { cluster_permissions: ["cluster_composite_ops", "cluster_monitor"], index_permissions: [{ index_patterns: ["events*"], allowed_actions: ["create_index", "manage", "crud"] }] },
      mapping: { backend_roles: [ROLE] },
    });
    expect(roleMappingRequests(m).map((r) => `${r.method} ${r.path}`)).toEqual([
      "PUT /_plugins/_security/api/roles/firehose_acme-search-events",
      "PUT /_plugins/_security/api/rolesmapping/firehose_acme-search-events",
    ]);
  });

  test("applyRoleMapping sends the role then the mapping, SigV4-signed for service es in the domain's region", async () => {
    await withServer(200, async (endpoint, seen) => {
      const applied = await applyRoleMapping(output(endpoint), CREDS);
      expect(applied.map((a) => [a.path, a.status])).toEqual([
        ["/_plugins/_security/api/roles/firehose_acme-search-events", 200],
        ["/_plugins/_security/api/rolesmapping/firehose_acme-search-events", 200],
      ]);
      expect(seen.map((s) => [s.method, s.url])).toEqual([
        ["PUT", "/_plugins/_security/api/roles/firehose_acme-search-events"],
        ["PUT", "/_plugins/_security/api/rolesmapping/firehose_acme-search-events"],
      ]);
      expect(JSON.parse(seen[1].body)).toEqual({ backend_roles: [ROLE] });
      expect(JSON.parse(seen[0].body).index_permissions[0].index_patterns).toEqual(["events*"]);
      for (const s of seen) {
        expect(s.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/es\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/);
        expect(s.headers["x-amz-date"]).toMatch(/^\d{8}T\d{6}Z$/);
        expect(s.headers["content-type"]).toBe("application/json");
      }
    });
  });

  test("a refused request (not the master user) stops with the status and what to check", async () => {
    await withServer(403, async (endpoint, seen) => {
      await expect(applyRoleMapping(output(endpoint), CREDS)).rejects.toThrow(
        /^PUT \/_plugins\/_security\/api\/roles\/firehose_acme-search-events returned 403: .*no permissions for \[restapi:admin\/roles\].*\nRun this with the credentials of the domain's fine-grained access control master user/s,
      );
      expect(seen).toHaveLength(1);
    });
  });

  test("--mapping must be the stack output", () => {
    expect(() => parseMappingOutput('{"endpoint":"https://x"}')).toThrow("--mapping is not a <pipeline>_opensearch_role_mapping output: missing region, roleName, role, mapping");
  });
});
