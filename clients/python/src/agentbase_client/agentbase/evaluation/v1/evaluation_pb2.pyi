import datetime

from agentbase_client.agentbase.audit.v1 import audit_pb2 as _audit_pb2
from agentbase_client.agentbase.auth.v1 import access_pb2 as _access_pb2
from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RunStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RUN_STATUS_UNSPECIFIED: _ClassVar[RunStatus]
    RUN_STATUS_PENDING: _ClassVar[RunStatus]
    RUN_STATUS_RUNNING: _ClassVar[RunStatus]
    RUN_STATUS_FINISHED: _ClassVar[RunStatus]
    RUN_STATUS_CANCELLED: _ClassVar[RunStatus]

class Language(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LANGUAGE_UNSPECIFIED: _ClassVar[Language]
    LANGUAGE_GO: _ClassVar[Language]
    LANGUAGE_JAVA: _ClassVar[Language]
    LANGUAGE_JAVASCRIPT: _ClassVar[Language]
    LANGUAGE_PYTHON: _ClassVar[Language]
    LANGUAGE_RUST: _ClassVar[Language]

class TaskStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TASK_STATUS_UNSPECIFIED: _ClassVar[TaskStatus]
    TASK_STATUS_PENDING: _ClassVar[TaskStatus]
    TASK_STATUS_RUNNING: _ClassVar[TaskStatus]
    TASK_STATUS_PASSED: _ClassVar[TaskStatus]
    TASK_STATUS_FAILED: _ClassVar[TaskStatus]
    TASK_STATUS_ERRORED: _ClassVar[TaskStatus]
    TASK_STATUS_TIMED_OUT: _ClassVar[TaskStatus]
    TASK_STATUS_CANCELLED: _ClassVar[TaskStatus]

class TaskOutcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TASK_OUTCOME_UNSPECIFIED: _ClassVar[TaskOutcome]
    TASK_OUTCOME_PASSED: _ClassVar[TaskOutcome]
    TASK_OUTCOME_FAILED: _ClassVar[TaskOutcome]
    TASK_OUTCOME_ERRORED: _ClassVar[TaskOutcome]
    TASK_OUTCOME_TIMED_OUT: _ClassVar[TaskOutcome]

class ComparisonVerdict(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    COMPARISON_VERDICT_UNSPECIFIED: _ClassVar[ComparisonVerdict]
    COMPARISON_VERDICT_REGRESSED: _ClassVar[ComparisonVerdict]
    COMPARISON_VERDICT_IMPROVED: _ClassVar[ComparisonVerdict]
    COMPARISON_VERDICT_NO_SIGNIFICANT_CHANGE: _ClassVar[ComparisonVerdict]
RUN_STATUS_UNSPECIFIED: RunStatus
RUN_STATUS_PENDING: RunStatus
RUN_STATUS_RUNNING: RunStatus
RUN_STATUS_FINISHED: RunStatus
RUN_STATUS_CANCELLED: RunStatus
LANGUAGE_UNSPECIFIED: Language
LANGUAGE_GO: Language
LANGUAGE_JAVA: Language
LANGUAGE_JAVASCRIPT: Language
LANGUAGE_PYTHON: Language
LANGUAGE_RUST: Language
TASK_STATUS_UNSPECIFIED: TaskStatus
TASK_STATUS_PENDING: TaskStatus
TASK_STATUS_RUNNING: TaskStatus
TASK_STATUS_PASSED: TaskStatus
TASK_STATUS_FAILED: TaskStatus
TASK_STATUS_ERRORED: TaskStatus
TASK_STATUS_TIMED_OUT: TaskStatus
TASK_STATUS_CANCELLED: TaskStatus
TASK_OUTCOME_UNSPECIFIED: TaskOutcome
TASK_OUTCOME_PASSED: TaskOutcome
TASK_OUTCOME_FAILED: TaskOutcome
TASK_OUTCOME_ERRORED: TaskOutcome
TASK_OUTCOME_TIMED_OUT: TaskOutcome
COMPARISON_VERDICT_UNSPECIFIED: ComparisonVerdict
COMPARISON_VERDICT_REGRESSED: ComparisonVerdict
COMPARISON_VERDICT_IMPROVED: ComparisonVerdict
COMPARISON_VERDICT_NO_SIGNIFICANT_CHANGE: ComparisonVerdict

class Prices(_message.Message):
    __slots__ = ("input", "output", "cache_writes", "cache_reads", "reasoning")
    INPUT_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_FIELD_NUMBER: _ClassVar[int]
    CACHE_WRITES_FIELD_NUMBER: _ClassVar[int]
    CACHE_READS_FIELD_NUMBER: _ClassVar[int]
    REASONING_FIELD_NUMBER: _ClassVar[int]
    input: float
    output: float
    cache_writes: float
    cache_reads: float
    reasoning: float
    def __init__(self, input: _Optional[float] = ..., output: _Optional[float] = ..., cache_writes: _Optional[float] = ..., cache_reads: _Optional[float] = ..., reasoning: _Optional[float] = ...) -> None: ...

class ToolUsage(_message.Message):
    __slots__ = ("attempts", "failures")
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    FAILURES_FIELD_NUMBER: _ClassVar[int]
    attempts: int
    failures: int
    def __init__(self, attempts: _Optional[int] = ..., failures: _Optional[int] = ...) -> None: ...

class Totals(_message.Message):
    __slots__ = ("tasks", "passed", "failed", "errored", "timed_out", "cancelled", "unfinished", "tokens_in", "tokens_out", "tokens_context", "cache_writes", "cache_reads", "cost", "duration_ms", "tool_usage", "tokens_reasoning")
    class ToolUsageEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: ToolUsage
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[ToolUsage, _Mapping]] = ...) -> None: ...
    TASKS_FIELD_NUMBER: _ClassVar[int]
    PASSED_FIELD_NUMBER: _ClassVar[int]
    FAILED_FIELD_NUMBER: _ClassVar[int]
    ERRORED_FIELD_NUMBER: _ClassVar[int]
    TIMED_OUT_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_FIELD_NUMBER: _ClassVar[int]
    UNFINISHED_FIELD_NUMBER: _ClassVar[int]
    TOKENS_IN_FIELD_NUMBER: _ClassVar[int]
    TOKENS_OUT_FIELD_NUMBER: _ClassVar[int]
    TOKENS_CONTEXT_FIELD_NUMBER: _ClassVar[int]
    CACHE_WRITES_FIELD_NUMBER: _ClassVar[int]
    CACHE_READS_FIELD_NUMBER: _ClassVar[int]
    COST_FIELD_NUMBER: _ClassVar[int]
    DURATION_MS_FIELD_NUMBER: _ClassVar[int]
    TOOL_USAGE_FIELD_NUMBER: _ClassVar[int]
    TOKENS_REASONING_FIELD_NUMBER: _ClassVar[int]
    tasks: int
    passed: int
    failed: int
    errored: int
    timed_out: int
    cancelled: int
    unfinished: int
    tokens_in: int
    tokens_out: int
    tokens_context: int
    cache_writes: int
    cache_reads: int
    cost: float
    duration_ms: int
    tool_usage: _containers.MessageMap[str, ToolUsage]
    tokens_reasoning: int
    def __init__(self, tasks: _Optional[int] = ..., passed: _Optional[int] = ..., failed: _Optional[int] = ..., errored: _Optional[int] = ..., timed_out: _Optional[int] = ..., cancelled: _Optional[int] = ..., unfinished: _Optional[int] = ..., tokens_in: _Optional[int] = ..., tokens_out: _Optional[int] = ..., tokens_context: _Optional[int] = ..., cache_writes: _Optional[int] = ..., cache_reads: _Optional[int] = ..., cost: _Optional[float] = ..., duration_ms: _Optional[int] = ..., tool_usage: _Optional[_Mapping[str, ToolUsage]] = ..., tokens_reasoning: _Optional[int] = ...) -> None: ...

