#!/usr/bin/env bash
# Prints EXPLAIN QUERY PLAN (and the rows each statement returns) for the statements
# SQLiteStore runs on the benchmark's hot read paths, against a seeded database:
# identity by id, identities page, identities by identifier_key, agents by identifier_keys,
# agents by tags (page and count), and the relationship loaders of an agent page.
#
#   Benchmarks/explain.sh [--rows 100000]             # seeds a fresh database with bench-seed
#   Benchmarks/explain.sh --db FILE --info FILE       # an existing one (run.sh --keep DIR)
#
# The SQL is copied from Sources/IdentitySQLite/Store/ (ListQuery.swift,
# SQLiteStore+Identities.swift, +AgentQueries.swift, +Tags.swift, +Relationships.swift, +Rows.swift) with
# its placeholders bound to the seed's sample values; keep it in step with those files.
# Placeholder lists are padded to a power of two with NULLs, as SQLPlaceholders does.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rows=100000
db=""
info=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rows) rows="${2:?}"; shift 2 ;;
        --db) db="${2:?}"; shift 2 ;;
        --info) info="${2:?}"; shift 2 ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
[[ -z "$db" || -n "$info" ]] || { echo "--db needs --info (the seed facts file)" >&2; exit 2; }
"$here/lib/install-tools.sh"

work="$(mktemp -d "${TMPDIR:-/tmp}/identity-explain.XXXXXX")"
trap 'rm -rf "$work"' EXIT
if [[ -z "$db" ]]; then
    (cd "$here" && swift build -c release --product bench-seed >&2)
    seed_bin="$(cd "$here" && swift build -c release --show-bin-path)/bench-seed"
    db="$work/explain.db"
    info="$work/seed.env"
    "$seed_bin" --db "$db" --identities "$rows" --agents "$rows" --info "$info" >&2
fi
declare -A seed=()
while IFS='=' read -r key value; do seed[$key]="$value"; done <"$info"

org="org-00000000-0000-4000-8000-000000000000"
limit=50
identity_columns="i.pk, i.id, i.organization_id, i.identifier_key, i.name, i.identity_type, i.project_id, i.properties, i.created_at"
agent_columns="a.pk, a.id, a.organization_id, a.name, a.created_at, a.updated_at, a.last_run_completion, a.project_id, a.template_id, a.base_template_id, a.hidden, a.last_stop_reason, a.created_by_id, d.document, d.system"

# sql_value V: V as an SQL literal for `.parameter set` (integers and NULL as they are).
sql_value() {
    if [[ "$1" == NULL || "$1" =~ ^-?[0-9]+$ ]]; then echo "$1"; else echo "\"'${1//\'/\'\'}'\""; fi
}

# run_sql SQL VALUES...: the statement's result rows, placeholders bound in order.
run_sql() {
    local sql="$1" index=1 value
    shift
    {
        echo ".parameter init"
        for value in "$@"; do echo ".parameter set ?$index $(sql_value "$value")"; index=$((index + 1)); done
        echo "$sql;"
    } | sqlite3 -batch "$db"
}

