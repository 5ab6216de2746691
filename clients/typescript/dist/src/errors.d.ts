import { Code } from "@connectrpc/connect";
/** One invalid field of a request, as the server names it. */
export interface FieldViolation {
    field: string;
    description: string;
}
/** A failed call: its gRPC code and what the server said about it. */
export declare class AgentbaseError extends Error {
    /** The gRPC code's name, e.g. `INVALID_ARGUMENT`, `UNAVAILABLE`. */
    readonly code: string;
    /** The numeric gRPC code. */
    readonly grpcCode: Code;
    /** ErrorInfo.reason, e.g. `SESSION_NOT_FOUND`; empty when the server sent none. */
    readonly reason: string;
    /** ErrorInfo.domain, e.g. `sessions.agentbase`. */
    readonly domain: string;
    /** ErrorInfo.metadata. */
    readonly metadata: Record<string, string>;
    /** BadRequest's field violations. */
    readonly fieldViolations: FieldViolation[];
    /**
     * How long to wait before trying again, in milliseconds: RetryInfo's delay,
     * or after an outage the client's own next backoff; undefined when the
     * call should not be retried as is.
     */
    readonly retryDelay: number | undefined;
    constructor(init: {
        grpcCode: Code;
        message: string;
        reason?: string;
        domain?: string;
        metadata?: Record<string, string>;
        fieldViolations?: FieldViolation[];
        retryDelay?: number;
        cause?: unknown;
    });
    /** The same error, saying when to retry. */
    withRetryDelay(milliseconds: number): AgentbaseError;
    /** Any thrown value as an AgentbaseError, decoding a ConnectError's details. */
    static from(error: unknown): AgentbaseError;
}
/** The UPPER_SNAKE name of a gRPC code, as gRPC spells it (`CANCELLED`). */
export declare function codeName(code: Code): string;
