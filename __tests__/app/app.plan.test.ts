import * as path from "path";
import { discoverEnvironments } from "../../app/environments";
import { buildApp } from "../../main";
import { validateAndPlanOffline } from "../../scripts/terraform";
import { describeTerraform, tempDir } from "../helpers/terraform";

const outdir = tempDir("app-plan");
const envs = discoverEnvironments();
buildApp({ outdir }).synth();

describeTerraform("every environment passes terraform validate and plan offline", () => {
  test.each(envs)("%s", (env) => {
    const { validate, plan } = validateAndPlanOffline(path.join(outdir, "stacks", env));
    expect(JSON.parse(validate)).toEqual(expect.objectContaining({ valid: true, error_count: 0 }));
    const creates = (plan.resource_changes ?? []).filter((c) => c.change.actions.includes("create"));
    expect(creates.length).toBeGreaterThan(0);
    expect(creates.map((c) => c.type)).toContain("aws_kinesis_firehose_delivery_stream");
    expect((plan.resource_changes ?? []).filter((c) => !c.change.actions.includes("create"))).toEqual([]);
  });
});
