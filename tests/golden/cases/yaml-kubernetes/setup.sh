# Kubernetes: workloads of every pod-template shape, env/valueFrom/envFrom,
# $(VAR), ConfigMap, Secret (base64 good and bad, stringData), a List-less
# multi-document file, a non-Kubernetes YAML file, Helm templates.
mkdir -p k8s chart/templates
cat > k8s/app.yaml <<'X'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      initContainers:
        - name: migrate
          env: [{name: DB, value: "postgres://db"}]
      containers:
        - name: app
          command: ["sh", "-c", "run $(GREETING) $(LATER) $$(ESCAPED) $(UNDEFINED)"]
          args: ["--x=$(GREETING)"]
          env:
            - name: GREETING
              value: hello
            - name: MSG
              value: "$(GREETING) and $(LATER)"
            - name: LATER
              value: "2"
            - name: NO_VALUE
            - name: PASSWORD
              valueFrom:
                secretKeyRef: {name: db, key: password}
            - name: NODE
              valueFrom: {fieldRef: {fieldPath: spec.nodeName}}
            - value: nameless
        - env:
            - name: SIDE
              value: car
          envFrom:
            - configMapRef: {name: shared}
            - secretRef: {name: creds}
              prefix: CREDS_
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: job
              env: [{name: SCHEDULE, value: "0 3 * * *"}]
---
# a comment-only document is empty
---
apiVersion: v1
kind: Pod
metadata: {name: solo}
spec:
  containers: [{name: c, env: [{name: P, value: "1"}]}]
  ephemeralContainers: [{name: debug, env: [{name: E, value: dbg}]}]
X
cat > k8s/config.yml <<'X'
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  LOG_LEVEL: debug
  app.properties: |
    a=1
    b=2
binaryData:
  blob: AAEC
---
apiVersion: v1
kind: Secret
metadata:
  name: db
type: Opaque
data:
  password: aHVudGVyMg==
  multi: |
    bGluZSBvbmUK
    bGluZSB0d28=
  broken: not*base64
  short: abc
stringData:
  user: admin
X
# not a Kubernetes object: named like configuration, so read as generic
# YAML config (docs/config.md)
printf 'just: config\nlist: [1, 2]\n' > settings.yaml
cat > chart/templates/deployment.yaml <<'X'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
spec:
  template:
    spec:
      containers:
        - name: app
          env:
            - name: FROM_VALUES
              value: {{ .Values.x | quote }}
{{- range .Values.extraEnv }}
            - name: {{ .name }}
{{- end }}
X
cat > chart/templates/configmap.yaml <<'X'
apiVersion: v1
kind: ConfigMap
metadata:
  name: "{{ .Release.Name }}-cfg"
data:
  URL: "https://{{ .Values.host }}/api"
  PLAIN: value
X
