/**
 * No import cycles among the project's own sources (main.ts, app/, environments/, modules/, scripts/, lambda/):
 * a cycle makes load order matter and couples layers that should depend one way.
 */
import * as path from "path";
import madge from "madge";

const ROOT = path.resolve(__dirname, "..", "..");

test("the sources import one another without cycles", async () => {
  const result = await madge(["main.ts", "app", "environments", "modules", "scripts", "lambda"], {
    baseDir: ROOT,
    fileExtensions: ["ts"],
    tsConfig: path.join(ROOT, "tsconfig.json"),
    detectiveOptions: { ts: { skipTypeImports: false }, tsx: { skipTypeImports: false } },
  });
  expect(result.circular().map((c) => [...c, c[0]].join(" -> "))).toEqual([]);
  // The dependency graph was read: main.ts reaches the app and the modules.
  expect(Object.keys(result.obj()).length).toBeGreaterThan(100);
});
