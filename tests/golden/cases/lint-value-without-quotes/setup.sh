# bad.env triggers lint-value-without-quotes, good.env does not
printf '%s' 'A=a b
B=x	y
' > bad.env
printf '%s' 'A="a b"
B=ab
C=ab # a comment
' > good.env
