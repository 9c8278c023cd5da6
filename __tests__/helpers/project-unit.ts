/**
 * Runs before every file of the `unit` jest project: marks the process so that the Terraform helpers refuse to run
 * (a test that plans belongs in a `*.plan.test.ts` file, which the `plan` project runs).
 */
process.env.FHP_TEST_PROJECT = "unit";
