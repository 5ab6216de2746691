// Compares two directory trees file by file: what the checks of checked-in
// output (generated code, the built package) have in common.

import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

function files(root) {
  const found = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else found.push(relative(root, path));
    }
  };
  walk(root);
  return found.sort();
}

/**
 * Exits 1 with the differences when `actual` (shown as `label`) is not
 * `expected`, file for file; else says how many files matched.
 */
export function requireSameTree(expected, actual, label, remedy) {
  const want = files(expected);
  const have = files(actual);
  const drift = [
    ...want.filter((f) => !have.includes(f)).map((f) => `missing: ${label}/${f}`),
    ...have.filter((f) => !want.includes(f)).map((f) => `stale: ${label}/${f}`),
    ...want
      .filter((f) => have.includes(f))
      .filter((f) => readFileSync(join(expected, f), "utf8") !== readFileSync(join(actual, f), "utf8"))
      .map((f) => `differs: ${label}/${f}`),
  ];
  if (drift.length > 0) {
    console.error(`${label} is out of date (${remedy}):\n${drift.join("\n")}`);
    process.exit(1);
  }
  console.log(`${label} is up to date (${want.length} files)`);
}
