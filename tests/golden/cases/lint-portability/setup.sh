# bad.env triggers lint-portability, good.env does not
printf '%s' 'A=1
bare
C=a#b
D="x" # c
E="two
lines"
' > bad.env
printf '%s' 'A=1
C=a #b
D="x" # c
E=
' > good.env
