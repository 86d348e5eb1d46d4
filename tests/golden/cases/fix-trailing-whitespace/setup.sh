# --fix --dry-run, lint-trailing-whitespace alone: the diff of bad.env (and edge.env);
# good.env needs nothing
bash "$GOLDEN_TREES/../cases/lint-trailing-whitespace/setup.sh"
# a silenced line keeps its blanks
printf '%s' '# envscan:ignore-next-line trailing-whitespace
A=1  
B=2  
' > edge.env
