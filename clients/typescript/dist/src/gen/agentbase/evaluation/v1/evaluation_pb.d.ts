import type { GenEnum, GenFile, GenMessage, GenService } from "@bufbuild/protobuf/codegenv2";
import type { ListAuditEventsRequestSchema, ListAuditEventsResponseSchema } from "../../audit/v1/audit_pb.js";
import type { Duration, FieldMask, Timestamp } from "@bufbuild/protobuf/wkt";
import type { JsonObject, Message } from "@bufbuild/protobuf";
/**
 * Describes the file agentbase/evaluation/v1/evaluation.proto.
 */
export declare const file_agentbase_evaluation_v1_evaluation: GenFile;
/**
 * Prices per million tokens, as agreed when the run started.
 *
 * @generated from message agentbase.evaluation.v1.Prices
 */
export type Prices = Message<"agentbase.evaluation.v1.Prices"> & {
    /**
     * Input tokens.
     *
     * @generated from field: optional double input = 1;
     */
    input?: number | undefined;
    /**
     * Output tokens.
     *
     * @generated from field: optional double output = 2;
     */
    output?: number | undefined;
    /**
     * Cache writes.
     *
     * @generated from field: optional double cache_writes = 3;
     */
    cacheWrites?: number | undefined;
    /**
     * Cache reads.
     *
     * @generated from field: optional double cache_reads = 4;
     */
    cacheReads?: number | undefined;
    /**
     * Reasoning tokens, where the model reports them.
     *
     * @generated from field: optional double reasoning = 5;
     */
    reasoning?: number | undefined;
};
/**
 * Describes the message agentbase.evaluation.v1.Prices.
 * Use `create(PricesSchema)` to create a new message.
 */
export declare const PricesSchema: GenMessage<Prices>;
/**
 * Attempts and failures of one tool.
 *
 * @generated from message agentbase.evaluation.v1.ToolUsage
 */
export type ToolUsage = Message<"agentbase.evaluation.v1.ToolUsage"> & {
    /**
     * Calls.
     *
     * @generated from field: int64 attempts = 1;
     */
    attempts: bigint;
    /**
     * Failed calls.
     *
     * @generated from field: int64 failures = 2;
     */
    failures: bigint;
};
/**
 * Describes the message agentbase.evaluation.v1.ToolUsage.
 * Use `create(ToolUsageSchema)` to create a new message.
 */
export declare const ToolUsageSchema: GenMessage<ToolUsage>;
/**
 * Totals of a run.
 *
 * @generated from message agentbase.evaluation.v1.Totals
 */
export type Totals = Message<"agentbase.evaluation.v1.Totals"> & {
    /**
     * Tasks.
     *
     * @generated from field: int64 tasks = 1;
     */
    tasks: bigint;
    /**
     * Passed tasks.
     *
     * @generated from field: int64 passed = 2;
     */
    passed: bigint;
    /**
     * Failed tasks.
     *
     * @generated from field: int64 failed = 3;
     */
    failed: bigint;
    /**
     * Errored tasks.
     *
     * @generated from field: int64 errored = 4;
     */
    errored: bigint;
    /**
     * Timed-out tasks.
     *
     * @generated from field: int64 timed_out = 5;
     */
    timedOut: bigint;
    /**
     * Cancelled tasks.
     *
     * @generated from field: int64 cancelled = 6;
     */
    cancelled: bigint;
    /**
     * Pending or running tasks. Every count is current whenever a run is
     * read: task transitions, metrics reports and cancellation update them in
     * their own transaction.
     *
     * @generated from field: int64 unfinished = 7;
     */
    unfinished: bigint;
    /**
     * Input tokens.
     *
     * @generated from field: int64 tokens_in = 8;
     */
    tokensIn: bigint;
    /**
     * Output tokens.
     *
     * @generated from field: int64 tokens_out = 9;
     */
    tokensOut: bigint;
    /**
     * Context tokens.
     *
     * @generated from field: int64 tokens_context = 10;
     */
    tokensContext: bigint;
    /**
     * Cache writes.
     *
     * @generated from field: int64 cache_writes = 11;
     */
    cacheWrites: bigint;
    /**
     * Cache reads.
     *
     * @generated from field: int64 cache_reads = 12;
     */
    cacheReads: bigint;
    /**
     * Cost.
     *
     * @generated from field: double cost = 13;
     */
    cost: number;
    /**
     * Summed task durations.
     *
     * @generated from field: int64 duration_ms = 14;
     */
    durationMs: bigint;
    /**
     * Tool usage merged across tasks.
     *
     * @generated from field: map<string, agentbase.evaluation.v1.ToolUsage> tool_usage = 15;
     */
    toolUsage: {
        [key: string]: ToolUsage;
    };
    /**
     * Reasoning tokens.
     *
     * @generated from field: int64 tokens_reasoning = 16;
     */
    tokensReasoning: bigint;
};
/**
 * Describes the message agentbase.evaluation.v1.Totals.
 * Use `create(TotalsSchema)` to create a new message.
 */
export declare const TotalsSchema: GenMessage<Totals>;
/**
 * An evaluation run.
 *
 * @generated from message agentbase.evaluation.v1.Run
 */
export type Run = Message<"agentbase.evaluation.v1.Run"> & {
    /**
     * Service-generated UUIDv7.
     *
     * @generated from field: string id = 1;
     */
    id: string;
    /**
     * The model evaluated.
     *
     * @generated from field: string model = 2;
     */
    model: string;
    /**
     * Name.
     *
     * @generated from field: string name = 3;
     */
    name: string;
    /**
     * Description (run notes).
     *
     * @generated from field: string description = 4;
     */
    description: string;
    /**
     * Settings, with secret-looking values replaced by `[REDACTED]`.
     *
     * @generated from field: google.protobuf.Struct settings = 5;
     */
    settings?: JsonObject | undefined;
    /**
     * Tasks run at once, 1–25.
     *
     * @generated from field: int32 concurrency = 6;
     */
    concurrency: number;
    /**
     * Per-task timeout, 1–120 minutes.
     *
     * @generated from field: int32 timeout_minutes = 7;
     */
    timeoutMinutes: number;
    /**
     * Price snapshot.
     *
     * @generated from field: agentbase.evaluation.v1.Prices prices = 8;
     */
    prices?: Prices | undefined;
    /**
     * The model's context window, if known.
     *
     * @generated from field: int64 context_window = 9;
     */
    contextWindow: bigint;
    /**
     * Status.
     *
     * @generated from field: agentbase.evaluation.v1.RunStatus status = 10;
     */
    status: RunStatus;
    /**
     * Totals: stored by FinishRun (live in GetRunSummary).
     *
     * @generated from field: agentbase.evaluation.v1.Totals totals = 11;
     */
    totals?: Totals | undefined;
    /**
     * When the run was created.
     *
     * @generated from field: google.protobuf.Timestamp create_time = 12;
     */
    createTime?: Timestamp | undefined;
    /**
     * When its first task started.
     *
     * @generated from field: google.protobuf.Timestamp start_time = 13;
     */
    startTime?: Timestamp | undefined;
    /**
     * When it finished or was cancelled.
     *
     * @generated from field: google.protobuf.Timestamp finish_time = 14;
     */
    finishTime?: Timestamp | undefined;
    /**
     * How many times a leased task is tried before an expired lease errors it.
     *
     * @generated from field: int32 max_attempts = 15;
     */
    maxAttempts: number;
};
/**
 * Describes the message agentbase.evaluation.v1.Run.
 * Use `create(RunSchema)` to create a new message.
 */
export declare const RunSchema: GenMessage<Run>;
/**
 * An exercise to run.
 *
 * @generated from message agentbase.evaluation.v1.Exercise
 */
export type Exercise = Message<"agentbase.evaluation.v1.Exercise"> & {
    /**
     * Language.
     *
     * @generated from field: agentbase.evaluation.v1.Language language = 1;
     */
    language: Language;
    /**
     * Exercise name, 1–255 characters.
     *
     * @generated from field: string exercise = 2;
     */
    exercise: string;
};
/**
 * Describes the message agentbase.evaluation.v1.Exercise.
 * Use `create(ExerciseSchema)` to create a new message.
 */
export declare const ExerciseSchema: GenMessage<Exercise>;
/**
 * Request for CreateRun.
 *
 * @generated from message agentbase.evaluation.v1.CreateRunRequest
 */
export type CreateRunRequest = Message<"agentbase.evaluation.v1.CreateRunRequest"> & {
    /**
     * The model, 1–255 characters.
     *
     * @generated from field: string model = 1;
     */
    model: string;
    /**
     * Name.
     *
     * @generated from field: string name = 2;
     */
    name: string;
    /**
     * Description.
     *
     * @generated from field: string description = 3;
     */
    description: string;
    /**
     * Settings (secrets are redacted before storage).
     *
     * @generated from field: google.protobuf.Struct settings = 4;
     */
    settings?: JsonObject | undefined;
    /**
     * 1–25; 0 means 2.
     *
     * @generated from field: int32 concurrency = 5;
     */
    concurrency: number;
    /**
     * 1–120; 0 means 5.
     *
     * @generated from field: int32 timeout_minutes = 6;
     */
    timeoutMinutes: number;
    /**
     * Price snapshot.
     *
     * @generated from field: agentbase.evaluation.v1.Prices prices = 7;
     */
    prices?: Prices | undefined;
    /**
     * Context window.
     *
     * @generated from field: int64 context_window = 8;
     */
    contextWindow: bigint;
    /**
     * Exercises; each runs `iterations` times.
     *
     * @generated from field: repeated agentbase.evaluation.v1.Exercise exercises = 9;
     */
    exercises: Exercise[];
    /**
     * Iterations per exercise; 0 means 1. Exercises × iterations ≤ 10,000.
     *
     * @generated from field: int32 iterations = 10;
     */
    iterations: number;
    /**
     * Optional UUID making the call idempotent.
     *
     * @generated from field: string request_id = 11;
     */
    requestId: string;
    /**
     * Attempts of a leased task, 1–10; 0 means 3. Each expired lease spends
     * one; the last one's expiry errors the task with `LEASE_EXPIRED`.
     *
     * @generated from field: int32 max_attempts = 12;
     */
    maxAttempts: number;
};
/**
 * Describes the message agentbase.evaluation.v1.CreateRunRequest.
 * Use `create(CreateRunRequestSchema)` to create a new message.
 */
