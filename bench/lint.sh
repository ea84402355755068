#!/usr/bin/env bash
# Dockerfile lint benchmark (docs/benchmarks.md, "Dockerfile lint"): `hardock lint` against the
# npm linters dockerfilelint and dockerfile_lint on the same N generated Dockerfiles
# (bench/gen-dockerfiles.py), in the same run, then the rule coverage of each tool on one probe
# Dockerfile per security concept (bench/lint-probes/).
#
# The npm linters are installed into NPM_DIR (npm install --prefix; never global); without npm
# they are skipped with a message. Modes timed, each the median of RUNS runs (GNU time -v: wall,
# user+sys CPU, peak RSS):
#   hardock          dir       one process: hardock lint --format json CORPUS_DIR
#   hardock          paths     one process: hardock lint --format json FILE...  (all N paths)
#   hardock          dir-no-store  as dir, with --no-store (the run not recorded)
#   hardock          gnu       as dir, in the GNU one-line-per-finding format editors and CI read
#                              (30 MB against the JSON's 144 MB for the same findings)
#   hardock          gnu-no-store  as gnu, with --no-store
#                              (hardock with --no-fail and --trusted-registry docker.io: all rules;
#                              dir and paths record the run, as hardock does by default, into a
#                              store of the bench's own, emptied before each run: never the
#                              machine's default store)
#   dockerfilelint   cli       one process: dockerfilelint -j FILE...  (its CLI takes many files)
#   dockerfilelint   library   one process: bench/lint-npm.js requires its library, lints the list
#   dockerfile_lint  cli       one process: dockerfile_lint -j -f FILE -f FILE ...
#   dockerfile_lint  library   one process: bench/lint-npm.js, one Linter (rules loaded once)
#   every tool       per-file  one process per file over the first PER_FILE files (a pre-commit
#                              hook's way; PER_FILE=0 skips it); hardock also per-file-no-store
# The speedup compares hardock's fastest one-process mode with the fastest one-process mode of
# the other tools (and per-file with per-file). Target (issue 12): at least 20x.
#
# Usage: bench/lint.sh [N]   (default 10000)
#   RUNS=3, PER_FILE=100, SEED=12, HARDOCK=build-release/hardock,
#   TOOLS="hardock dockerfilelint dockerfile_lint", WORK=build/bench-lint (corpus, npm cache, outputs)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../scripts/lib.sh
source "$here/../scripts/lib.sh"
count=${1:-10000}
runs=${RUNS:-3}
per_file=${PER_FILE:-100}
seed=${SEED:-12}
hardock=${HARDOCK:-$HARDOCK_ROOT/build-release/hardock}
tools=${TOOLS:-hardock dockerfilelint dockerfile_lint}
work=${WORK:-$HARDOCK_ROOT/build/bench-lint}
npm_dir=$work/npm
modules=$npm_dir/node_modules
probes=$here/lint-probes
[[ $count =~ ^[1-9][0-9]*$ ]] || die "N must be a positive number, not '$count'"
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive number, not '$runs'"
[[ $per_file =~ ^[0-9]+$ ]] || die "PER_FILE must be a number, not '$per_file'"
[[ -x /usr/bin/time ]] || die "GNU time is needed (/usr/bin/time)"
command -v python3 >/dev/null || die "python3 is needed (the corpus generator)"
mkdir -p "$work/out"
# Every rule on: the base-registry rule needs an allow list. --no-fail: exit 0 unless it failed.
# "--": --trusted-registry takes several values and would take the paths too.
hardock_lint=("$hardock" lint --format json --no-fail --trusted-registry docker.io --)
# Every hardock run records into the bench's own store (emptied before each timed run).
export HARDOCK_STORE=$work/out/store.db
bench_store=$HARDOCK_STORE

use() { [[ " $tools " == *" $1 "* ]]; }

