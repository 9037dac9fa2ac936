#!/usr/bin/env bash
# Prints an access token for USER from the local Keycloak (password = user name; local only).
#   TOKEN=$(deploy/local/token.sh admin)
set -euo pipefail
user="${1:?usage: token.sh USER   (admin, operator, viewer, acme-admin)}"
password="${2:-$user}"
url="${WK_OIDC_URL:-http://127.0.0.1:8180/realms/watchkeeper}/protocol/openid-connect/token"
response="$(curl -sS -X POST "$url" -d grant_type=password -d client_id=watchkeeper-cli \
  --data-urlencode "username=$user" --data-urlencode "password=$password")"
token="$(printf '%s' "$response" | sed -nE 's/.*"access_token":"([^"]+)".*/\1/p')"
[ -n "$token" ] || { echo "no token for $user: $response" >&2; exit 1; }
printf '%s\n' "$token"
