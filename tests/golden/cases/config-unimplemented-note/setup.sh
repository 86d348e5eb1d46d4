# a scan that reads settings not implemented yet says so on stderr, once
printf 'performance:\n  io: io_uring\ncache:\n  enabled: true\n' > envscan.yml
printf 'A=1\n' > .env