export declare const CreateRunRequestSchema: GenMessage<CreateRunRequest>;
/**
 * Request for GetRun.
 *
 * @generated from message agentbase.evaluation.v1.GetRunRequest
 */
export type GetRunRequest = Message<"agentbase.evaluation.v1.GetRunRequest"> & {
    /**
     * The run.
     *
     * @generated from field: string id = 1;
     */
    id: string;
};
/**
 * Describes the message agentbase.evaluation.v1.GetRunRequest.
 * Use `create(GetRunRequestSchema)` to create a new message.
 */
export declare const GetRunRequestSchema: GenMessage<GetRunRequest>;
/**
 * Request for ListRuns. Filters combine with AND.
 *
 * @generated from message agentbase.evaluation.v1.ListRunsRequest
 */
export type ListRunsRequest = Message<"agentbase.evaluation.v1.ListRunsRequest"> & {
    /**
     * At most this many: 0 means 50, above 500 means 500.
     *
     * @generated from field: int32 page_size = 1;
     */
    pageSize: number;
    /**
     * The next_page_token of a previous call with the same filters.
     *
     * @generated from field: string page_token = 2;
     */
    pageToken: string;
    /**
     * Only this model.
     *
     * @generated from field: string model = 3;
     */
    model: string;
    /**
     * Only this status.
     *
     * @generated from field: agentbase.evaluation.v1.RunStatus status = 4;
     */
    status: RunStatus;
    /**
     * Only runs created at or after this time.
     *
     * @generated from field: google.protobuf.Timestamp created_after = 5;
     */
    createdAfter?: Timestamp | undefined;
    /**
     * Only runs created before this time.
     *
     * @generated from field: google.protobuf.Timestamp created_before = 6;
     */
    createdBefore?: Timestamp | undefined;
    /**
     * Only runs whose name contains this text, ignoring case.
     *
     * @generated from field: string name_contains = 7;
     */
    nameContains: string;
};
/**
 * Describes the message agentbase.evaluation.v1.ListRunsRequest.
 * Use `create(ListRunsRequestSchema)` to create a new message.
 */
export declare const ListRunsRequestSchema: GenMessage<ListRunsRequest>;
/**
 * Response of ListRuns.
 *
 * @generated from message agentbase.evaluation.v1.ListRunsResponse
 */
export type ListRunsResponse = Message<"agentbase.evaluation.v1.ListRunsResponse"> & {
    /**
     * The page, newest first.
     *
     * @generated from field: repeated agentbase.evaluation.v1.Run runs = 1;
     */
    runs: Run[];
    /**
     * Token for the next page; empty at the end.
     *
     * @generated from field: string next_page_token = 2;
     */
    nextPageToken: string;
};
/**
 * Describes the message agentbase.evaluation.v1.ListRunsResponse.
 * Use `create(ListRunsResponseSchema)` to create a new message.
 */
export declare const ListRunsResponseSchema: GenMessage<ListRunsResponse>;
/**
 * Request for UpdateRun.
 *
 * @generated from message agentbase.evaluation.v1.UpdateRunRequest
 */
export type UpdateRunRequest = Message<"agentbase.evaluation.v1.UpdateRunRequest"> & {
    /**
     * The run.
     *
     * @generated from field: string id = 1;
     */
    id: string;
    /**
     * Mask path `name`.
     *
     * @generated from field: string name = 2;
     */
    name: string;
    /**
     * Mask path `description`.
     *
     * @generated from field: string description = 3;
     */
    description: string;
    /**
     * Which fields to change; empty means every non-empty field.
     *
     * @generated from field: google.protobuf.FieldMask update_mask = 4;
     */
    updateMask?: FieldMask | undefined;
};
/**
 * Describes the message agentbase.evaluation.v1.UpdateRunRequest.
 * Use `create(UpdateRunRequestSchema)` to create a new message.
 */
export declare const UpdateRunRequestSchema: GenMessage<UpdateRunRequest>;
/**
 * Request for DeleteRun.
 *
 * @generated from message agentbase.evaluation.v1.DeleteRunRequest
 */
export type DeleteRunRequest = Message<"agentbase.evaluation.v1.DeleteRunRequest"> & {
    /**
     * The run.
     *
     * @generated from field: string id = 1;
     */
    id: string;
};
/**
 * Describes the message agentbase.evaluation.v1.DeleteRunRequest.
 * Use `create(DeleteRunRequestSchema)` to create a new message.
 */
export declare const DeleteRunRequestSchema: GenMessage<DeleteRunRequest>;
/**
 * Response of DeleteRun.
 *
 * @generated from message agentbase.evaluation.v1.DeleteRunResponse
 */
export type DeleteRunResponse = Message<"agentbase.evaluation.v1.DeleteRunResponse"> & {};
/**
 * Describes the message agentbase.evaluation.v1.DeleteRunResponse.
 * Use `create(DeleteRunResponseSchema)` to create a new message.
 */
export declare const DeleteRunResponseSchema: GenMessage<DeleteRunResponse>;
/**
 * Request for DeleteRuns; at least one condition is required.
 *
 * @generated from message agentbase.evaluation.v1.DeleteRunsRequest
 */
export type DeleteRunsRequest = Message<"agentbase.evaluation.v1.DeleteRunsRequest"> & {
    /**
     * Only runs created before this time.
     *
     * @generated from field: google.protobuf.Timestamp created_before = 1;
     */
    createdBefore?: Timestamp | undefined;
    /**
     * Only runs that are pending or running.
     *
     * @generated from field: bool unfinished_only = 2;
     */
    unfinishedOnly: boolean;
};
/**
 * Describes the message agentbase.evaluation.v1.DeleteRunsRequest.
 * Use `create(DeleteRunsRequestSchema)` to create a new message.
 */
export declare const DeleteRunsRequestSchema: GenMessage<DeleteRunsRequest>;
/**
 * Response of DeleteRuns.
 *
 * @generated from message agentbase.evaluation.v1.DeleteRunsResponse
 */
export type DeleteRunsResponse = Message<"agentbase.evaluation.v1.DeleteRunsResponse"> & {
    /**
     * Runs deleted.
     *
     * @generated from field: int64 count = 1;
     */
    count: bigint;
};
/**
 * Describes the message agentbase.evaluation.v1.DeleteRunsResponse.
 * Use `create(DeleteRunsResponseSchema)` to create a new message.
 */
export declare const DeleteRunsResponseSchema: GenMessage<DeleteRunsResponse>;
/**
 * Request for CancelRun.
 *
 * @generated from message agentbase.evaluation.v1.CancelRunRequest
 */
export type CancelRunRequest = Message<"agentbase.evaluation.v1.CancelRunRequest"> & {
    /**
     * The run.
     *
     * @generated from field: string id = 1;
     */
    id: string;
};
/**
 * Describes the message agentbase.evaluation.v1.CancelRunRequest.
 * Use `create(CancelRunRequestSchema)` to create a new message.
 */
export declare const CancelRunRequestSchema: GenMessage<CancelRunRequest>;
/**
 * A task's metrics (cumulative).
 *
 * @generated from message agentbase.evaluation.v1.TaskMetrics
 */
export type TaskMetrics = Message<"agentbase.evaluation.v1.TaskMetrics"> & {
    /**
     * Input tokens.
     *
     * @generated from field: int64 tokens_in = 1;
     */
    tokensIn: bigint;
    /**
     * Output tokens.
     *
     * @generated from field: int64 tokens_out = 2;
     */
    tokensOut: bigint;
    /**
     * Context tokens.
     *
     * @generated from field: int64 tokens_context = 3;
     */
    tokensContext: bigint;
    /**
     * Cache writes.
     *
     * @generated from field: int64 cache_writes = 4;
     */
    cacheWrites: bigint;
    /**
     * Cache reads.
     *
     * @generated from field: int64 cache_reads = 5;
     */
    cacheReads: bigint;
    /**
     * Cost.
     *
     * @generated from field: double cost = 6;
     */
    cost: number;
    /**
     * Duration.
     *
     * @generated from field: int64 duration_ms = 7;
     */
    durationMs: bigint;
    /**
     * Tool usage.
     *
     * @generated from field: map<string, agentbase.evaluation.v1.ToolUsage> tool_usage = 8;
     */
    toolUsage: {
        [key: string]: ToolUsage;
    };
    /**
     * When last reported.
     *
     * @generated from field: google.protobuf.Timestamp update_time = 9;
     */
    updateTime?: Timestamp | undefined;
    /**
     * Reasoning tokens, where the model reports them.
     *
     * @generated from field: int64 tokens_reasoning = 10;
     */
    tokensReasoning: bigint;
    /**
     * Set by the service when the runner reported tokens but no cost (cost 0):
     * the cost is then each kind of token × the run's price per million for
     * it (kinds without a price count 0), rounded to the nearest millionth,
     * half away from zero.
     *
     * @generated from field: bool cost_computed = 11;
     */
    costComputed: boolean;
};
/**
 * Describes the message agentbase.evaluation.v1.TaskMetrics.
 * Use `create(TaskMetricsSchema)` to create a new message.
 */
export declare const TaskMetricsSchema: GenMessage<TaskMetrics>;
/**
 * A task: one iteration of one exercise.
 *
 * @generated from message agentbase.evaluation.v1.Task
 */
