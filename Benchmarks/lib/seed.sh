# Seeded databases for run.sh and profile.sh (sourced). Uses the globals `work` (temp dir),
# `seed_bin` (bench-seed) and `seed_cache` (a directory, or empty for none).

# prepare_database ROWS: $work/bench-ROWS.db with ROWS identities and agents, its facts
# ($work/seed-ROWS.env), identity pool ($work/pool-ROWS.txt) and the size of an identities-only
# database of ROWS identities ($work/identities-ROWS.size). Copied from the seed cache when it
# has them, else seeded (and then stored in the cache, if any).
prepare_database() {
    local rows="$1" name
    if [[ -n "$seed_cache" && -f "$seed_cache/bench-$rows.db" && -f "$seed_cache/identities-$rows.size" ]]; then
        echo "copying the seeded $rows-row database from $seed_cache" >&2
        for name in "bench-$rows.db" "seed-$rows.env" "pool-$rows.txt" "identities-$rows.size"; do
            cp "$seed_cache/$name" "$work/$name"
        done
        # Flush the copy now, so its writeback does not compete with the measurements.
        sync "$work/bench-$rows.db"
        return 0
    fi
    echo "seeding $rows identities and $rows agents" >&2
    "$seed_bin" --db "$work/bench-$rows.db" --identities "$rows" --agents "$rows" \
        --info "$work/seed-$rows.env" --pool "$work/pool-$rows.txt" | tee "$work/seed-$rows.log" >&2
    "$seed_bin" --db "$work/identities-$rows.db" --identities "$rows" --agents 0 >"$work/identities-$rows.log"
    file_size "$work/identities-$rows.db" "$work/identities-$rows.db-wal" >"$work/identities-$rows.size"
    rm -f "$work/identities-$rows.db"*
    sync "$work/bench-$rows.db"
    if [[ -n "$seed_cache" ]]; then
        mkdir -p "$seed_cache"
        for name in "bench-$rows.db" "seed-$rows.env" "pool-$rows.txt" "identities-$rows.size"; do
            cp "$work/$name" "$seed_cache/$name"
        done
    fi
}
