# bad.env triggers lint-unordered-key, good.env does not
printf '%s' 'B=1
A=2
' > bad.env
printf '%s' 'A=1
B=2

A2=1
# group
A1=1
' > good.env
