# --fix --dry-run, lint-value-without-quotes alone: the diff of bad.env (and edge.env);
# good.env needs nothing
bash "$GOLDEN_TREES/../cases/lint-value-without-quotes/setup.sh"
# quotes that keep the value: "..." around a ' or a $; none when both
# quote kinds or a backslash are in it
printf '%s' 'A=it'"'"'s here
B=a $HOME
C=it'"'"'s "x"
D=a\ b
E=a b # comment
' > edge.env
