# rules.severity turns duplicate-key into an error (exit 1 at the default --fail-on)
printf 'rules:\n  severity:\n    duplicate-key: error\n  disable: [lint-value-without-quotes]\n' > .envscan.yml
printf 'A=1\nA=2\nB=x y\n' > .env
