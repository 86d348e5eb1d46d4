# definitions, usages, heredocs, functions, case, prefix assignments
cat > deploy.sh <<'X'
#!/bin/sh
# DEPLOY=commented out
export APP_ENV=production PORT=8080 HOME
API_URL="https://api.example.com/v1"  # trailing comment
LOG_DIR=${XDG_STATE_HOME:-$HOME/.local/state}/app
BUILD_ID=$(git rev-parse --short HEAD) STAMP=`date +%s` make release
cat <<EOF > config.ini
NOT_A_DEF=1
url=${API_URL}/health $UNSET_IN_DOC
EOF
cat <<'RAW'
ALSO_NOT=$NOT_READ
RAW
	cat <<-TABS
	TAB_BODY=$TAB_VAR
	TABS
setup() {
  local TMP_DIR=/tmp/x
  if [ -z "${CI:-}" ]; then
    CI_MODE=local
  fi
}
case "$1" in
  start) ACTION=start ;;
  stop|halt) ACTION=stop ;;
  *) echo "usage: $0 ${#ARGS} $@ $? $$ $# $* $- $! ${10}" ;;
esac
env -i PATH=/usr/bin HOME=/root sh -c 'echo $INSIDE'
declare -x DECLARED=yes
declare -rx READONLY_EXPORTED=1
typeset -x TYPESET
readonly FROZEN=ice
export -n UNEXPORTED
PATH+=":/opt/bin"
echo "${WIDTH:?no width} ${HEIGHT:+set} ${DEPTH:=1}" 'literal $SINGLE'
X
