#!/usr/bin/env bash
# MaK CRM developer commands. `./mak help` lists them.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

PG_VERSION=15
PG_PORT="${MAK_PG_PORT:-55432}"
PG_BIN="/usr/lib/postgresql/$PG_VERSION/bin"
API_DLL="$ROOT/src/WebApi/bin/Release/net10.0/MakCrm.WebApi.dll"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { printf '\033[1m==> %s\033[0m (at %d s)\n' "$*" "$SECONDS" >&2; }
die() { printf 'mak: %s\n' "$*" >&2; exit 1; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Runs a PostgreSQL server binary as a user it accepts: initdb and postgres refuse to run as root.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

require_tools() {
  command -v dotnet >/dev/null || die "the .NET 10 SDK is required: https://dot.net (dotnet-sdk-10.0)"
  command -v node >/dev/null && command -v npm >/dev/null || die "Node.js 20+ and npm are required"
}

pg_data_dir() {
  if [ -n "${MAK_PGDATA:-}" ]; then echo "$MAK_PGDATA"
  elif [ "$(id -u)" -eq 0 ]; then echo "/var/lib/postgresql/mak-$PG_VERSION"
  else echo "${XDG_DATA_HOME:-$HOME/.local/share}/mak/pg$PG_VERSION"
  fi
}

install_postgres() {
  [ -x "$PG_BIN/postgres" ] && return
  say "Installing PostgreSQL $PG_VERSION from Debian's packages"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "postgresql-$PG_VERSION" >/dev/null
}

# Starts the embedded default: a private cluster on 127.0.0.1:$PG_PORT (trust auth, loopback only), unless MAK_DB is set.
# Exports MAK_DB for the given database name.
ensure_database_server() {
  local database="$1"
  if [ -n "${MAK_DB:-}" ]; then
    say "Using the database in MAK_DB"
    return
  fi
  install_postgres
  local data; data="$(pg_data_dir)"
  if [ ! -s "$data/PG_VERSION" ]; then
    say "Creating a local PostgreSQL $PG_VERSION cluster in $data"
    mkdir -p "$data"
    if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$data"; fi
    as_pg "$PG_BIN/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! as_pg "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    say "Starting PostgreSQL on 127.0.0.1:$PG_PORT"
    start_cluster "$data" "$PG_PORT" 60 || die "PostgreSQL did not start"
  fi
  export MAK_DB="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$database"
}

# Starts the cluster in data directory $1 on 127.0.0.1:$2, waiting up to $3 seconds; further arguments are more
# settings (-c name=value). pg_stat_statements is loaded with its tracking off: a benchmark turns it on for its own
# database only (ALTER DATABASE ... SET pg_stat_statements.track), to show which statements a request sends.
start_cluster() {
  local data="$1" port="$2" wait="$3"; shift 3
  as_pg "$PG_BIN/pg_ctl" -D "$data" -l "$data/server.log" -w -t "$wait" \
    -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=${MAK_PG_FSYNC:-on} \
        -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=none $*" start >/dev/null \
    || { tail -n 20 "$data/server.log" >&2; return 1; }
}

# The key that encrypts the token-signing keys at rest: MAK_KEY_ENCRYPTION_KEY, else one made once for this user.
ensure_key_encryption_key() {
  [ -n "${MAK_KEY_ENCRYPTION_KEY:-}" ] && return
  local dir="${MAK_HOME:-${XDG_CONFIG_HOME:-$HOME/.config}/mak}"
  if [ ! -s "$dir/key-encryption-key" ]; then
    mkdir -p "$dir"
    (umask 077 && head -c 32 /dev/urandom | base64 >"$dir/key-encryption-key")
  fi
  MAK_KEY_ENCRYPTION_KEY="$(cat "$dir/key-encryption-key")"
  export MAK_KEY_ENCRYPTION_KEY
}

# Runs psql against the server in MAK_DB (used only for test-database housekeeping).
admin_sql() {
  local host port user password
  host="$(sed -nE 's/.*Host=([^;]+).*/\1/Ip' <<<"$MAK_DB")"
  port="$(sed -nE 's/.*Port=([^;]+).*/\1/Ip' <<<"$MAK_DB")"
  user="$(sed -nE 's/.*(Username|User ID)=([^;]+).*/\2/Ip' <<<"$MAK_DB")"
  password="$(sed -nE 's/.*Password=([^;]+).*/\1/Ip' <<<"$MAK_DB")"
  PGPASSWORD="$password" psql -X -q -t -A -h "${host:-127.0.0.1}" -p "${port:-5432}" -U "${user:-postgres}" -d postgres -c "$1"
}

drop_test_databases() {
  command -v psql >/dev/null || return 0 # with your own MAK_DB and no psql, leftovers stay: they are named mak_test_*
  local db
  for db in $(admin_sql "SELECT datname FROM pg_database WHERE datname LIKE 'mak\_test\_%' OR datname LIKE 'mak\_ts\_%'"); do
    admin_sql "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null || true
  done
}

# npm ci only when package-lock.json changed since the last install in that folder.
npm_install() {
  local dir="$1" stamp="$1/node_modules/.mak-lock-sha"
  local sha; sha="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sha" ]; then
    say "npm ci in ${dir#"$ROOT"/}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$sha" >"$stamp"
  fi
}

# NSwag reports a failure (a broken template, a contract it cannot read) in its output but exits 0.
run_nswag() {
  local output
  output="$(cd "$ROOT" && npx --no-install nswag run "$1" /runtime:Net100 2>&1)" || { echo "$output" >&2; die "NSwag failed on $1"; }
  if grep -q "Exception" <<<"$output"; then echo "$output" | grep -v "^   at " >&2; die "NSwag failed on $1"; fi
}

