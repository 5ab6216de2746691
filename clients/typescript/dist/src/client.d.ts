import type { DescService } from "@bufbuild/protobuf";
import { type CallOptions, type Client, type Interceptor } from "@connectrpc/connect";
import { EvaluationService } from "./gen/agentbase/evaluation/v1/evaluation_pb.js";
import { LabelService } from "./gen/agentbase/scripts/v1/labels_pb.js";
import { ProjectService } from "./gen/agentbase/scripts/v1/projects_pb.js";
import { ScriptService } from "./gen/agentbase/scripts/v1/scripts_pb.js";
import { MemoryService, SessionService } from "./gen/agentbase/sessions/v1/sessions_pb.js";
import { type RetryPolicy } from "./retry.js";
/** How to reach agentbase. */
export interface ClientOptions {
    /** `http://host:port`, or `https://host:port` with `tls`. */
    baseUrl: string;
    /** Returns the bearer token for each call (called per call, so a rotated token is used at once). */
    token?: () => string | Promise<string>;
    /** TLS: the CA that signed the server's certificate and, for mutual TLS, the client's certificate and key (PEM). */
    tls?: {
        ca?: string | Buffer;
        cert?: string | Buffer;
        key?: string | Buffer;
    };
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
type ItemsOf<R> = {
    [F in keyof R]-?: R[F] extends readonly (infer E)[] ? E : never;
}[keyof R];
/** Whether method `M` of a client is a paged list (its answer has a `nextPageToken`). */
type PagedList<M> = M extends (request: never, options?: CallOptions) => Promise<infer R> ? R extends {
    nextPageToken: string;
} ? true : false : false;
/** `listAll<Rest>` for every paged `list<Rest>` method: every item of every page, in order. */
type ListAll<S extends DescService> = {
    [K in keyof Client<S> as K extends `list${infer Rest}` ? PagedList<Client<S>[K]> extends true ? `listAll${Rest}` : never : never]: Client<S>[K] extends (request: infer Q, options?: CallOptions) => Promise<infer R> ? (request: Q, options?: CallOptions) => AsyncIterable<ItemsOf<R>> : never;
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
/** Clients of every context over one HTTP/2 connection to `options.baseUrl`. */
export declare function createAgentbaseClient(options: ClientOptions): AgentbaseClient;
export {};
