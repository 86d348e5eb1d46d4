# duplicate-key: the overridden, earlier definitions go (their lines);
# the last one stays where it is
printf '%s' '# db
A=1
B=2
A=3 # override
C=1
C=2
C=3
' > bad.env
printf '%s' 'A=1
B=2
' > good.env
