# config init never overwrites
printf 'scan: {}\n' > envscan.yml
