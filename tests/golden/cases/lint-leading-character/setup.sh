# bad.env triggers lint-leading-character, good.env does not
printf '%s' '1FOO=1
  BAR=2
.BAZ=3
' > bad.env
printf '%s' '_FOO=1
BAR=2
export BAZ=3
' > good.env
