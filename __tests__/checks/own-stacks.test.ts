/** Our own environments pass the rendered-resource checks without a single finding (errors or warnings). */
import * as fs from "fs";
import { TerraformStack } from "cdktf";
import { tempDir } from "../helpers/terraform";
import { buildApp } from "../../main";
import { RenderedChecks } from "../../modules/checks/aspect";
import { checkTerraformDocument } from "../../modules/checks/input";

test("every environment stack: no finding on the rendered resources, the aspect is on, and its resources are checked", () => {
  const outdir = tempDir("own-stacks");
  const app = buildApp({ outdir });
  fs.rmSync(outdir, { recursive: true, force: true });
  const stacks = app.node.children.filter((c): c is TerraformStack => TerraformStack.isStack(c));
  expect(stacks.map((s) => s.node.id).sort()).toEqual(["dev", "prod", "staging"]);
  for (const stack of stacks) {
    expect([stack.node.id, RenderedChecks.findings(stack)]).toEqual([stack.node.id, []]);
    const doc = stack.toTerraform() as { resource: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.resource.aws_kinesis_firehose_delivery_stream ?? {}).length).toBeGreaterThan(0);
    expect([stack.node.id, checkTerraformDocument(doc)]).toEqual([stack.node.id, []]);
  }
});
