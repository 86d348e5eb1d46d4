#!/usr/bin/env bash
# Baselines through the command (docs/reports.md): a baseline written for
# a tree still suppresses every diagnostic after lines are inserted above
# each of them (fingerprints hold no line), a value changed on a
# baselined line brings its findings back (a new value, a new
# fingerprint), the baseline holds no values and is mode 0600, and a
# malformed or unreadable baseline is an error that names the file.
# Usage: baseline.sh ENVSCAN_BIN GOLDEN_TREES_DIR
set -u
bin=$(realpath "$1") trees=$(realpath "$2")
export NO_COLOR=1 LC_ALL=C
fail=0
bad() { echo "FAIL: $*"; fail=1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for tree in repo lint-mixed analysis-missing analysis-drift links; do
  dir="$tmp/$tree"
  mkdir -p "$dir"
  (cd "$dir" && bash "$trees/$tree.sh") >/dev/null 2>&1 || { bad "$tree: setup"; continue; }
  rm -rf "$dir/.git"
  args=(--no-timing --lint=all --fail-on info)
  (cd "$dir" && "$bin" "${args[@]}" -f csv . >"$tmp/before.csv" 2>/dev/null)
  total=$(($(wc -l <"$tmp/before.csv") - 1))
  [ "$total" -gt 0 ] || { bad "$tree: no diagnostics to baseline"; continue; }
  (cd "$dir" && "$bin" "${args[@]}" --write-baseline "$tmp/$tree.baseline" . >/dev/null 2>&1)
  rc=$?
  [ $rc -eq 0 ] || bad "$tree: --write-baseline exit $rc, want 0"
  [ "$(stat -c %a "$tmp/$tree.baseline")" = 600 ] || bad "$tree: the baseline is not mode 0600"
  for secret in not-a-real-one postgres://localhost 8080; do
    ! grep -q "$secret" "$tmp/$tree.baseline" || bad "$tree: the baseline holds the value '$secret'"
  done
  n=$(grep -c '"fingerprint":"[0-9a-f]\{32\}"' "$tmp/$tree.baseline")
  [ "$n" -eq "$total" ] || bad "$tree: $n baseline entries for $total diagnostics"

  # lines above every finding: a blank line on top of each file, and a
  # comment in the env files (one blank line: two would be a new lint)
  find "$dir" -type f | while read -r f; do
    case "$(basename "$f")" in
      *.env|.env*|env) { printf '\n# inserted above\n'; cat "$f"; } >"$f.new" ;;
      *) { printf '\n'; cat "$f"; } >"$f.new" ;;
    esac
    mv "$f.new" "$f"
  done
  (cd "$dir" && "$bin" "${args[@]}" -f csv . >"$tmp/moved.csv" 2>/dev/null)
  git --no-pager diff --no-index -U0 "$tmp/before.csv" "$tmp/moved.csv" | grep -q '^+[^+]' ||
    bad "$tree: inserting lines changed nothing (the test would prove nothing)"
  out=$(cd "$dir" && "$bin" "${args[@]}" --baseline "$tmp/$tree.baseline" . 2>&1)
  rc=$?
  [ $rc -eq 0 ] || bad "$tree: exit $rc after moving lines, want 0"
  grep -q "0 errors, 0 warnings; $total baselined" <<<"$out" ||
    bad "$tree: the summary does not say 0 errors, 0 warnings; $total baselined: $(tail -1 <<<"$out")"
  out=$(cd "$dir" && "$bin" "${args[@]}" --baseline "$tmp/$tree.baseline" -f csv . 2>/dev/null)
  [ "$(wc -l <<<"$out")" -eq 1 ] || bad "$tree: diagnostics left after moving lines:
$out"
  json=$(cd "$dir" && "$bin" "${args[@]}" --baseline "$tmp/$tree.baseline" -f json . 2>/dev/null)
  grep -q "\"baselined\":$total" <<<"$json" || bad "$tree: JSON stats lack \"baselined\":$total"
done

# a value changed on a baselined line: its findings come back, the rest stay out
dir="$tmp/repo"
sed -i 's/^PORT=8080/PORT=8081/' "$dir/.env"
out=$(cd "$dir" && "$bin" --no-timing --lint=all --fail-on warning --baseline "$tmp/repo.baseline" \
      -f csv . 2>/dev/null)
rc=$?
[ $rc -eq 1 ] || bad "changed value: exit $rc, want 1"
grep -q '^warning,duplicate-key,\.env,[0-9]*,1,PORT,' <<<"$out" ||
  bad "changed value: the duplicate-key finding is not back:
$out"
others=$(tail -n +2 <<<"$out" | grep -v ',\.env,[0-9]*,[0-9]*,PORT,')
[ -z "$others" ] || bad "changed value: findings about other keys came back:
$others"

# a new link problem among baselined ones of the same code and file: the
# new one is reported (its target is in the fingerprint), not another
dir="$tmp/links"
rm "$dir/app/web.env"
out=$(cd "$dir" && "$bin" --no-timing --lint=all --baseline "$tmp/links.baseline" -f csv . 2>/dev/null)
[ "$(tail -n +2 <<<"$out" | wc -l)" -eq 1 ] && grep -q 'env_file \./web\.env: no such file' <<<"$out" ||
  bad "a new missing env_file: not the one reported:
$out"

# errors: malformed, unreadable, another salt
printf '{"baseline_version":1,\n"entries":[' >"$tmp/bad.json"
err=$("$bin" --baseline "$tmp/bad.json" "$dir" 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] && grep -q "^envscan: $tmp/bad.json:2:[0-9]*: " <<<"$err" ||
  bad "malformed baseline: exit $rc, '$err'"
err=$("$bin" --baseline "$tmp/none.json" "$dir" 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] && grep -q "$tmp/none.json: cannot read the baseline" <<<"$err" ||
  bad "missing baseline: exit $rc, '$err'"
err=$("$bin" --fingerprint-salt other --baseline "$tmp/repo.baseline" "$dir" 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] && grep -q "another fingerprint salt" <<<"$err" ||
  bad "another salt: exit $rc, '$err'"
err=$(ENVSCAN_FINGERPRINT_SALT=other "$bin" --baseline "$tmp/repo.baseline" "$dir" 2>&1 >/dev/null)
rc=$?
[ $rc -eq 2 ] || bad "ENVSCAN_FINGERPRINT_SALT is not used: exit $rc"
err=$("$bin" --baseline "$tmp/repo.baseline" --write-baseline "$tmp/x" "$dir" 2>&1); rc=$?
[ $rc -eq 2 ] || bad "--baseline with --write-baseline: exit $rc, want 2"

[ $fail -eq 0 ] && echo "baseline: all checks passed"
exit $fail
