// Fails when src/gen differs from what `npm run generate` makes of ../../proto
// now: the checked-in code must follow the contracts.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

const here = new URL("..", import.meta.url).pathname;
const fresh = mkdtempSync(join(tmpdir(), "agentbase-gen-"));

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

try {
  execFileSync(join(here, "node_modules/.bin/buf"), ["generate", "../../proto", "--template", "buf.gen.yaml", "-o", fresh], {
    cwd: here,
    stdio: "inherit",
  });
  const expected = join(fresh, "src/gen");
  const actual = join(here, "src/gen");
  const want = files(expected);
  const have = files(actual);
  const drift = [
    ...want.filter((f) => !have.includes(f)).map((f) => `missing: src/gen/${f}`),
    ...have.filter((f) => !want.includes(f)).map((f) => `stale: src/gen/${f}`),
    ...want
      .filter((f) => have.includes(f))
      .filter((f) => readFileSync(join(expected, f), "utf8") !== readFileSync(join(actual, f), "utf8"))
      .map((f) => `differs: src/gen/${f}`),
  ];
  if (drift.length > 0) {
    console.error(`src/gen does not match proto/ (run \`npm run generate\`):\n${drift.join("\n")}`);
    process.exit(1);
  }
  console.log(`src/gen matches proto/ (${want.length} files)`);
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
