# Bounds and broken input: an alias bomb, deep nesting, a syntax error
# after a good document, an undefined alias, a bad merge, invalid UTF-8,
# a tab where YAML forbids it.
python3 - <<'PY'
lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]']
for i in range(1, 10):
    lines.append('a%d: &a%d [%s]' % (i, i, ', '.join(['*a%d' % (i - 1)] * 10)))
open('compose.yml', 'w').write('x-bomb:\n' + ''.join('  %s\n' % l for l in lines) +
    'services:\n  s:\n    environment: [LOST=1]\n---\nservices:\n  t:\n    environment: [KEPT=2]\n')
open('deep.yaml', 'w').write('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\ndata: {BEFORE: v}\n---\n'
    'apiVersion: v1\nkind: ConfigMap\nx: ' + '[' * 100000 + ']' * 100000 + '\n')
PY
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {GOOD: 1}\n---\napiVersion: v1\nkind: ConfigMap\ndata: {A: [1, 2}\n' > syntax.yaml
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  A: *nowhere\n' > alias.yaml
printf 'services:\n  s:\n    environment:\n      <<: just-a-string\n      K: v\n' > compose.merge.yml
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: u}\ndata: {K: "caf\xe9"}\n' > utf8.yaml
printf 'services:\n\ts:\n    environment: [T=1]\n' > docker-compose.tab.yml