generate_from_contract() {
  npm_install "$ROOT"
  say "Generating the server's wire types from api-spec/openapi.yaml"
  (cd "$ROOT" && dotnet run tools/WireTypes/WireTypes.cs -- api-spec/openapi.yaml src/Contracts/Generated/WireTypes.g.cs \
    src/WebApi/Wire/Generated/HttpTypes.g.cs >/dev/null) \
    || die "the server's wire types could not be generated from api-spec/openapi.yaml (see above)"
  # The mappings between the Application and the wire records, read from both (it builds the Application).
  (cd "$ROOT" && dotnet run tools/WireTypes/WireMappings.cs -- api-spec/openapi.yaml src/WebApi/Wire/Generated/WireMappings.g.cs >/dev/null) \
    || die "the mappings of the wire types could not be generated (see above)"
  say "Generating the TypeScript client and the C# SDK from api-spec/openapi.yaml"
  # NSwag reads the contract with its tagged unions in the form it handles (tools/client-types), and their types
  # are made to narrow on `kind` after it.
  local unions="node tools/client-types/client-types.mjs"
  (cd "$ROOT" && $unions nswag-input api-spec/openapi.yaml .mak/nswag/openapi.json)
  run_nswag clients/typescript/nswag.json
  (cd "$ROOT" && $unions typescript api-spec/openapi.yaml clients/typescript/src/generated/client.ts)
  (cd "$ROOT" && node clients/typescript/scripts/contract-extras.mjs)
  run_nswag clients/csharp/nswag.json
  (cd "$ROOT" && $unions csharp api-spec/openapi.yaml clients/csharp/MakCrm.Client/Generated/MakCrmUnions.cs)
  # The C# SDK's problem codes, operations (which take an Idempotency-Key) and cursor pages, read from the contract;
  # and its 304 answers made values instead of exceptions.
  (cd "$ROOT" && dotnet run clients/csharp/tools/SdkContract.cs -- api-spec/openapi.yaml clients/csharp/MakCrm.Client/Generated/MakCrmContract.cs \
    clients/csharp/MakCrm.Client/Generated/MakCrmApiClient.cs >/dev/null)
}

GENERATED=(src/Contracts/Generated src/WebApi/Wire/Generated clients/typescript/src/generated clients/csharp/MakCrm.Client/Generated)

# Fails when regenerating the clients would change any file; leaves the working tree as it was.
check_generated_code() {
  node clients/typescript/scripts/contract-extras.mjs --check || die "clients/typescript is stale: run ./mak generate and commit the result"
  node tools/client-types/client-types.mjs --self-test || die "tools/client-types fails its self-test"
  local saved; saved="$(mktemp -d)"
  local path
  for path in "${GENERATED[@]}"; do mkdir -p "$saved/$path"; cp -a "$path/." "$saved/$path/"; done
  generate_from_contract
  local drift=0
  for path in "${GENERATED[@]}"; do
    if ! diff -r "$saved/$path" "$path" >"$saved/diff.txt"; then
      drift=1
      head -n 40 "$saved/diff.txt" >&2
      rm -rf "$path"; mkdir -p "$path"; cp -a "$saved/$path/." "$path/"
    fi
  done
  rm -rf "$saved"
  [ "$drift" -eq 0 ] || die "the generated code is stale: run ./mak generate and commit the result"
  say "The server's wire types and both clients match api-spec/openapi.yaml"
}

lint_spec() {
  npm_install "$ROOT"
  say "Linting api-spec/openapi.yaml (Spectral, spectral:oas)"
  npx --no-install spectral lint api-spec/openapi.yaml --ruleset .spectral.yaml --fail-severity error --display-only-failures
  say "Linting api-spec/openapi.yaml (Redocly, recommended)"
  npx --no-install redocly lint api-spec/openapi.yaml --config redocly.yaml --format stylish
}

build() {
  say "Building (Release, warnings as errors)"
  dotnet build MakCrm.sln -c Release --nologo -clp:ErrorsOnly
}

cmd_run() {
  local instances=1
  while [ $# -gt 0 ]; do
    case "$1" in
      --instances) instances="${2:-}"; shift $(($# > 1 ? 2 : 1)) ;;
      --instances=*) instances="${1#*=}"; shift ;;
      *) die "usage: ./mak run [--instances N]" ;;
    esac
  done
  [[ "$instances" =~ ^[1-9]$ ]] || die "--instances takes a number from 1 to 9"
  require_tools
  ensure_document_tools
  [ "$instances" -eq 1 ] || ensure_haproxy
  ensure_database_server mak
  ensure_key_encryption_key
  [ "${MAK_SKIP_BUILD:-}" = true ] || dotnet build src/WebApi -c Release --nologo -clp:ErrorsOnly
  local urls="${MAK_URLS:-http://localhost:5080}"
  local mail="${MAK_MAIL_DIR:-$ROOT/.mak/mail}"
  local sms="${MAK_SMS_DIR:-$ROOT/.mak/sms}"
  local metrics_port="${Mak__Metrics__Port:-9464}"
  # A cabinet's development server may call the API from the browser unless origins are configured otherwise.
  if ! env | grep -q '^Mak__Cors__AllowedOrigins__'; then
    export Mak__Cors__AllowedOrigins__0=http://localhost:3000 Mak__Cors__AllowedOrigins__1=http://127.0.0.1:3000
  fi
  say "MaK CRM API on $urls — Swagger UI: ${urls%%;*}/swagger — metrics: http://127.0.0.1:$metrics_port/metrics — mails (.eml) in $mail, SMS (.txt) in $sms"
  say "Browsers may call it from $(env | sed -n 's/^Mak__Cors__AllowedOrigins__[0-9]*=//p' | sort | paste -sd ' ') (CORS; Mak__Cors__AllowedOrigins__0, … to change)"
  if [ "${MAK_DEMO_DATA:-true}" = true ]; then
    say "Demo sign-in: admin@demo.mak (and the others in README) / Demo-Password-2026; Telegram bot client: mak-telegram-bot / Demo-Bot-Secret-2026"
  fi
  export Mak__Metrics__Address="${Mak__Metrics__Address:-127.0.0.1}" Mak__Mail__PickupDirectory="${Mak__Mail__PickupDirectory:-$mail}" Mak__Sms__PickupDirectory="${Mak__Sms__PickupDirectory:-$sms}" DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x1000000}" ASPNETCORE_CONTENTROOT="$(dirname "$API_DLL")" Mak__Tokens__Issuer="${urls%%;*}" Mak__Webhooks__AllowPrivateTargets="${Mak__Webhooks__AllowPrivateTargets:-true}"
  if [ "$instances" -gt 1 ]; then
    run_instances "$instances" "${urls%%;*}" "$metrics_port"
    return
  fi
  Mak__Metrics__Port="$metrics_port" ASPNETCORE_URLS="$urls" Mak__MigrateOnStartup=true Mak__SeedDemoData="${MAK_DEMO_DATA:-true}" \
    exec dotnet "$API_DLL"
}

