# A repository whose variables meet in several environments: node's
# layered .env files, a compose service, a Kubernetes container and a
# systemd unit, each made of more than one place (conflict, inventory).
mkdir -p web deploy etc/default k8s
# node's layering: .env < .env.local < .env.MODE < .env.MODE.local
printf 'A=base\nB=base\nC=base\n' > web/.env
printf 'B=local\n' > web/.env.local
printf 'C=prod\nA=prod\n' > web/.env.production
printf 'A=prodlocal\n' > web/.env.production.local
printf 'C=test\n' > web/.env.test
printf 'A=\nB=\nC=\nD=\n' > web/.env.example
printf 'const a = process.env.A, d = process.env.D;\n' > web/app.js
# compose: env_file files in order, then environment: wins
cat > compose.yaml <<'Y'
services:
  api:
    image: api
    env_file:
      - ./api.env
      - ./api.local.env
    environment:
      DB_HOST: db
      PORT: "8080"
      SAME: "1"
      FROM_SHELL:
      INTERP: ${INTERP:-x}
Y
printf 'DB_HOST=localhost\nSAME=1\nFROM_SHELL=file\nINTERP=y\n' > api.env
printf 'PORT=9090\n' > api.local.env
# systemd: Environment=, then EnvironmentFile= wins
printf '[Service]\nEnvironment=LEVEL=debug KEEP=1\nEnvironmentFile=/etc/default/app\n' > deploy/app.service
printf 'LEVEL=info\nKEEP=1\n' > etc/default/app
# Kubernetes: envFrom objects in order (with a prefix), then env: wins
cat > k8s/app.yaml <<'Y'
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  MODE: fast
  RETRIES: "3"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  template:
    spec:
      containers:
        - name: main
          envFrom:
            - configMapRef:
                name: settings
            - configMapRef:
                name: settings
              prefix: CFG_
          env:
            - name: MODE
              value: slow
            - name: CFG_RETRIES
              value: "3"
Y
