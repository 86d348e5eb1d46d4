# bad.env triggers lint-lowercase-key, good.env does not
printf '%s' 'foo=1
FoO=2
' > bad.env
printf '%s' 'FOO=1
FOO_2=2
' > good.env
