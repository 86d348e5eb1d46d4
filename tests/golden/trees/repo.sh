# A small git repository: nested env files, a .gitignore, hidden and
# ignored directories, a .git entry, a non-env file, CRLF. Run in an empty dir.
git init -q .
printf '.env.local\nbuild/\n' > .gitignore
printf 'APP=demo\nPORT=8080 # http\nPORT=9090\n' > .env
printf 'SECRET="not-a-real-one"\n' > .env.local
printf 'EXAMPLE=\n' > .env.example
mkdir -p svc/api build .hidden .git/x
printf 'export DB_URL=postgres://localhost/db\nDB_POOL: 5\nnot valid\n' > svc/api/prod.env
printf 'X=1\n' > build/.env
printf 'H=1\n' > .hidden/.env
printf 'G=1\n' > .git/x/.env
printf 'const a = process.env.APP\n' > svc/api/index.js
printf 'K=v\r\nM="two\r\nlines"\r\n' > svc/win.env
