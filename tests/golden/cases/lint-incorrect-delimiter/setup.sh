# bad.env triggers lint-incorrect-delimiter, good.env does not
printf '%s' 'FOO-BAR=1
FOO.BAZ=2
' > bad.env
printf '%s' 'FOO_BAR=1
_X9=2
' > good.env
