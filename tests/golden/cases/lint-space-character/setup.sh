# bad.env triggers lint-space-character, good.env does not
printf '%s' 'A =1
B= 2
C = 3
' > bad.env
printf '%s' 'A=1
B="a = b"
' > good.env
