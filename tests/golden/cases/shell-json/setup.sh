# quoting forms and line continuations
cat > quote.sh <<'X'
SQ='single $NOT "dq" \n'
DQ="a \" b \\ c \$ d \` e \x f"
MIX=pre'sq'"dq"post
ESC=a\ b\$c\\d
CONT="first \
second"
SPLIT=one\
two
MULTI="line one
line two"
EMPTY=
EMPTY_Q=""
ANSI=$'not ansi in sh'
SUBST="$(echo "nested $INNER")"
HASH=a#b
COMMENT=x #comment
A=1 B=2
X
