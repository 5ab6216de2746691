# agentbase developer commands. `just --list` shows them.

# Serve every context on 127.0.0.1:50051 (SQLite under ./data unless AGENTBASE_DATABASE_URL is set).
run *args='serve --target all':
    cargo run -p agentbase -- {{args}}

# The whole test suite: both backends; starts a throwaway PostgreSQL if needed.
test *args:
    cargo test --workspace {{args}}

# The client packages' suites against a live server: TypeScript (Node 20.19+) and Python (3.10+),
# their type checks, and their artifacts installed into fresh projects (.ci/consumers).
test-clients:
    cargo build -p agentbase
    cd clients/typescript && npm ci --no-audit --no-fund && npm run check-generated && npm run check-built && npm test
    python3 -m venv target/py-client && target/py-client/bin/pip install -q -e "clients/python[dev]"
    cd clients/python && ../../target/py-client/bin/python generate.py --check && ../../target/py-client/bin/python -m pytest -q && ../../target/py-client/bin/mypy && ../../target/py-client/bin/pyright --pythonpath ../../target/py-client/bin/python
    bash .ci/consumers target/debug/agentbase

# The fault suite at full counts, one test at a time on a release build, printing its figures
# (docs/RELIABILITY.md). `cargo test` runs the same tests with short counts.
faults:
    AGENTBASE_FAULTS=long cargo test --release -p agentbase --test faults --test health_bounds -- --nocapture --test-threads=1

# Every static check CI runs.
lint:
    cargo fmt --all -- --check
    cargo clippy --workspace --all-targets -- -D warnings
    buf lint
    buf format --exit-code --diff

# Format Rust and protobuf sources in place.
fmt:
    cargo fmt --all
    buf format --write

# Check the contracts for breaking changes against main (when main has contracts).
breaking:
    bash .ci/breaking

# Run migrations: `just migrate up`, `just migrate down`, `just migrate status` (TARGET=scripts|all).
migrate action='status' target='all':
    cargo run -p agentbase -- migrate --target {{target}} {{action}}

# Side-by-side benchmarks on a release build (docs/BENCHMARKS.md); `just bench --smoke` for a quick check;
# `just bench --capacity --out /tmp/capacity.md` for the capacity model alone (1-3 replicas, direct and pooled).
bench *args:
    cargo build --release -p agentbase -p agentbase-bench
    target/release/agentbase-bench {{args}}

# Everything CI runs, as CI runs it.
ci:
    bash .ci/run