class Run(_message.Message):
    __slots__ = ("id", "model", "name", "description", "settings", "concurrency", "timeout_minutes", "prices", "context_window", "status", "totals", "create_time", "start_time", "finish_time", "max_attempts")
    ID_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    CONCURRENCY_FIELD_NUMBER: _ClassVar[int]
    TIMEOUT_MINUTES_FIELD_NUMBER: _ClassVar[int]
    PRICES_FIELD_NUMBER: _ClassVar[int]
    CONTEXT_WINDOW_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TOTALS_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    FINISH_TIME_FIELD_NUMBER: _ClassVar[int]
    MAX_ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    id: str
    model: str
    name: str
    description: str
    settings: _struct_pb2.Struct
    concurrency: int
    timeout_minutes: int
    prices: Prices
    context_window: int
    status: RunStatus
    totals: Totals
    create_time: _timestamp_pb2.Timestamp
    start_time: _timestamp_pb2.Timestamp
    finish_time: _timestamp_pb2.Timestamp
    max_attempts: int
    def __init__(self, id: _Optional[str] = ..., model: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., settings: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., concurrency: _Optional[int] = ..., timeout_minutes: _Optional[int] = ..., prices: _Optional[_Union[Prices, _Mapping]] = ..., context_window: _Optional[int] = ..., status: _Optional[_Union[RunStatus, str]] = ..., totals: _Optional[_Union[Totals, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finish_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., max_attempts: _Optional[int] = ...) -> None: ...

class Exercise(_message.Message):
    __slots__ = ("language", "exercise")
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    EXERCISE_FIELD_NUMBER: _ClassVar[int]
    language: Language
    exercise: str
    def __init__(self, language: _Optional[_Union[Language, str]] = ..., exercise: _Optional[str] = ...) -> None: ...

class CreateRunRequest(_message.Message):
    __slots__ = ("model", "name", "description", "settings", "concurrency", "timeout_minutes", "prices", "context_window", "exercises", "iterations", "request_id", "max_attempts")
    MODEL_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    CONCURRENCY_FIELD_NUMBER: _ClassVar[int]
    TIMEOUT_MINUTES_FIELD_NUMBER: _ClassVar[int]
    PRICES_FIELD_NUMBER: _ClassVar[int]
    CONTEXT_WINDOW_FIELD_NUMBER: _ClassVar[int]
    EXERCISES_FIELD_NUMBER: _ClassVar[int]
    ITERATIONS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MAX_ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    model: str
    name: str
    description: str
    settings: _struct_pb2.Struct
    concurrency: int
    timeout_minutes: int
    prices: Prices
    context_window: int
    exercises: _containers.RepeatedCompositeFieldContainer[Exercise]
    iterations: int
    request_id: str
    max_attempts: int
    def __init__(self, model: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., settings: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., concurrency: _Optional[int] = ..., timeout_minutes: _Optional[int] = ..., prices: _Optional[_Union[Prices, _Mapping]] = ..., context_window: _Optional[int] = ..., exercises: _Optional[_Iterable[_Union[Exercise, _Mapping]]] = ..., iterations: _Optional[int] = ..., request_id: _Optional[str] = ..., max_attempts: _Optional[int] = ...) -> None: ...

class GetRunRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ListRunsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "model", "status", "created_after", "created_before", "name_contains")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AFTER_FIELD_NUMBER: _ClassVar[int]
    CREATED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    NAME_CONTAINS_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    model: str
    status: RunStatus
    created_after: _timestamp_pb2.Timestamp
    created_before: _timestamp_pb2.Timestamp
    name_contains: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., model: _Optional[str] = ..., status: _Optional[_Union[RunStatus, str]] = ..., created_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., name_contains: _Optional[str] = ...) -> None: ...

