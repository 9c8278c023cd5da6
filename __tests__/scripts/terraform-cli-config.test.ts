import * as fs from "fs";
import * as path from "path";
import { AWS_PROVIDER_VERSION, findProviderMirror, writeCliConfig } from "../../scripts/terraform";
import { tempDir } from "../helpers/terraform";

/** A directory laid out like a Terraform filesystem mirror (unpacked layout) holding hashicorp/aws. */
function fakeMirror(): string {
  const root = tempDir("mirror");
  const dir = path.join(root, "registry.terraform.io", "hashicorp", "aws", AWS_PROVIDER_VERSION, "linux_amd64");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `terraform-provider-aws_v${AWS_PROVIDER_VERSION}_x5`), "");
  return root;
}

describe("the project's Terraform CLI config", () => {
  const saved = process.env.TF_PROVIDER_MIRROR;
  afterEach(() => {
    if (saved === undefined) delete process.env.TF_PROVIDER_MIRROR;
    else process.env.TF_PROVIDER_MIRROR = saved;
  });

  test("TF_PROVIDER_MIRROR wins, and the config installs hashicorp providers only from the mirror (no direct {})", () => {
    const mirror = fakeMirror();
    process.env.TF_PROVIDER_MIRROR = mirror;
    expect(findProviderMirror()).toBe(mirror);
    const project = tempDir("project");
    const config = fs.readFileSync(writeCliConfig(project), "utf8");
    expect(config).toContain(`filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/hashicorp/*"]`);
    expect(config).not.toContain("direct");
    expect(path.relative(project, writeCliConfig(project))).toBe(path.join(".tf-cli", "terraformrc"));
  });

  test("the lookup is done once per candidate list, not per command", () => {
    const mirror = fakeMirror();
    process.env.TF_PROVIDER_MIRROR = mirror;
    expect(findProviderMirror()).toBe(mirror);
    // The directory disappears: the answer given for this candidate list stands for the rest of the process.
    fs.rmSync(mirror, { recursive: true, force: true });
    expect(findProviderMirror()).toBe(mirror);
  });
});
