import * as fs from "fs";
import * as path from "path";
import { EnvironmentConfig, validateEnvironment } from "./config/environment";

export interface LoadedEnvironment {
  readonly name: string;
  readonly file: string;
  readonly config: EnvironmentConfig;
}

const ENVIRONMENTS_DIR = path.resolve(__dirname, "..", "environments");

/** Every `environments/<name>/config.ts`, sorted by name. Environment names become stack names. */
export function discoverEnvironments(dir = ENVIRONMENTS_DIR): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && (fs.existsSync(path.join(dir, d.name, "config.ts")) || fs.existsSync(path.join(dir, d.name, "config.js"))))
    .map((d) => d.name)
    .sort();
}

/** Loads and validates one environment; errors name `environments/<name>/config.ts` and the field. */
export function loadEnvironment(name: string, dir = ENVIRONMENTS_DIR): LoadedEnvironment {
  const file = path.relative(process.cwd(), path.join(dir, name, "config.ts")) || `environments/${name}/config.ts`;
  if (!/^[a-z][a-z0-9-]{0,31}$/.test(name)) {
    throw new Error(`${file}: environment directory names are 1-32 lowercase letters, digits or '-' (they name the stack), got "${name}"`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path.join(dir, name, "config"));
  const config: EnvironmentConfig = mod.default ?? mod.config;
  validateEnvironment(file, config);
  return { name, file, config };
}