# `./mak run --instances N`: the migrations and the demo data once, then N API processes on the ports after the balancer's
# (127.0.0.1:5081, 5082, ...; metrics on 9464, 9465, ...) behind HAProxy on the one address of MAK_URLS, which checks
# each instance's /health/ready every second and sends it nothing while it is not ready. The instances trust the
# balancer's X-Forwarded-For, and a stopping one stays out of rotation for 2 s before it drains (docs/operations.md).
# Their logs and process ids are in .mak/instances/ (MAK_INSTANCES_DIR); Ctrl+C stops them all, each draining as on
# SIGTERM.
run_instances() {
  local count="$1" front="$2" metrics_port="$3"
  local address="${front#*://}"; address="${address%%/*}"
  local host="${address%:*}" port="${address##*:}"
  [[ "$port" =~ ^[0-9]+$ ]] || die "MAK_URLS must name a port for the balancer (http://host:port)"
  local dir="${MAK_INSTANCES_DIR:-$ROOT/.mak/instances}"
  INSTANCES_DIR="$dir"
  mkdir -p "$dir"
  local i
  # The configuration docker-compose uses too (deploy/haproxy/haproxy.cfg), with this run's servers appended.
  {
    cat "$ROOT/deploy/haproxy/haproxy.cfg"
    for i in $(seq 1 "$count"); do echo "  server api$i 127.0.0.1:$((port + i)) check"; done
  } >"$dir/haproxy.cfg"

  say "Applying the migrations once, and seeding the demo data into an empty database"
  Mak__SeedDemoData="${MAK_DEMO_DATA:-true}" dotnet "$API_DLL" --migrate >"$dir/migrate.log" 2>&1 \
    || { tail -n 20 "$dir/migrate.log" >&2; die "the migrations failed"; }

  trap stop_instances EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  trap 'exit 129' HUP
  for i in $(seq 1 "$count"); do
    Mak__SeedDemoData=false Mak__Metrics__Port="$([ "$metrics_port" = 0 ] && echo 0 || echo $((metrics_port + i - 1)))" \
      ASPNETCORE_URLS="http://127.0.0.1:$((port + i))" Mak__ForwardedHeaders__Enabled=true \
      Mak__Shutdown__ReadinessDelay="${Mak__Shutdown__ReadinessDelay:-00:00:02}" \
      dotnet "$API_DLL" >"$dir/api$i.log" 2>&1 &
    INSTANCE_PIDS+=("$!")
    echo "$!" >"$dir/api$i.pid"
  done
  for i in $(seq 1 "$count"); do wait_until_ready "$i" "$port"; done
  MAK_BALANCER_BIND="$host:$port" haproxy -f "$dir/haproxy.cfg" -db >"$dir/haproxy.log" 2>&1 &
  BALANCER_PID=$!
  # Said only once the balancer itself answers: until HAProxy has bound its port a client is refused.
  until curl -fsS -o /dev/null "http://$host:$port/health/ready" 2>/dev/null; do
    kill -0 "$BALANCER_PID" 2>/dev/null || { tail -n 5 "$dir/haproxy.log" >&2; die "HAProxy stopped"; }
    sleep 0.2
  done
  say "$count instances behind HAProxy on $front (instances on 127.0.0.1:$((port + 1))-$((port + count)); logs in ${dir#"$ROOT"/})"
  wait "$BALANCER_PID" || true
  tail -n 5 "$dir/haproxy.log" >&2
  die "HAProxy stopped"
}

INSTANCE_PIDS=() BALANCER_PID="" INSTANCES_DIR=""

# Waits until instance $1 (on the port after the balancer's, $2) is ready; gives up if it stops.
wait_until_ready() {
  local pid="${INSTANCE_PIDS[$(($1 - 1))]}" url="http://127.0.0.1:$(($2 + $1))/health/ready"
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$INSTANCES_DIR/api$1.log" >&2
      die "instance $1 stopped before it was ready (its log: $INSTANCES_DIR/api$1.log)"
    fi
    sleep 0.5
  done
}

# Stops the instances of `./mak run --instances` (SIGTERM: each drains within its shutdown timeout, 30 s), then the
# balancer.
stop_instances() {
  local pid deadline
  for pid in "${INSTANCE_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  deadline=$((SECONDS + 40))
  for pid in "${INSTANCE_PIDS[@]}"; do
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [ -n "$BALANCER_PID" ]; then
    kill -TERM "$BALANCER_PID" 2>/dev/null || true
    wait "$BALANCER_PID" 2>/dev/null || true
  fi
}