class ListRunsResponse(_message.Message):
    __slots__ = ("runs", "next_page_token")
    RUNS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    runs: _containers.RepeatedCompositeFieldContainer[Run]
    next_page_token: str
    def __init__(self, runs: _Optional[_Iterable[_Union[Run, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateRunRequest(_message.Message):
    __slots__ = ("id", "name", "description", "update_mask")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    description: str
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class DeleteRunRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class DeleteRunResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class DeleteRunsRequest(_message.Message):
    __slots__ = ("created_before", "unfinished_only")
    CREATED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    UNFINISHED_ONLY_FIELD_NUMBER: _ClassVar[int]
    created_before: _timestamp_pb2.Timestamp
    unfinished_only: bool
    def __init__(self, created_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., unfinished_only: bool = ...) -> None: ...

class DeleteRunsResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class CancelRunRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class TaskMetrics(_message.Message):
    __slots__ = ("tokens_in", "tokens_out", "tokens_context", "cache_writes", "cache_reads", "cost", "duration_ms", "tool_usage", "update_time", "tokens_reasoning", "cost_computed")
    class ToolUsageEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: ToolUsage
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[ToolUsage, _Mapping]] = ...) -> None: ...
    TOKENS_IN_FIELD_NUMBER: _ClassVar[int]
    TOKENS_OUT_FIELD_NUMBER: _ClassVar[int]
    TOKENS_CONTEXT_FIELD_NUMBER: _ClassVar[int]
    CACHE_WRITES_FIELD_NUMBER: _ClassVar[int]
    CACHE_READS_FIELD_NUMBER: _ClassVar[int]
    COST_FIELD_NUMBER: _ClassVar[int]
    DURATION_MS_FIELD_NUMBER: _ClassVar[int]
    TOOL_USAGE_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    TOKENS_REASONING_FIELD_NUMBER: _ClassVar[int]
    COST_COMPUTED_FIELD_NUMBER: _ClassVar[int]
    tokens_in: int
    tokens_out: int
    tokens_context: int
    cache_writes: int
    cache_reads: int
    cost: float
    duration_ms: int
    tool_usage: _containers.MessageMap[str, ToolUsage]
    update_time: _timestamp_pb2.Timestamp
    tokens_reasoning: int
    cost_computed: bool
    def __init__(self, tokens_in: _Optional[int] = ..., tokens_out: _Optional[int] = ..., tokens_context: _Optional[int] = ..., cache_writes: _Optional[int] = ..., cache_reads: _Optional[int] = ..., cost: _Optional[float] = ..., duration_ms: _Optional[int] = ..., tool_usage: _Optional[_Mapping[str, ToolUsage]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., tokens_reasoning: _Optional[int] = ..., cost_computed: bool = ...) -> None: ...

class Task(_message.Message):
    __slots__ = ("id", "run_id", "language", "exercise", "iteration", "status", "start_time", "finish_time", "create_time", "metrics", "attempt", "lease_owner", "lease_expire_time", "error_reason", "invalidate_time", "invalid_reason")
    ID_FIELD_NUMBER: _ClassVar[int]
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    EXERCISE_FIELD_NUMBER: _ClassVar[int]
    ITERATION_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    FINISH_TIME_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    METRICS_FIELD_NUMBER: _ClassVar[int]
    ATTEMPT_FIELD_NUMBER: _ClassVar[int]
    LEASE_OWNER_FIELD_NUMBER: _ClassVar[int]
    LEASE_EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    ERROR_REASON_FIELD_NUMBER: _ClassVar[int]
    INVALIDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    INVALID_REASON_FIELD_NUMBER: _ClassVar[int]
    id: str
    run_id: str
    language: Language
    exercise: str
    iteration: int
    status: TaskStatus
    start_time: _timestamp_pb2.Timestamp
    finish_time: _timestamp_pb2.Timestamp
    create_time: _timestamp_pb2.Timestamp
    metrics: TaskMetrics
    attempt: int
    lease_owner: str
    lease_expire_time: _timestamp_pb2.Timestamp
    error_reason: str
    invalidate_time: _timestamp_pb2.Timestamp
    invalid_reason: str
    def __init__(self, id: _Optional[str] = ..., run_id: _Optional[str] = ..., language: _Optional[_Union[Language, str]] = ..., exercise: _Optional[str] = ..., iteration: _Optional[int] = ..., status: _Optional[_Union[TaskStatus, str]] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finish_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., metrics: _Optional[_Union[TaskMetrics, _Mapping]] = ..., attempt: _Optional[int] = ..., lease_owner: _Optional[str] = ..., lease_expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., error_reason: _Optional[str] = ..., invalidate_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., invalid_reason: _Optional[str] = ...) -> None: ...

class StartTaskRequest(_message.Message):
    __slots__ = ("task_id",)
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    def __init__(self, task_id: _Optional[str] = ...) -> None: ...

class RecordTaskMetricsRequest(_message.Message):
    __slots__ = ("task_id", "metrics", "worker_id", "attempt", "request_id")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    METRICS_FIELD_NUMBER: _ClassVar[int]
    WORKER_ID_FIELD_NUMBER: _ClassVar[int]
    ATTEMPT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    metrics: TaskMetrics
    worker_id: str
    attempt: int
    request_id: str
    def __init__(self, task_id: _Optional[str] = ..., metrics: _Optional[_Union[TaskMetrics, _Mapping]] = ..., worker_id: _Optional[str] = ..., attempt: _Optional[int] = ..., request_id: _Optional[str] = ...) -> None: ...

class FinishTaskRequest(_message.Message):
    __slots__ = ("task_id", "outcome", "worker_id", "attempt", "request_id")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    WORKER_ID_FIELD_NUMBER: _ClassVar[int]
    ATTEMPT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    outcome: TaskOutcome
    worker_id: str
    attempt: int
    request_id: str
    def __init__(self, task_id: _Optional[str] = ..., outcome: _Optional[_Union[TaskOutcome, str]] = ..., worker_id: _Optional[str] = ..., attempt: _Optional[int] = ..., request_id: _Optional[str] = ...) -> None: ...

class TaskKey(_message.Message):
    __slots__ = ("run_id", "language", "exercise", "iteration")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    EXERCISE_FIELD_NUMBER: _ClassVar[int]
    ITERATION_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    language: Language
    exercise: str
    iteration: int
    def __init__(self, run_id: _Optional[str] = ..., language: _Optional[_Union[Language, str]] = ..., exercise: _Optional[str] = ..., iteration: _Optional[int] = ...) -> None: ...

class GetTaskRequest(_message.Message):
    __slots__ = ("task_id", "key")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    key: TaskKey
    def __init__(self, task_id: _Optional[str] = ..., key: _Optional[_Union[TaskKey, _Mapping]] = ...) -> None: ...

class ListTasksRequest(_message.Message):
    __slots__ = ("run_id", "page_size", "page_token", "status", "language")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    page_size: int
    page_token: str
    status: TaskStatus
    language: Language
    def __init__(self, run_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., status: _Optional[_Union[TaskStatus, str]] = ..., language: _Optional[_Union[Language, str]] = ...) -> None: ...

class ListTasksResponse(_message.Message):
    __slots__ = ("tasks", "next_page_token")
    TASKS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    tasks: _containers.RepeatedCompositeFieldContainer[Task]
    next_page_token: str
    def __init__(self, tasks: _Optional[_Iterable[_Union[Task, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ToolError(_message.Message):
    __slots__ = ("id", "run_id", "task_id", "tool_name", "error", "create_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    TOOL_NAME_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    run_id: str
    task_id: str
    tool_name: str
    error: str
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., run_id: _Optional[str] = ..., task_id: _Optional[str] = ..., tool_name: _Optional[str] = ..., error: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RecordToolErrorRequest(_message.Message):
    __slots__ = ("run_id", "task_id", "tool_name", "error", "worker_id", "attempt")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    TOOL_NAME_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    WORKER_ID_FIELD_NUMBER: _ClassVar[int]
    ATTEMPT_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    task_id: str
    tool_name: str
    error: str
    worker_id: str
    attempt: int
    def __init__(self, run_id: _Optional[str] = ..., task_id: _Optional[str] = ..., tool_name: _Optional[str] = ..., error: _Optional[str] = ..., worker_id: _Optional[str] = ..., attempt: _Optional[int] = ...) -> None: ...

class ListToolErrorsRequest(_message.Message):
    __slots__ = ("run_id", "task_id", "tool_name", "page_size", "page_token")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    TOOL_NAME_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    task_id: str
    tool_name: str
    page_size: int
    page_token: str
    def __init__(self, run_id: _Optional[str] = ..., task_id: _Optional[str] = ..., tool_name: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListToolErrorsResponse(_message.Message):
    __slots__ = ("tool_errors", "next_page_token")
    TOOL_ERRORS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    tool_errors: _containers.RepeatedCompositeFieldContainer[ToolError]
    next_page_token: str
    def __init__(self, tool_errors: _Optional[_Iterable[_Union[ToolError, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class FinishRunRequest(_message.Message):
    __slots__ = ("id", "force")
    ID_FIELD_NUMBER: _ClassVar[int]
    FORCE_FIELD_NUMBER: _ClassVar[int]
    id: str
    force: bool
    def __init__(self, id: _Optional[str] = ..., force: bool = ...) -> None: ...

class GetRunSummaryRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class LanguageSummary(_message.Message):
    __slots__ = ("language", "total", "passed", "failed", "pass_rate", "finished")
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    PASSED_FIELD_NUMBER: _ClassVar[int]
    FAILED_FIELD_NUMBER: _ClassVar[int]
    PASS_RATE_FIELD_NUMBER: _ClassVar[int]
    FINISHED_FIELD_NUMBER: _ClassVar[int]
    language: Language
    total: int
    passed: int
    failed: int
    pass_rate: float
    finished: int
    def __init__(self, language: _Optional[_Union[Language, str]] = ..., total: _Optional[int] = ..., passed: _Optional[int] = ..., failed: _Optional[int] = ..., pass_rate: _Optional[float] = ..., finished: _Optional[int] = ...) -> None: ...

class ToolErrorCount(_message.Message):
    __slots__ = ("tool_name", "count")
    TOOL_NAME_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    tool_name: str
    count: int
    def __init__(self, tool_name: _Optional[str] = ..., count: _Optional[int] = ...) -> None: ...

class ExercisePassAtK(_message.Message):
    __slots__ = ("language", "exercise", "samples", "passed", "pass_at_k")
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    EXERCISE_FIELD_NUMBER: _ClassVar[int]
    SAMPLES_FIELD_NUMBER: _ClassVar[int]
    PASSED_FIELD_NUMBER: _ClassVar[int]
    PASS_AT_K_FIELD_NUMBER: _ClassVar[int]
    language: Language
    exercise: str
    samples: int
    passed: int
    pass_at_k: _containers.RepeatedScalarFieldContainer[float]
    def __init__(self, language: _Optional[_Union[Language, str]] = ..., exercise: _Optional[str] = ..., samples: _Optional[int] = ..., passed: _Optional[int] = ..., pass_at_k: _Optional[_Iterable[float]] = ...) -> None: ...

class RunSummary(_message.Message):
    __slots__ = ("run", "languages", "tool_errors", "exercises", "mean_pass_at_k")
    RUN_FIELD_NUMBER: _ClassVar[int]
    LANGUAGES_FIELD_NUMBER: _ClassVar[int]
    TOOL_ERRORS_FIELD_NUMBER: _ClassVar[int]
    EXERCISES_FIELD_NUMBER: _ClassVar[int]
    MEAN_PASS_AT_K_FIELD_NUMBER: _ClassVar[int]
    run: Run
    languages: _containers.RepeatedCompositeFieldContainer[LanguageSummary]
    tool_errors: _containers.RepeatedCompositeFieldContainer[ToolErrorCount]
    exercises: _containers.RepeatedCompositeFieldContainer[ExercisePassAtK]
    mean_pass_at_k: _containers.RepeatedScalarFieldContainer[float]
    def __init__(self, run: _Optional[_Union[Run, _Mapping]] = ..., languages: _Optional[_Iterable[_Union[LanguageSummary, _Mapping]]] = ..., tool_errors: _Optional[_Iterable[_Union[ToolErrorCount, _Mapping]]] = ..., exercises: _Optional[_Iterable[_Union[ExercisePassAtK, _Mapping]]] = ..., mean_pass_at_k: _Optional[_Iterable[float]] = ...) -> None: ...

class ClaimTasksRequest(_message.Message):
    __slots__ = ("run_id", "worker_id", "max_tasks", "lease_seconds")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    WORKER_ID_FIELD_NUMBER: _ClassVar[int]
    MAX_TASKS_FIELD_NUMBER: _ClassVar[int]
    LEASE_SECONDS_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    worker_id: str
    max_tasks: int
    lease_seconds: int
    def __init__(self, run_id: _Optional[str] = ..., worker_id: _Optional[str] = ..., max_tasks: _Optional[int] = ..., lease_seconds: _Optional[int] = ...) -> None: ...

class ClaimTasksResponse(_message.Message):
    __slots__ = ("tasks", "lease_expire_time", "lease_duration")
    TASKS_FIELD_NUMBER: _ClassVar[int]
    LEASE_EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    LEASE_DURATION_FIELD_NUMBER: _ClassVar[int]
    tasks: _containers.RepeatedCompositeFieldContainer[Task]
    lease_expire_time: _timestamp_pb2.Timestamp
    lease_duration: _duration_pb2.Duration
    def __init__(self, tasks: _Optional[_Iterable[_Union[Task, _Mapping]]] = ..., lease_expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., lease_duration: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class HeartbeatTasksRequest(_message.Message):
    __slots__ = ("worker_id", "task_ids", "lease_seconds", "tasks")
    WORKER_ID_FIELD_NUMBER: _ClassVar[int]
    TASK_IDS_FIELD_NUMBER: _ClassVar[int]
    LEASE_SECONDS_FIELD_NUMBER: _ClassVar[int]
    TASKS_FIELD_NUMBER: _ClassVar[int]
    worker_id: str
    task_ids: _containers.RepeatedScalarFieldContainer[str]
    lease_seconds: int
    tasks: _containers.RepeatedCompositeFieldContainer[HeldTask]
    def __init__(self, worker_id: _Optional[str] = ..., task_ids: _Optional[_Iterable[str]] = ..., lease_seconds: _Optional[int] = ..., tasks: _Optional[_Iterable[_Union[HeldTask, _Mapping]]] = ...) -> None: ...

class HeldTask(_message.Message):
    __slots__ = ("task_id", "attempt")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    ATTEMPT_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    attempt: int
    def __init__(self, task_id: _Optional[str] = ..., attempt: _Optional[int] = ...) -> None: ...

class HeartbeatTasksResponse(_message.Message):
    __slots__ = ("renewed_task_ids", "lost_task_ids", "lease_expire_time", "tasks")
    RENEWED_TASK_IDS_FIELD_NUMBER: _ClassVar[int]
    LOST_TASK_IDS_FIELD_NUMBER: _ClassVar[int]
    LEASE_EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    TASKS_FIELD_NUMBER: _ClassVar[int]
    renewed_task_ids: _containers.RepeatedScalarFieldContainer[str]
    lost_task_ids: _containers.RepeatedScalarFieldContainer[str]
    lease_expire_time: _timestamp_pb2.Timestamp
    tasks: _containers.RepeatedCompositeFieldContainer[TaskLeaseState]
    def __init__(self, renewed_task_ids: _Optional[_Iterable[str]] = ..., lost_task_ids: _Optional[_Iterable[str]] = ..., lease_expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., tasks: _Optional[_Iterable[_Union[TaskLeaseState, _Mapping]]] = ...) -> None: ...

class TaskLeaseState(_message.Message):
    __slots__ = ("task_id", "attempt", "status", "lease_remaining", "reason")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    ATTEMPT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    LEASE_REMAINING_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    attempt: int
    status: TaskStatus
    lease_remaining: _duration_pb2.Duration
    reason: str
    def __init__(self, task_id: _Optional[str] = ..., attempt: _Optional[int] = ..., status: _Optional[_Union[TaskStatus, str]] = ..., lease_remaining: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...

class RunEvent(_message.Message):
    __slots__ = ("sequence", "run_id", "task_id", "task_status", "run_status", "attempt", "worker_id", "reason", "event_time", "language", "exercise", "iteration")
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    TASK_STATUS_FIELD_NUMBER: _ClassVar[int]
    RUN_STATUS_FIELD_NUMBER: _ClassVar[int]
    ATTEMPT_FIELD_NUMBER: _ClassVar[int]
    WORKER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    EVENT_TIME_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    EXERCISE_FIELD_NUMBER: _ClassVar[int]
    ITERATION_FIELD_NUMBER: _ClassVar[int]
    sequence: int
    run_id: str
    task_id: str
    task_status: TaskStatus
    run_status: RunStatus
    attempt: int
    worker_id: str
    reason: str
    event_time: _timestamp_pb2.Timestamp
    language: Language
    exercise: str
    iteration: int
    def __init__(self, sequence: _Optional[int] = ..., run_id: _Optional[str] = ..., task_id: _Optional[str] = ..., task_status: _Optional[_Union[TaskStatus, str]] = ..., run_status: _Optional[_Union[RunStatus, str]] = ..., attempt: _Optional[int] = ..., worker_id: _Optional[str] = ..., reason: _Optional[str] = ..., event_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., language: _Optional[_Union[Language, str]] = ..., exercise: _Optional[str] = ..., iteration: _Optional[int] = ...) -> None: ...

class WatchRunRequest(_message.Message):
    __slots__ = ("run_id", "after_sequence")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    AFTER_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    after_sequence: int
    def __init__(self, run_id: _Optional[str] = ..., after_sequence: _Optional[int] = ...) -> None: ...

class WatchRunResponse(_message.Message):
    __slots__ = ("event", "totals")
    EVENT_FIELD_NUMBER: _ClassVar[int]
    TOTALS_FIELD_NUMBER: _ClassVar[int]
    event: RunEvent
    totals: Totals
    def __init__(self, event: _Optional[_Union[RunEvent, _Mapping]] = ..., totals: _Optional[_Union[Totals, _Mapping]] = ...) -> None: ...

class CompareRunsRequest(_message.Message):
    __slots__ = ("baseline_run_id", "candidate_run_id", "alpha", "page_size", "page_token")
    BASELINE_RUN_ID_FIELD_NUMBER: _ClassVar[int]
    CANDIDATE_RUN_ID_FIELD_NUMBER: _ClassVar[int]
    ALPHA_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    baseline_run_id: str
    candidate_run_id: str
    alpha: float
    page_size: int
    page_token: str
    def __init__(self, baseline_run_id: _Optional[str] = ..., candidate_run_id: _Optional[str] = ..., alpha: _Optional[float] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class PairCounts(_message.Message):
    __slots__ = ("pairs", "both_passed", "both_failed", "regressions", "fixes")
    PAIRS_FIELD_NUMBER: _ClassVar[int]
    BOTH_PASSED_FIELD_NUMBER: _ClassVar[int]
    BOTH_FAILED_FIELD_NUMBER: _ClassVar[int]
    REGRESSIONS_FIELD_NUMBER: _ClassVar[int]
    FIXES_FIELD_NUMBER: _ClassVar[int]
    pairs: int
    both_passed: int
    both_failed: int
    regressions: int
    fixes: int
    def __init__(self, pairs: _Optional[int] = ..., both_passed: _Optional[int] = ..., both_failed: _Optional[int] = ..., regressions: _Optional[int] = ..., fixes: _Optional[int] = ...) -> None: ...

class LanguageComparison(_message.Message):
    __slots__ = ("language", "counts")
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    COUNTS_FIELD_NUMBER: _ClassVar[int]
    language: Language
    counts: PairCounts
    def __init__(self, language: _Optional[_Union[Language, str]] = ..., counts: _Optional[_Union[PairCounts, _Mapping]] = ...) -> None: ...

class MetricDelta(_message.Message):
    __slots__ = ("baseline_total", "candidate_total", "total_delta", "baseline_median", "candidate_median", "median_delta")
    BASELINE_TOTAL_FIELD_NUMBER: _ClassVar[int]
    CANDIDATE_TOTAL_FIELD_NUMBER: _ClassVar[int]
    TOTAL_DELTA_FIELD_NUMBER: _ClassVar[int]
    BASELINE_MEDIAN_FIELD_NUMBER: _ClassVar[int]
    CANDIDATE_MEDIAN_FIELD_NUMBER: _ClassVar[int]
    MEDIAN_DELTA_FIELD_NUMBER: _ClassVar[int]
    baseline_total: float
    candidate_total: float
    total_delta: float
    baseline_median: float
    candidate_median: float
    median_delta: float
    def __init__(self, baseline_total: _Optional[float] = ..., candidate_total: _Optional[float] = ..., total_delta: _Optional[float] = ..., baseline_median: _Optional[float] = ..., candidate_median: _Optional[float] = ..., median_delta: _Optional[float] = ...) -> None: ...

class TaskPair(_message.Message):
    __slots__ = ("language", "exercise", "iteration", "baseline_task_id", "candidate_task_id", "baseline_status", "candidate_status")
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    EXERCISE_FIELD_NUMBER: _ClassVar[int]
    ITERATION_FIELD_NUMBER: _ClassVar[int]
    BASELINE_TASK_ID_FIELD_NUMBER: _ClassVar[int]
    CANDIDATE_TASK_ID_FIELD_NUMBER: _ClassVar[int]
    BASELINE_STATUS_FIELD_NUMBER: _ClassVar[int]
    CANDIDATE_STATUS_FIELD_NUMBER: _ClassVar[int]
    language: Language
    exercise: str
    iteration: int
    baseline_task_id: str
    candidate_task_id: str
    baseline_status: TaskStatus
    candidate_status: TaskStatus
    def __init__(self, language: _Optional[_Union[Language, str]] = ..., exercise: _Optional[str] = ..., iteration: _Optional[int] = ..., baseline_task_id: _Optional[str] = ..., candidate_task_id: _Optional[str] = ..., baseline_status: _Optional[_Union[TaskStatus, str]] = ..., candidate_status: _Optional[_Union[TaskStatus, str]] = ...) -> None: ...

class CompareRunsResponse(_message.Message):
    __slots__ = ("overall", "languages", "baseline_only", "candidate_only", "unfinished_pairs", "tokens", "cost", "duration_ms", "p_value", "alpha", "verdict", "regressed_pairs", "next_page_token", "invalidated_pairs")
    OVERALL_FIELD_NUMBER: _ClassVar[int]
    LANGUAGES_FIELD_NUMBER: _ClassVar[int]
    BASELINE_ONLY_FIELD_NUMBER: _ClassVar[int]
    CANDIDATE_ONLY_FIELD_NUMBER: _ClassVar[int]
    UNFINISHED_PAIRS_FIELD_NUMBER: _ClassVar[int]
    TOKENS_FIELD_NUMBER: _ClassVar[int]
    COST_FIELD_NUMBER: _ClassVar[int]
    DURATION_MS_FIELD_NUMBER: _ClassVar[int]
    P_VALUE_FIELD_NUMBER: _ClassVar[int]
    ALPHA_FIELD_NUMBER: _ClassVar[int]
    VERDICT_FIELD_NUMBER: _ClassVar[int]
    REGRESSED_PAIRS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    INVALIDATED_PAIRS_FIELD_NUMBER: _ClassVar[int]
    overall: PairCounts
    languages: _containers.RepeatedCompositeFieldContainer[LanguageComparison]
    baseline_only: int
    candidate_only: int
    unfinished_pairs: int
    tokens: MetricDelta
    cost: MetricDelta
    duration_ms: MetricDelta
    p_value: float
    alpha: float
    verdict: ComparisonVerdict
    regressed_pairs: _containers.RepeatedCompositeFieldContainer[TaskPair]
    next_page_token: str
    invalidated_pairs: int
    def __init__(self, overall: _Optional[_Union[PairCounts, _Mapping]] = ..., languages: _Optional[_Iterable[_Union[LanguageComparison, _Mapping]]] = ..., baseline_only: _Optional[int] = ..., candidate_only: _Optional[int] = ..., unfinished_pairs: _Optional[int] = ..., tokens: _Optional[_Union[MetricDelta, _Mapping]] = ..., cost: _Optional[_Union[MetricDelta, _Mapping]] = ..., duration_ms: _Optional[_Union[MetricDelta, _Mapping]] = ..., p_value: _Optional[float] = ..., alpha: _Optional[float] = ..., verdict: _Optional[_Union[ComparisonVerdict, str]] = ..., regressed_pairs: _Optional[_Iterable[_Union[TaskPair, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., invalidated_pairs: _Optional[int] = ...) -> None: ...

class InvalidateTaskRequest(_message.Message):
    __slots__ = ("task_id", "reason")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    reason: str
    def __init__(self, task_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class RetryTasksRequest(_message.Message):
    __slots__ = ("run_id", "outcomes", "invalidated")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    OUTCOMES_FIELD_NUMBER: _ClassVar[int]
    INVALIDATED_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    outcomes: _containers.RepeatedScalarFieldContainer[TaskOutcome]
    invalidated: bool
    def __init__(self, run_id: _Optional[str] = ..., outcomes: _Optional[_Iterable[_Union[TaskOutcome, str]]] = ..., invalidated: bool = ...) -> None: ...

class RetryTasksResponse(_message.Message):
    __slots__ = ("retried",)
    RETRIED_FIELD_NUMBER: _ClassVar[int]
    retried: int
    def __init__(self, retried: _Optional[int] = ...) -> None: ...

class TaskAttempt(_message.Message):
    __slots__ = ("attempt", "status", "error_reason", "invalid_reason", "start_time", "finish_time", "metrics", "end_time")
    ATTEMPT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ERROR_REASON_FIELD_NUMBER: _ClassVar[int]
    INVALID_REASON_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    FINISH_TIME_FIELD_NUMBER: _ClassVar[int]
    METRICS_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    attempt: int
    status: TaskStatus
    error_reason: str
    invalid_reason: str
    start_time: _timestamp_pb2.Timestamp
    finish_time: _timestamp_pb2.Timestamp
    metrics: TaskMetrics
    end_time: _timestamp_pb2.Timestamp
    def __init__(self, attempt: _Optional[int] = ..., status: _Optional[_Union[TaskStatus, str]] = ..., error_reason: _Optional[str] = ..., invalid_reason: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finish_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., metrics: _Optional[_Union[TaskMetrics, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListTaskAttemptsRequest(_message.Message):
    __slots__ = ("task_id", "page_size", "page_token")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    page_size: int
    page_token: str
    def __init__(self, task_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListTaskAttemptsResponse(_message.Message):
    __slots__ = ("attempts", "next_page_token")
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    attempts: _containers.RepeatedCompositeFieldContainer[TaskAttempt]
    next_page_token: str
    def __init__(self, attempts: _Optional[_Iterable[_Union[TaskAttempt, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