if use hardock; then
  [[ -x $hardock ]] || die "no hardock at $hardock; build the release binary first:
  BUILD_DIR=build-release BUILD_TARGETS=hardock scripts/build.sh -DCMAKE_BUILD_TYPE=Release -DHARDOCK_TESTS=OFF"
  "$hardock" lint --help >/dev/null 2>&1 || die "$hardock has no 'lint' command"
fi
npm_tools=()
for tool in dockerfilelint dockerfile_lint; do use "$tool" && npm_tools+=("$tool"); done
if [[ ${#npm_tools[@]} -gt 0 ]]; then
  if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
    say "npm or node is missing: skipping ${npm_tools[*]} (only hardock is timed)"
    npm_tools=()
  elif [[ ! -x $modules/.bin/dockerfilelint || ! -x $modules/.bin/dockerfile_lint ]]; then
    say "installing dockerfilelint and dockerfile_lint into $npm_dir"
    mkdir -p "$npm_dir"
    npm install --prefix "$npm_dir" --no-audit --no-fund --loglevel=error \
      dockerfilelint dockerfile_lint >&2 || die "npm install of the npm linters failed"
  fi
fi
versions=""
use hardock && versions+="hardock $("$hardock" version 2>/dev/null | head -n 1 | awk '{print $NF}')"
for tool in "${npm_tools[@]}"; do
  versions+="${versions:+, }$tool $(node -p "require('$modules/$tool/package.json').version")"
done

load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# The corpus: regenerated on every run (a few seconds), so it always matches the generator.
corpus=$work/corpus
rm -rf "$corpus"
python3 "$here/gen-dockerfiles.py" "$corpus" "$count" "$seed"
files=("$corpus"/*.Dockerfile)
printf '%s\n' "${files[@]}" >"$work/corpus.list"
sample=("${files[@]:0:$per_file}")
lines=$(cat "${files[@]}" | wc -l)
say "corpus: ${#files[@]} Dockerfiles, $lines lines ($(du -sh "$corpus" | cut -f1)), seed $seed"

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

# One timed run of "$@", stdout to $out: prints "elapsed_ms cpu_ms peak_kb exit".
time_once() {
  local out=$1 report status
  shift
  report=$(mktemp)
  /usr/bin/time -v -o "$report" "$@" >"$out" 2>"$out.err" && status=0 || status=$?
  awk -v status="$status" -F': ' '
    /Elapsed \(wall clock\)/ {
      n = split($2, part, ":"); s = 0
      for (i = 1; i <= n; i++) s = s * 60 + part[i]
      wall = s * 1000
    }
    /User time/ { user = $2 * 1000 }
    /System time/ { sys = $2 * 1000 }
    /Maximum resident set size/ { rss = $2 }
    END { printf "%d %d %d %d\n", wall, user + sys, rss, status }' "$report"
  rm -f "$report"
}

# Checks that one run's output covers the files it was given; prints the issues it reported.
# KIND: hardock, library (bench/lint-npm.js), dockerfilelint-cli, dockerfile_lint-cli.
issues_in() {
  python3 - "$1" "$2" "$3" <<'PY'
import json, sys
kind, path, expected = sys.argv[1], sys.argv[2], int(sys.argv[3])
if kind == "hardock-gnu":  # a line per finding; checks not run are notes
    with open(path, encoding="utf-8", errors="replace") as file:
        print(sum(1 for line in file if not line.startswith("hardock: note:")))
    sys.exit(0)
try:
    with open(path) as file:
        doc = json.load(file)
except (OSError, ValueError) as error:
    sys.exit(f"{path}: not a JSON document ({error})")
if kind == "hardock":
    print(len(doc["findings"]))
    sys.exit(0)
if kind == "library":
    files, issues = len(doc), sum(len(entry["issues"]) for entry in doc)
elif kind == "dockerfilelint-cli":
    files, issues = len(doc["files"]), doc["totalIssues"]
else:  # dockerfile_lint-cli: one object for one file, else a list
    doc = doc if isinstance(doc, list) else [doc]
    files = len(doc)
    issues = sum(entry[level]["count"] for entry in doc for level in ("error", "warn", "info"))
if files != expected:
    sys.exit(f"{path}: results for {files} files, {expected} given")
print(issues)
PY
}

# measure TOOL MODE FILES KIND COMMAND...: RUNS runs; appends a row to $results.
results=$work/out/results.tsv
: >"$results"
measure() {
  local tool=$1 mode=$2 nfiles=$3 kind=$4 out line elapsed cpu rss status issues
  shift 4
  out=$work/out/$tool-$mode.out
  local rows=()
  say "timing $tool ($mode, $nfiles files, $runs runs)"
  for _ in $(seq "$runs"); do
    rm -f "$bench_store" "$bench_store-wal" "$bench_store-shm"
    rows+=("$(time_once "$out" "$@")")
  done
  elapsed=$(printf '%s\n' "${rows[@]}" | awk '{print $1}' | median)
  line=$(printf '%s\n' "${rows[@]}" | awk -v t="$elapsed" '$1 == t {print; exit}')
  read -r _ cpu rss status <<<"$line"
  issues="-"
  if [[ $kind != none ]]; then
    issues=$(issues_in "$kind" "$out" "$nfiles") || die "$tool ($mode) did not lint every file; see $out.err"
  fi
  if [[ $status -ne 0 && $tool == hardock ]]; then die "$tool ($mode) failed (exit $status); see $out.err"; fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$mode" "$nfiles" "$elapsed" "$cpu" "$rss" \
    "$status" "$issues" >>"$results"
}

# One process per file, over the sample; prints nothing (the loop's own output is discarded).
per_file_hardock() {
  for file in "$@"; do
    "$hardock" lint --format json --no-fail --trusted-registry docker.io -- "$file" >/dev/null || return 1
  done
}
per_file_hardock_no_store() {
  for file in "$@"; do
    "$hardock" lint --format json --no-fail --no-store --trusted-registry docker.io -- "$file" >/dev/null || return 1
  done
}
per_file_dockerfilelint() { for file in "$@"; do node "$modules/.bin/dockerfilelint" -j "$file" >/dev/null || true; done; }
per_file_dockerfile_lint() { for file in "$@"; do node "$modules/.bin/dockerfile_lint" -j -f "$file" >/dev/null || true; done; }
export hardock modules
export -f per_file_hardock per_file_hardock_no_store per_file_dockerfilelint per_file_dockerfile_lint

if use hardock; then
  measure hardock dir "${#files[@]}" hardock "${hardock_lint[@]}" "$corpus"
  measure hardock paths "${#files[@]}" hardock "${hardock_lint[@]}" "${files[@]}"
  measure hardock dir-no-store "${#files[@]}" hardock "$hardock" lint --format json --no-fail --no-store \
    --trusted-registry docker.io -- "$corpus"
  measure hardock gnu "${#files[@]}" hardock-gnu "$hardock" lint --format gnu --no-fail \
    --trusted-registry docker.io -- "$corpus"
  measure hardock gnu-no-store "${#files[@]}" hardock-gnu "$hardock" lint --format gnu --no-fail \
    --no-store --trusted-registry docker.io -- "$corpus"
fi
for tool in "${npm_tools[@]}"; do
  if [[ $tool == dockerfilelint ]]; then
    measure "$tool" cli "${#files[@]}" dockerfilelint-cli node "$modules/.bin/dockerfilelint" -j "${files[@]}"
  else
    flags=()
    for file in "${files[@]}"; do flags+=(-f "$file"); done
    measure "$tool" cli "${#files[@]}" dockerfile_lint-cli node "$modules/.bin/dockerfile_lint" -j "${flags[@]}"
  fi
  measure "$tool" library "${#files[@]}" library node "$here/lint-npm.js" "$tool" "$modules" "$work/corpus.list"
done
if [[ $per_file -gt 0 ]]; then
  for tool in hardock "${npm_tools[@]}"; do
    use "$tool" || continue
    measure "$tool" per-file "${#sample[@]}" none bash -c "per_file_$tool \"\$@\"" _ "${sample[@]}"
    if [[ $tool == hardock ]]; then
      measure hardock per-file-no-store "${#sample[@]}" none bash -c 'per_file_hardock_no_store "$@"' _ "${sample[@]}"
    fi
  done
fi

# The table. Speedup: hardock's fastest row against each other row of the same kind (one process,
# or per-file), and the summary against the fastest other tool.
echo
echo "Corpus: ${#files[@]} generated Dockerfiles (bench/gen-dockerfiles.py, seed $seed), $lines lines."
echo "Tools: $versions, node $(node --version 2>/dev/null || echo -). Median of $runs runs; $(nproc) CPUs;"
echo "load average before the run $load_before, after $(cut -d' ' -f1-3 /proc/loadavg)."
echo
echo "| tool | mode | files | time | files/s | CPU (user+sys) | peak RSS | issues reported | hardock faster by |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
awk -F'\t' '
  { tool[NR] = $1; mode[NR] = $2; n[NR] = $3; ms[NR] = $4; cpu[NR] = $5; rss[NR] = $6; issues[NR] = $8
    kind[NR] = ($2 ~ /^per-file/) ? "per-file" : "batch"
    rate[NR] = $3 / (($4 > 0 ? $4 : 1) / 1000)
    cpurate = $3 / (($5 > 0 ? $5 : 1) / 1000)
    if ($1 == "hardock" && rate[NR] > best[kind[NR]]) {
      best[kind[NR]] = rate[NR]; bestcpu[kind[NR]] = cpurate; bestmode[kind[NR]] = $2
    }
    if ($1 != "hardock" && rate[NR] > other[kind[NR]]) {
      other[kind[NR]] = rate[NR]; othercpu[kind[NR]] = cpurate; who[kind[NR]] = $1 " " $2
    }
  }
  END {
    for (i = 1; i <= NR; i++) {
      speed = (tool[i] != "hardock" && best[kind[i]] > 0) ? sprintf("%.1fx", best[kind[i]] / rate[i]) : "-"
      printf "| %s | %s | %d | %.2f s | %.0f | %.2f s | %d MB | %s | %s |\n", tool[i], mode[i], n[i],
        ms[i] / 1000, rate[i], cpu[i] / 1000, rss[i] / 1024, issues[i], speed
    }
    for (k in best) if (best[k] > 0 && other[k] > 0)
      printf "\nhardock (%s, fastest mode: %s) against the fastest other (%s): %.1fx faster (target 20x); %.1fx in files per CPU second\n",
        k, bestmode[k], who[k], best[k] / other[k], bestcpu[k] / othercpu[k]
  }' "$results"

# Rule coverage. Each tool lints each probe; a concept counts as detected when one of the tool's
# rules mapped to it below reports on its probe. The mapping is by rule id (hardock: check code or
# slug; dockerfile_lint: rule label, or message for its built-in checks) or by issue title
# (dockerfilelint has no ids). The same mapped rules must stay quiet on clean.Dockerfile, the
# probes' concepts done right: any that reports there is listed as a false positive.
concepts=(root-user latest-base untrusted-registry add add-url curl-pipe-sh sudo update-alone
  missing-y no-install-recommends cache-cleanup unpinned-packages ssh-server privileged-port
  secret-arg-env secret-file chmod-777 setuid workdir-relative healthcheck-missing multiple-cmd
  invalid-port copy-from-error duplicate-stage maintainer pipefail)
declare -A title=(
  [root-user]="last USER root, or none" [latest-base]="latest or untagged base"
  [untrusted-registry]="base from an untrusted registry" [add]="ADD instead of COPY"
  [add-url]="ADD of a URL" [curl-pipe-sh]="curl/wget piped to a shell" [sudo]="sudo"
  [update-alone]="package index update without install" [missing-y]="install without -y"
  [no-install-recommends]="apt-get without --no-install-recommends"
  [cache-cleanup]="package cache not cleaned" [unpinned-packages]="unpinned packages"
  [ssh-server]="SSH server installed, port 22 exposed" [privileged-port]="privileged port exposed"
  [secret-arg-env]="secret in ARG/ENV" [secret-file]="secret file copied into the image"
  [chmod-777]="chmod 777" [setuid]="setuid bit added" [workdir-relative]="relative WORKDIR"
  [healthcheck-missing]="no HEALTHCHECK" [multiple-cmd]="several CMD/ENTRYPOINT"
  [invalid-port]="invalid port" [copy-from-error]="COPY --from an unknown stage"
  [duplicate-stage]="duplicate stage name" [maintainer]="MAINTAINER (deprecated)"
  [pipefail]="pipe without pipefail"
)
# Extended regular expressions over the rule ids (or titles) each tool reports.
# shellcheck disable=SC2034 # read through the nameref "map" below
declare -A rules_hardock=(
  [root-user]='^dockerfile-user-root$'
  [latest-base]='^dockerfile-base-latest$'
  [untrusted-registry]='^dockerfile-base-untrusted$'
  [add]='^dockerfile-add-local$'
  [add-url]='^dockerfile-add-url$'
  [curl-pipe-sh]='^dockerfile-pipe-to-shell$'
  [sudo]='^dockerfile-sudo$'
  [update-alone]='^dockerfile-update-alone$'
  [missing-y]='^dockerfile-no-assume-yes$'
  [no-install-recommends]='^dockerfile-apt-recommends$'
  [cache-cleanup]='^dockerfile-(apt-lists-kept|apk-cache|yum-dnf-cache|zypper-cache|pip-cache)$'
  [unpinned-packages]='^dockerfile-unpinned-packages$'
  [ssh-server]='^dockerfile-(ssh-server|expose-ssh)$'
  [privileged-port]='^dockerfile-expose-privileged$'
  [secret-arg-env]='^dockerfile-secret-arg-env$'
  [secret-file]='^dockerfile-secret-file-copied$'
  [chmod-777]='^dockerfile-world-writable$'
  [setuid]='^dockerfile-setuid$'
  [workdir-relative]='^dockerfile-workdir-relative$'
  [healthcheck-missing]='^dockerfile-healthcheck-missing$'
  [multiple-cmd]='^dockerfile-multiple-(cmd|entrypoint)$'
  [invalid-port]='^dockerfile-expose-invalid$'
  [copy-from-error]='^dockerfile-copy-from-invalid$'
  [duplicate-stage]='^dockerfile-duplicate-stage$'
  [maintainer]='^dockerfile-maintainer$'
  [pipefail]='^dockerfile-pipefail$'
)
# shellcheck disable=SC2016,SC2034 # backticks are dockerfilelint's; read through "map" below
declare -A rules_dockerfilelint=(
  [latest-base]='^Base Image (Latest|Missing) Tag$'
  [sudo]='^Use Of sudo Is Not Allowed$'
  [update-alone]='^apt-get update without matching apt-get install$'
  [missing-y]='^Missing parameter for `apt-get`$'
  [no-install-recommends]='^Consider `--no-install-recommends`$'
  [cache-cleanup]='^(apt-get update with matching cache rm|Consider `--no-cache or --update with rm -rf /var/cache/apk/\*`)$'
  [invalid-port]='^Invalid Port Exposed$'
  [maintainer]='^Deprecated as of Docker 1.13$'
)
# shellcheck disable=SC2034 # read through the nameref "map" below
declare -A rules_dockerfile_lint=(
  [latest-base]='^(is_latest_tag|no_tag)$'
  [cache-cleanup]='^(no_apt-get_clean|no_yum_clean_all|no_dnf_clean_all)$'
  [ssh-server]='^installing_ssh$'
  [maintainer]='^maintainer_deprecated$'
)

# Rule ids reported per probe, one "PROBE<TAB>ID" line each, in $work/out/coverage-TOOL.tsv.
probe_files=("$probes"/*.Dockerfile)
coverage_tools=()
if use hardock; then
  coverage_tools+=(hardock)
  for probe in "${probe_files[@]}"; do
    name=$(basename "$probe" .Dockerfile)
    status=0
    "${hardock_lint[@]}" "$probe" >"$work/out/probe.json" 2>"$work/out/probe.err" || status=$?
    [[ $status -eq 0 ]] || die "hardock lint failed on $probe (exit $status): $(head -c 300 "$work/out/probe.err")"
    python3 -c '
import json, sys
for finding in json.load(open(sys.argv[1]))["findings"]:
    print(sys.argv[2] + "\t" + finding["check"])
    print(sys.argv[2] + "\t" + finding["slug"])' "$work/out/probe.json" "$name"
  done >"$work/out/coverage-hardock.tsv"
fi
for tool in "${npm_tools[@]}"; do
  coverage_tools+=("$tool")
  printf '%s\n' "${probe_files[@]}" >"$work/out/probes.list"
  node "$here/lint-npm.js" "$tool" "$modules" "$work/out/probes.list" | python3 -c '
import json, os, sys
for entry in json.load(sys.stdin):
    name = os.path.basename(entry["file"])[: -len(".Dockerfile")]
    for issue in entry["issues"]:
        print(name + "\t" + (issue["rule"] or issue["message"]))' >"$work/out/coverage-$tool.tsv"
done

# TEXT as Markdown code: double backticks when it holds one (dockerfilelint's titles do).
markdown_code() {
  # shellcheck disable=SC2016 # literal backticks
  if [[ $1 == *'`'* ]]; then printf '`` %s ``' "$1"; else printf '`%s`' "$1"; fi
}

# detected TOOL PROBE REGEX: the first matching id the tool reported on PROBE, else nothing.
detected() {
  awk -F'\t' -v probe="$2" '$1 == probe {print $2}' "$work/out/coverage-$1.tsv" |
    grep -E -m 1 -- "$3" || true
}
echo
echo "Rule coverage: one probe per concept (bench/lint-probes/CONCEPT.Dockerfile)."
echo
printf '| concept | probe |'
for tool in "${coverage_tools[@]}"; do printf ' %s |' "$tool"; done
printf '\n|---|---|'
for _ in "${coverage_tools[@]}"; do printf -- '---|'; done
printf '\n'
declare -A total=() false_positive=()
for concept in "${concepts[@]}"; do
  [[ -f $probes/$concept.Dockerfile ]] || die "no probe $probes/$concept.Dockerfile"
  printf '| %s | %s |' "${title[$concept]}" "$(markdown_code "$concept.Dockerfile")"
  for tool in "${coverage_tools[@]}"; do
    declare -n map="rules_${tool}"
    regex=${map[$concept]:-}
    hit=""
    [[ -z $regex ]] || hit=$(detected "$tool" "$concept" "$regex")
    if [[ -n $hit ]]; then
      total[$tool]=$((${total[$tool]:-0} + 1))
      printf ' yes (%s) |' "$(markdown_code "$hit")"
      quiet=$(detected "$tool" clean "$regex")
      [[ -z $quiet ]] || false_positive[$tool]+="${false_positive[$tool]:+, }$concept ($(markdown_code "$quiet"))"
    else
      printf ' no |'
    fi
    unset -n map
  done
  printf '\n'
done
printf '| **detected** | |'
for tool in "${coverage_tools[@]}"; do printf ' **%d / %d** |' "${total[$tool]:-0}" "${#concepts[@]}"; done
printf '\n| mapped rules reporting on %s | |' "$(markdown_code clean.Dockerfile)"
for tool in "${coverage_tools[@]}"; do printf ' %s |' "${false_positive[$tool]:-none}"; done
printf '\n'
