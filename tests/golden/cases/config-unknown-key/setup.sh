# an unknown key: the nearest key of that level is suggested
printf 'scan:\n  exlude: [svc]\n' > envscan.yml