export type Task = Message<"agentbase.evaluation.v1.Task"> & {
    /**
     * Service-generated UUIDv7.
     *
     * @generated from field: string id = 1;
     */
    id: string;
    /**
     * The run.
     *
     * @generated from field: string run_id = 2;
     */
    runId: string;
    /**
     * Language.
     *
     * @generated from field: agentbase.evaluation.v1.Language language = 3;
     */
    language: Language;
    /**
     * Exercise.
     *
     * @generated from field: string exercise = 4;
     */
    exercise: string;
    /**
     * Iteration, from 1.
     *
     * @generated from field: int32 iteration = 5;
     */
    iteration: number;
    /**
     * Status.
     *
     * @generated from field: agentbase.evaluation.v1.TaskStatus status = 6;
     */
    status: TaskStatus;
    /**
     * When it started.
     *
     * @generated from field: google.protobuf.Timestamp start_time = 7;
     */
    startTime?: Timestamp | undefined;
    /**
     * When it finished.
     *
     * @generated from field: google.protobuf.Timestamp finish_time = 8;
     */
    finishTime?: Timestamp | undefined;
    /**
     * When it was created.
     *
     * @generated from field: google.protobuf.Timestamp create_time = 9;
     */
    createTime?: Timestamp | undefined;
    /**
     * Its metrics, if any were recorded.
     *
     * @generated from field: agentbase.evaluation.v1.TaskMetrics metrics = 10;
     */
    metrics?: TaskMetrics | undefined;
    /**
     * Which attempt it is on, from 1: an expired lease or a retry starts the
     * next. It is the fencing token of a claimed task: a worker sends it back
     * as `attempt` with every write about the task.
     *
     * @generated from field: int32 attempt = 11;
     */
    attempt: number;
    /**
     * The worker holding its lease (running leased tasks only).
     *
     * @generated from field: string lease_owner = 12;
     */
    leaseOwner: string;
    /**
     * When that lease expires unless the worker heartbeats.
     *
     * @generated from field: google.protobuf.Timestamp lease_expire_time = 13;
     */
    leaseExpireTime?: Timestamp | undefined;
    /**
     * Why it errored without a result (`LEASE_EXPIRED`), if so.
     *
     * @generated from field: string error_reason = 14;
     */
    errorReason: string;
    /**
     * When its result was invalidated (InvalidateTask); unset if it counts.
     *
     * @generated from field: google.protobuf.Timestamp invalidate_time = 15;
     */
    invalidateTime?: Timestamp | undefined;
    /**
     * Why it was invalidated.
     *
     * @generated from field: string invalid_reason = 16;
     */
    invalidReason: string;
};
/**
 * Describes the message agentbase.evaluation.v1.Task.
 * Use `create(TaskSchema)` to create a new message.
 */
export declare const TaskSchema: GenMessage<Task>;
/**
 * Request for StartTask.
 *
 * @generated from message agentbase.evaluation.v1.StartTaskRequest
 */
export type StartTaskRequest = Message<"agentbase.evaluation.v1.StartTaskRequest"> & {
    /**
     * The task.
     *
     * @generated from field: string task_id = 1;
     */
    taskId: string;
};
/**
 * Describes the message agentbase.evaluation.v1.StartTaskRequest.
 * Use `create(StartTaskRequestSchema)` to create a new message.
 */
export declare const StartTaskRequestSchema: GenMessage<StartTaskRequest>;
/**
 * Request for RecordTaskMetrics.
 *
 * @generated from message agentbase.evaluation.v1.RecordTaskMetricsRequest
 */
export type RecordTaskMetricsRequest = Message<"agentbase.evaluation.v1.RecordTaskMetricsRequest"> & {
    /**
     * The task.
     *
     * @generated from field: string task_id = 1;
     */
    taskId: string;
    /**
     * Cumulative values; negative numbers are refused.
     *
     * @generated from field: agentbase.evaluation.v1.TaskMetrics metrics = 2;
     */
    metrics?: TaskMetrics | undefined;
    /**
     * The worker reporting, for a task it claimed: a worker that no longer
     * holds the lease is FAILED_PRECONDITION `LEASE_LOST` or `LEASE_EXPIRED`.
     * Empty for tasks started with StartTask.
     *
     * @generated from field: string worker_id = 3;
     */
    workerId: string;
    /**
     * The fencing token: the task's `attempt` as ClaimTasks returned it. A
     * write naming an attempt that is no longer the task's current one is
     * refused, even from the same worker id. 0 (absent) checks only the
     * worker id and its lease, as before fencing tokens.
     *
     * @generated from field: int32 attempt = 4;
     */
    attempt: number;
    /**
     * Optional UUID making the call idempotent: a retry with the same id and
     * request is answered with the task at that attempt as it is now.
     *
     * @generated from field: string request_id = 5;
     */
    requestId: string;
};
/**
 * Describes the message agentbase.evaluation.v1.RecordTaskMetricsRequest.
 * Use `create(RecordTaskMetricsRequestSchema)` to create a new message.
 */
export declare const RecordTaskMetricsRequestSchema: GenMessage<RecordTaskMetricsRequest>;
/**
 * Request for FinishTask.
 *
 * @generated from message agentbase.evaluation.v1.FinishTaskRequest
 */
export type FinishTaskRequest = Message<"agentbase.evaluation.v1.FinishTaskRequest"> & {
    /**
     * The task.
     *
     * @generated from field: string task_id = 1;
     */
    taskId: string;
    /**
     * How it ended.
     *
     * @generated from field: agentbase.evaluation.v1.TaskOutcome outcome = 2;
     */
    outcome: TaskOutcome;
    /**
     * The worker finishing it, for a task it claimed (as in RecordTaskMetrics).
     *
     * @generated from field: string worker_id = 3;
     */
    workerId: string;
    /**
     * The fencing token (as in RecordTaskMetrics).
     *
     * @generated from field: int32 attempt = 4;
     */
    attempt: number;
    /**
     * Optional UUID making the call idempotent: a retry with the same id and
     * request is answered with the task at that attempt as it is now, even
     * after the first call's answer was lost.
     *
     * @generated from field: string request_id = 5;
     */
    requestId: string;
};
/**
 * Describes the message agentbase.evaluation.v1.FinishTaskRequest.
 * Use `create(FinishTaskRequestSchema)` to create a new message.
 */
export declare const FinishTaskRequestSchema: GenMessage<FinishTaskRequest>;
/**
 * A task named by its place in a run.
 *
 * @generated from message agentbase.evaluation.v1.TaskKey
 */
export type TaskKey = Message<"agentbase.evaluation.v1.TaskKey"> & {
    /**
     * The run.
     *
     * @generated from field: string run_id = 1;
     */
    runId: string;
    /**
     * Language.
     *
     * @generated from field: agentbase.evaluation.v1.Language language = 2;
     */
    language: Language;
    /**
     * Exercise.
     *
     * @generated from field: string exercise = 3;
     */
    exercise: string;
    /**
     * Iteration, from 1.
     *
     * @generated from field: int32 iteration = 4;
     */
    iteration: number;
};
/**
 * Describes the message agentbase.evaluation.v1.TaskKey.
 * Use `create(TaskKeySchema)` to create a new message.
 */
export declare const TaskKeySchema: GenMessage<TaskKey>;
/**
 * Request for GetTask.
 *
 * @generated from message agentbase.evaluation.v1.GetTaskRequest
 */
export type GetTaskRequest = Message<"agentbase.evaluation.v1.GetTaskRequest"> & {
    /**
     * Which task.
     *
     * @generated from oneof agentbase.evaluation.v1.GetTaskRequest.selector
     */
    selector: {
        /**
         * By id.
         *
         * @generated from field: string task_id = 1;
         */
        value: string;
        case: "taskId";
    } | {
        /**
         * By run, language, exercise and iteration.
         *
         * @generated from field: agentbase.evaluation.v1.TaskKey key = 2;
         */
        value: TaskKey;
        case: "key";
    } | {
        case: undefined;
        value?: undefined;
    };
};
/**
 * Describes the message agentbase.evaluation.v1.GetTaskRequest.
 * Use `create(GetTaskRequestSchema)` to create a new message.
 */
export declare const GetTaskRequestSchema: GenMessage<GetTaskRequest>;
/**
 * Request for ListTasks.
 *
 * @generated from message agentbase.evaluation.v1.ListTasksRequest
 */
export type ListTasksRequest = Message<"agentbase.evaluation.v1.ListTasksRequest"> & {
    /**
     * The run.
     *
     * @generated from field: string run_id = 1;
     */
    runId: string;
    /**
     * At most this many: 0 means 50, above 500 means 500.
     *
     * @generated from field: int32 page_size = 2;
     */
    pageSize: number;
    /**
     * The next_page_token of a previous call with the same filters.
     *
     * @generated from field: string page_token = 3;
     */
    pageToken: string;
    /**
     * Only this status.
     *
     * @generated from field: agentbase.evaluation.v1.TaskStatus status = 4;
     */
    status: TaskStatus;
    /**
     * Only this language.
     *
     * @generated from field: agentbase.evaluation.v1.Language language = 5;
     */
    language: Language;
};
/**
 * Describes the message agentbase.evaluation.v1.ListTasksRequest.
 * Use `create(ListTasksRequestSchema)` to create a new message.
 */
export declare const ListTasksRequestSchema: GenMessage<ListTasksRequest>;
/**
 * Response of ListTasks.
 *
 * @generated from message agentbase.evaluation.v1.ListTasksResponse
 */
export type ListTasksResponse = Message<"agentbase.evaluation.v1.ListTasksResponse"> & {
    /**
     * The page, in creation order, metrics included.
     *
     * @generated from field: repeated agentbase.evaluation.v1.Task tasks = 1;
     */
    tasks: Task[];
    /**
     * Token for the next page; empty at the end.
     *
     * @generated from field: string next_page_token = 2;
     */
    nextPageToken: string;
};
/**
 * Describes the message agentbase.evaluation.v1.ListTasksResponse.
 * Use `create(ListTasksResponseSchema)` to create a new message.
 */
export declare const ListTasksResponseSchema: GenMessage<ListTasksResponse>;
/**
 * A tool failure.
 *
 * @generated from message agentbase.evaluation.v1.ToolError
 */
export type ToolError = Message<"agentbase.evaluation.v1.ToolError"> & {
    /**
     * Service-generated UUIDv7.
     *
     * @generated from field: string id = 1;
     */
    id: string;
    /**
     * The run.
     *
     * @generated from field: string run_id = 2;
     */
    runId: string;
    /**
     * The task, if known.
     *
     * @generated from field: string task_id = 3;
     */
    taskId: string;
    /**
     * The tool.
     *
     * @generated from field: string tool_name = 4;
     */
    toolName: string;
    /**
     * The error text.
     *
     * @generated from field: string error = 5;
     */
    error: string;
    /**
     * When it was recorded.
     *
     * @generated from field: google.protobuf.Timestamp create_time = 6;
     */
    createTime?: Timestamp | undefined;
};
/**
 * Describes the message agentbase.evaluation.v1.ToolError.
 * Use `create(ToolErrorSchema)` to create a new message.
 */
