import { Token } from "cdktf";
import { kmsAliasName, Naming } from "../../../modules/core/naming";

describe("Naming", () => {
  const n = new Naming("acme-dev");

  test("name joins the prefix and the parts with '-', skipping empty parts", () => {
    expect(n.name("events", "stream")).toBe("acme-dev-events-stream");
    expect(n.name("events", "", "role")).toBe("acme-dev-events-role");
    expect(n.name()).toBe("acme-dev");
  });

  test("dnsName lowercases, replaces what DNS names refuse, collapses dashes and cuts without a trailing dash", () => {
    expect(new Naming("Acme_Dev").dnsName(63, "Raw.Events", "Backup")).toBe("acme-dev-raw-events-backup");
    expect(n.dnsName(63, "a--b")).toBe("acme-dev-a-b");
    // Cut at 12 characters: "acme-dev-raw" (no trailing dash even when the cut lands on one).
    expect(n.dnsName(12, "raw", "events")).toBe("acme-dev-raw");
    expect(n.dnsName(9, "raw")).toBe("acme-dev");
  });
});

describe("kmsAliasName", () => {
  test("replaces characters KMS refuses in alias names, keeps letters, digits, '/', '_' and '-'", () => {
    expect(kmsAliasName("secrets", "firehose/acme.orders/warehouse")).toBe("alias/secrets/firehose/acme-orders/warehouse");
    expect(kmsAliasName("kinesis", "a_b-C/9@x+y=z")).toBe("alias/kinesis/a_b-C/9-x-y-z");
  });

  test("an unresolved token passes through unchanged", () => {
    const token = Token.asString({ Ref: "name" });
    expect(kmsAliasName("s3", token)).toBe(`alias/s3/${token}`);
  });
});
