// The README's snippets, extracted (scripts/extract-readme.mjs) and compiled
// with the package, run as written against a live server.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";

import { TestServer } from "./server.js";

let server: TestServer;

before(async () => {
  server = await TestServer.start();
});

after(async () => {
  await server.stop();
});

test("every README snippet runs as written", async () => {
  const dir = new URL("../examples/readme/", import.meta.url).pathname;
  const snippets = readdirSync(dir).filter((name) => name.endsWith(".js"));
  assert.ok(snippets.length > 0, "the README has snippets");
  for (const snippet of snippets) {
    const { stdout } = await promisify(execFile)(process.execPath, [join(dir, snippet)], {
      env: { ...process.env, AGENTBASE_URL: server.baseUrl },
      timeout: 60_000,
    });
    assert.match(stdout, /^session /m, snippet);
    assert.match(stdout, /^message 1n hi$/m, snippet);
    assert.match(stdout, /^INVALID_ARGUMENT \[ 'id' \]$/m, snippet);
  }
});
