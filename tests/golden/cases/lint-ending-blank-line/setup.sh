# bad.env triggers lint-ending-blank-line, good.env does not
printf '%s' 'A=1
B=2' > bad.env
printf '%s' 'A=1
B=2
' > good.env
