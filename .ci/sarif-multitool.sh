#!/usr/bin/env bash
# Validate the SARIF that contractlint writes for samples/*.contract with
# Microsoft's SARIF multitool (GitHub and SARIF rule sets).
#
# The multitool exits 0 even when it reports errors, so this script reads its
# output log and fails when that log holds any error-level result.
# The npm wrapper (bin.js) runs the binary through a shell, which splits the
# "Gh;Sarif" arguments at ";", so the binary is called directly.
set -euo pipefail
cd "$(dirname "$0")/.."

version="${SARIF_MULTITOOL_VERSION:-5.7.0}"
cache="${SARIF_MULTITOOL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/contractlint-ci/sarif-multitool-$version}"
tool="$cache/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
if [ ! -f "$tool" ]; then
  mkdir -p "$cache"
  npm install --prefix "$cache" --no-audit --no-fund --loglevel=error \
    "@microsoft/sarif-multitool@$version"
fi
# npm may skip the package's postinstall `chmod u+x` (install-scripts policy).
chmod u+x "$tool"
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

if [ -n "${CONTRACTLINT:-}" ]; then
  read -r -a contractlint <<<"$CONTRACTLINT"
elif [ -x .venv/bin/contractlint ]; then
  contractlint=(.venv/bin/contractlint)
elif command -v contractlint >/dev/null 2>&1; then
  contractlint=(contractlint)
else
  contractlint=(python3 -m contractlint)
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
shopt -s nullglob
samples=(samples/*.contract)
if [ "${#samples[@]}" -eq 0 ]; then
  echo "sarif-multitool: no samples/*.contract to check" >&2
  exit 1
fi

if [ -n "${SARIF_INPUT:-}" ]; then  # check a given log instead (to test this script)
  cp "$SARIF_INPUT" "$work/samples.sarif"
else
  # --exit-zero: the samples may have findings on purpose; a usage error still exits 2.
  "${contractlint[@]}" check --no-cache --exit-zero --output-format sarif \
    -o "$work/samples.sarif" "${samples[@]}"
fi

"$tool" validate "$work/samples.sarif" --rule-kind "Gh;Sarif" --level "Error;Warning;Note" \
  -o "$work/validation.sarif" --log ForceOverwrite >"$work/multitool.log" 2>&1 || {
  cat "$work/multitool.log" >&2
  echo "sarif-multitool: the multitool itself failed" >&2
  exit 1
}

python3 - "$work/validation.sarif" <<'PY'
import json
import sys

try:
    with open(sys.argv[1], encoding="utf-8-sig") as handle:
        log = json.load(handle)
except (OSError, ValueError) as error:
    sys.exit(f"sarif-multitool: no readable validation log: {error}")
counts = {"error": 0, "warning": 0, "note": 0}
for run in log.get("runs", []):
    for result in run.get("results", []):
        level = result.get("level", "warning")
        counts[level] = counts.get(level, 0) + 1
        if level in ("error", "warning"):
            message = result.get("message", {})
            where = result.get("locations", [{}])[0].get("physicalLocation", {}).get("region", {})
            print(f"{level}: {result.get('ruleId')} {message.get('arguments') or message.get('text')} "
                  f"(line {where.get('startLine')})")
print(f"sarif-multitool: {counts['error']} error(s), {counts['warning']} warning(s), "
      f"{counts['note']} note(s)")
sys.exit(1 if counts["error"] else 0)
PY
