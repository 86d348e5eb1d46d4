# bad.env triggers lint-quote-character, good.env does not
printf '%s' 'A="abc"
B='"'"'x'"'"'
C=""
' > bad.env
printf '%s' 'A="a b"
B="${X}"
C=abc
D="a#b"
' > good.env
