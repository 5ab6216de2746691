// Which failures a call may retry, and how long it waits between attempts.
import { Code } from "@connectrpc/connect";
const DEFAULTS = { maxAttempts: 5, initialBackoffMs: 100, maxBackoffMs: 5_000 };
/** The policy with its defaults filled in. */
export function resolvePolicy(policy) {
    return { ...DEFAULTS, ...policy };
}
/**
 * Whether `error` may be retried: UNAVAILABLE always, and RESOURCE_EXHAUSTED
 * when the server sent it (it sheds load: the call did not run, or it
 * carries a request id that makes a second run a replay) — not when the
 * client itself refused a message as too large, which no retry changes;
 * DEADLINE_EXCEEDED only for idempotent calls (reads, and writes carrying a
 * request id), because the call may have run.
 */
export function isRetryable(error, idempotent) {
    switch (error.grpcCode) {
        case Code.Unavailable:
            return true;
        case Code.ResourceExhausted:
            // The server names every refusal (ErrorInfo); the client's own limit does not.
            return error.reason !== "";
        case Code.DeadlineExceeded:
            return idempotent;
        default:
            return false;
    }
}
/**
 * The wait before attempt `attempt + 1` (attempt counts from 1): the server's
 * RetryInfo if it sent one, else exponential backoff with full jitter,
 * bounded by the policy.
 */
export function backoff(policy, attempt, error) {
    if (error.retryDelay !== undefined) {
        return Math.min(error.retryDelay, policy.maxBackoffMs);
    }
    const ceiling = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** (attempt - 1));
    return Math.round(Math.random() * ceiling);
}
/** Waits `milliseconds`, or less if `signal` aborts first. */
export function sleep(milliseconds, signal) {
    return new Promise((resolve) => {
        const timer = setTimeout(resolve, milliseconds);
        signal?.addEventListener("abort", () => {
            clearTimeout(timer);
            resolve();
        });
    });
}
