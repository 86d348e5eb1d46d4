# the template may be called .env.sample or .env.dist: that one is
# updated, no .env.example is made; .env.production.example pairs with
# .env.production (drift's pairing)
printf 'A=\n' > .env.sample
printf 'A=1\nB=2\n' > .env
printf 'P=\n' > .env.production.example
printf 'P=1\nQ=2\n' > .env.production
