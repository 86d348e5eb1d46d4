# python expands in file order: without its first A, B would read an empty
# A. The safety net refuses the file (exit 2) and names the key; the
# other file is fixed.
printf '%s' 'A=1
B=${A}
A=2
' > .env
printf '%s' 'X=1
X=2
' > other.env
