# sync writes and says what changed per template (a new template: "new file")
mkdir sub
printf '# app\nPORT=8080 # placeholder\nOLD=x\n' > .env.example
printf 'PORT=1\nAPI_TOKEN=sk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0\nDB_URL=postgres://u:p@h/db\n' > .env
printf 'LOCAL_ONLY=1\nPORT=2\n' > .env.local
printf 'A=1\nB=2\n' > sub/.env