# The Telegram bot against the API of `./mak run`. With MAK_TELEGRAM_BOT_TOKEN it talks to Telegram; without one it
# starts the local Bot API simulator and a chat in this terminal (the bot runs in the background, its log in .mak/).
# MAK_SKIP_BUILD=true runs the binaries of an earlier build (the test that runs this command).
cmd_bot() {
  require_tools
  ensure_database_server mak
  [ "${MAK_SKIP_BUILD:-}" = true ] || dotnet build src/TelegramBot -c Release --nologo -clp:ErrorsOnly
  local bot_dll="$ROOT/src/TelegramBot/bin/Release/net10.0/MakCrm.TelegramBot.dll"
  export MAK_API_URL="${MAK_API_URL:-http://localhost:5080}"
  export MAK_BOT_DB="${MAK_BOT_DB:-$MAK_DB}"
  local urls="${MAK_BOT_URLS:-http://localhost:5090}"
  if ! curl -fsS -o /dev/null "$MAK_API_URL/health/live" 2>/dev/null; then
    say "No API answers on $MAK_API_URL yet: start it with ./mak run (the bot keeps trying)"
  fi
  if [ -n "${MAK_TELEGRAM_BOT_TOKEN:-}" ]; then
    say "Telegram bot on ${MAK_TELEGRAM_API_URL:-https://api.telegram.org} for the API on $MAK_API_URL (client ${MAK_BOT_CLIENT_ID:-mak-telegram-bot})"
    ASPNETCORE_URLS="$urls" exec dotnet "$bot_dll"
  fi
  [ "${MAK_SKIP_BUILD:-}" = true ] || dotnet build tools/TelegramSimulator -c Release --nologo -clp:ErrorsOnly
  local port="${MAK_TELEGRAM_SIMULATOR_PORT:-5099}" token="100000:simulator-token"
  local log="$ROOT/.mak/bot.log"
  mkdir -p "$ROOT/.mak"
  say "No MAK_TELEGRAM_BOT_TOKEN: a local Bot API simulator on 127.0.0.1:$port and a chat here; the bot's log is $log"

  # Both run in the background, so that a signal to this script (Ctrl+C, a closed terminal, kill) is handled at once
  # rather than after the chat ends; the trap stops both however the script ends, and waits for them, so that no bot
  # is left holding its port and the polling lease. The globals outlive this function, which the trap runs after.
  trap stop_bot_children EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  trap 'exit 129' HUP
  : >"$log" # emptied here, before the loop below reads it, not by the child that may start later
  MAK_TELEGRAM_BOT_TOKEN="$token" MAK_TELEGRAM_API_URL="http://127.0.0.1:$port/" ASPNETCORE_URLS="$urls" \
    dotnet "$bot_dll" >>"$log" 2>&1 &
  BOT_PID=$!
  # Kestrel says where it listens once it has bound; a bot that cannot bind (another bot on the port) exits.
  until grep -q "Now listening on" "$log" 2>/dev/null; do
    if ! kill -0 "$BOT_PID" 2>/dev/null; then
      tail -n 5 "$log" >&2
      die "the bot stopped before it listened on $urls (is another ./mak bot running?); its log is $log"
    fi
    sleep 0.2
  done
  # The chat reads this terminal: an explicit redirection, as a background command would otherwise read /dev/null.
  dotnet "$ROOT/tools/TelegramSimulator/bin/Release/net10.0/MakCrm.TelegramSimulator.dll" --port "$port" --token "$token" <&0 &
  SIMULATOR_PID=$!
  wait "$SIMULATOR_PID" || true
}

BOT_PID="" SIMULATOR_PID=""

# The amoCRM simulator (tools/AmoCrmSimulator): amoCRM's API v4 on 127.0.0.1 with a seeded head-office account,
# until Ctrl+C. It prints the long-lived token and the OAuth client's id and secret, and writes the token to
# .mak/amocrm-token. Arguments pass through: --leads N (3000), --rate N (requests a second, 7), --redirect-uri URL.
cmd_amocrm_sim() {
  command -v dotnet >/dev/null || die "the .NET 10 SDK is required: https://dot.net (dotnet-sdk-10.0)"
  [ "${MAK_SKIP_BUILD:-}" = true ] || dotnet build tools/AmoCrmSimulator -c Release --nologo -clp:ErrorsOnly
  mkdir -p "$ROOT/.mak"
  exec dotnet "$ROOT/tools/AmoCrmSimulator/bin/Release/net10.0/MakCrm.AmoCrmSimulator.dll" \
    --port "${MAK_AMOCRM_SIMULATOR_PORT:-5098}" --token-file "$ROOT/.mak/amocrm-token" "$@"
}

# Ends the bot and the simulator of `./mak bot` (SIGTERM: the bot stops polling and gives its lease back), waiting up
# to 15 seconds for each before SIGKILL.
stop_bot_children() {
  local pid deadline
  for pid in "$SIMULATOR_PID" "$BOT_PID"; do
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || continue
    kill -TERM "$pid" 2>/dev/null || true
    # Counted in seconds, not in turns of the loop: on a loaded machine each turn takes longer than its sleep.
    deadline=$((SECONDS + 15))
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}

# The sum of the first number in every match of a pattern in a file (0 when nothing matches).
sum_matches() {
  grep -oE "$1" "$2" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}' || true
}

# The tests compute TOTP codes with oathtool, an implementation independent of the server's.
ensure_oathtool() {
  command -v oathtool >/dev/null && return
  say "Installing oathtool from Debian's packages"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq oathtool >/dev/null
}

# The metrics tests check a scrape and the alert rules with promtool, Prometheus's own checker (Debian's prometheus).
ensure_promtool() {
  command -v promtool >/dev/null && return
  say "Installing promtool (Debian's prometheus package)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends prometheus >/dev/null
}