export declare const ToolErrorSchema: GenMessage<ToolError>;
/**
 * Request for RecordToolError: a task, or a run, or both (they must agree).
 *
 * @generated from message agentbase.evaluation.v1.RecordToolErrorRequest
 */
export type RecordToolErrorRequest = Message<"agentbase.evaluation.v1.RecordToolErrorRequest"> & {
    /**
     * The run (taken from the task when a task is given).
     *
     * @generated from field: string run_id = 1;
     */
    runId: string;
    /**
     * The task, if known.
     *
     * @generated from field: string task_id = 2;
     */
    taskId: string;
    /**
     * The tool, 1–255 characters.
     *
     * @generated from field: string tool_name = 3;
     */
    toolName: string;
    /**
     * The error text, at most 64 KiB.
     *
     * @generated from field: string error = 4;
     */
    error: string;
    /**
     * The worker recording it, for a task it claimed (as in RecordTaskMetrics).
     *
     * @generated from field: string worker_id = 5;
     */
    workerId: string;
    /**
     * The fencing token, for a task it claimed (as in RecordTaskMetrics).
     *
     * @generated from field: int32 attempt = 6;
     */
    attempt: number;
};
/**
 * Describes the message agentbase.evaluation.v1.RecordToolErrorRequest.
 * Use `create(RecordToolErrorRequestSchema)` to create a new message.
 */
export declare const RecordToolErrorRequestSchema: GenMessage<RecordToolErrorRequest>;
/**
 * Request for ListToolErrors.
 *
 * @generated from message agentbase.evaluation.v1.ListToolErrorsRequest
 */
export type ListToolErrorsRequest = Message<"agentbase.evaluation.v1.ListToolErrorsRequest"> & {
    /**
     * The run.
     *
     * @generated from field: string run_id = 1;
     */
    runId: string;
    /**
     * Only this task's.
     *
     * @generated from field: string task_id = 2;
     */
    taskId: string;
    /**
     * Only this tool's.
     *
     * @generated from field: string tool_name = 3;
     */
    toolName: string;
    /**
     * At most this many: 0 means 50, above 500 means 500.
     *
     * @generated from field: int32 page_size = 4;
     */
    pageSize: number;
    /**
     * The next_page_token of a previous call with the same filters.
     *
     * @generated from field: string page_token = 5;
     */
    pageToken: string;
};
/**
 * Describes the message agentbase.evaluation.v1.ListToolErrorsRequest.
 * Use `create(ListToolErrorsRequestSchema)` to create a new message.
 */
export declare const ListToolErrorsRequestSchema: GenMessage<ListToolErrorsRequest>;
/**
 * Response of ListToolErrors.
 *
 * @generated from message agentbase.evaluation.v1.ListToolErrorsResponse
 */
export type ListToolErrorsResponse = Message<"agentbase.evaluation.v1.ListToolErrorsResponse"> & {
    /**
     * The page, oldest first.
     *
     * @generated from field: repeated agentbase.evaluation.v1.ToolError tool_errors = 1;
     */
    toolErrors: ToolError[];
    /**
     * Token for the next page; empty at the end.
     *
     * @generated from field: string next_page_token = 2;
     */
    nextPageToken: string;
};
/**
 * Describes the message agentbase.evaluation.v1.ListToolErrorsResponse.
 * Use `create(ListToolErrorsResponseSchema)` to create a new message.
 */
export declare const ListToolErrorsResponseSchema: GenMessage<ListToolErrorsResponse>;
/**
 * Request for FinishRun.
 *
 * @generated from message agentbase.evaluation.v1.FinishRunRequest
 */
export type FinishRunRequest = Message<"agentbase.evaluation.v1.FinishRunRequest"> & {
    /**
     * The run.
     *
     * @generated from field: string id = 1;
     */
    id: string;
    /**
     * Finish even while tasks are running: they are cancelled (event reason
     * `RUN_FINISHED`) in the same transaction, and their workers' later writes
     * are refused with `RUN_FINISHED`. Without it a run with running tasks is
     * FAILED_PRECONDITION `TASKS_IN_FLIGHT`. Pending tasks stay pending and
     * count as unfinished either way.
     *
     * @generated from field: bool force = 2;
     */
    force: boolean;
};
/**
 * Describes the message agentbase.evaluation.v1.FinishRunRequest.
 * Use `create(FinishRunRequestSchema)` to create a new message.
 */
export declare const FinishRunRequestSchema: GenMessage<FinishRunRequest>;
/**
 * Request for GetRunSummary.
 *
 * @generated from message agentbase.evaluation.v1.GetRunSummaryRequest
 */
export type GetRunSummaryRequest = Message<"agentbase.evaluation.v1.GetRunSummaryRequest"> & {
    /**
     * The run.
     *
     * @generated from field: string id = 1;
     */
    id: string;
};
/**
 * Describes the message agentbase.evaluation.v1.GetRunSummaryRequest.
 * Use `create(GetRunSummaryRequestSchema)` to create a new message.
 */
export declare const GetRunSummaryRequestSchema: GenMessage<GetRunSummaryRequest>;
/**
 * Results of one language.
 *
 * @generated from message agentbase.evaluation.v1.LanguageSummary
 */
export type LanguageSummary = Message<"agentbase.evaluation.v1.LanguageSummary"> & {
    /**
     * Language.
     *
     * @generated from field: agentbase.evaluation.v1.Language language = 1;
     */
    language: Language;
    /**
     * Tasks.
     *
     * @generated from field: int64 total = 2;
     */
    total: bigint;
    /**
     * Passed.
     *
     * @generated from field: int64 passed = 3;
     */
    passed: bigint;
    /**
     * Failed, errored or timed out.
     *
     * @generated from field: int64 failed = 4;
     */
    failed: bigint;
    /**
     * passed / finished (0 while none finished): pending, running and cancelled
     * tasks do not count, so a run in progress reads what it has achieved so
     * far. Any other rate follows from the counts (e.g. passed / total).
     *
     * @generated from field: double pass_rate = 5;
     */
    passRate: number;
    /**
     * Finished tasks: passed + failed (which includes errored and timed out).
     *
     * @generated from field: int64 finished = 6;
     */
    finished: bigint;
};
/**
 * Describes the message agentbase.evaluation.v1.LanguageSummary.
 * Use `create(LanguageSummarySchema)` to create a new message.
 */
export declare const LanguageSummarySchema: GenMessage<LanguageSummary>;
/**
 * Tool errors of one tool.
 *
 * @generated from message agentbase.evaluation.v1.ToolErrorCount
 */
export type ToolErrorCount = Message<"agentbase.evaluation.v1.ToolErrorCount"> & {
    /**
     * The tool.
     *
     * @generated from field: string tool_name = 1;
     */
    toolName: string;
    /**
     * Errors recorded.
     *
     * @generated from field: int64 count = 2;
     */
    count: bigint;
};
/**
 * Describes the message agentbase.evaluation.v1.ToolErrorCount.
 * Use `create(ToolErrorCountSchema)` to create a new message.
 */
export declare const ToolErrorCountSchema: GenMessage<ToolErrorCount>;
/**
 * pass@k of one exercise.
 *
 * @generated from message agentbase.evaluation.v1.ExercisePassAtK
 */
export type ExercisePassAtK = Message<"agentbase.evaluation.v1.ExercisePassAtK"> & {
    /**
     * Language.
     *
     * @generated from field: agentbase.evaluation.v1.Language language = 1;
     */
    language: Language;
    /**
     * Exercise.
     *
     * @generated from field: string exercise = 2;
     */
    exercise: string;
    /**
     * Iterations run (n).
     *
     * @generated from field: int32 samples = 3;
     */
    samples: number;
    /**
     * Iterations passed (c).
     *
     * @generated from field: int32 passed = 4;
     */
    passed: number;
    /**
     * Unbiased pass@k for k = 1..n: 1 − C(n−c, k) / C(n, k).
     *
     * @generated from field: repeated double pass_at_k = 5;
     */
    passAtK: number[];
};
/**
 * Describes the message agentbase.evaluation.v1.ExercisePassAtK.
 * Use `create(ExercisePassAtKSchema)` to create a new message.
 */
export declare const ExercisePassAtKSchema: GenMessage<ExercisePassAtK>;
/**
 * A live summary of a run.
 *
 * @generated from message agentbase.evaluation.v1.RunSummary
 */
export type RunSummary = Message<"agentbase.evaluation.v1.RunSummary"> & {
    /**
     * The run, with totals computed now.
     *
     * @generated from field: agentbase.evaluation.v1.Run run = 1;
     */
    run?: Run | undefined;
    /**
     * Per language.
     *
     * @generated from field: repeated agentbase.evaluation.v1.LanguageSummary languages = 2;
     */
    languages: LanguageSummary[];
    /**
     * Tool errors per tool, most first.
     *
     * @generated from field: repeated agentbase.evaluation.v1.ToolErrorCount tool_errors = 3;
     */
    toolErrors: ToolErrorCount[];
    /**
     * pass@k per exercise.
     *
     * @generated from field: repeated agentbase.evaluation.v1.ExercisePassAtK exercises = 4;
     */
    exercises: ExercisePassAtK[];
    /**
     * Mean pass@k over the exercises with at least k samples, for k = 1, 2, ….
     *
     * @generated from field: repeated double mean_pass_at_k = 5;
     */
    meanPassAtK: number[];
};
/**
 * Describes the message agentbase.evaluation.v1.RunSummary.
 * Use `create(RunSummarySchema)` to create a new message.
 */
export declare const RunSummarySchema: GenMessage<RunSummary>;
/**
 * Request for ClaimTasks.
 *
 * @generated from message agentbase.evaluation.v1.ClaimTasksRequest
 */
export type ClaimTasksRequest = Message<"agentbase.evaluation.v1.ClaimTasksRequest"> & {
    /**
     * The run.
     *
     * @generated from field: string run_id = 1;
     */
    runId: string;
    /**
     * The worker claiming, 1–255 characters (a pod name, say); it must name
     * itself the same way in every later call about these tasks.
     *
     * @generated from field: string worker_id = 2;
     */
    workerId: string;
    /**
     * At most this many tasks, 1–100; 0 means 1.
     *
     * @generated from field: int32 max_tasks = 3;
     */
    maxTasks: number;
    /**
     * How long the leases last without a heartbeat, 1–3600 seconds; 0 means 60.
     *
     * @generated from field: int32 lease_seconds = 4;
     */
    leaseSeconds: number;
};
/**
 * Describes the message agentbase.evaluation.v1.ClaimTasksRequest.
 * Use `create(ClaimTasksRequestSchema)` to create a new message.
 */
