# dotenv-committed: a tracked .env, an untracked one no rule ignores, an
# ignored one, a template and a file without values (neither reported),
# and a nested repository whose own index decides for its files.
export GIT_CONFIG_NOSYSTEM=1 HOME=/nonexistent
git init -q .
mkdir -p sub nested
printf 'DB_PASSWORD=hunter2\nPORT=1\n' > .env
printf 'TOKEN=abc\n' > sub/.env.local
printf 'SECRET=1\n' > ignored.env
printf 'ignored.env\n' > .gitignore
printf 'DB_PASSWORD=\nPORT=\n' > .env.example
printf 'EMPTY=\n' > empty.env
git add .env .gitignore .env.example empty.env
git -C nested init -q .
printf 'N=1\n' > nested/.env
git -C nested add .env
