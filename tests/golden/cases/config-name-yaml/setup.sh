printf "a: 1\n" > settings.yml