export declare const ClaimTasksRequestSchema: GenMessage<ClaimTasksRequest>;
/**
 * Response of ClaimTasks.
 *
 * @generated from message agentbase.evaluation.v1.ClaimTasksResponse
 */
export type ClaimTasksResponse = Message<"agentbase.evaluation.v1.ClaimTasksResponse"> & {
    /**
     * The tasks now leased to the worker, running, in claim order; empty when
     * no task is pending.
     *
     * @generated from field: repeated agentbase.evaluation.v1.Task tasks = 1;
     */
    tasks: Task[];
    /**
     * When their leases expire unless extended.
     *
     * @generated from field: google.protobuf.Timestamp lease_expire_time = 2;
     */
    leaseExpireTime?: Timestamp | undefined;
    /**
     * How long the leases last from now: no clock comparison needed.
     *
     * @generated from field: google.protobuf.Duration lease_duration = 3;
     */
    leaseDuration?: Duration | undefined;
};
/**
 * Describes the message agentbase.evaluation.v1.ClaimTasksResponse.
 * Use `create(ClaimTasksResponseSchema)` to create a new message.
 */
export declare const ClaimTasksResponseSchema: GenMessage<ClaimTasksResponse>;
/**
 * Request for HeartbeatTasks: `tasks` and `task_ids` together name 1–500
 * distinct tasks.
 *
 * @generated from message agentbase.evaluation.v1.HeartbeatTasksRequest
 */
export type HeartbeatTasksRequest = Message<"agentbase.evaluation.v1.HeartbeatTasksRequest"> & {
    /**
     * The worker holding the leases.
     *
     * @generated from field: string worker_id = 1;
     */
    workerId: string;
    /**
     * Tasks without their fencing token: the worker's lease is extended
     * whichever attempt it is on. Prefer `tasks`.
     *
     * @generated from field: repeated string task_ids = 2;
     */
    taskIds: string[];
    /**
     * The new lease from now, 1–3600 seconds; 0 means 60.
     *
     * @generated from field: int32 lease_seconds = 3;
     */
    leaseSeconds: number;
    /**
     * Tasks with the attempt the worker holds: a lease is extended only for
     * that attempt.
     *
     * @generated from field: repeated agentbase.evaluation.v1.HeldTask tasks = 4;
     */
    tasks: HeldTask[];
};
/**
 * Describes the message agentbase.evaluation.v1.HeartbeatTasksRequest.
 * Use `create(HeartbeatTasksRequestSchema)` to create a new message.
 */
export declare const HeartbeatTasksRequestSchema: GenMessage<HeartbeatTasksRequest>;
/**
 * A task a worker holds, with its fencing token.
 *
 * @generated from message agentbase.evaluation.v1.HeldTask
 */
export type HeldTask = Message<"agentbase.evaluation.v1.HeldTask"> & {
    /**
     * The task.
     *
     * @generated from field: string task_id = 1;
     */
    taskId: string;
    /**
     * Its `attempt` as ClaimTasks returned it, from 1.
     *
     * @generated from field: int32 attempt = 2;
     */
    attempt: number;
};
/**
 * Describes the message agentbase.evaluation.v1.HeldTask.
 * Use `create(HeldTaskSchema)` to create a new message.
 */
export declare const HeldTaskSchema: GenMessage<HeldTask>;
/**
 * Response of HeartbeatTasks.
 *
 * @generated from message agentbase.evaluation.v1.HeartbeatTasksResponse
 */
export type HeartbeatTasksResponse = Message<"agentbase.evaluation.v1.HeartbeatTasksResponse"> & {
    /**
     * The tasks whose lease was extended.
     *
     * @generated from field: repeated string renewed_task_ids = 1;
     */
    renewedTaskIds: string[];
    /**
     * The tasks whose lease the worker no longer holds: stop working on them.
     *
     * @generated from field: repeated string lost_task_ids = 2;
     */
    lostTaskIds: string[];
    /**
     * When the extended leases expire.
     *
     * @generated from field: google.protobuf.Timestamp lease_expire_time = 3;
     */
    leaseExpireTime?: Timestamp | undefined;
    /**
     * Every task asked about, in the order asked.
     *
     * @generated from field: repeated agentbase.evaluation.v1.TaskLeaseState tasks = 4;
     */
    tasks: TaskLeaseState[];
};
/**
 * Describes the message agentbase.evaluation.v1.HeartbeatTasksResponse.
 * Use `create(HeartbeatTasksResponseSchema)` to create a new message.
 */
export declare const HeartbeatTasksResponseSchema: GenMessage<HeartbeatTasksResponse>;
/**
 * Where one task of a heartbeat stands.
 *
 * @generated from message agentbase.evaluation.v1.TaskLeaseState
 */
export type TaskLeaseState = Message<"agentbase.evaluation.v1.TaskLeaseState"> & {
    /**
     * The task.
     *
     * @generated from field: string task_id = 1;
     */
    taskId: string;
    /**
     * Its current attempt.
     *
     * @generated from field: int32 attempt = 2;
     */
    attempt: number;
    /**
     * Its current status (unspecified when there is no such task).
     *
     * @generated from field: agentbase.evaluation.v1.TaskStatus status = 3;
     */
    status: TaskStatus;
    /**
     * The lease left from now: the lease asked for when renewed, zero when lost.
     *
     * @generated from field: google.protobuf.Duration lease_remaining = 4;
     */
    leaseRemaining?: Duration | undefined;
    /**
     * Empty when renewed; else why the worker lost it: `LEASE_EXPIRED`,
     * `LEASE_LOST`, `TASK_FINISHED`, `RUN_CANCELLED`, `RUN_FINISHED` or
     * `TASK_NOT_FOUND`.
     *
     * @generated from field: string reason = 5;
     */
    reason: string;
};
/**
 * Describes the message agentbase.evaluation.v1.TaskLeaseState.
 * Use `create(TaskLeaseStateSchema)` to create a new message.
 */
export declare const TaskLeaseStateSchema: GenMessage<TaskLeaseState>;
/**
 * One transition of a run or of one of its tasks.
 *
 * @generated from message agentbase.evaluation.v1.RunEvent
 */
export type RunEvent = Message<"agentbase.evaluation.v1.RunEvent"> & {
    /**
     * Its position among the events of every run: increasing, never reused.
     *
     * @generated from field: int64 sequence = 1;
     */
    sequence: bigint;
    /**
     * The run.
     *
     * @generated from field: string run_id = 2;
     */
    runId: string;
    /**
     * The task; empty when the run itself changed.
     *
     * @generated from field: string task_id = 3;
     */
    taskId: string;
    /**
     * The task's new status (task events).
     *
     * @generated from field: agentbase.evaluation.v1.TaskStatus task_status = 4;
     */
    taskStatus: TaskStatus;
    /**
     * The run's new status (run events).
     *
     * @generated from field: agentbase.evaluation.v1.RunStatus run_status = 5;
     */
    runStatus: RunStatus;
    /**
     * The task's attempt after the transition (task events).
     *
     * @generated from field: int32 attempt = 6;
     */
    attempt: number;
    /**
     * The worker that claimed the task (claims).
     *
     * @generated from field: string worker_id = 7;
     */
    workerId: string;
    /**
     * Why, when the service made the transition itself: `LEASE_EXPIRED`,
     * `RETRY`, `RUN_FINISHED` (FinishRun with `force` cancelled the task).
     *
     * @generated from field: string reason = 8;
     */
    reason: string;
    /**
     * When it happened.
     *
     * @generated from field: google.protobuf.Timestamp event_time = 9;
     */
    eventTime?: Timestamp | undefined;
    /**
     * The task's language (task events).
     *
     * @generated from field: agentbase.evaluation.v1.Language language = 10;
     */
    language: Language;
    /**
     * The task's exercise (task events).
     *
     * @generated from field: string exercise = 11;
     */
    exercise: string;
    /**
     * The task's iteration (task events).
     *
     * @generated from field: int32 iteration = 12;
     */
    iteration: number;
};
/**
 * Describes the message agentbase.evaluation.v1.RunEvent.
 * Use `create(RunEventSchema)` to create a new message.
 */
export declare const RunEventSchema: GenMessage<RunEvent>;
/**
 * Request for WatchRun.
 *
 * @generated from message agentbase.evaluation.v1.WatchRunRequest
 */
export type WatchRunRequest = Message<"agentbase.evaluation.v1.WatchRunRequest"> & {
    /**
     * The run.
     *
     * @generated from field: string run_id = 1;
     */
    runId: string;
    /**
     * Replay events with a greater sequence first (0 replays them all).
     *
     * @generated from field: int64 after_sequence = 2;
     */
    afterSequence: bigint;
};
/**
 * Describes the message agentbase.evaluation.v1.WatchRunRequest.
 * Use `create(WatchRunRequestSchema)` to create a new message.
 */
export declare const WatchRunRequestSchema: GenMessage<WatchRunRequest>;
/**
 * One message of WatchRun.
 *
 * @generated from message agentbase.evaluation.v1.WatchRunResponse
 */
export type WatchRunResponse = Message<"agentbase.evaluation.v1.WatchRunResponse"> & {
    /**
     * An event, in sequence order, each exactly once.
     *
     * @generated from field: agentbase.evaluation.v1.RunEvent event = 1;
     */
    event?: RunEvent | undefined;
    /**
     * The run's totals, on the last event of each batch the server reads and
     * on the run's final event.
     *
     * @generated from field: agentbase.evaluation.v1.Totals totals = 2;
     */
    totals?: Totals | undefined;
};
/**
 * Describes the message agentbase.evaluation.v1.WatchRunResponse.
 * Use `create(WatchRunResponseSchema)` to create a new message.
 */
export declare const WatchRunResponseSchema: GenMessage<WatchRunResponse>;
/**
 * Request for CompareRuns.
 *
 * @generated from message agentbase.evaluation.v1.CompareRunsRequest
 */
