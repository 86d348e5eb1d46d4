# A tree with every kind of link: compose env_file (string, list, long
# form, optional and missing, a target not named like an env file, one
# the walk reads as INI, an ignored one, one escaping the root), systemd
# EnvironmentFile= (optional absolute, relative, specifier), Kubernetes
# envFrom and valueFrom to objects in another file, a missing Secret, a
# missing key and a namespace that does not match.
mkdir -p app/config app/k8s app/deploy
cd app
git init -q . 2>/dev/null || true
printf 'ignored.env\n' > .gitignore
cat > compose.yaml <<'X'
services:
  web:
    image: nginx
    env_file: ./web.env
  api:
    env_file:
      - config/api
      - path: ./optional-missing.env
        required: false
      - path: config/../required-missing.env
      - ../../outside.env
      - config/app.conf
      - ignored.env
  worker:
    env_file: ${WORKER_ENV:-./web.env}
X
printf 'WEB_PORT=8080\n' > web.env
printf '# not an env name: read because compose names it\nAPI_KEY=abc\nAPI_URL=http://api\n' > config/api
printf 'CONF_LEVEL=debug\n' > config/app.conf
printf 'SECRET_TOKEN=t0k3n\n' > ignored.env
printf 'NEVER=read\n' > ../outside.env
cat > deploy/app.service <<'X'
[Service]
EnvironmentFile=-/etc/default/app
EnvironmentFile=app.env
EnvironmentFile=%h/.config/app.env
ExecStart=/usr/bin/app
X
cat > k8s/deploy.yaml <<'X'
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: prod}
spec:
  template:
    spec:
      containers:
        - name: app
          envFrom:
            - configMapRef: {name: app-config}
              prefix: APP_
            - secretRef: {name: app-secret}
            - secretRef: {name: maybe, optional: true}
            - configMapRef: {name: staging-only}
          env:
            - name: LEVEL
              valueFrom: {configMapKeyRef: {name: app-config, key: LEVEL}}
            - name: COLOR
              valueFrom: {configMapKeyRef: {name: app-config, key: COLOR}}
X
cat > k8s/config.yaml <<'X'
apiVersion: v1
kind: ConfigMap
metadata: {name: app-config, namespace: prod}
data:
  LEVEL: info
---
apiVersion: v1
kind: ConfigMap
metadata: {name: staging-only, namespace: staging}
data:
  X: "1"
X
