# The benchmarked endpoints (sourced by run.sh). Paths, wrk arguments and checks read the
# seed facts of the current database from the `seed` array (written by bench-seed --info)
# and the globals `rows`, `run_id`, `work`, `threads`.

# Table order: as issue 7 lists them.
endpoint_order=(
    health post_identity get_identity list_identities identity_by_key
    post_agent get_agent agents_by_key agents_by_tag count_by_tag
)
# Issue 17's target workload, measured with `target_connections` (16) after the reads.
target_endpoints=(agents_by_key agents_by_tag get_agent)
# Run order: reads first, so each sees exactly the seeded rows; writes last.
endpoint_run_order=(
    health get_identity list_identities identity_by_key get_agent agents_by_key agents_by_tag
    count_by_tag post_identity post_agent
)

declare -A endpoint_label=(
    [health]="GET /v1/health/"
    [post_identity]="POST /v1/identities/"
    [get_identity]="GET /v1/identities/{id}"
    [list_identities]="GET /v1/identities/?limit=50"
    [identity_by_key]="GET /v1/identities/?identifier_key=K"
    [post_agent]="POST /v1/agents/"
    [get_agent]="GET /v1/agents/{id}"
    [agents_by_key]="GET /v1/agents/?identifier_keys=K"
    [agents_by_tag]="GET /v1/agents/?tags=T&limit=50"
    [count_by_tag]="GET /v1/agents/count?tags=T"
)

declare -A endpoint_lua=(
    [health]=get.lua [get_identity]=get.lua [list_identities]=get.lua [identity_by_key]=get.lua
    [get_agent]=get.lua [agents_by_key]=get.lua [agents_by_tag]=get.lua [count_by_tag]=get.lua
    [post_identity]=post_identity.lua [post_agent]=post_agent.lua
)

endpoint_path() {
    case "$1" in
        health) echo "/v1/health/" ;;
        post_identity) echo "/v1/identities/" ;;
        get_identity) echo "/v1/identities/${seed[identity_id]}" ;;
        list_identities) echo "/v1/identities/?limit=50" ;;
        identity_by_key) echo "/v1/identities/?identifier_key=${seed[identifier_key]}" ;;
        post_agent) echo "/v1/agents/" ;;
        get_agent) echo "/v1/agents/${seed[agent_id]}" ;;
        # bench-seed names a hub key linked to exactly 10 agents; the Letta seed has none: its sample key.
        agents_by_key) echo "/v1/agents/?identifier_keys=${seed[hub_key]:-${seed[identifier_key]}}" ;;
        agents_by_tag) echo "/v1/agents/?tags=${seed[tag]}&limit=50" ;;
        count_by_tag) echo "/v1/agents/count?tags=${seed[tag]}" ;;
    esac
}

# Arguments after `--` for the endpoint's lua script.
endpoint_args() {
    case "$1" in
        post_identity) echo "$run_id-$rows" ;;
        post_agent) echo "$work/pool-$rows.txt $threads $agent_model" ;;
    esac
}

# The model handle of POST /v1/agents/ (the seed guide's; the Letta comparison sets a handle Letta knows).
agent_model="anthropic/claude-3-5-sonnet-20241022"

min() { echo $(($1 < $2 ? $1 : $2)); }

# check_endpoint NAME BASE_URL BODY_FILE: one request with curl; succeeds when the status is
# 2xx and the body holds what the seed says it must (ids, exact counts). Sets check_message.
check_endpoint() {
    local name="$1" url="$2$(endpoint_path "$1")" body="$3" status data="" expected found
    check_message=""
    case "$name" in
        post_identity) data='{"identifier_key":"bench-check-'"$run_id-$rows"'","name":"Check","identity_type":"user"}' ;;
        post_agent)
            local pool_line
            read -r pool_line <"$work/pool-$rows.txt"
            data='{"memory_blocks":[],"model":"'"$agent_model"'","context_window_limit":200000,'
            data+='"embedding":"openai/text-embedding-3-small","identity_ids":["'"${pool_line%% *}"'"],"tags":["'"${pool_line##* }"'"]}'
            ;;
    esac
    if [[ -n "$data" ]]; then
        status="$(curl -sS -o "$body" -w '%{http_code}' --max-time 10 -H 'Content-Type: application/json' --data "$data" "$url" 2>&1)" || true
    else
        status="$(curl -sS -o "$body" -w '%{http_code}' --max-time 10 "$url" 2>&1)" || true
    fi
    if [[ ! "$status" =~ ^2[0-9][0-9]$ ]]; then
        check_message="HTTP $status: $(head -c 300 "$body" 2>/dev/null)"
        return 1
    fi
    # count PATTERN: occurrences of an extended regex in the body.
    count() { { grep -o -E "$1" "$body" || true; } | wc -l; }
    case "$name" in
        health) expected=1; found="$(count '"status": ?"ok"')" ;;
        get_identity) expected=1; found="$(count "^\\{\"id\": ?\"${seed[identity_id]}\"")" ;;
        list_identities) expected="$(min 50 "${seed[identities]}")"; found="$(count '"identifier_key":')" ;;
        identity_by_key) expected=1; found="$(count "\"identifier_key\": ?\"${seed[identifier_key]}\"")" ;;
        get_agent) expected=1; found="$(count "\"id\": ?\"${seed[agent_id]}\"")" ;;
        agents_by_key) expected="${seed[hub_agents]:-${seed[identifier_key_agents]}}"; found="$(count '"id": ?"agent-')" ;;
        agents_by_tag) expected="$(min 50 "${seed[tag_agents]}")"; found="$(count '"id": ?"agent-')" ;;
        count_by_tag) expected="${seed[tag_agents]}"; found="$(tr -d ' \n' <"$body")" ;;
        post_identity) expected=1; found="$(count "\"identifier_key\": ?\"bench-check-$run_id-$rows\"")" ;;
        post_agent) expected=1; found="$(count '^\{.*"agent_type": ?"letta_v1_agent"')" ;;
    esac
    if [[ "$found" != "$expected" ]]; then
        check_message="expected $expected, found $found in: $(head -c 300 "$body")"
        return 1
    fi
}