export type CompareRunsRequest = Message<"agentbase.evaluation.v1.CompareRunsRequest"> & {
    /**
     * The run compared against.
     *
     * @generated from field: string baseline_run_id = 1;
     */
    baselineRunId: string;
    /**
     * The run judged.
     *
     * @generated from field: string candidate_run_id = 2;
     */
    candidateRunId: string;
    /**
     * Significance level of the verdict, above 0 and at most 0.5; 0 means 0.05.
     *
     * @generated from field: double alpha = 3;
     */
    alpha: number;
    /**
     * At most this many regressed pairs: 0 means 50, above 500 means 500.
     *
     * @generated from field: int32 page_size = 4;
     */
    pageSize: number;
    /**
     * The next_page_token of a previous call with the same runs and alpha.
     *
     * @generated from field: string page_token = 5;
     */
    pageToken: string;
};
/**
 * Describes the message agentbase.evaluation.v1.CompareRunsRequest.
 * Use `create(CompareRunsRequestSchema)` to create a new message.
 */
export declare const CompareRunsRequestSchema: GenMessage<CompareRunsRequest>;
/**
 * Outcome pairs of tasks finished in both runs (passed, or failed, errored
 * or timed out).
 *
 * @generated from message agentbase.evaluation.v1.PairCounts
 */
export type PairCounts = Message<"agentbase.evaluation.v1.PairCounts"> & {
    /**
     * Pairs compared.
     *
     * @generated from field: int64 pairs = 1;
     */
    pairs: bigint;
    /**
     * Passed in both.
     *
     * @generated from field: int64 both_passed = 2;
     */
    bothPassed: bigint;
    /**
     * Failed in both.
     *
     * @generated from field: int64 both_failed = 3;
     */
    bothFailed: bigint;
    /**
     * Passed in the baseline, failed in the candidate.
     *
     * @generated from field: int64 regressions = 4;
     */
    regressions: bigint;
    /**
     * Failed in the baseline, passed in the candidate.
     *
     * @generated from field: int64 fixes = 5;
     */
    fixes: bigint;
};
/**
 * Describes the message agentbase.evaluation.v1.PairCounts.
 * Use `create(PairCountsSchema)` to create a new message.
 */
export declare const PairCountsSchema: GenMessage<PairCounts>;
/**
 * The pair counts of one language.
 *
 * @generated from message agentbase.evaluation.v1.LanguageComparison
 */
export type LanguageComparison = Message<"agentbase.evaluation.v1.LanguageComparison"> & {
    /**
     * The language.
     *
     * @generated from field: agentbase.evaluation.v1.Language language = 1;
     */
    language: Language;
    /**
     * Its pairs.
     *
     * @generated from field: agentbase.evaluation.v1.PairCounts counts = 2;
     */
    counts?: PairCounts | undefined;
};
/**
 * Describes the message agentbase.evaluation.v1.LanguageComparison.
 * Use `create(LanguageComparisonSchema)` to create a new message.
 */
export declare const LanguageComparisonSchema: GenMessage<LanguageComparison>;
/**
 * A metric over the compared pairs, on both sides (tasks without metrics
 * count as 0). The deltas are candidate minus baseline.
 *
 * @generated from message agentbase.evaluation.v1.MetricDelta
 */
export type MetricDelta = Message<"agentbase.evaluation.v1.MetricDelta"> & {
    /**
     * Sum over the baseline's tasks.
     *
     * @generated from field: double baseline_total = 1;
     */
    baselineTotal: number;
    /**
     * Sum over the candidate's tasks.
     *
     * @generated from field: double candidate_total = 2;
     */
    candidateTotal: number;
    /**
     * candidate_total − baseline_total.
     *
     * @generated from field: double total_delta = 3;
     */
    totalDelta: number;
    /**
     * Median of the baseline's tasks (mean of the middle two for an even count).
     *
     * @generated from field: double baseline_median = 4;
     */
    baselineMedian: number;
    /**
     * Median of the candidate's tasks.
     *
     * @generated from field: double candidate_median = 5;
     */
    candidateMedian: number;
    /**
     * candidate_median − baseline_median.
     *
     * @generated from field: double median_delta = 6;
     */
    medianDelta: number;
};
/**
 * Describes the message agentbase.evaluation.v1.MetricDelta.
 * Use `create(MetricDeltaSchema)` to create a new message.
 */
export declare const MetricDeltaSchema: GenMessage<MetricDelta>;
/**
 * A regressed pair of tasks.
 *
 * @generated from message agentbase.evaluation.v1.TaskPair
 */
export type TaskPair = Message<"agentbase.evaluation.v1.TaskPair"> & {
    /**
     * Language.
     *
     * @generated from field: agentbase.evaluation.v1.Language language = 1;
     */
    language: Language;
    /**
     * Exercise.
     *
     * @generated from field: string exercise = 2;
     */
    exercise: string;
    /**
     * Iteration.
     *
     * @generated from field: int32 iteration = 3;
     */
    iteration: number;
    /**
     * The baseline's task.
     *
     * @generated from field: string baseline_task_id = 4;
     */
    baselineTaskId: string;
    /**
     * The candidate's task.
     *
     * @generated from field: string candidate_task_id = 5;
     */
    candidateTaskId: string;
    /**
     * How the baseline's task ended.
     *
     * @generated from field: agentbase.evaluation.v1.TaskStatus baseline_status = 6;
     */
    baselineStatus: TaskStatus;
    /**
     * How the candidate's task ended.
     *
     * @generated from field: agentbase.evaluation.v1.TaskStatus candidate_status = 7;
     */
    candidateStatus: TaskStatus;
};
/**
 * Describes the message agentbase.evaluation.v1.TaskPair.
 * Use `create(TaskPairSchema)` to create a new message.
 */
export declare const TaskPairSchema: GenMessage<TaskPair>;
/**
 * Response of CompareRuns.
 *
 * @generated from message agentbase.evaluation.v1.CompareRunsResponse
 */
export type CompareRunsResponse = Message<"agentbase.evaluation.v1.CompareRunsResponse"> & {
    /**
     * Every compared pair.
     *
     * @generated from field: agentbase.evaluation.v1.PairCounts overall = 1;
     */
    overall?: PairCounts | undefined;
    /**
     * Per language, in the Language enum's order.
     *
     * @generated from field: repeated agentbase.evaluation.v1.LanguageComparison languages = 2;
     */
    languages: LanguageComparison[];
    /**
     * Baseline tasks with no counterpart in the candidate.
     *
     * @generated from field: int64 baseline_only = 3;
     */
    baselineOnly: bigint;
    /**
     * Candidate tasks with no counterpart in the baseline.
     *
     * @generated from field: int64 candidate_only = 4;
     */
    candidateOnly: bigint;
    /**
     * Pairs not compared because either task has not finished (pending,
     * running or cancelled).
     *
     * @generated from field: int64 unfinished_pairs = 5;
     */
    unfinishedPairs: bigint;
    /**
     * Input plus output tokens.
     *
     * @generated from field: agentbase.evaluation.v1.MetricDelta tokens = 6;
     */
    tokens?: MetricDelta | undefined;
    /**
     * Cost.
     *
     * @generated from field: agentbase.evaluation.v1.MetricDelta cost = 7;
     */
    cost?: MetricDelta | undefined;
    /**
     * Duration in milliseconds.
     *
     * @generated from field: agentbase.evaluation.v1.MetricDelta duration_ms = 8;
     */
    durationMs?: MetricDelta | undefined;
    /**
     * McNemar's exact two-sided p-value on regressions against fixes (1 when
     * there are none).
     *
     * @generated from field: double p_value = 9;
     */
    pValue: number;
    /**
     * The significance level used.
     *
     * @generated from field: double alpha = 10;
     */
    alpha: number;
    /**
     * REGRESSED or IMPROVED when p_value < alpha, else NO_SIGNIFICANT_CHANGE.
     *
     * @generated from field: agentbase.evaluation.v1.ComparisonVerdict verdict = 11;
     */
    verdict: ComparisonVerdict;
    /**
     * A page of the regressed pairs, in the baseline's task order.
     *
     * @generated from field: repeated agentbase.evaluation.v1.TaskPair regressed_pairs = 12;
     */
    regressedPairs: TaskPair[];
    /**
     * Token for the next page of regressed pairs; empty at the end.
     *
     * @generated from field: string next_page_token = 13;
     */
    nextPageToken: string;
    /**
     * Pairs not compared because either task's result was invalidated.
     *
     * @generated from field: int64 invalidated_pairs = 14;
     */
    invalidatedPairs: bigint;
};
/**
 * Describes the message agentbase.evaluation.v1.CompareRunsResponse.
 * Use `create(CompareRunsResponseSchema)` to create a new message.
 */
export declare const CompareRunsResponseSchema: GenMessage<CompareRunsResponse>;
/**
 * Request for InvalidateTask.
 *
 * @generated from message agentbase.evaluation.v1.InvalidateTaskRequest
 */
export type InvalidateTaskRequest = Message<"agentbase.evaluation.v1.InvalidateTaskRequest"> & {
    /**
     * The task; it must have finished (passed, failed, errored, timed out).
     *
     * @generated from field: string task_id = 1;
     */
    taskId: string;
    /**
     * Why its result does not count, 1–1024 characters; required.
     *
     * @generated from field: string reason = 2;
     */
    reason: string;
};
/**
 * Describes the message agentbase.evaluation.v1.InvalidateTaskRequest.
 * Use `create(InvalidateTaskRequestSchema)` to create a new message.
 */
export declare const InvalidateTaskRequestSchema: GenMessage<InvalidateTaskRequest>;
/**
 * Request for RetryTasks.
 *
 * @generated from message agentbase.evaluation.v1.RetryTasksRequest
 */
export type RetryTasksRequest = Message<"agentbase.evaluation.v1.RetryTasksRequest"> & {
    /**
     * The run.
     *
     * @generated from field: string run_id = 1;
     */
    runId: string;
    /**
     * Which endings to retry (failed, errored, timed out); empty means all
     * three. Passed tasks are retried only with `invalidated`.
     *
     * @generated from field: repeated agentbase.evaluation.v1.TaskOutcome outcomes = 2;
     */
    outcomes: TaskOutcome[];
    /**
     * Retry the tasks whose result was invalidated (InvalidateTask), whatever
     * their outcome, passed included; `outcomes` then narrows them, and tasks
     * that were not invalidated are left alone.
     *
     * @generated from field: bool invalidated = 3;
     */
    invalidated: boolean;
};
/**
 * Describes the message agentbase.evaluation.v1.RetryTasksRequest.
 * Use `create(RetryTasksRequestSchema)` to create a new message.
 */
