// One client object per context over one gRPC connection: credentials,
// deadlines, safe retries with request ids, paging to the end and watches
// that resume where a dropped stream stopped.
import { randomUUID } from "node:crypto";
import { Code, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { AgentbaseError } from "./errors.js";
import { EvaluationService } from "./gen/agentbase/evaluation/v1/evaluation_pb.js";
import { LabelService } from "./gen/agentbase/scripts/v1/labels_pb.js";
import { ProjectService } from "./gen/agentbase/scripts/v1/projects_pb.js";
import { ScriptService } from "./gen/agentbase/scripts/v1/scripts_pb.js";
import { MemoryService, SessionService } from "./gen/agentbase/sessions/v1/sessions_pb.js";
import { backoff, isRetryable, resolvePolicy, sleep } from "./retry.js";
const READ_VERBS = ["Get", "List", "Search", "Watch", "Diff", "Compare", "Validate"];
/** Clients of every context over one HTTP/2 connection to `options.baseUrl`. */
export function createAgentbaseClient(options) {
    // The first interceptor is the outermost: the token's sets the header
    // before the caller's run, so theirs see (and may replace) it.
    const interceptors = [];
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
            watchLabels: resumable(settings, labels.watchLabels, (request, last) => ({
                ...request,
                start: { case: "afterSequence", value: last.labelMove?.sequence ?? 0n },
            })),
        }),
        sessions: Object.assign(sessions, {
            watchMessages: resumable(settings, sessions.watchMessages, (request, last) => ({
                ...request,
                afterSeq: last.message?.seq ?? 0n,
            })),
        }),
        memories: wrap(MemoryService, transport, settings),
        evaluation: Object.assign(evaluation, {
            watchRun: resumable(settings, evaluation.watchRun, (request, last) => ({
                ...request,
                afterSequence: last.event?.sequence ?? 0n,
            })),
        }),
    };
}
/** `service`'s client with retries, request ids, deadlines and `listAll…`. */
function wrap(service, transport, settings) {
    const raw = createClient(service, transport);
    const wrapped = {};
    for (const method of service.methods) {
        const call = raw[method.localName];
        if (method.methodKind === "unary") {
            const unary = retried(method, call, settings);
            wrapped[method.localName] = unary;
            const items = method.output.fields.find((field) => field.fieldKind === "list");
            const paged = method.output.fields.some((field) => field.localName === "nextPageToken");
            if (method.localName.startsWith("list") && items && paged) {
                wrapped[`listAll${method.localName.slice("list".length)}`] = (request, options) => listAll(unary, request, items.localName, options);
            }
        }
        else {
            wrapped[method.localName] = (request, options) => translated(call(request, options));
        }
    }
    return wrapped;
}
/**
 * A unary call that fills an empty `request_id` once (a retry repeats it, so
 * the server applies the call once) and retries what is safe to retry,
 * within one deadline for all its attempts and waits; failures are
 * AgentbaseErrors.
 */
function retried(method, call, settings) {
    const takesRequestId = method.input.fields.some((field) => field.localName === "requestId");
    const idempotent = takesRequestId || READ_VERBS.some((verb) => method.name.startsWith(verb));
    return async (request, options) => {
        const sent = takesRequestId && !request.requestId ? { ...request, requestId: randomUUID() } : request;
        const deadline = Deadline.after(options?.timeoutMs ?? settings.deadlineMs);
        for (let attempt = 1;; attempt++) {
            try {
                return await call(sent, { ...options, timeoutMs: deadline.remainingMs() });
            }
            catch (thrown) {
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
    at;
    constructor(at) {
        this.at = at;
    }
    /** A deadline `timeoutMs` from now; none when it is undefined or not positive. */
    static after(timeoutMs) {
        return new Deadline(timeoutMs !== undefined && timeoutMs > 0 ? Date.now() + timeoutMs : undefined);
    }
    /** What is left, at least 1 ms (0 would mean no deadline); undefined without one. */
    remainingMs() {
        return this.at === undefined ? undefined : Math.max(1, this.at - Date.now());
    }
    /** Whether a wait of `ms` leaves time for another attempt. */
    allows(ms) {
        return this.at === undefined || Date.now() + ms < this.at;
    }
}
/**
 * A call's failure as an AgentbaseError. A server going away resets its
 * HTTP/2 streams (CANCEL): unless the caller cancelled, that is the server
 * being unavailable, not a cancellation.
 */
function failure(thrown, signal) {
    const error = AgentbaseError.from(thrown);
    if (error.grpcCode !== Code.Canceled || signal?.aborted) {
        return error;
    }
    return new AgentbaseError({ grpcCode: Code.Unavailable, message: error.message, cause: thrown });
}
/** Every item of every page, following `nextPageToken` to the end. */
async function* listAll(call, request, items, options) {
    let pageToken = request.pageToken ?? "";
    do {
        const page = await call({ ...request, pageToken }, options);
        yield* page[items];
        pageToken = page.nextPageToken;
    } while (pageToken);
}
/** A stream whose failures are AgentbaseErrors. */
async function* translated(stream) {
    try {
        yield* stream;
    }
    catch (thrown) {
        throw AgentbaseError.from(thrown);
    }
}
/**
 * A watch that, when its stream fails with a retryable error (the server
 * restarted, the connection dropped), opens it again after the last event
 * it delivered: each event arrives once, in order. It gives up after the
 * retry policy's attempts fail in a row.
 */
function resumable(settings, watch, resumeAfter) {
    return async function* (request, options) {
        let current = request;
        let failures = 0;
        const deadline = Deadline.after(options?.timeoutMs);
        for (;;) {
            try {
                for await (const event of watch(current, { ...options, timeoutMs: deadline.remainingMs() })) {
                    failures = 0;
                    current = resumeAfter(request, event);
                    yield event;
                }
                return;
            }
            catch (thrown) {
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
