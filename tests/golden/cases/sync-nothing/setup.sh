# nothing to do: every key is in the template already
printf 'A=\n' > .env.example
printf 'A=1\n' > .env
