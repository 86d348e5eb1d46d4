# --fix --dry-run, lint-quote-character alone: the diff of bad.env (and edge.env);
# good.env needs nothing
bash "$GOLDEN_TREES/../cases/lint-quote-character/setup.sh"
# quotes stay where python would read a '#' after them as value
printf '%s' 'A="x"#c
B="y" # c
' > edge.env
