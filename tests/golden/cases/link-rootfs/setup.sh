# A scanned image: the root is the unit's machine's /. EnvironmentFile=
# paths are looked up under it: /etc/default/app is read (its name is not
# an env name) and linked; /etc/app/missing.env is not there; %h needs the
# machine.
mkdir -p rootfs/etc/systemd/system rootfs/etc/default
cat > rootfs/etc/systemd/system/app.service <<'X'
[Service]
EnvironmentFile=/etc/default/app
EnvironmentFile=-/etc/app/missing.env
EnvironmentFile=%h/app.env
Environment=MODE=prod
ExecStart=/usr/bin/app
X
printf 'APP_PORT=8080\nAPP_HOST="0.0.0.0"\n' > rootfs/etc/default/app
