# compose: both environment forms, pass-through, anchors and merge keys
# from an x- extension, flow style, block scalars, interpolation (nested,
# escaped, invalid), env_file forms, CRLF, tabs, a second document.
cat > compose.yaml <<'X'
x-base: &base
  environment: &env
    SHARED: from-anchor
    LEVEL: ${LOG_LEVEL:-info}
  env_file: [common.env]
x-extra: &extra {EXTRA: "1", OTHER: ~}
services:
  web:
    <<: *base
    image: "nginx:${TAG-latest}"
    command: echo $$HOME $HOME ${A:+set} ${B?need b} ${C:?need c}
  api:
    environment:
      <<: [*extra, *env]
      OTHER: own
      PORT: 8080
      DEBUG: true
      RATIO: 1.5
      EMPTY: ""
      NULLED: null
      PASS:
      QUOTED: 'single ''quoted'' ${Q}'
      LIT: |
        first ${L1}
        second $L2
      FOLD: >-
        folded
        text
    env_file:
      - path: ./api.env
        required: false
      - local.env
  worker:
    environment:
      - KEY=value
      - JUST_KEY
      - EMPTY_VAL=
      - EQ=a=b=c
      - "QUOTED=x ${NESTED:-${INNER:-deep}}"
      - =novalue
      - 42
      - {not: scalar}
    env_file: worker.env
    labels: [ "${BAD", "${}", "${1X}", "${X:y}", "$$${ESC}", "cost $5" ]
  flow: {environment: [F1=1, F2], image: "img:${V}"}
  empty:
  notmap: [1, 2]
X
printf 'services:\r\n  crlf:\r\n    environment:\r\n      A:\t"tab after colon"\r\n      B: ${CR}\r\n' > compose.crlf.yml
printf 'services:\n  one:\n    environment: [D1=x]\n---\nservices:\n  two:\n    environment: {D2: "${Y}"}\n' > docker-compose.multi.yml
