/**
 * `npm run check -- [--format text|json] <file…>`: the rules checker on Terraform JSON configuration and plans.
 * The implementation is modules/checks/private/cli.ts (shipped in the package); this is the repository entry point.
 */
import { main } from "../../modules/checks/private/cli";

export { main };

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
      process.exit(2);
    },
  );
}
