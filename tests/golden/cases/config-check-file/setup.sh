# config check FILE; a YAML syntax error
printf 'scan:\n  exclude: [svc\n' > ci.yml
