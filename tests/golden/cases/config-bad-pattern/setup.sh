# a custom pattern that does not compile: an error at its line and column
printf 'rules:\n  secrets:\n    custom:\n      - id: secret-acme\n        keywords: [acme_]\n        pattern: "acme_[a-z"\n' > envscan.yml
printf 'A=1\n' > .env
