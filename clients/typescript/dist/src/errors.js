// Errors of agentbase calls, with the details the server puts in the gRPC
// status (google.rpc.ErrorInfo, BadRequest, RetryInfo) decoded.
import { BinaryReader } from "@bufbuild/protobuf/wire";
import { Code, ConnectError } from "@connectrpc/connect";
/** A failed call: its gRPC code and what the server said about it. */
export class AgentbaseError extends Error {
    /** The gRPC code's name, e.g. `INVALID_ARGUMENT`, `UNAVAILABLE`. */
    code;
    /** The numeric gRPC code. */
    grpcCode;
    /** ErrorInfo.reason, e.g. `SESSION_NOT_FOUND`; empty when the server sent none. */
    reason;
    /** ErrorInfo.domain, e.g. `sessions.agentbase`. */
    domain;
    /** ErrorInfo.metadata. */
    metadata;
    /** BadRequest's field violations. */
    fieldViolations;
    /**
     * How long to wait before trying again, in milliseconds: RetryInfo's delay,
     * or after an outage the client's own next backoff; undefined when the
     * call should not be retried as is.
     */
    retryDelay;
    constructor(init) {
        super(init.message, { cause: init.cause });
        this.name = "AgentbaseError";
        this.grpcCode = init.grpcCode;
        this.code = codeName(init.grpcCode);
        this.reason = init.reason ?? "";
        this.domain = init.domain ?? "";
        this.metadata = init.metadata ?? {};
        this.fieldViolations = init.fieldViolations ?? [];
        this.retryDelay = init.retryDelay;
    }
    /** The same error, saying when to retry. */
    withRetryDelay(milliseconds) {
        return new AgentbaseError({ ...this, message: this.message, retryDelay: milliseconds, cause: this.cause });
    }
    /** Any thrown value as an AgentbaseError, decoding a ConnectError's details. */
    static from(error) {
        if (error instanceof AgentbaseError) {
            return error;
        }
        const connect = ConnectError.from(error);
        const decoded = {
            grpcCode: droppedConnection(connect) ? Code.Unavailable : connect.code,
            message: connect.rawMessage,
            cause: error,
        };
        for (const detail of connect.details) {
            if (!("type" in detail)) {
                continue;
            }
            try {
                switch (detail.type) {
                    case "google.rpc.ErrorInfo":
                        Object.assign(decoded, decodeErrorInfo(detail.value));
                        break;
                    case "google.rpc.BadRequest":
                        decoded.fieldViolations = decodeBadRequest(detail.value);
                        break;
                    case "google.rpc.RetryInfo":
                        decoded.retryDelay = decodeRetryInfo(detail.value);
                        break;
                }
            }
            catch {
                // A detail that does not decode leaves the rest of the error intact.
            }
        }
        return new AgentbaseError(decoded);
    }
}
/** Node's codes for a connection that broke under a call. */
const CONNECTION_ERRORS = new Set([
    "ECONNRESET",
    "ECONNREFUSED",
    "ECONNABORTED",
    "EPIPE",
    "ETIMEDOUT",
    "ERR_HTTP2_GOAWAY_SESSION",
    "ERR_HTTP2_SESSION_ERROR",
    "ERR_HTTP2_STREAM_CANCEL",
    "ERR_HTTP2_STREAM_ERROR",
    "ERR_HTTP2_INVALID_SESSION",
]);
/**
 * Whether the call failed because its connection broke (the server went
 * away): the server never answered, so it is UNAVAILABLE whatever code the
 * transport guessed.
 */
function droppedConnection(error) {
    // `isWireError` (the server sent it) exists from connect 2.2 on; before,
    // a server's error has no Node error among its causes either.
    if (error.code === Code.Unavailable || error.isWireError === true) {
        return false;
    }
    for (let cause = error.cause, depth = 0; cause && depth < 5; depth++) {
        const code = cause.code;
        // ERR_SSL_…: the TLS handshake failed, so no call reached the server
        // (gRPC reports that as UNAVAILABLE too; the message keeps the alert).
        if (typeof code === "string" && (CONNECTION_ERRORS.has(code) || code.startsWith("ERR_SSL_"))) {
            return true;
        }
        cause = cause.cause;
    }
    return false;
}
/** The UPPER_SNAKE name of a gRPC code, as gRPC spells it (`CANCELLED`). */
export function codeName(code) {
    if (code === Code.Canceled) {
        return "CANCELLED";
    }
    return (Code[code] ?? "Unknown").replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
}
// The three messages are read off the wire by field number (their schema is
// google/rpc/error_details.proto): ErrorInfo {1 reason, 2 domain, 3 map
// metadata}, BadRequest {1 repeated FieldViolation {1 field, 2 description}},
// RetryInfo {1 Duration {1 seconds, 2 nanos}}.
function decodeErrorInfo(bytes) {
    const reader = new BinaryReader(bytes);
    const info = { reason: "", domain: "", metadata: {} };
    while (reader.pos < reader.len) {
        const [field, wireType] = reader.tag();
        if (field === 1) {
            info.reason = reader.string();
        }
        else if (field === 2) {
            info.domain = reader.string();
        }
        else if (field === 3) {
            const entry = new BinaryReader(reader.bytes());
            let key = "";
            let value = "";
            while (entry.pos < entry.len) {
                const [entryField, entryWire] = entry.tag();
                if (entryField === 1)
                    key = entry.string();
                else if (entryField === 2)
                    value = entry.string();
                else
                    entry.skip(entryWire);
            }
            info.metadata[key] = value;
        }
        else {
            reader.skip(wireType);
        }
    }
    return info;
}
function decodeBadRequest(bytes) {
    const reader = new BinaryReader(bytes);
    const violations = [];
    while (reader.pos < reader.len) {
        const [field, wireType] = reader.tag();
        if (field !== 1) {
            reader.skip(wireType);
            continue;
        }
        const inner = new BinaryReader(reader.bytes());
        const violation = { field: "", description: "" };
        while (inner.pos < inner.len) {
            const [innerField, innerWire] = inner.tag();
            if (innerField === 1)
                violation.field = inner.string();
            else if (innerField === 2)
                violation.description = inner.string();
            else
                inner.skip(innerWire);
        }
        violations.push(violation);
    }
    return violations;
}
function decodeRetryInfo(bytes) {
    const reader = new BinaryReader(bytes);
    let delay;
    while (reader.pos < reader.len) {
        const [field, wireType] = reader.tag();
        if (field !== 1) {
            reader.skip(wireType);
            continue;
        }
        const duration = new BinaryReader(reader.bytes());
        let seconds = 0;
        let nanos = 0;
        while (duration.pos < duration.len) {
            const [durationField, durationWire] = duration.tag();
            if (durationField === 1)
                seconds = Number(duration.int64());
            else if (durationField === 2)
                nanos = duration.int32();
            else
                duration.skip(durationWire);
        }
        delay = seconds * 1000 + Math.round(nanos / 1e6);
    }
    return delay;
}
