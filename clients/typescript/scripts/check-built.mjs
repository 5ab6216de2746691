// Fails when dist/src differs from what `npm run build` makes of src/ now.
// The built package is checked in so that installing from the folder
// (`npm install --install-links <folder>`) needs no build and no dev
// dependencies, like installing the packed tarball.

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { requireSameTree } from "./same-tree.mjs";

const here = new URL("..", import.meta.url).pathname;
const fresh = mkdtempSync(join(tmpdir(), "agentbase-built-"));

try {
  execFileSync(join(here, "node_modules/.bin/tsc"), ["-p", "tsconfig.json", "--outDir", fresh], {
    cwd: here,
    stdio: "inherit",
  });
  requireSameTree(join(fresh, "src"), join(here, "dist/src"), "dist/src", "run `npm run build`");
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
