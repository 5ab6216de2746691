// Writes every ```ts block of README.md to examples/readme/snippet-N.ts, so
// the build type-checks them and `test/readme.test.ts` runs them as written.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const here = new URL("..", import.meta.url).pathname;
const readme = readFileSync(join(here, "README.md"), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
const out = join(here, "examples/readme");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
blocks.forEach((block, index) => {
  writeFileSync(join(out, `snippet-${index + 1}.ts`), `// Extracted from README.md: do not edit.\n${block}`);
});
console.log(`extracted ${blocks.length} README snippets`);
