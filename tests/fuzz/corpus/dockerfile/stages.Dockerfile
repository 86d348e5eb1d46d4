# syntax=docker/dockerfile:1
# escape=\
ARG BASE=debian:12
ARG VERSION
FROM ${BASE} AS build
ENV A=1 B="two words" C='sq $NOT' \
    D=$A/bin E=${B:-def} F=esc\ aped
env LEGACY value with  spaces $A
# comment
RUN echo $NOT_A_REF && \
    X=1 make
RUN <<EOT
ENV INSIDE=heredoc
EOT
LABEL version="${VERSION}"
FROM build
ENV A=2 A=3
ONBUILD ENV OB=$VAR
WORKDIR $HOME/app
