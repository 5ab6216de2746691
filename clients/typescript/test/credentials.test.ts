// Credentials against a live server that requires them: mutual TLS (the
// client's `tls` options) and bearer tokens (its `token` provider, asked
// per call).

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { AgentbaseError, createAgentbaseClient } from "../src/index.js";
import { TestServer } from "./server.js";

const ISSUER = "https://issuer.test";
const AUDIENCE = "agentbase";
const SECRET = "a-test-secret-that-is-at-least-32-bytes-long";

let dir: string;
let server: TestServer;

function openssl(...args: string[]): void {
  execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
}

/** A CA, a certificate for 127.0.0.1 and a client certificate, all signed by the CA (PEM files in `dir`). */
function certificates(): void {
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  openssl("req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "1", "-subj", "/CN=test-ca",
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign");
  for (const [name, usage, san] of [
    ["server", "serverAuth", "IP:127.0.0.1"],
    ["client", "clientAuth", "URI:spiffe://test/caller"],
  ]) {
    openssl("req", ...ec, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${name}`);
    writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=${usage}\n`);
    openssl("x509", "-req", "-in", `${name}.csr`, "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
      "-out", `${name}.pem`, "-days", "1", "-extfile", `${name}.ext`);
  }
}

/** An HS256 token granting `scopes`. */
function token(scopes: string[]): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const body = `${encode({ alg: "HS256", typ: "JWT" })}.${encode({
    iss: ISSUER, aud: AUDIENCE, sub: "spiffe://test/caller", exp: now + 600, nbf: now - 10, scope: scopes.join(" "),
  })}`;
  return `${body}.${createHmac("sha256", SECRET).update(body).digest("base64url")}`;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "agentbase-ts-pki-"));
  certificates();
  writeFileSync(join(dir, "hs256.secret"), SECRET);
  server = await TestServer.start({
    AGENTBASE_TLS_CERT_FILE: join(dir, "server.pem"),
    AGENTBASE_TLS_KEY_FILE: join(dir, "server.key"),
    AGENTBASE_TLS_CLIENT_CA_FILE: join(dir, "ca.pem"),
    // The sessions context calls ScriptService on this server, over TLS too.
    AGENTBASE_SCRIPTS_TLS_CA_FILE: join(dir, "ca.pem"),
    AGENTBASE_SCRIPTS_TLS_CERT_FILE: join(dir, "client.pem"),
    AGENTBASE_SCRIPTS_TLS_KEY_FILE: join(dir, "client.key"),
    AGENTBASE_AUTH: "jwt",
    AGENTBASE_JWT_ISSUER: ISSUER,
    AGENTBASE_JWT_AUDIENCE: AUDIENCE,
    AGENTBASE_JWT_HS256_SECRET_FILE: join(dir, "hs256.secret"),
  });
});

after(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const pem = (name: string) => readFileSync(join(dir, name));
const noRetries = { maxAttempts: 1 };

test("mutual TLS and a token provider reach a server that requires both", async () => {
  let asked = 0;
  const client = createAgentbaseClient({
    baseUrl: server.baseUrl,
    tls: { ca: pem("ca.pem"), cert: pem("client.pem"), key: pem("client.key") },
    token: () => {
      asked++;
      return token(["sessions.read"]);
    },
    retry: noRetries,
  });
  await assert.rejects(client.sessions.getSession({ id: crypto.randomUUID() }), (error: unknown) => {
    assert.ok(error instanceof AgentbaseError);
    assert.equal(error.reason, "SESSION_NOT_FOUND", "authenticated and authorized: the session is just absent");
    return true;
  });
  await client.sessions.getSession({ id: crypto.randomUUID() }).catch(() => undefined);
  assert.equal(asked, 2, "the token is asked for on every call");

  await assert.rejects(client.scripts.createScript({ name: "x", content: "x" }), (error: unknown) => {
    assert.ok(error instanceof AgentbaseError);
    assert.equal(error.code, "PERMISSION_DENIED", "the token lacks scripts.write");
    return true;
  });
});

test("without a token the call is UNAUTHENTICATED; without a client certificate there is no connection", async () => {
  const anonymous = createAgentbaseClient({
    baseUrl: server.baseUrl,
    tls: { ca: pem("ca.pem"), cert: pem("client.pem"), key: pem("client.key") },
    retry: noRetries,
  });
  await assert.rejects(anonymous.sessions.getSession({ id: crypto.randomUUID() }), (error: unknown) => {
    assert.ok(error instanceof AgentbaseError);
    assert.equal(error.code, "UNAUTHENTICATED");
    return true;
  });
  const stranger = createAgentbaseClient({
    baseUrl: server.baseUrl,
    tls: { ca: pem("ca.pem") },
    token: () => token(["sessions.read"]),
    retry: noRetries,
  });
  await assert.rejects(stranger.sessions.getSession({ id: crypto.randomUUID() }), (error: unknown) => {
    assert.ok(error instanceof AgentbaseError);
    assert.equal(error.code, "UNAVAILABLE", `${error.code}: ${error.message}`);
    return true;
  });
});
