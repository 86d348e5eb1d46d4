mkfifo .env
printf 'A=1\0binary\n' > bin.env
mkdir -p d && ln -s .. d/loop
printf 'OK=1\n' > d/.env
ln -s d/.env link.env