# plan TITLE SQL VALUES...: prints the statement, its bindings, its plan and its row count.
plan() {
    local title="$1" sql="$2"
    shift 2
    local shown=("$@")
    [[ ${#shown[@]} -le 8 ]] || shown=("${shown[@]:0:8}" "… (${#} values)")
    echo "### $title"
    echo
    echo '```'
    echo "$sql"
    echo "-- bindings: ${shown[*]}"
    run_sql "EXPLAIN QUERY PLAN $sql" "$@"
    echo "-- rows: $(run_sql "SELECT count(*) FROM ($sql)" "$@")"
    echo '```'
    echo
}

# placeholders N: "?,?,…" padded to the next power of two (SQLPlaceholders.list).
padded_count() {
    local size=1
    while [[ $size -lt $1 ]]; do size=$((size * 2)); done
    echo "$size"
}
placeholders() {
    local size list="?"
    size="$(padded_count "$1")"
    for ((i = 1; i < size; i++)); do list+=",?"; done
    echo "$list"
}
# padded VALUES...: the values followed by NULLs up to the padded length (SQLPlaceholders.padded).
padded() {
    local size
    size="$(padded_count "$#")"
    printf '%s\n' "$@"
    for ((i = $#; i < size; i++)); do echo NULL; done
}

echo "## Query plans, $(sqlite3 -batch "$db" 'SELECT count(*) FROM identities') identities," \
    "$(sqlite3 -batch "$db" 'SELECT count(*) FROM agents') agents (SQLite $(sqlite3 -batch "$db" 'SELECT sqlite_version()'))"
echo

# ------------------------------------------------------------------ identities
plan "GET /v1/identities/{id}: the row (SQLiteStore.identity(id:))" \
    "SELECT $identity_columns FROM identities i WHERE i.id = ? AND i.organization_id = ?" \
    "${seed[identity_id]}" "$org"
identity_pk="$(run_sql "SELECT pk FROM identities WHERE id = ?" "${seed[identity_id]}")"
links_sql="SELECT l.identity_pk, 0, a.id, l.seq FROM identities_agents l JOIN agents a ON a.pk = l.agent_pk WHERE l.identity_pk = ? UNION ALL SELECT l.identity_pk, 1, b.id, l.seq FROM identities_blocks l JOIN blocks b ON b.pk = l.block_pk WHERE l.identity_pk = ?"
plan "GET /v1/identities/{id}: its agent and block links (withIdentityLinks)" "$links_sql" "$identity_pk" "$identity_pk"

page_sql="SELECT i.pk FROM identities i WHERE i.organization_id = ? ORDER BY i.created_at DESC, i.id DESC LIMIT ?"
plan "GET /v1/identities/?limit=50: the page (ListQuery.pageStatement)" "$page_sql" "$org" "$limit"
mapfile -t page_pks < <(run_sql "$page_sql" "$org" "$limit")
mapfile -t page_bindings < <(padded "${page_pks[@]}")
list="$(placeholders "${#page_pks[@]}")"
plan "GET /v1/identities/?limit=50: the rows (loadIdentities)" \
    "SELECT $identity_columns FROM identities i WHERE i.pk IN ($list)" "${page_bindings[@]}"

plan "GET /v1/identities/?identifier_key=K: the page" \
    "SELECT i.pk FROM identities i WHERE i.organization_id = ? AND i.identifier_key = ? ORDER BY i.created_at DESC, i.id DESC LIMIT ?" \
    "$org" "${seed[identifier_key]}" "$limit"

# ------------------------------------------------------------------ agents
plan "GET /v1/agents/?identifier_keys=K: the page, driven by the identity links" \
    "SELECT a.pk FROM agents a WHERE +a.organization_id = ? AND a.pk IN (SELECT l.agent_pk FROM identities i JOIN identities_agents l ON l.identity_pk = i.pk WHERE i.organization_id = ? AND i.identifier_key IN (?)) AND a.hidden IS NOT 1 ORDER BY a.created_at DESC, a.id DESC LIMIT ?" \
    "$org" "$org" "${seed[identifier_key]}" "$limit"

tag="${seed[tag]}"
plan "GET /v1/agents/?tags=T: the tag's size from the tag directory (SQLiteStore.tagCarriers)" \
    "SELECT tag, agents, hidden_agents FROM organization_tags WHERE organization_id = ? AND tag IN (?)" "$org" "$tag"
# SQLiteStore.tagPageStatement (+TagPages.swift): one tag by created_at is one range of the tag index
# in page order (schema migration 8); a cursor bounds the range.
tag_page="SELECT a.pk, a.id, a.revision FROM agent_tags t INDEXED BY agent_tags_in_page_order CROSS JOIN agents a ON a.pk = t.agent_pk WHERE t.organization_id = ? AND t.tag = ? AND t.hidden = 0 ORDER BY t.created_at DESC, t.agent_id DESC LIMIT ?"
tag_bindings=("$org" "$tag" "$limit")
plan "GET /v1/agents/?tags=T&limit=50: the page's (pk, id, revision), a range of the tag index in page order" \
    "$tag_page" "${tag_bindings[@]}"
mapfile -t tag_page_ids < <(run_sql "SELECT a.id FROM ($tag_page) a" "${tag_bindings[@]}")
cursor_id="${tag_page_ids[-1]:-none}"
plan "GET /v1/agents/?tags=T&limit=50&after=ID: the next page, the cursor's (created_at, id) bounding the range" \
    "SELECT a.pk, a.id, a.revision FROM agent_tags t INDEXED BY agent_tags_in_page_order CROSS JOIN agents a ON a.pk = t.agent_pk WHERE t.organization_id = ? AND t.tag = ? AND t.hidden = 0 AND (t.created_at, t.agent_id) < ((SELECT created_at FROM agents WHERE id = ?), ?) ORDER BY t.created_at DESC, t.agent_id DESC LIMIT ?" \
    "$org" "$tag" "$cursor_id" "$cursor_id" "$limit"
plan "GET /v1/agents/count?tags=T: the tag directory's counter (SQLiteStore.tagCountStatement)" \
    "SELECT agents - hidden_agents FROM organization_tags WHERE organization_id = ? AND tag = ?" "$org" "$tag"

mapfile -t agent_pks < <(run_sql "SELECT a.pk FROM ($tag_page) a" "${tag_bindings[@]}")
mapfile -t agent_bindings < <(padded "${agent_pks[@]}")
list="$(placeholders "${#agent_pks[@]}")"
plan "Agent page rows (loadAgents), for the ?tags=T page" \
    "SELECT $agent_columns FROM agents a JOIN agent_documents d ON d.agent_pk = a.pk WHERE a.pk IN ($list)" \
    "${agent_bindings[@]}"
plan "Agent page tags (ownerTags; link order restored in memory from seq)" \
    "SELECT agent_pk, seq, tag FROM agent_tags WHERE agent_pk IN ($list)" "${agent_bindings[@]}"
plan "Agent page identities (withAgentRelationships)" \
    "SELECT $identity_columns, l.agent_pk, l.seq FROM identities_agents l JOIN identities i ON i.pk = l.identity_pk WHERE l.agent_pk IN ($list)" \
    "${agent_bindings[@]}"
plan "Agent page blocks (withAgentRelationships)" \
    "SELECT b.pk, l.agent_pk, l.seq FROM blocks_agents l JOIN blocks b ON b.pk = l.block_pk WHERE l.agent_pk IN ($list)" \
    "${agent_bindings[@]}"
plan "Agent page block tags (agentBlockTags)" \
    "SELECT t.block_pk, t.seq, t.tag FROM blocks_agents l JOIN block_tags t ON t.block_pk = l.block_pk WHERE l.agent_pk IN ($list)" \
    "${agent_bindings[@]}"
plan "GET /v1/agents/{id}: the row" \
    "SELECT $agent_columns FROM agents a JOIN agent_documents d ON d.agent_pk = a.pk WHERE a.id = ? AND a.organization_id = ?" \
    "${seed[agent_id]}" "$org"
