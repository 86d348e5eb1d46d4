# sync --dry-run: keys of the env files appended to the template under a
# comment naming their file; values never copied (the secret stays out);
# keys only in the template are stale and kept; a subdirectory without a
# template gets a new .env.example (here: shown as a diff from nothing)
mkdir sub
printf '# app\nPORT=8080 # placeholder\nOLD=x\n' > .env.example
printf 'PORT=1\nAPI_TOKEN=sk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0\nDB_URL=postgres://u:p@h/db\n' > .env
printf 'LOCAL_ONLY=1\nPORT=2\n' > .env.local
printf 'A=1\nB=2\n' > sub/.env
