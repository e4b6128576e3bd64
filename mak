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

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
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
    # pg_stat_statements is loaded with its tracking off: a benchmark turns it on for its own database only
    # (ALTER DATABASE ... SET pg_stat_statements.track), to show which statements a request sends.
    as_pg "$PG_BIN/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
      -o "-p $PG_PORT -k $data -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=${MAK_PG_FSYNC:-on} \
          -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=none" start >/dev/null \
      || { tail -n 20 "$data/server.log" >&2; die "PostgreSQL did not start"; }
  fi
  export MAK_DB="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$database"
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
  run_nswag clients/typescript/nswag.json
  (cd "$ROOT" && node clients/typescript/scripts/contract-extras.mjs)
  run_nswag clients/csharp/nswag.json
  # The C# SDK's problem codes, operations (which take an Idempotency-Key) and cursor pages, read from the contract.
  (cd "$ROOT" && dotnet run clients/csharp/tools/SdkContract.cs -- api-spec/openapi.yaml clients/csharp/MakCrm.Client/Generated/MakCrmContract.cs >/dev/null)
}

GENERATED=(src/Contracts/Generated src/WebApi/Wire/Generated clients/typescript/src/generated clients/csharp/MakCrm.Client/Generated)

# Fails when regenerating the clients would change any file; leaves the working tree as it was.
check_generated_code() {
  node clients/typescript/scripts/contract-extras.mjs --check || die "clients/typescript is stale: run ./mak generate and commit the result"
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
  require_tools
  ensure_document_tools
  ensure_database_server mak
  ensure_key_encryption_key
  dotnet build src/WebApi -c Release --nologo -clp:ErrorsOnly
  local urls="${MAK_URLS:-http://localhost:5080}"
  local mail="${MAK_MAIL_DIR:-$ROOT/.mak/mail}"
  local metrics_port="${Mak__Metrics__Port:-9464}"
  say "MaK CRM API on $urls — Swagger UI: ${urls%%;*}/swagger — metrics: http://127.0.0.1:$metrics_port/metrics — mails (.eml) in $mail"
  if [ "${MAK_DEMO_DATA:-true}" = true ]; then
    say "Demo sign-in: admin@demo.mak (and the others in README) / Demo-Password-2026; Telegram bot client: mak-telegram-bot / Demo-Bot-Secret-2026"
  fi
  Mak__Metrics__Address="${Mak__Metrics__Address:-127.0.0.1}" Mak__Metrics__Port="$metrics_port" Mak__Mail__PickupDirectory="${Mak__Mail__PickupDirectory:-$mail}" DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x1000000}" ASPNETCORE_URLS="$urls" ASPNETCORE_CONTENTROOT="$(dirname "$API_DLL")" Mak__Tokens__Issuer="${urls%%;*}" Mak__MigrateOnStartup=true Mak__Webhooks__AllowPrivateTargets="${Mak__Webhooks__AllowPrivateTargets:-true}" Mak__SeedDemoData="${MAK_DEMO_DATA:-true}" \
    exec dotnet "$API_DLL"
}

# The Telegram bot against the API of `./mak run`. With MAK_TELEGRAM_BOT_TOKEN it talks to Telegram; without one it
# starts the local Bot API simulator and a chat in this terminal (the bot runs in the background, its log in .mak/).
cmd_bot() {
  require_tools
  ensure_database_server mak
  dotnet build src/TelegramBot -c Release --nologo -clp:ErrorsOnly
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
  dotnet build tools/TelegramSimulator -c Release --nologo -clp:ErrorsOnly
  local port="${MAK_TELEGRAM_SIMULATOR_PORT:-5099}" token="100000:simulator-token"
  local log="$ROOT/.mak/bot.log"
  mkdir -p "$ROOT/.mak"
  say "No MAK_TELEGRAM_BOT_TOKEN: a local Bot API simulator on 127.0.0.1:$port and a chat here; the bot's log is $log"
  MAK_TELEGRAM_BOT_TOKEN="$token" MAK_TELEGRAM_API_URL="http://127.0.0.1:$port/" ASPNETCORE_URLS="$urls" \
    dotnet "$bot_dll" >"$log" 2>&1 &
  local bot_pid=$!
  trap 'kill "$bot_pid" 2>/dev/null || true' EXIT
  dotnet "$ROOT/tools/TelegramSimulator/bin/Release/net10.0/MakCrm.TelegramSimulator.dll" --port "$port" --token "$token"
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
  ensure_chromium
  ensure_document_tools
  local started=$SECONDS
  local results; results="$(mktemp -d)"
  lint_spec
  check_generated_code
  build
  ensure_database_server mak_test
  ensure_key_encryption_key
  drop_test_databases

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
  dotnet test MakCrm.sln -c Release --no-build --nologo --logger "console;verbosity=minimal" \
    --collect "XPlat Code Coverage" --settings coverage.runsettings --results-directory "$coverage" 2>&1 | tee "$results/dotnet.txt" || status=1
  local coverage_status=0
  dotnet run tools/Coverage/Coverage.cs -- "$coverage" src "$COVERAGE_FLOOR" || coverage_status=1

  say "The TypeScript client's tests"
  wait "$ts_pid" || status=1
  cat "$results/ts.txt"
  drop_test_databases

  local passed failed
  passed=$(( $(sum_matches 'Passed: +[0-9]+' "$results/dotnet.txt") + $(sum_matches 'Tests +[0-9]+ passed' "$results/ts.txt") ))
  failed=$(( $(sum_matches 'Failed: +[0-9]+' "$results/dotnet.txt") + $(sum_matches 'Tests +[0-9]+ failed' "$results/ts.txt") ))
  rm -rf "$results"
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
  say "Done in $((SECONDS - started)) s"
  [ "$coverage_status" -eq 0 ] || echo "coverage: below the floor of ${COVERAGE_FLOOR}% (see above)"
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

  run                 Start PostgreSQL (installing it if needed), migrate, seed demo data and serve the API
                      on http://localhost:5080 (MAK_URLS to change it; MAK_DB to use your own database).
  test                Every check and test: spec lint, client regeneration check, build, unit, architecture,
                      integration and contract-drift tests, and both clients' tests against a live server; prints the
                      line coverage of src/ and fails below MAK_COVERAGE_FLOOR.
  bench [leads|import|auction|events|webhooks|stream|reports|kb|pipeline|list|all] [--quick] [--duration S] ...
                      The speed and memory benchmarks against their baselines (bench/README.md; not part of test).
  bot                 The Telegram bot against ./mak run's API (MAK_API_URL). With MAK_TELEGRAM_BOT_TOKEN it talks to
                      Telegram; without it, a local Bot API simulator and a chat in the terminal (buttons by number).
  generate            Regenerate the server's wire types, clients/typescript and clients/csharp from api-spec/openapi.yaml.
  migrate             Apply pending migrations to the database (what production runs as `MakCrm.WebApi --migrate`).
  migration-add NAME  Add an EF Core migration for model changes.
  db-stop             Stop the local PostgreSQL cluster.
EOF
}

case "${1:-help}" in
  run) shift; cmd_run "$@" ;;
  test) shift; cmd_test "$@" ;;
  bench) shift; cmd_bench "$@" ;;
  bot) shift; cmd_bot "$@" ;;
  generate) shift; require_tools; generate_from_contract ;;
  migrate) shift; cmd_migrate "$@" ;;
  migration-add) shift; cmd_migration_add "$@" ;;
  db-stop) shift; cmd_db_stop ;;
  help|-h|--help) cmd_help ;;
  *) cmd_help; exit 2 ;;
esac