export declare const RetryTasksRequestSchema: GenMessage<RetryTasksRequest>;
/**
 * Response of RetryTasks.
 *
 * @generated from message agentbase.evaluation.v1.RetryTasksResponse
 */
export type RetryTasksResponse = Message<"agentbase.evaluation.v1.RetryTasksResponse"> & {
    /**
     * Tasks put back to pending.
     *
     * @generated from field: int64 retried = 1;
     */
    retried: bigint;
};
/**
 * Describes the message agentbase.evaluation.v1.RetryTasksResponse.
 * Use `create(RetryTasksResponseSchema)` to create a new message.
 */
export declare const RetryTasksResponseSchema: GenMessage<RetryTasksResponse>;
/**
 * One attempt of a task.
 *
 * @generated from message agentbase.evaluation.v1.TaskAttempt
 */
export type TaskAttempt = Message<"agentbase.evaluation.v1.TaskAttempt"> & {
    /**
     * From 1.
     *
     * @generated from field: int32 attempt = 1;
     */
    attempt: number;
    /**
     * How it ended (the current attempt: where it is).
     *
     * @generated from field: agentbase.evaluation.v1.TaskStatus status = 2;
     */
    status: TaskStatus;
    /**
     * Why it errored without a result (`LEASE_EXPIRED`), if so.
     *
     * @generated from field: string error_reason = 3;
     */
    errorReason: string;
    /**
     * Why its result was invalidated, if it was.
     *
     * @generated from field: string invalid_reason = 4;
     */
    invalidReason: string;
    /**
     * When it started.
     *
     * @generated from field: google.protobuf.Timestamp start_time = 5;
     */
    startTime?: Timestamp | undefined;
    /**
     * When it finished.
     *
     * @generated from field: google.protobuf.Timestamp finish_time = 6;
     */
    finishTime?: Timestamp | undefined;
    /**
     * Its metrics, if any were reported.
     *
     * @generated from field: agentbase.evaluation.v1.TaskMetrics metrics = 7;
     */
    metrics?: TaskMetrics | undefined;
    /**
     * When the next attempt began; unset for the current attempt.
     *
     * @generated from field: google.protobuf.Timestamp end_time = 8;
     */
    endTime?: Timestamp | undefined;
};
/**
 * Describes the message agentbase.evaluation.v1.TaskAttempt.
 * Use `create(TaskAttemptSchema)` to create a new message.
 */
export declare const TaskAttemptSchema: GenMessage<TaskAttempt>;
/**
 * Request for ListTaskAttempts.
 *
 * @generated from message agentbase.evaluation.v1.ListTaskAttemptsRequest
 */
export type ListTaskAttemptsRequest = Message<"agentbase.evaluation.v1.ListTaskAttemptsRequest"> & {
    /**
     * The task.
     *
     * @generated from field: string task_id = 1;
     */
    taskId: string;
    /**
     * At most this many: 0 means 50, above 500 means 500.
     *
     * @generated from field: int32 page_size = 2;
     */
    pageSize: number;
    /**
     * The next_page_token of a previous call for the same task.
     *
     * @generated from field: string page_token = 3;
     */
    pageToken: string;
};
/**
 * Describes the message agentbase.evaluation.v1.ListTaskAttemptsRequest.
 * Use `create(ListTaskAttemptsRequestSchema)` to create a new message.
 */
export declare const ListTaskAttemptsRequestSchema: GenMessage<ListTaskAttemptsRequest>;
/**
 * Response of ListTaskAttempts.
 *
 * @generated from message agentbase.evaluation.v1.ListTaskAttemptsResponse
 */
export type ListTaskAttemptsResponse = Message<"agentbase.evaluation.v1.ListTaskAttemptsResponse"> & {
    /**
     * The page of attempts, oldest first; the last page ends with the current one.
     *
     * @generated from field: repeated agentbase.evaluation.v1.TaskAttempt attempts = 1;
     */
    attempts: TaskAttempt[];
    /**
     * Token for the next page; empty at the end.
     *
     * @generated from field: string next_page_token = 2;
     */
    nextPageToken: string;
};
/**
 * Describes the message agentbase.evaluation.v1.ListTaskAttemptsResponse.
 * Use `create(ListTaskAttemptsResponseSchema)` to create a new message.
 */
export declare const ListTaskAttemptsResponseSchema: GenMessage<ListTaskAttemptsResponse>;
/**
 * Where a run is.
 *
 * @generated from enum agentbase.evaluation.v1.RunStatus
 */
export declare enum RunStatus {
    /**
     * Not given: in a filter, any status.
     *
     * @generated from enum value: RUN_STATUS_UNSPECIFIED = 0;
     */
    UNSPECIFIED = 0,
    /**
     * Created; no task started.
     *
     * @generated from enum value: RUN_STATUS_PENDING = 1;
     */
    PENDING = 1,
    /**
     * At least one task started.
     *
     * @generated from enum value: RUN_STATUS_RUNNING = 2;
     */
    RUNNING = 2,
    /**
     * Totals computed.
     *
     * @generated from enum value: RUN_STATUS_FINISHED = 3;
     */
    FINISHED = 3,
    /**
     * Cancelled.
     *
     * @generated from enum value: RUN_STATUS_CANCELLED = 4;
     */
    CANCELLED = 4
}
/**
 * Describes the enum agentbase.evaluation.v1.RunStatus.
 */
export declare const RunStatusSchema: GenEnum<RunStatus>;
/**
 * The language of an exercise.
 *
 * @generated from enum agentbase.evaluation.v1.Language
 */
export declare enum Language {
    /**
     * Never valid on a task.
     *
     * @generated from enum value: LANGUAGE_UNSPECIFIED = 0;
     */
    UNSPECIFIED = 0,
    /**
     * Go.
     *
     * @generated from enum value: LANGUAGE_GO = 1;
     */
    GO = 1,
    /**
     * Java.
     *
     * @generated from enum value: LANGUAGE_JAVA = 2;
     */
    JAVA = 2,
    /**
     * JavaScript.
     *
     * @generated from enum value: LANGUAGE_JAVASCRIPT = 3;
     */
    JAVASCRIPT = 3,
    /**
     * Python.
     *
     * @generated from enum value: LANGUAGE_PYTHON = 4;
     */
    PYTHON = 4,
    /**
     * Rust.
     *
     * @generated from enum value: LANGUAGE_RUST = 5;
     */
    RUST = 5
}
/**
 * Describes the enum agentbase.evaluation.v1.Language.
 */
export declare const LanguageSchema: GenEnum<Language>;
/**
 * Where a task is.
 *
 * @generated from enum agentbase.evaluation.v1.TaskStatus
 */
export declare enum TaskStatus {
    /**
     * Not given: in a filter, any status.
     *
     * @generated from enum value: TASK_STATUS_UNSPECIFIED = 0;
     */
    UNSPECIFIED = 0,
    /**
     * Waiting for a worker.
     *
     * @generated from enum value: TASK_STATUS_PENDING = 1;
     */
    PENDING = 1,
    /**
     * A worker runs it.
     *
     * @generated from enum value: TASK_STATUS_RUNNING = 2;
     */
    RUNNING = 2,
    /**
     * The exercise's tests passed.
     *
     * @generated from enum value: TASK_STATUS_PASSED = 3;
     */
    PASSED = 3,
    /**
     * The tests failed.
     *
     * @generated from enum value: TASK_STATUS_FAILED = 4;
     */
    FAILED = 4,
    /**
     * The harness errored.
     *
     * @generated from enum value: TASK_STATUS_ERRORED = 5;
     */
    ERRORED = 5,
    /**
     * The task ran out of time.
     *
     * @generated from enum value: TASK_STATUS_TIMED_OUT = 6;
     */
    TIMED_OUT = 6,
    /**
     * The run was cancelled first.
     *
     * @generated from enum value: TASK_STATUS_CANCELLED = 7;
     */
    CANCELLED = 7
}
/**
 * Describes the enum agentbase.evaluation.v1.TaskStatus.
 */
export declare const TaskStatusSchema: GenEnum<TaskStatus>;
/**
 * How a finished task ended.
 *
 * @generated from enum agentbase.evaluation.v1.TaskOutcome
 */
export declare enum TaskOutcome {
    /**
     * Never valid.
     *
     * @generated from enum value: TASK_OUTCOME_UNSPECIFIED = 0;
     */
    UNSPECIFIED = 0,
    /**
     * Passed.
     *
     * @generated from enum value: TASK_OUTCOME_PASSED = 1;
     */
    PASSED = 1,
    /**
     * Failed.
     *
     * @generated from enum value: TASK_OUTCOME_FAILED = 2;
     */
    FAILED = 2,
    /**
     * Errored.
     *
     * @generated from enum value: TASK_OUTCOME_ERRORED = 3;
     */
    ERRORED = 3,
    /**
     * Timed out.
     *
     * @generated from enum value: TASK_OUTCOME_TIMED_OUT = 4;
     */
    TIMED_OUT = 4
}
/**
 * Describes the enum agentbase.evaluation.v1.TaskOutcome.
 */
export declare const TaskOutcomeSchema: GenEnum<TaskOutcome>;
/**
 * What a comparison concludes.
 *
 * @generated from enum agentbase.evaluation.v1.ComparisonVerdict
 */
export declare enum ComparisonVerdict {
    /**
     * Not used.
     *
     * @generated from enum value: COMPARISON_VERDICT_UNSPECIFIED = 0;
     */
    UNSPECIFIED = 0,
    /**
     * Significantly more regressions than fixes.
     *
     * @generated from enum value: COMPARISON_VERDICT_REGRESSED = 1;
     */
    REGRESSED = 1,
    /**
     * Significantly more fixes than regressions.
     *
     * @generated from enum value: COMPARISON_VERDICT_IMPROVED = 2;
     */
    IMPROVED = 2,
    /**
     * The difference is within chance at the level asked.
     *
     * @generated from enum value: COMPARISON_VERDICT_NO_SIGNIFICANT_CHANGE = 3;
     */
    NO_SIGNIFICANT_CHANGE = 3
}
/**
 * Describes the enum agentbase.evaluation.v1.ComparisonVerdict.
 */