# The migration lint test runs squawk (npm squawk-cli, a devDependency of the repository's tooling) over the SQL of
# every migration; the root's npm ci installs it.
ensure_squawk() {
  npm_install "$ROOT"
  [ -x "$ROOT/node_modules/.bin/squawk" ] || die "squawk (npm squawk-cli) is missing from node_modules: run npm ci"
}

# `./mak run --instances N` puts the instances behind Debian's HAProxy.
ensure_haproxy() {
  command -v haproxy >/dev/null && return
  say "Installing HAProxy from Debian's packages"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends haproxy >/dev/null
}

# The floor of line coverage of src/ that ./mak test enforces (tools/Coverage); measured at 90.4% on 2026-11-26.
COVERAGE_FLOOR="${MAK_COVERAGE_FLOOR:-80}"

# The TypeScript browser test drives Debian's Chromium through playwright-core, which never downloads a browser.
ensure_chromium() {
  [ -x /usr/bin/chromium ] && return
  say "Installing Chromium from Debian's packages"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >/dev/null
}

# Generated documents are rendered to PDF by Debian's WeasyPrint; the tests read them back with poppler's pdftotext.
ensure_document_tools() {
  command -v weasyprint >/dev/null && command -v pdftotext >/dev/null && return
  say "Installing WeasyPrint and poppler-utils from Debian's packages"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq weasyprint poppler-utils >/dev/null
}

