# --fix --dry-run, lint-unordered-key alone: the diff of bad.env (and edge.env);
# good.env needs nothing
bash "$GOLDEN_TREES/../cases/lint-unordered-key/setup.sh"
# a comment right above a group may be about its first key: not moved;
# inline comments move with their line; silenced lines stay
printf '%s' '# about D
D=1
C=2

Z=1 # zed
Y=2
X=3

Q=1 # envscan:ignore-line unordered-key
P=2
' > edge.env
