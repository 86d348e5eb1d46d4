# a directory without write permission: no temporary file, no rewrite (exit 2)
mkdir ro
printf 'A=1  \n' > ro/.env
chmod 555 ro
