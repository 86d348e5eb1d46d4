# syntax=docker/dockerfile:1
ARG BASE_IMAGE=node:20-slim
ARG NPM_TOKEN
FROM ${BASE_IMAGE} AS deps
ENV NODE_ENV=production \
    # a comment inside the continuation
    PORT=3000 MSG="hello world" \

    PATH=/app/node_modules/.bin:$PATH
env LEGACY_KEY legacy value, the whole rest
RUN --mount=type=secret,id=npm echo $NOT_EXPANDED_BY_DOCKER \
    && npm ci
RUN <<EOT bash
ENV NOT_AN_INSTRUCTION=1
echo $HEREDOC_VAR
EOT
COPY --chown=${APP_USER:-node} . /app
FROM deps AS test
ENV NODE_ENV=test NODE_ENV=ci
LABEL org.opencontainers.image.version="${VERSION}" note='$NOT_REF'
FROM scratch
ARG BUILD_DATE
ENV EMPTY= QUOTED='single $NOT' ESCAPED=a\ b
WORKDIR ${HOME}/app
ONBUILD ENV TRIGGER=$LATER
EXPOSE $PORT
