# --fix --dry-run, lint-extra-blank-line alone: the diff of bad.env (and edge.env);
# good.env needs nothing
bash "$GOLDEN_TREES/../cases/lint-extra-blank-line/setup.sh"
# blank lines inside a quoted value are value; trailing blank lines go
printf '%s' 'A="x


y"
B=1


' > edge.env
