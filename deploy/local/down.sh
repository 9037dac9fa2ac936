#!/usr/bin/env bash
# Stops exactly what deploy/local/up.sh started.
exec "$(dirname "${BASH_SOURCE[0]}")/up.sh" stop
