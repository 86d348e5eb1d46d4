#!/usr/bin/env bash
# --stats, --metrics FILE and the progress line of the envscan command.
#   runinfo.sh ENVSCAN GOLDEN_TREES
# The metrics file must be Prometheus text format (every sample named by
# a HELP and a TYPE line, values numbers) with counts equal to the JSON
# report's; --stats names every stage; the progress line shows when
# forced (and its delay shortened), never in a pipe by default.
set -u
envscan=$1 trees=$(cd "$2" && pwd) || exit 2
tmp=$(mktemp -d /tmp/envscan-runinfo.XXXXXX) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "runinfo.sh: $*"; fail=1; }

(cd "$tmp" && mkdir tree && cd tree && bash "$trees/secrets.sh") >/dev/null 2>&1 ||
  { echo "runinfo.sh: cannot build the tree"; exit 2; }
tree=$tmp/tree

"$envscan" --stats --metrics "$tmp/m.prom" -f json "$tree" >"$tmp/r.json" 2>"$tmp/err"
rc=$?
[ $rc -le 1 ] || bad "exit $rc"
[ -f "$tmp/m.prom" ] || bad "no metrics file"
[ "$(stat -c %a "$tmp/m.prom")" = 644 ] || bad "metrics file mode $(stat -c %a "$tmp/m.prom")"
ls "$tmp" | grep -q 'm.prom.tmp' && bad "a temporary metrics file was left"

# the format: HELP and TYPE before each sample, numeric values
awk '
  /^# HELP / { help[$3] = 1; next }
  /^# TYPE / { type[$3] = $4; next }
  /^#/ { next }
  NF == 0 { next }
  {
    name = $1; sub(/\{.*/, "", name)
    if (!(name in help) || !(name in type)) { print "no HELP/TYPE for " name; bad = 1 }
    if (name !~ /^[a-zA-Z_:][a-zA-Z0-9_:]*$/) { print "bad name " name; bad = 1 }
    if ($NF !~ /^-?[0-9.]+(e[-+]?[0-9]+)?$/) { print "bad value " $0; bad = 1 }
    n++
  }
  END { if (n < 20) { print "only " n " samples"; bad = 1 } exit bad }
' "$tmp/m.prom" || bad "metrics file is not Prometheus text format"

# the same counts as the JSON report
for pair in files_scanned:envscan_files_scanned bytes:envscan_bytes \
            definitions:envscan_definitions errors:envscan_findings_error \
            warnings:envscan_findings_warning; do
  j=${pair%%:*} m=${pair#*:}
  want=$(grep -o "\"$j\":[0-9]*" "$tmp/r.json" | tail -n 1 | cut -d: -f2)
  got=$(awk -v n="$m" '$1 == n { printf "%.0f", $2 }' "$tmp/m.prom")
  [ -n "$want" ] && [ "$want" = "$got" ] || bad "$m is '$got', the report says '$want'"
done
grep -q '^envscan_exit_code '"$rc"'$' "$tmp/m.prom" || bad "envscan_exit_code is not $rc"
grep -q '^envscan_build_info{version="[^"]*",kernel="[a-z0-9]*",affinity="none",io="[a-z_]*"} 1$' \
  "$tmp/m.prom" || bad "no envscan_build_info"

# --stats: every part of the block
for part in "envscan: stats" "  files " "  bytes " "  variables " "  findings " "  time " \
            "  stages     walk " "  rates " "  per file   p50 " "  memory     peak RSS " \
            "  engine     kernel "; do
  grep -qF -- "$part" "$tmp/err" || bad "--stats lacks '$part'"
done
files=$(grep -o '"files_scanned":[0-9]*' "$tmp/r.json" | cut -d: -f2)
grep -q "^  files      $files scanned" "$tmp/err" || bad "--stats: files scanned is not $files"

# progress: forced, with the delay shortened, a line is drawn and cleared
ENVSCAN_PROGRESS_DELAY_MS=0 "$envscan" --progress --no-analysis -f json "$tree" \
  >/dev/null 2>"$tmp/prog"
grep -q $'\rscanning: [0-9]* files, [0-9.]* MB, [0-9.]* MB/s' "$tmp/prog" ||
  bad "no progress line with --progress"
grep -qF $'\r\033[K' "$tmp/prog" || bad "the progress line is not cleared"
# not in a pipe, not with --no-progress
ENVSCAN_PROGRESS_DELAY_MS=0 "$envscan" -f json "$tree" >/dev/null 2>"$tmp/noprog"
grep -q 'scanning:' "$tmp/noprog" && bad "a progress line in a pipe"
ENVSCAN_PROGRESS_DELAY_MS=0 "$envscan" --no-progress -f json "$tree" >/dev/null 2>"$tmp/noprog"
grep -q 'scanning:' "$tmp/noprog" && bad "a progress line with --no-progress"

# a metrics path that cannot be written is an error, said once
"$envscan" --metrics "$tmp/no/such/dir/m.prom" -f json "$tree" >/dev/null 2>"$tmp/err2"
[ $? -eq 2 ] || bad "an unwritable metrics path did not fail the run"
grep -q "cannot write the metrics to $tmp/no/such/dir/m.prom" "$tmp/err2" || bad "no message"

[ $fail -eq 0 ] && echo "runinfo.sh: stats, metrics and progress as documented"
exit $fail
