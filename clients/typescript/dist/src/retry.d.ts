import { AgentbaseError } from "./errors.js";
/** How a client retries; every field has a default. */
export interface RetryPolicy {
    /** Attempts in all, the first included (default 5; 1 turns retries off). */
    maxAttempts?: number;
    /** The first backoff, in milliseconds (default 100). */
    initialBackoffMs?: number;
    /** The longest backoff, in milliseconds (default 5,000). */
    maxBackoffMs?: number;
}
/** The policy with its defaults filled in. */
export declare function resolvePolicy(policy: RetryPolicy | undefined): Required<RetryPolicy>;
/**
 * Whether `error` may be retried: UNAVAILABLE always, and RESOURCE_EXHAUSTED
 * when the server sent it (it sheds load: the call did not run, or it
 * carries a request id that makes a second run a replay) — not when the
 * client itself refused a message as too large, which no retry changes;
 * DEADLINE_EXCEEDED only for idempotent calls (reads, and writes carrying a
 * request id), because the call may have run.
 */
export declare function isRetryable(error: AgentbaseError, idempotent: boolean): boolean;
/**
 * The wait before attempt `attempt + 1` (attempt counts from 1): the server's
 * RetryInfo if it sent one, else exponential backoff with full jitter,
 * bounded by the policy.
 */
export declare function backoff(policy: Required<RetryPolicy>, attempt: number, error: AgentbaseError): number;
/** Waits `milliseconds`, or less if `signal` aborts first. */
export declare function sleep(milliseconds: number, signal?: AbortSignal): Promise<void>;