cmd_test() {
  require_tools
  ensure_oathtool
  ensure_promtool
  ensure_squawk
  ensure_haproxy
  ensure_pgbackrest
  ensure_chromium
  ensure_document_tools
  local started=$SECONDS
  local results; results="$(mktemp -d)"
  # How long each step took, printed with the totals (where a CI log's tail shows it).
  local steps="" mark=$SECONDS
  step_done() { steps+="${steps:+, }$1 $((SECONDS - mark)) s"; mark=$SECONDS; }
  # The contract's lint (two single-threaded Node tools) runs beside the generated code's check and the build.
  npm_install "$ROOT"
  (lint_spec) > "$results/lint.txt" 2>&1 &
  local lint_pid=$!
  check_generated_code
  step_done "generated code"
  build
  step_done build
  if ! wait "$lint_pid"; then
    cat "$results/lint.txt"
    die "api-spec/openapi.yaml fails its lint (above)"
  fi
  grep -h "==>" "$results/lint.txt" >&2 || true
  ensure_database_server mak_test
  ensure_key_encryption_key
  drop_test_databases
  # Every answer the tests get is recorded here (tests/MakCrm.Testing/ExchangeRecorder.cs,
  # clients/typescript/test/record-exchanges.ts) and checked against the contract after them.
  export MAK_EXCHANGES_DIR="$results/exchanges"
  mkdir -p "$MAK_EXCHANGES_DIR"

  # The TypeScript client's suite runs beside the .NET tests (it waits on its own server and database most of the
  # time); its output is printed when it ends, after the .NET tests' own output.
  say "Starting the TypeScript client's tests against a live server, beside the .NET tests"
  npm_install "$ROOT/clients/typescript"
  # Its API process serves metrics on a free port: the default one may be taken by ./mak run or another test run.
  (cd clients/typescript && npm run --silent build && npm run --silent typecheck && NO_COLOR=1 MAK_API_DLL="$API_DLL" Mak__Metrics__Port=0 Mak__Metrics__Address=127.0.0.1 npx --no-install vitest run) > "$results/ts.txt" 2>&1 &
  local ts_pid=$!

  say "Running the .NET tests (unit, architecture, integration and contract drift, C# SDK), measuring coverage"
  # Each test project's Cobertura report is kept in .mak/coverage (for an editor or a report tool) and merged.
  local status=0 coverage="$ROOT/.mak/coverage"
  rm -rf "$coverage"
  # The five test hosts start at once beside the TypeScript suite's build; on two busy cores one may take longer than
  # vstest's default 90 s to answer its runner, which then drops the whole assembly.
  export VSTEST_CONNECTION_TIMEOUT="${VSTEST_CONNECTION_TIMEOUT:-600}"
  dotnet test MakCrm.sln -c Release --no-build --nologo --logger "console;verbosity=minimal" \
    --collect "XPlat Code Coverage" --settings coverage.runsettings --results-directory "$coverage" 2>&1 | tee "$results/dotnet.txt" || status=1
  step_done ".NET tests"
  local coverage_status=0
  dotnet run tools/Coverage/Coverage.cs -- "$coverage" src "$COVERAGE_FLOOR" || coverage_status=1
  step_done coverage

  say "The TypeScript client's tests"
  wait "$ts_pid" || status=1
  cat "$results/ts.txt"
  drop_test_databases
  step_done "waiting for TypeScript"

  # An independent validator (ajv, OpenAPI 3.0 semantics) holds every recorded answer against api-spec/openapi.yaml:
  # one test, failed by any answer the contract does not describe.
  say "Checking every answer of the tests against api-spec/openapi.yaml (tools/contract-check, ajv)"
  local contract_check=0
  node tools/contract-check/validate-exchanges.mjs --self-test api-spec/openapi.yaml \
    && node tools/contract-check/validate-exchanges.mjs api-spec/openapi.yaml "$MAK_EXCHANGES_DIR" || contract_check=1
  step_done "contract check"
  # Each suite's own duration: the .NET assemblies' summary lines and vitest's.
  local suites; suites="$( (sed -nE 's/.*Duration: ([^-]+) - ([A-Za-z.]+)\.dll.*/\2 \1/p' "$results/dotnet.txt"; \
    sed -nE 's/^ *Duration +([0-9.]+s).*/TypeScript \1/p' "$results/ts.txt") | sed -E 's/ +$//' | paste -sd ',' - | sed 's/,/, /g' || true)"

  local passed failed
  passed=$(( $(sum_matches 'Passed: +[0-9]+' "$results/dotnet.txt") + $(sum_matches 'Tests +[0-9]+ passed' "$results/ts.txt") + 1 - contract_check ))
  failed=$(( $(sum_matches 'Failed: +[0-9]+' "$results/dotnet.txt") + $(sum_matches 'Tests +[0-9]+ failed' "$results/ts.txt") + contract_check ))
  [ "$contract_check" -eq 0 ] || status=1
  local bundle; bundle="$(grep -h -o "TypeScript bundle: .*" "$results/ts.txt" | head -n 1 || true)"
  # The failed tests' names, repeated at the end where a CI log's tail shows them (the .NET logger's "Failed Name
  # [time]" lines and vitest's "FAIL file > test" lines), each .NET one with the first lines of its error message.
  local failures; failures="$( (awk '
      /^ *Failed [A-Za-z_]/ { print; failed = 1; shown = 0; next }
      /^ *(Passed|Skipped) / { failed = 0; next }
      failed && /^ *(Error Message:|Stack Trace:|Standard Output Messages:)/ { failed = ($1 == "Error"); next }
      failed && shown < 8 { print "    " $0; shown++ }' "$results/dotnet.txt"; grep -hE '^ *(FAIL|×) ' "$results/ts.txt") \
    | sed -E 's/^ +(Failed|FAIL|×)/\1/' | head -n 200 || true)"
  rm -rf "$results"
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
  say "Done in $((SECONDS - started)) s"
  [ "$coverage_status" -eq 0 ] || echo "coverage: below the floor of ${COVERAGE_FLOOR}% (see above)"
  [ -z "$bundle" ] || echo "$bundle"
  echo "steps: $steps"
  [ -z "$suites" ] || echo "suites: $suites"
  [ -z "$failures" ] || printf 'failed tests:\n%s\n' "$failures"
  echo "tests: $passed passed, $failed failed"
  [ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$coverage_status" -eq 0 ]
}

# The benchmarks (bench/README.md), never part of `test`: each run starts the Release API as separate processes on
# fresh databases (mak_bench_*) of the local cluster, or of the server in MAK_DB.
cmd_bench() {
  command -v dotnet >/dev/null || die "the .NET 10 SDK is required: https://dot.net (dotnet-sdk-10.0)"
  ensure_oathtool
  say "Building the Release API and the benchmarks"
  dotnet build src/WebApi -c Release --nologo -clp:ErrorsOnly
  dotnet build bench/MakCrm.Bench -c Release --nologo -clp:ErrorsOnly
  ensure_database_server postgres
  MAK_API_DLL="$API_DLL" exec dotnet bench/MakCrm.Bench/bin/Release/net10.0/MakCrm.Bench.dll "$@"
}

# Both SDK packages, for a local feed or a company registry: the npm tarball of clients/typescript and the NuGet
# package of clients/csharp, each versioned as the contract (info.version), in one folder (default artifacts/packages).
# MAK_SKIP_BUILD=true packs the C# SDK as an earlier build left it (the test that runs this command);
# MAK_PACKAGE_VERSION overrides the NuGet package's version (a test's own, so no cached package of it is used).
cmd_pack() {
  require_tools
  local out="${1:-$ROOT/artifacts/packages}"
  mkdir -p "$out"
  out="$(cd "$out" && pwd)"
  npm_install "$ROOT/clients/typescript"
  say "Packing the TypeScript client (npm pack) into $out"
  # From a copy of the package beside a copy of the contract (prepack checks one against the other and builds
  # dist/), so that packing never rewrites the working tree's dist/ under a running test.
  local stage; stage="$(mktemp -d)"
  mkdir -p "$stage/api-spec" "$stage/clients"
  cp api-spec/openapi.yaml "$stage/api-spec/"
  tar -C "$ROOT" --exclude=node_modules --exclude=dist --exclude='*.tgz' -cf - clients/typescript | tar -C "$stage" -xf -
  ln -s "$ROOT/clients/typescript/node_modules" "$stage/clients/typescript/node_modules"
  (cd "$stage/clients/typescript" && npm pack --pack-destination "$out" --loglevel=error >/dev/null)
  rm -rf "$stage"
  say "Packing the C# SDK (dotnet pack) into $out"
  local args=(pack clients/csharp/MakCrm.Client/MakCrm.Client.csproj -c Release --nologo -clp:ErrorsOnly -o "$out")
  [ "${MAK_SKIP_BUILD:-}" = true ] && args+=(--no-build)
  [ -n "${MAK_PACKAGE_VERSION:-}" ] && args+=("-p:PackageVersion=$MAK_PACKAGE_VERSION")
  dotnet "${args[@]}" >/dev/null
  say "Packages in $out:"
  (cd "$out" && ls -1 ./*.tgz ./*.nupkg | sed 's|^\./|  |')
}

# Backups of the local cluster with pgBackRest (Debian's), into a repository beside it: MAK_BACKUP_DIR, else the
# data directory's path with -backups appended. The repository holds pgBackRest's configuration, logs and locks too, so
# clusters side by side (tests, worktrees) never share them.
ensure_pgbackrest() {
  command -v pgbackrest >/dev/null && return
  say "Installing pgBackRest from Debian's packages"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends pgbackrest >/dev/null
}

backup_repository() { echo "${MAK_BACKUP_DIR:-$(pg_data_dir)-backups}"; }

# psql as postgres against the local cluster on its port.
local_sql() { psql -X -q -t -A -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres "$@"; }

# Writes the repository's pgbackrest.conf for the local cluster (stanza "mak") and prints its path.
write_pgbackrest_config() {
  local repo; repo="$(backup_repository)"
  local data; data="$(pg_data_dir)"
  mkdir -p "$repo/log" "$repo/lock" "$repo/spool"
  if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$repo"; fi
  cat >"$repo/pgbackrest.conf" <<CONF
# Written by ./mak backup for the cluster in $data.
[global]
repo1-path=$repo
repo1-retention-full=2
log-path=$repo/log
lock-path=$repo/lock
spool-path=$repo/spool
log-level-console=warn
log-level-file=info
compress-type=lz4
start-fast=y

[mak]
pg1-path=$data
pg1-port=$PG_PORT
pg1-socket-path=$data
pg1-user=postgres
CONF
  echo "$repo/pgbackrest.conf"
}

# `./mak backup [--full]`: a backup of the local cluster (incremental once a full one exists). The first one turns on
# WAL archiving into the repository (archive_mode, archive_command, archive_timeout 60 s: the RPO), which restarts the
# cluster once. With MAK_BACKUP_TEXTFILE, the time of the success is written there for Prometheus. docs/operations.md
# has the runbook.
cmd_backup() {
  local type=()
  case "${1:-}" in
    "") ;;
    --full) type=(--type=full) ;;
    *) die "usage: ./mak backup [--full]" ;;
  esac
  [ -z "${MAK_DB:-}" ] || die "./mak backup backs up the local cluster; with your own server in MAK_DB, run pgBackRest there (docs/operations.md)"
  ensure_pgbackrest
  ensure_database_server mak
  local conf; conf="$(write_pgbackrest_config)"
  local archive="pgbackrest --config=$conf --stanza=mak archive-push %p"
  if [ "$(local_sql -c 'SHOW archive_mode')" != on ] || [ "$(local_sql -c 'SHOW archive_command')" != "$archive" ]; then
    say "Turning on WAL archiving into $(backup_repository)"
    local restart=false
    [ "$(local_sql -c 'SHOW archive_mode')" = on ] || restart=true
    local_sql -c "ALTER SYSTEM SET archive_mode = on" -c "ALTER SYSTEM SET archive_command = '$archive'" \
      -c "ALTER SYSTEM SET archive_timeout = '60s'" -c "SELECT pg_reload_conf()" >/dev/null
    if [ "$restart" = true ]; then
      say "Restarting PostgreSQL once, for archive_mode"
      as_pg "$PG_BIN/pg_ctl" -D "$(pg_data_dir)" -m fast -w -t 60 restart >/dev/null
    fi
  fi
  as_pg pgbackrest --config="$conf" --stanza=mak stanza-create
  as_pg pgbackrest --config="$conf" --stanza=mak check
  say "Backing up the cluster in $(pg_data_dir) into $(backup_repository)"
  local started=$SECONDS
  as_pg pgbackrest --config="$conf" --stanza=mak "${type[@]}" backup
  say "Backed up in $((SECONDS - started)) s"
  as_pg pgbackrest --config="$conf" --stanza=mak info
  # The time of this success for node_exporter's textfile collector (the MakBackupTooOld alert), written whole at once.
  if [ -n "${MAK_BACKUP_TEXTFILE:-}" ]; then
    echo "mak_backup_last_success_timestamp_seconds $(date +%s)" >"$MAK_BACKUP_TEXTFILE.tmp"
    mv "$MAK_BACKUP_TEXTFILE.tmp" "$MAK_BACKUP_TEXTFILE"
  fi
}

# `./mak restore [--to TIME] [--into DIR]`: the latest backup and the archived WAL after it, up to TIME (a timestamp
# PostgreSQL reads, e.g. "2026-11-26 18:00:00+00") or to the end of the archive, restored into a fresh data directory
# (default: the cluster's with -restored appended), which is started on MAK_RESTORE_PORT (the cluster's port + 1) and
# checked: pg_amcheck over every database, and the rows of every table counted. The cluster backed up is not touched.
cmd_restore() {
  local target="" into=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --to) target="${2:-}"; shift $(($# > 1 ? 2 : 1)) ;;
      --into) into="${2:-}"; shift $(($# > 1 ? 2 : 1)) ;;
      *) die "usage: ./mak restore [--to TIME] [--into DIR]" ;;
    esac
  done
  ensure_pgbackrest
  install_postgres
  local conf; conf="$(backup_repository)/pgbackrest.conf"
  [ -s "$conf" ] || die "no backup repository at $(backup_repository): run ./mak backup first (or set MAK_BACKUP_DIR)"
  into="${into:-$(pg_data_dir)-restored}"
  [ ! -e "$into" ] || [ -z "$(ls -A "$into")" ] || die "$into is not empty: restore into a fresh directory (--into DIR)"
  mkdir -p "$into"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$into"; fi
  chmod 700 "$into"
  local port="${MAK_RESTORE_PORT:-$((PG_PORT + 1))}"
  local args=(--config="$conf" --stanza=mak --pg1-path="$into")
  [ -z "$target" ] || args+=(--type=time "--target=$target" --target-action=promote)
  say "Restoring ${target:+to $target }into $into"
  local started=$SECONDS
  as_pg pgbackrest "${args[@]}" restore
  # Archiving stays off on the restored cluster while it is checked: it must not write into the original's archive.
  start_cluster "$into" "$port" 600 -c archive_mode=off || die "the restored cluster did not start"
  local sql=(psql -X -q -t -A -h 127.0.0.1 -p "$port" -U postgres)
  local deadline=$((SECONDS + 600))
  until [ "$("${sql[@]}" -d postgres -c 'SELECT pg_is_in_recovery()' 2>/dev/null)" = f ]; do
    [ "$SECONDS" -lt "$deadline" ] || { tail -n 20 "$into/server.log" >&2; die "the restored cluster did not finish recovery"; }
    sleep 0.5
  done
  say "Recovered in $((SECONDS - started)) s; checking it (pg_amcheck, the rows of every table, the ledgers)"
  "$PG_BIN/pg_amcheck" -h 127.0.0.1 -p "$port" -U postgres --all --install-missing --heapallindexed \
    || die "pg_amcheck found corruption in the restored cluster"
  local db
  for db in $("${sql[@]}" -d postgres -c "SELECT datname FROM pg_database WHERE datallowconn AND datname <> 'template1'"); do
    "${sql[@]}" -d "$db" -c "SELECT format('%s.%s: %s rows', current_database(), c.oid::regclass,
        (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %s', c.oid::regclass), false, true, '')))[1])
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"
  done
  # The ledgers' running sums recomputed from their entries (deploy/checks/ledgers.sql), in every database that has them.
  local broken
  for db in $("${sql[@]}" -d postgres -c "SELECT datname FROM pg_database WHERE datallowconn AND datname <> 'template1'"); do
    [ "$("${sql[@]}" -d "$db" -c "SELECT to_regclass('ledger_entries') IS NOT NULL")" = t ] || continue
    broken="$("${sql[@]}" -d "$db" -F ' ' -f "$ROOT/deploy/checks/ledgers.sql")" \
      || die "the ledger check could not run on $db"
    [ -z "$broken" ] || { echo "$broken" >&2; die "the ledgers' running sums in $db do not follow from their entries"; }
    say "$db: the ledgers' running sums follow from their entries"
  done
  say "Restored and checked in $((SECONDS - started)) s: serving on 127.0.0.1:$port from $into"
  say "To switch over: stop the old cluster (./mak db-stop) and this one (pg_ctl -D $into stop), then MAK_PGDATA=$into ./mak run"
}

cmd_migrate() {
  require_tools
  ensure_database_server mak
  dotnet build src/WebApi -c Release --nologo -clp:ErrorsOnly
  dotnet "$API_DLL" --migrate
}

cmd_migration_add() {
  [ $# -eq 1 ] || die "usage: ./mak migration-add <Name>"
  dotnet tool restore >/dev/null
  dotnet ef migrations add "$1" --project src/Infrastructure --startup-project tools/MakCrm.DesignTime --output-dir Persistence/Migrations
}

cmd_db_stop() {
  local data; data="$(pg_data_dir)"
  as_pg "$PG_BIN/pg_ctl" -D "$data" -m fast stop
}

cmd_help() {
  cat <<'EOF'
Usage: ./mak <command>

  run [--instances N] Start PostgreSQL (installing it if needed), migrate, seed demo data and serve the API
                      on http://localhost:5080 (MAK_URLS to change it; MAK_DB to use your own database); with
                      --instances N, N API processes behind HAProxy on that address (docs/operations.md).
  test                Every check and test: spec lint, client regeneration check, build, unit, architecture,
                      integration and contract-drift tests, both clients' tests against a live server, and every
                      answer the tests got validated against the contract by an independent validator (ajv); prints
                      the line coverage of src/ and fails below MAK_COVERAGE_FLOOR.
  bench [leads|import|…|list|list-cf|list-cf-range|amo-import|amo-sync|all] [--quick] [--duration S] ...
                      The speed and memory benchmarks against their baselines (bench/README.md; not part of test).
  bot                 The Telegram bot against ./mak run's API (MAK_API_URL). With MAK_TELEGRAM_BOT_TOKEN it talks to
                      Telegram; without it, a local Bot API simulator and a chat in the terminal (buttons by number;
                      Ctrl+D or Ctrl+C ends the chat and the bot).
  amocrm-sim [--leads N] [--rate N] [--webhook-delay-ms N] [--duplicate-webhooks]
                      The amoCRM simulator on http://127.0.0.1:5098 (MAK_AMOCRM_SIMULATOR_PORT): API v4 with a seeded
                      account of 3000 leads; prints its long-lived token and OAuth client (token also in .mak/); its
                      webhooks late by N ms or each sent twice, as amoCRM's at times are.
  pack [FOLDER]       Both SDK packages — the npm tarball and the NuGet package, versioned as the contract — in one
                      folder (default artifacts/packages), to install from a local feed or publish to a registry.
  generate            Regenerate the server's wire types, clients/typescript and clients/csharp from api-spec/openapi.yaml.
  migrate             Apply pending migrations to the database (what production runs as `MakCrm.WebApi --migrate`).
  migration-add NAME  Add an EF Core migration for model changes.
  backup [--full]     Back up the local cluster with pgBackRest (WAL archived, so it restores to any time after the
                      first backup) into MAK_BACKUP_DIR (docs/operations.md).
  restore [--to TIME] [--into DIR]
                      Restore the latest backup (to TIME) into a fresh data directory, start it on the next port and
                      check it with pg_amcheck and a count of every table's rows.
  new-resource NAME [--plural P] [--feature F] [--permission p] [--tag T]
                      The files of a new CRUD resource, its operations in the contract and its permissions
                      (docs/adding-a-resource.md).
  db-stop             Stop the local PostgreSQL cluster.
EOF
}

case "${1:-help}" in
  run) shift; cmd_run "$@" ;;
  test) shift; cmd_test "$@" ;;
  bench) shift; cmd_bench "$@" ;;
  bot) shift; cmd_bot "$@" ;;
  amocrm-sim) shift; cmd_amocrm_sim "$@" ;;
  pack) shift; cmd_pack "$@" ;;
  generate) shift; require_tools; generate_from_contract ;;
  migrate) shift; cmd_migrate "$@" ;;
  backup) shift; cmd_backup "$@" ;;
  restore) shift; cmd_restore "$@" ;;
  migration-add) shift; cmd_migration_add "$@" ;;
  new-resource) shift; command -v node >/dev/null || die "Node.js 20+ is required"; node tools/scaffold/new-resource.mjs "$@" ;;
  db-stop) shift; cmd_db_stop ;;
  help|-h|--help) cmd_help ;;
  *) cmd_help; exit 2 ;;
esac
