# --prune removes the lines of keys no env file defines
printf '# app\nPORT=\nOLD=x # gone\nKEEP=1\n' > .env.example
printf 'PORT=1\nKEEP=2\n' > .env
