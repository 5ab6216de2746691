// Fails when src/gen differs from what `npm run generate` makes of ../../proto
// now: the checked-in code must follow the contracts.

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { requireSameTree } from "./same-tree.mjs";

const here = new URL("..", import.meta.url).pathname;
const fresh = mkdtempSync(join(tmpdir(), "agentbase-gen-"));

try {
  execFileSync(join(here, "node_modules/.bin/buf"), ["generate", "../../proto", "--template", "buf.gen.yaml", "-o", fresh], {
    cwd: here,
    stdio: "inherit",
  });
  requireSameTree(join(fresh, "src/gen"), join(here, "src/gen"), "src/gen", "run `npm run generate`");
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
