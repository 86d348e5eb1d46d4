#!/bin/sh
export A=1 B="two words" C
D='lit $X' E="dq $HOME \$esc" F=$(date +%s) G=`id -u` cmd arg
# K=comment
cat <<EOF2 >out
H=not a def $IN_DOC ${IN_DOC2:-x}
EOF2
cat <<'Q'
NOT=$NOT_USED
Q
declare -rx R=ro
typeset -x T
f() { local L=1; if true; then IN_IF=yes; fi; }
echo "${#LEN} ${X:?err} $1 $@ $? $$ ${Y:+a}" 'sq $NO'
P+=":/x"
W=a\
b
case $v in
  a) CASE=1 ;;
  *) OTHER=2 ;;
esac
env E1=1 E2=2 make all
