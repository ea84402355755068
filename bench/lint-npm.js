#!/usr/bin/env node
// Library mode of the npm Dockerfile linters for bench/lint.sh: one node process lints every
// file of a list with one linter (dockerfile_lint's rules loaded once, as its CLI does per file),
// and prints one JSON document: [{"file": PATH, "issues": [{"rule": ID, "message": TEXT}]}].
// dockerfilelint has no rule ids in its results: its issue title stands for the id.
//
// Usage: node bench/lint-npm.js dockerfilelint|dockerfile_lint NODE_MODULES LIST
//   LIST: a file of paths, one per line.
'use strict';
const fs = require('fs');
const path = require('path');

const [tool, moduleDir, list] = process.argv.slice(2);
if (!tool || !moduleDir || !list) {
  console.error('usage: lint-npm.js dockerfilelint|dockerfile_lint NODE_MODULES LIST');
  process.exit(2);
}
const modules = path.resolve(moduleDir);
const files = fs.readFileSync(list, 'utf8').split('\n').filter((line) => line !== '');

let lint;
if (tool === 'dockerfilelint') {
  const dockerfilelint = require(path.join(modules, 'dockerfilelint', 'lib', 'index'));
  lint = (file, content) =>
    dockerfilelint.run(path.resolve(path.dirname(file)), content)
      .map((item) => ({rule: item.title, message: item.title, line: item.line}));
} else if (tool === 'dockerfile_lint') {
  const Linter = require(path.join(modules, 'dockerfile_lint'));
  const linter = new Linter();
  lint = (file, content) => {
    const result = linter.validate(content);
    const issues = [];
    for (const level of ['error', 'warn', 'info']) {
      for (const item of result[level].data) {
        issues.push({rule: item.label || '', message: item.message, line: item.line});
      }
    }
    return issues;
  };
} else {
  console.error(`lint-npm.js: unknown tool ${tool}`);
  process.exit(2);
}

const out = [];
for (const file of files) {
  out.push({file, issues: lint(file, fs.readFileSync(file, 'utf8'))});
}
process.stdout.write(JSON.stringify(out));
process.stdout.write('\n');
