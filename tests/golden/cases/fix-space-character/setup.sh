# --fix --dry-run, lint-space-character alone: the diff of bad.env (and edge.env);
# good.env needs nothing
bash "$GOLDEN_TREES/../cases/lint-space-character/setup.sh"
# the blanks after '=' stay when a '#' follows them (python: K=#x is "#x")
printf '%s' 'A= # c
B = #c
C	=	x
' > edge.env
