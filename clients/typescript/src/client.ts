// One client object per context over one gRPC connection: credentials,
// deadlines, safe retries with request ids, paging to the end and watches
// that resume where a dropped stream stopped.

import { randomUUID } from "node:crypto";

import type { DescMethod, DescService } from "@bufbuild/protobuf";
import { type CallOptions, type Client, Code, type Interceptor, type Transport, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";

import { AgentbaseError } from "./errors.js";
import { EvaluationService } from "./gen/agentbase/evaluation/v1/evaluation_pb.js";
import { LabelService } from "./gen/agentbase/scripts/v1/labels_pb.js";
import { ProjectService } from "./gen/agentbase/scripts/v1/projects_pb.js";
import { ScriptService } from "./gen/agentbase/scripts/v1/scripts_pb.js";
import { MemoryService, SessionService } from "./gen/agentbase/sessions/v1/sessions_pb.js";
import { type RetryPolicy, backoff, isRetryable, resolvePolicy, sleep } from "./retry.js";

/** How to reach agentbase. */
export interface ClientOptions {
  /** `http://host:port`, or `https://host:port` with `tls`. */
  baseUrl: string;
  /** Returns the bearer token for each call (called per call, so a rotated token is used at once). */
  token?: () => string | Promise<string>;
  /** TLS: the CA that signed the server's certificate and, for mutual TLS, the client's certificate and key (PEM). */
  tls?: { ca?: string | Buffer; cert?: string | Buffer; key?: string | Buffer };
  /**
   * The deadline of each unary call, in milliseconds (default 10,000); per
   * call: `{ timeoutMs }`. A deadline bounds the whole call, its retries and
   * (for watches, which have none unless given one) its reopens included.
   */
  deadlineMs?: number;
  /** How failed calls are retried. */
  retry?: RetryPolicy;
  /** Run around every attempt, inside the token's: they see its `authorization` header (tracing, logging, headers). */
  interceptors?: Interceptor[];
  /** The largest message the client accepts, in bytes (default: connect's ~4 GiB, no limit of its own); a larger one fails RESOURCE_EXHAUSTED, not retried. */
  readMaxBytes?: number;
  /** The largest message the client sends, in bytes (default: connect's ~4 GiB; the server accepts 4 MiB). */
  writeMaxBytes?: number;
}

/** The element type of a list response's repeated field. */
type ItemsOf<R> = { [F in keyof R]-?: R[F] extends readonly (infer E)[] ? E : never }[keyof R];

/** Whether method `M` of a client is a paged list (its answer has a `nextPageToken`). */
type PagedList<M> = M extends (request: never, options?: CallOptions) => Promise<infer R>
  ? R extends { nextPageToken: string }
    ? true
    : false
  : false;

/** `listAll<Rest>` for every paged `list<Rest>` method: every item of every page, in order. */
type ListAll<S extends DescService> = {
  [K in keyof Client<S> as K extends `list${infer Rest}`
    ? PagedList<Client<S>[K]> extends true
      ? `listAll${Rest}`
      : never
    : never]: Client<S>[K] extends (request: infer Q, options?: CallOptions) => Promise<infer R>
    ? (request: Q, options?: CallOptions) => AsyncIterable<ItemsOf<R>>
    : never;
};

/** A context's client: every RPC (retried as safe), plus `listAll…` for its lists. */
export type ServiceClient<S extends DescService> = Client<S> & ListAll<S>;

/** The clients of every context. */
export interface AgentbaseClient {
  scripts: ServiceClient<typeof ScriptService>;
  projects: ServiceClient<typeof ProjectService>;
  /** `watchLabels` resumes after the last sequence it delivered when its stream drops. */
  labels: ServiceClient<typeof LabelService>;
  /** `watchMessages` resumes after the last seq it delivered when its stream drops. */
  sessions: ServiceClient<typeof SessionService>;
  memories: ServiceClient<typeof MemoryService>;
  /** `watchRun` resumes after the last sequence it delivered when its stream drops. */
  evaluation: ServiceClient<typeof EvaluationService>;
}

const READ_VERBS = ["Get", "List", "Search", "Watch", "Diff", "Compare", "Validate"];

/** Clients of every context over one HTTP/2 connection to `options.baseUrl`. */
export function createAgentbaseClient(options: ClientOptions): AgentbaseClient {
  // The first interceptor is the outermost: the token's sets the header
  // before the caller's run, so theirs see (and may replace) it.
  const interceptors: Interceptor[] = [];
  const token = options.token;
  if (token) {
    interceptors.push((next) => async (request) => {
      request.header.set("authorization", `Bearer ${await token()}`);
      return next(request);
    });
  }
  interceptors.push(...(options.interceptors ?? []));
  const transport = createGrpcTransport({
    baseUrl: options.baseUrl,
    interceptors,
    readMaxBytes: options.readMaxBytes,
    writeMaxBytes: options.writeMaxBytes,
    nodeOptions: options.tls ? { ca: options.tls.ca, cert: options.tls.cert, key: options.tls.key } : undefined,
  });
  const settings = {
    deadlineMs: options.deadlineMs ?? 10_000,
    policy: resolvePolicy(options.retry),
  };
  const sessions = wrap(SessionService, transport, settings);
  const labels = wrap(LabelService, transport, settings);
  const evaluation = wrap(EvaluationService, transport, settings);
  return {
    scripts: wrap(ScriptService, transport, settings),
    projects: wrap(ProjectService, transport, settings),
    labels: Object.assign(labels, {
      watchLabels: resumable(settings, labels.watchLabels, (request, last: { labelMove?: { sequence: bigint } }) => ({
        ...request,
        start: { case: "afterSequence" as const, value: last.labelMove?.sequence ?? 0n },
      })),
    }),
    sessions: Object.assign(sessions, {
      watchMessages: resumable(settings, sessions.watchMessages, (request, last: { message?: { seq: bigint } }) => ({
        ...request,
        afterSeq: last.message?.seq ?? 0n,
      })),
    }),
    memories: wrap(MemoryService, transport, settings),
    evaluation: Object.assign(evaluation, {
      watchRun: resumable(settings, evaluation.watchRun, (request, last: { event?: { sequence: bigint } }) => ({
        ...request,
        afterSequence: last.event?.sequence ?? 0n,
      })),
    }),
  };
}

interface Settings {
  deadlineMs: number;
  policy: Required<RetryPolicy>;
}

type AnyRequest = Record<string, unknown>;
type Unary = (request: AnyRequest, options?: CallOptions) => Promise<AnyRequest>;
type Streaming = (request: AnyRequest, options?: CallOptions) => AsyncIterable<AnyRequest>;

/** `service`'s client with retries, request ids, deadlines and `listAll…`. */
function wrap<S extends DescService>(service: S, transport: Transport, settings: Settings): ServiceClient<S> {
  const raw = createClient(service, transport) as unknown as Record<string, Unary | Streaming>;
  const wrapped: Record<string, unknown> = {};
  for (const method of service.methods) {
    const call = raw[method.localName];
    if (method.methodKind === "unary") {
      const unary = retried(method, call as Unary, settings);
      wrapped[method.localName] = unary;
      const items = method.output.fields.find((field) => field.fieldKind === "list");
      const paged = method.output.fields.some((field) => field.localName === "nextPageToken");
      if (method.localName.startsWith("list") && items && paged) {
        wrapped[`listAll${method.localName.slice("list".length)}`] = (request: AnyRequest, options?: CallOptions) =>
          listAll(unary, request, items.localName, options);
      }
    } else {
      wrapped[method.localName] = (request: AnyRequest, options?: CallOptions) =>
        translated((call as Streaming)(request, options));
    }
  }
  return wrapped as ServiceClient<S>;
}

/**
 * A unary call that fills an empty `request_id` once (a retry repeats it, so
 * the server applies the call once) and retries what is safe to retry,
 * within one deadline for all its attempts and waits; failures are
 * AgentbaseErrors.
 */
function retried(method: DescMethod, call: Unary, settings: Settings): Unary {
  const takesRequestId = method.input.fields.some((field) => field.localName === "requestId");
  const idempotent = takesRequestId || READ_VERBS.some((verb) => method.name.startsWith(verb));
  return async (request, options) => {
    const sent = takesRequestId && !request.requestId ? { ...request, requestId: randomUUID() } : request;
    const deadline = Deadline.after(options?.timeoutMs ?? settings.deadlineMs);
    for (let attempt = 1; ; attempt++) {
      try {
        return await call(sent, { ...options, timeoutMs: deadline.remainingMs() });
      } catch (thrown) {
        const error = failure(thrown, options?.signal);
        if (!isRetryable(error, idempotent)) {
          throw error;
        }
        const wait = backoff(settings.policy, attempt, error);
        if (attempt >= settings.policy.maxAttempts || options?.signal?.aborted || !deadline.allows(wait)) {
          // Spent: say when it would be worth trying again.
          throw error.retryDelay === undefined ? error.withRetryDelay(wait) : error;
        }
        await sleep(wait, options?.signal);
      }
    }
  };
}

/** The end of a call's time, counted from its start. */
class Deadline {
  private constructor(private readonly at: number | undefined) {}

  /** A deadline `timeoutMs` from now; none when it is undefined or not positive. */
  static after(timeoutMs: number | undefined): Deadline {
    return new Deadline(timeoutMs !== undefined && timeoutMs > 0 ? Date.now() + timeoutMs : undefined);
  }

  /** What is left, at least 1 ms (0 would mean no deadline); undefined without one. */
  remainingMs(): number | undefined {
    return this.at === undefined ? undefined : Math.max(1, this.at - Date.now());
  }

  /** Whether a wait of `ms` leaves time for another attempt. */
  allows(ms: number): boolean {
    return this.at === undefined || Date.now() + ms < this.at;
  }
}

/**
 * A call's failure as an AgentbaseError. A server going away resets its
 * HTTP/2 streams (CANCEL): unless the caller cancelled, that is the server
 * being unavailable, not a cancellation.
 */
function failure(thrown: unknown, signal: AbortSignal | undefined): AgentbaseError {
  const error = AgentbaseError.from(thrown);
  if (error.grpcCode !== Code.Canceled || signal?.aborted) {
    return error;
  }
  return new AgentbaseError({ grpcCode: Code.Unavailable, message: error.message, cause: thrown });
}

/** Every item of every page, following `nextPageToken` to the end. */
async function* listAll(call: Unary, request: AnyRequest, items: string, options?: CallOptions): AsyncIterable<unknown> {
  let pageToken = (request.pageToken as string | undefined) ?? "";
  do {
    const page = await call({ ...request, pageToken }, options);
    yield* page[items] as unknown[];
    pageToken = page.nextPageToken as string;
  } while (pageToken);
}

/** A stream whose failures are AgentbaseErrors. */
async function* translated<T>(stream: AsyncIterable<T>): AsyncIterable<T> {
  try {
    yield* stream;
  } catch (thrown) {
    throw AgentbaseError.from(thrown);
  }
}

/**
 * A watch that, when its stream fails with a retryable error (the server
 * restarted, the connection dropped), opens it again after the last event
 * it delivered: each event arrives once, in order. It gives up after the
 * retry policy's attempts fail in a row.
 */
function resumable<E>(
  settings: Settings,
  watch: (request: AnyRequest, options?: CallOptions) => AsyncIterable<unknown>,
  resumeAfter: (request: AnyRequest, last: E) => AnyRequest,
): (request: AnyRequest, options?: CallOptions) => AsyncIterable<E> {
  return async function* (request, options) {
    let current = request;
    let failures = 0;
    const deadline = Deadline.after(options?.timeoutMs);
    for (;;) {
      try {
        for await (const event of watch(current, { ...options, timeoutMs: deadline.remainingMs() })) {
          failures = 0;
          current = resumeAfter(request, event as E);
          yield event as E;
        }
        return;
      } catch (thrown) {
        const error = failure(thrown, options?.signal);
        failures++;
        const wait = backoff(settings.policy, failures, error);
        const spent = failures >= settings.policy.maxAttempts || !deadline.allows(wait);
        // A deadline that ran out ends the watch: it bounds every reopen.
        if (!isRetryable(error, true) || error.code === "DEADLINE_EXCEEDED" || spent || options?.signal?.aborted) {
          throw error;
        }
        await sleep(wait, options?.signal);
      }
    }
  };
}