export declare const ComparisonVerdictSchema: GenEnum<ComparisonVerdict>;
/**
 * EvaluationService stores runs of an AI coding agent over exercises: the
 * run's tasks, their metrics and tool errors, run totals and pass@k.
 *
 * @generated from service agentbase.evaluation.v1.EvaluationService
 */
export declare const EvaluationService: GenService<{
    /**
     * Creates a run with its exercises × iterations tasks, atomically.
     *
     * @generated from rpc agentbase.evaluation.v1.EvaluationService.CreateRun
     */
    createRun: {
        methodKind: "unary";
        input: typeof CreateRunRequestSchema;
        output: typeof RunSchema;
    };
    /**
     * Returns a run.
     *
     * @generated from rpc agentbase.evaluation.v1.EvaluationService.GetRun
     */
    getRun: {
        methodKind: "unary";
        input: typeof GetRunRequestSchema;
        output: typeof RunSchema;
    };
    /**
     * Lists runs, newest first, with filters and keyset pagination.
     *
     * @generated from rpc agentbase.evaluation.v1.EvaluationService.ListRuns
     */
    listRuns: {
        methodKind: "unary";
        input: typeof ListRunsRequestSchema;
        output: typeof ListRunsResponseSchema;
    };
    /**
     * Updates a run's name or description (run notes).
     *
     * @generated from rpc agentbase.evaluation.v1.EvaluationService.UpdateRun
     */
    updateRun: {
        methodKind: "unary";
        input: typeof UpdateRunRequestSchema;
        output: typeof RunSchema;
    };
    /**
     * Deletes a run with its tasks, metrics and tool errors.
     *
     * @generated from rpc agentbase.evaluation.v1.EvaluationService.DeleteRun
     */
    deleteRun: {
        methodKind: "unary";
        input: typeof DeleteRunRequestSchema;
        output: typeof DeleteRunResponseSchema;
    };
    /**
     * Deletes runs created before a time and/or unfinished, in one statement.
     *
     * @generated from rpc agentbase.evaluation.v1.EvaluationService.DeleteRuns
     */
    deleteRuns: {
        methodKind: "unary";
        input: typeof DeleteRunsRequestSchema;
        output: typeof DeleteRunsResponseSchema;
    };
    /**
     * Cancels a run: its pending and running tasks become cancelled.
     *
     * @generated from rpc agentbase.evaluation.v1.EvaluationService.CancelRun
     */
    cancelRun: {
        methodKind: "unary";
        input: typeof CancelRunRequestSchema;
        output: typeof RunSchema;
    };
    /**
     * Marks a pending task running (idempotent while running).
     *
     * @generated from rpc agentbase.evaluation.v1.EvaluationService.StartTask
     */
    startTask: {
        methodKind: "unary";
        input: typeof StartTaskRequestSchema;
        output: typeof TaskSchema;
    };
    /**
     * Records a task's cumulative metrics; the latest report wins. A retry with
     * the same `request_id` is answered as the first call was, never refused.
     *
     * @generated from rpc agentbase.evaluation.v1.EvaluationService.RecordTaskMetrics
     */
    recordTaskMetrics: {
        methodKind: "unary";
        input: typeof RecordTaskMetricsRequestSchema;
        output: typeof TaskSchema;
    };
    /**
     * Finishes a running task with an outcome. A leased task is finished by
     * the worker holding the lease of the attempt it names (its fencing token);
     * a retry with the same `request_id` is answered as the first call was.
     * Refusals say why: `RUN_CANCELLED` / `RUN_FINISHED` (the run ended: stop),
     * `LEASE_EXPIRED` (this attempt's lease ran out and no other attempt holds
     * the task), `LEASE_LOST` (another attempt holds or finished the task),
     * `TASK_FINISHED` (this attempt was already finished).
     *
     * @generated from rpc agentbase.evaluation.v1.EvaluationService.FinishTask
     */
    finishTask: {
        methodKind: "unary";
        input: typeof FinishTaskRequestSchema;
        output: typeof TaskSchema;
    };
    /**
     * Returns a task by id, or by run, language, exercise and iteration.
     *
     * @generated from rpc agentbase.evaluation.v1.EvaluationService.GetTask
     */
    getTask: {
        methodKind: "unary";
        input: typeof GetTaskRequestSchema;
        output: typeof TaskSchema;
    };
    /**
     * Lists a run's tasks with their metrics.
     *
     * @generated from rpc agentbase.evaluation.v1.EvaluationService.ListTasks
     */
    listTasks: {
        methodKind: "unary";
        input: typeof ListTasksRequestSchema;
        output: typeof ListTasksResponseSchema;
    };
    /**
     * Records a tool failure of a run (and task).
     *
     * @generated from rpc agentbase.evaluation.v1.EvaluationService.RecordToolError
     */
    recordToolError: {
        methodKind: "unary";
        input: typeof RecordToolErrorRequestSchema;
        output: typeof ToolErrorSchema;
    };
    /**
     * Lists a run's tool errors.
     *
     * @generated from rpc agentbase.evaluation.v1.EvaluationService.ListToolErrors
     */
    listToolErrors: {
        methodKind: "unary";
        input: typeof ListToolErrorsRequestSchema;
        output: typeof ListToolErrorsResponseSchema;
    };
    /**
     * Computes and stores the run's totals and marks it finished; idempotent.
     * While tasks are running it is refused (`TASKS_IN_FLIGHT`) unless `force`,
     * which cancels them in the same transaction: a finished run's totals change
     * only through InvalidateTask (which drops a result) or RetryTasks (which
     * reopens the run).
     *
     * @generated from rpc agentbase.evaluation.v1.EvaluationService.FinishRun
     */
    finishRun: {
        methodKind: "unary";
        input: typeof FinishRunRequestSchema;
        output: typeof RunSchema;
    };
    /**
     * Live totals, per-language results, tool errors per tool and pass@k.
     *
     * @generated from rpc agentbase.evaluation.v1.EvaluationService.GetRunSummary
     */
    getRunSummary: {
        methodKind: "unary";
        input: typeof GetRunSummaryRequestSchema;
        output: typeof RunSummarySchema;
    };
    /**
     * Lists the audit trail of the evaluation context, newest first: every write
     * and every refused write (needs the `evaluation.admin` scope).
     *
     * @generated from rpc agentbase.evaluation.v1.EvaluationService.ListAuditEvents
     */
    listAuditEvents: {
        methodKind: "unary";
        input: typeof ListAuditEventsRequestSchema;
        output: typeof ListAuditEventsResponseSchema;
    };
    /**
     * Hands a worker up to `max_tasks` pending tasks of a run, each leased to
     * it for `lease_seconds` and marked running: a task goes to one worker at a
     * time. Tasks are claimed in a fair order (every exercise's first
     * iteration before any second; languages take turns). Expired leases are
     * taken back first: the task returns to pending as its next attempt, or,
     * after the run's `max_attempts`, is errored with `LEASE_EXPIRED`.
     *
     * @generated from rpc agentbase.evaluation.v1.EvaluationService.ClaimTasks
     */
    claimTasks: {
        methodKind: "unary";
        input: typeof ClaimTasksRequestSchema;
        output: typeof ClaimTasksResponseSchema;
    };
    /**
     * Extends the leases a worker still holds; names the tasks whose lease it
     * lost (expired, or finished), and reports each task's state, the lease
     * left as a duration and, for a lost one, why.
     *
     * @generated from rpc agentbase.evaluation.v1.EvaluationService.HeartbeatTasks
     */
    heartbeatTasks: {
        methodKind: "unary";
        input: typeof HeartbeatTasksRequestSchema;
        output: typeof HeartbeatTasksResponseSchema;
    };
    /**
     * Streams a run's task transitions and its own, in `sequence` order, on
     * every replica: first those after `after_sequence`, then each new one
     * once, with the run's totals. Ends once every event is sent and the run is
     * finished or cancelled (a run RetryTasks reopens goes on: its replay
     * sends every event). Resume a dropped stream from the last sequence
     * received.
     *
     * @generated from rpc agentbase.evaluation.v1.EvaluationService.WatchRun
     */
    watchRun: {
        methodKind: "server_streaming";
        input: typeof WatchRunRequestSchema;
        output: typeof WatchRunResponseSchema;
    };
    /**
     * Compares a candidate run with a baseline task by task: tasks paired by
     * (language, exercise, iteration), outcome flips per language and overall,
     * token, cost and duration deltas, McNemar's exact test on the discordant
     * pairs and a verdict at the caller's significance level; the regressed
     * pairs are listed a page at a time.
     *
     * @generated from rpc agentbase.evaluation.v1.EvaluationService.CompareRuns
     */
    compareRuns: {
        methodKind: "unary";
        input: typeof CompareRunsRequestSchema;
        output: typeof CompareRunsResponseSchema;
    };
    /**
     * Flags a finished task's result as not to be counted: totals, summaries,
     * pass@k and comparisons leave it out from then on. The task is kept, with
     * its reason; a retry starts a new, counted attempt.
     *
     * @generated from rpc agentbase.evaluation.v1.EvaluationService.InvalidateTask
     */
    invalidateTask: {
        methodKind: "unary";
        input: typeof InvalidateTaskRequestSchema;
        output: typeof TaskSchema;
    };
    /**
     * Puts a run's failed, errored and/or timed-out tasks (or, with
     * `invalidated`, its invalidated ones whatever their outcome) back to
     * pending as their next attempt, keeping every earlier attempt's ending and
     * metrics (ListTaskAttempts); totals and pass@k count each task's latest
     * attempt. A finished run is running again; a cancelled run retries nothing.
     *
     * @generated from rpc agentbase.evaluation.v1.EvaluationService.RetryTasks
     */
    retryTasks: {
        methodKind: "unary";
        input: typeof RetryTasksRequestSchema;
        output: typeof RetryTasksResponseSchema;
    };
    /**
     * Lists every attempt of a task, oldest first, the current one last.
     *
     * @generated from rpc agentbase.evaluation.v1.EvaluationService.ListTaskAttempts
     */
    listTaskAttempts: {
        methodKind: "unary";
        input: typeof ListTaskAttemptsRequestSchema;
        output: typeof ListTaskAttemptsResponseSchema;
    };
}>;
