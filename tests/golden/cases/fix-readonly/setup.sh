# a file without write permission is not rewritten, even by root (exit 2)
printf 'A=1  \n' > ro.env
chmod 444 ro.env
