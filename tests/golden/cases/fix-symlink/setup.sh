# a symbolic link is not written through (exit 2); its target, walked
# as a file of its own, is fixed
mkdir real
printf 'A=1  \n' > real/target.env
ln -s real/target.env link.env
