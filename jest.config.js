/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // Type checking is done once by `tsc --noEmit` in `npm test`; ts-jest only transpiles (isolatedModules),
  // which keeps the suite fast on 2 cores.
  transform: { "^.+\\.tsx?$": ["ts-jest", { isolatedModules: true, diagnostics: false }] },
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  testTimeout: 180000,
  maxWorkers: 2,
};
