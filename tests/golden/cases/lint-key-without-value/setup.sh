# bad.env triggers lint-key-without-value, good.env does not
printf '%s' 'FOO
BAR # comment
' > bad.env
printf '%s' 'FOO=
BAR=1
' > good.env
