# the effective settings: defaults, the file (with lines), the command line
bash "$GOLDEN_TREES/config-secrets.sh"
printf 'performance:\n  threads: 3\n  io: mmap\n' > other.yml
