/**
 * Maps a Firehose delivery role to an OpenSearch role on a domain with fine-grained access control, through the
 * Security plugin's REST API, with requests signed (SigV4, service `es`) by the credentials it runs with: run it as
 * the domain's master user (e.g. `AWS_PROFILE=<profile assuming the master role>`).
 *
 *   firehose-pipelines opensearch-role-mapping --mapping "$(terraform output -raw <pipeline>_opensearch_role_mapping)"
 *   firehose-pipelines opensearch-role-mapping --mapping '<json>' --print      # show the requests, send nothing
 *
 * `--mapping` is the stack output `<pipeline>_opensearch_role_mapping`: `{ endpoint, region, roleName, role, mapping }`.
 * Both requests are idempotent PUTs of a role dedicated to the stream, so running it again changes nothing.
 */
import { SignatureV4 } from "@smithy/signature-v4";
import { createHash, createHmac, Hash, Hmac } from "crypto";
import * as http from "http";
import * as https from "https";
import { parseSubcommandArgs } from "./project";
import { OpenSearchRoleMapping, roleMappingRequests } from "../modules/realtime-analytics/role-mapping";

/** What the stack output holds. */
export interface RoleMappingOutput extends OpenSearchRoleMapping {
  /** `https://<domain endpoint>` */
  readonly endpoint: string;
  readonly region: string;
}

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

function toBuffer(data: SourceData): Buffer {
  if (typeof data === "string") return Buffer.from(data, "utf8");
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(new Uint8Array(data));
}

/** SHA-256 / HMAC-SHA-256 from node:crypto in the shape SignatureV4 expects (no extra dependency). */
class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.hash = secret !== undefined ? createHmac("sha256", toBuffer(secret)) : createHash("sha256");
  }
  public update(data: SourceData): void {
    this.hash.update(toBuffer(data));
  }
  public async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

export interface AppliedRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly body: string;
}

function send(url: URL, method: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  const client = url.protocol === "http:" ? http : https;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Signs and sends the role and its mapping; throws on the first refused request, naming what to check. */
export async function applyRoleMapping(output: RoleMappingOutput, credentials: Credentials | (() => Promise<Credentials>)): Promise<AppliedRequest[]> {
  const endpoint = new URL(output.endpoint.startsWith("http") ? output.endpoint : `https://${output.endpoint}`);
  const signer = new SignatureV4({ credentials, region: output.region, service: "es", sha256: NodeSha256 });
  const applied: AppliedRequest[] = [];
  for (const r of roleMappingRequests(output)) {
    const body = JSON.stringify(r.body);
    const signed = await signer.sign({
      method: r.method,
      protocol: endpoint.protocol,
      hostname: endpoint.hostname,
      port: endpoint.port ? Number(endpoint.port) : undefined,
      path: r.path,
      query: {},
      headers: { host: endpoint.host, "content-type": "application/json" },
      body,
    });
    const res = await send(new URL(r.path, endpoint), r.method, signed.headers as Record<string, string>, body);
    applied.push({ method: r.method, path: r.path, status: res.status, body: res.body });
    if (res.status < 200 || res.status >= 300) {
      throw new Error(
        `${r.method} ${r.path} returned ${res.status}: ${res.body.slice(0, 500)}\n` +
          "Run this with the credentials of the domain's fine-grained access control master user (masterUserArn), from a network that reaches the endpoint.",
      );
    }
  }
  return applied;
}

/** Reads `--mapping <json>` and checks it is the stack output. */
export function parseMappingOutput(json: string): RoleMappingOutput {
  const o = JSON.parse(json) as Partial<RoleMappingOutput>;
  const missing = (["endpoint", "region", "roleName", "role", "mapping"] as const).filter((k) => o[k] === undefined || o[k] === "");
  if (missing.length > 0) throw new Error(`--mapping is not a <pipeline>_opensearch_role_mapping output: missing ${missing.join(", ")}`);
  return o as RoleMappingOutput;
}

export const USAGE = `usage: firehose-pipelines opensearch-role-mapping --mapping <json> [--print]
       (in this repository: npm run opensearch:map-role -- --mapping <json> [--print])

After the first deploy of a pipeline into an OpenSearch domain with fine-grained access control, maps the Firehose
delivery role to a dedicated OpenSearch role through the Security plugin's REST API: two idempotent PUTs signed with
SigV4 (service es) by the credentials this runs with. Run it as the domain's master user, from a network that
reaches the domain endpoint. Until the mapping exists, delivery fails with 403 (the AuthFailure alarm fires).

Options:
  --mapping <json>   the stack output <pipeline>_opensearch_role_mapping ({ endpoint, region, roleName, role, mapping })
  --print            print the two requests and send nothing
  -h, --help         this help

Exit codes: 0 mapped (or printed), 1 usage error, bad --mapping, or a request refused (e.g. 403: not the master user).

Examples:
  firehose-pipelines opensearch-role-mapping --mapping "$(terraform output -raw search-events_opensearch_role_mapping)"
  AWS_PROFILE=opensearch-master firehose-pipelines opensearch-role-mapping --mapping "$(cat mapping.json)" --print`;

export async function main(argv: string[]): Promise<number> {
  const parsed = parseSubcommandArgs({ args: argv, options: { mapping: { type: "string" }, print: { type: "boolean" }, help: { type: "boolean", short: "h" } } }, USAGE);
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  if (values.mapping === undefined) {
    console.error(`missing --mapping\n\n${USAGE}`);
    return 1;
  }
  const output = parseMappingOutput(values.mapping);
  if (values.print) {
    for (const r of roleMappingRequests(output)) console.log(`${r.method} ${output.endpoint}${r.path}\n${JSON.stringify(r.body, null, 2)}\n`);
    return 0;
  }
  // The default chain: environment, AWS_PROFILE (a profile may assume the master role), SSO, instance roles.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { defaultProvider } = require("@aws-sdk/credential-provider-node") as { defaultProvider: () => () => Promise<Credentials> };
  for (const r of await applyRoleMapping(output, defaultProvider())) console.log(`${r.method} ${r.path}: ${r.status}`);
  console.log(`Delivery role ${output.mapping.backend_roles.join(", ")} is mapped to OpenSearch role ${output.roleName}.`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: Error) => {
      console.error(e.message);
      process.exitCode = 1;
    },
  );
}
