# scan.exclude from envscan.yml skips a directory, as --exclude does
bash "$GOLDEN_TREES/repo.sh"
printf 'scan:\n  exclude:\n    - svc\n' > envscan.yml
