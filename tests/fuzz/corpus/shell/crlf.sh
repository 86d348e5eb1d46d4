#!/usr/bin/env bash
ANSI=$'tab\there\nnl\x41\u00e9'
LOC=$"hello"
ARR=(one two $ELEM)
PLAIN=value
