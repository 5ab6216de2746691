// A real agentbase server for the tests: the workspace's binary on SQLite,
// on a free port, stopped (SIGKILL) and started again on the same port and
// data directory when a test needs an outage.

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** The binary: `AGENTBASE_BIN`, else the workspace's debug build. */
const BINARY = process.env.AGENTBASE_BIN ?? resolve(import.meta.dirname, "../../../../target/debug/agentbase");

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => done(typeof address === "object" && address ? address.port : 0));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("error", () => done(false));
  });
}

export class TestServer {
  private child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly adminPort: number,
    private readonly dataDir: string,
    private readonly env: Record<string, string>,
  ) {}

  /** A server serving every context, started and accepting calls; `env` adds settings (TLS, tokens). */
  static async start(env: Record<string, string> = {}): Promise<TestServer> {
    const dataDir = mkdtempSync(join(tmpdir(), "agentbase-ts-"));
    const server = new TestServer(await freePort(), await freePort(), dataDir, env);
    await server.startAgain();
    return server;
  }

  get baseUrl(): string {
    const scheme = this.env.AGENTBASE_TLS_CERT_FILE ? "https" : "http";
    return `${scheme}://127.0.0.1:${this.port}`;
  }

  /** Starts the process (again) on the same port and data; resolves once it listens. */
  async startAgain(): Promise<void> {
    this.child = spawn(BINARY, ["serve", "--target", "all"], {
      env: {
        PATH: process.env.PATH ?? "",
        AGENTBASE_LISTEN: `127.0.0.1:${this.port}`,
        AGENTBASE_ADMIN_LISTEN: `127.0.0.1:${this.adminPort}`,
        AGENTBASE_DATA_DIR: this.dataDir,
        AGENTBASE_LOG_FORMAT: "text",
        // CreateSession calls ScriptService on the same server: the default
        // (two calls per CPU) would shed those inner calls under the tests'
        // concurrency.
        AGENTBASE_MAX_IN_FLIGHT: "64",
        ...this.env,
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const deadline = Date.now() + 30_000;
    while (!(await accepts(this.port))) {
      if (Date.now() > deadline || this.child.exitCode !== null) {
        throw new Error(`agentbase did not start (${BINARY})`);
      }
      await new Promise((done) => setTimeout(done, 50));
    }
  }

  /** Kills the process at once, as a crash or an evicted pod would end. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) {
      return;
    }
    const exited = new Promise((done) => child.once("exit", done));
    child.kill("SIGKILL");
    await exited;
  }

  /** Stops the server and removes its data. */
  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
