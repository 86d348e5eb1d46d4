#!/bin/sh
# Start the development stack. Not an env file: envscan does not read it,
# even though it sets variables.
export COMPOSE_PROJECT_NAME=lighthouse
docker compose up -d db redis
exec npm run dev
