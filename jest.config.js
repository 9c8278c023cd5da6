/**
 * Three jest projects (`npm test` runs unit and plan after `tsc --noEmit`, then deploy on its own, so that the deploy
 * layer has both cores to itself; one with `npm run test:<name>`):
 * - unit:   everything not below: synthesized JSON, validation, Lambda code. No Terraform, no esbuild (the unit setup
 *           replaces the bundler with a stand-in bundle) and property tests at a reduced run count
 *           (FHP_PROPERTY_RUNS; full under CI=true). `describeTerraform`/`planStack` refuse to run here.
 * - plan:   files named `*.plan.test.ts`: real `terraform validate`/`plan` offline, real esbuild bundles, package
 *           builds, and programs run as child processes (the CLI, a user's app). A test that runs Terraform, bundles,
 *           builds or spawns such a process belongs in such a file.
 * - deploy: `__tests__/deploy/**`: deployments against the local AWS emulator.
 * FHP_JEST_PROJECTS=unit,plan keeps only the named projects (what `npm run test:unit` etc. set), so paths and options
 * can follow: `npm run test:unit -- __tests__/modules/core --watch` (jest's --selectProjects would take the path as a
 * project name).
 */
const shared = {
  testEnvironment: "node",
  // Type checking is done once by `tsc --noEmit` in `npm test`; ts-jest only transpiles (isolatedModules),
  // which keeps the suite fast on 2 cores.
  transform: { "^.+\\.tsx?$": ["ts-jest", { isolatedModules: true, diagnostics: false }] },
};

const PLAN = "\\.plan\\.test\\.ts$";
const DEPLOY = "/__tests__/deploy/";

const projects = [
  {
    ...shared,
    displayName: "unit",
    roots: ["<rootDir>/__tests__"],
    testMatch: ["**/*.test.ts"],
    testPathIgnorePatterns: ["/node_modules/", PLAN, DEPLOY],
    setupFiles: ["<rootDir>/__tests__/helpers/project-unit.ts"],
    setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts", "<rootDir>/__tests__/helpers/unit-bundle.ts"],
  },
  {
    ...shared,
    displayName: "plan",
    roots: ["<rootDir>/__tests__"],
    testMatch: ["**/*.plan.test.ts"],
    testPathIgnorePatterns: ["/node_modules/", DEPLOY],
    setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  },
  {
    ...shared,
    displayName: "deploy",
    roots: ["<rootDir>/__tests__"],
    testMatch: ["**/__tests__/deploy/**/*.test.ts"],
    setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  },
];

const only = (process.env.FHP_JEST_PROJECTS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
const unknown = only.filter((name) => !projects.some((p) => p.displayName === name));
if (unknown.length > 0) throw new Error(`FHP_JEST_PROJECTS names unknown jest projects: ${unknown.join(", ")} (known: ${projects.map((p) => p.displayName).join(", ")})`);

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 180000,
  maxWorkers: 2,
  // Concurrent tests of a file run at once (jest's default is 5): the deploy layer runs its five stacks and the
  // reviewed change side by side (__tests__/deploy/deploy.test.ts, the only file with test.concurrent), most of an
  // apply being the provider asleep in its waits; with 5 the change started only when a stack had finished.
  maxConcurrency: 8,
  projects: only.length > 0 ? projects.filter((p) => only.includes(p.displayName)) : projects,
};
