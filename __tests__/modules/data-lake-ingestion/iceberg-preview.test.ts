import { ICEBERG_PREVIEW_NOTE, IcebergRoutingPreviewConfig, previewIcebergRouting } from "../../../modules/data-lake-ingestion/preview";

const tables = [
  { databaseName: "sales", tableName: "orders" },
  { databaseName: "sales", tableName: "refunds" },
];

describe("previewIcebergRouting (what a preview can show for Iceberg: table and operation, not partitions)", () => {
  const config: IcebergRoutingPreviewConfig = { tables, routing: { destinationDatabaseName: '"sales"', destinationTableName: ".kind", operation: ".op" } };

  test("each record's table and operation, from the same jq 1.6 query; failures with the reason", () => {
    const out = previewIcebergRouting(config, [
      '{"kind":"orders","op":"update","order_id":"o1"}',
      { kind: "refunds", op: "INSERT" },
      { kind: "returns", op: "insert" },
      { kind: "orders", op: "upsert" },
      { kind: "orders" },
      "not json",
      { op: "delete" },
    ]);
    expect(out.map((r) => [r.outcome, r.tableName ?? null, r.operation ?? null])).toEqual([
      ["delivered", "orders", "update"],
      ["delivered", "refunds", "insert"],
      ["error", "returns", "insert"],
      ["error", "orders", "upsert"],
      ["delivered", "orders", "insert"],
      ["error", null, null],
      ["error", null, null],
    ]);
    expect(out[2].reason).toBe("table sales.returns is not one of the stream's tables (the role is granted those only)");
    expect(out[3].reason).toBe('operation "upsert" is not insert, update or delete');
    expect(out[5].reason).toMatch(/^the record is not JSON/);
    expect(out[6].reason).toBe("no destination table: the routing query gave no destinationDatabaseName/destinationTableName string");
  });

  test("a jq runtime error sends only that record to the error output", () => {
    const out = previewIcebergRouting({ tables, routing: { destinationDatabaseName: '"sales"', destinationTableName: ".kind | ascii_downcase" } }, [{ kind: "ORDERS" }, { kind: 5 }]);
    expect(out[0]).toEqual({ index: 0, outcome: "delivered", databaseName: "sales", tableName: "orders", operation: "insert" });
    expect(out[1].outcome).toBe("error");
    expect(out[1].reason).toMatch(/^jq error: /);
  });

  test("one table without a query: every record is an insert into it", () => {
    expect(previewIcebergRouting({ tables: [tables[0]] }, [{ a: 1 }])).toEqual([{ index: 0, outcome: "delivered", databaseName: "sales", tableName: "orders", operation: "insert" }]);
  });

  test("the note says what cannot be shown", () => {
    expect(ICEBERG_PREVIEW_NOTE).toContain("cannot show partitions");
    expect(ICEBERG_PREVIEW_NOTE).toContain("partition spec");
  });
});
