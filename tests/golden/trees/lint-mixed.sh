# A .env with findings of every lint rule but unknown-rule (lint-* cases)
printf '%s' 'B=1
A=2
lower=1
FOO-BAR=1
SP = 1
VW=a b
Q="q"
T=1 


BARE
Z=${X' > .env
