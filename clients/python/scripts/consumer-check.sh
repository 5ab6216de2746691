#!/usr/bin/env bash
# Installs the client as a new project would — the built wheel, and the
# folder — into fresh virtual environments outside the repository (Python
# 3.10 and the newest CPython on the machine), checks a consumer program
# with mypy --strict and pyright, and runs it against the server at
# $AGENTBASE_TARGET (host:port).
set -euo pipefail
package="$(cd "$(dirname "$0")/.." && pwd)"
: "${AGENTBASE_TARGET:?the server to run the consumer against}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The interpreters: pyenv's 3.10 and newest when it has them, else python3.
root="$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"
pythons=()
oldest="$(ls -d "$root"/versions/3.10.* 2>/dev/null | sort -V | tail -n 1 || true)"
newest="$(ls -d "$root"/versions/3.* 2>/dev/null | sort -V | tail -n 1 || true)"
for found in "$oldest" "$newest"; do
  if [ -n "$found" ] && [ -x "$found/bin/python3" ]; then pythons+=("$found/bin/python3"); fi
done
if [ "${#pythons[@]}" -eq 0 ]; then
  echo "no pyenv CPython 3.10 or newer: checking with $(python3 --version) only"
  pythons=("$(command -v python3)")
fi

dev() { # the pinned version of a dev tool, from pyproject.toml
  grep -o "\"$1==[^\"]*\"" "$package/pyproject.toml" | tr -d '"'
}

python3 -m venv "$work/build-env"
"$work/build-env/bin/pip" install -q --disable-pip-version-check "$(dev build)"
"$work/build-env/bin/python" -m build --outdir "$work/dist" "$package" > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
wheel="$(ls "$work"/dist/*.whl)"
echo "built $(basename "$wheel") and $(basename "$(ls "$work"/dist/*.tar.gz)")"

for python in "${pythons[@]}"; do
  version="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  for route in wheel folder; do
    venv="$work/venv-$version-$route"
    "$python" -m venv "$venv"
    if [ "$route" = wheel ]; then source="$wheel[typing]"; else source="$package[typing]"; fi
    "$venv/bin/pip" install -q --disable-pip-version-check "$source" "$(dev mypy)" "$(dev pyright)"
    project="$work/project-$version-$route"
    mkdir -p "$project"
    cp "$package/consumer/consumer.py" "$project/"
    # The README's snippet is type-checked as a consumer's too (tests/test_readme.py runs it).
    "$python" -c 'import re, sys; print("".join(re.findall(r"```python\n(.*?)```", open(sys.argv[1]).read(), re.S)))' \
      "$package/README.md" > "$project/readme_snippet.py"
    (
      cd "$project"
      "$venv/bin/mypy" --strict consumer.py readme_snippet.py > /dev/null
      "$venv/bin/pyright" --pythonpath "$venv/bin/python" consumer.py readme_snippet.py > "$project/pyright.log" 2>&1 \
        || { cat "$project/pyright.log"; exit 1; }
      echo "python $version, $route: consumer and README snippet mypy --strict and pyright clean; $("$venv/bin/python" consumer.py)"
    )
  done
done
