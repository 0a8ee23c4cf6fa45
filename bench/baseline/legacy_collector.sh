#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Baseline for benchmark 3: a shell collector doing what the old dashboard
# collector did, for timing only. Sequential `curl -sf --max-time 1` calls,
# jq for every field, every Qdrant collection fetched twice (once for the
# service metrics, once for the knowledge base), telemetry counted with wc,
# tail and jq, then ai_metrics.json assembled with jq. (Unlike the old one it
# writes the file atomically and builds the JSON with jq, which only adds
# processes, so the baseline is not made slower than the original.)
#
# Environment: AIDB_PORT HYBRID_PORT QDRANT_PORT LLAMA_PORT EMBEDDINGS_PORT,
# TELEMETRY_DIR, OUTPUT (the file to write).
set -u

Get() { curl -sf --max-time 1 "http://127.0.0.1:$1$2" || echo '{}'; }
Field() { jq -r "$1" 2>/dev/null <<<"$2" || echo "$3"; }

timestamp=$(date -Iseconds)

# AIDB
aidb_health=$(Get "$AIDB_PORT" /health)
aidb_status=$(Field '.status // "unknown"' "$aidb_health" unknown)
aidb_file="$TELEMETRY_DIR/aidb-events.jsonl"
if [[ -f $aidb_file ]]; then
  aidb_events=$(wc -l <"$aidb_file")
  aidb_last=$(tail -n 1 "$aidb_file" | jq -r '.timestamp // ""' 2>/dev/null || echo "")
else
  aidb_events=0
  aidb_last=""
fi

# Hybrid coordinator
hybrid_health=$(Get "$HYBRID_PORT" /health)
hybrid_status=$(Field '.status // "unknown"' "$hybrid_health" unknown)
hybrid_file="$TELEMETRY_DIR/hybrid-events.jsonl"
if [[ -f $hybrid_file ]]; then
  hybrid_events=$(wc -l <"$hybrid_file")
  local_queries=$(tail -n 100 "$hybrid_file" | jq -s '[.[] | select(.decision == "local")] | length' 2>/dev/null || echo 0)
  remote_queries=$(tail -n 100 "$hybrid_file" | jq -s '[.[] | select(.decision == "remote")] | length' 2>/dev/null || echo 0)
  tokens_saved=$(jq -s '[.[].tokens_saved // 0] | add // 0' "$hybrid_file" 2>/dev/null || echo 0)
else
  hybrid_events=0 local_queries=0 remote_queries=0 tokens_saved=0
fi
total_queries=$((local_queries + remote_queries))
local_percentage=0
((total_queries > 0)) && local_percentage=$((local_queries * 100 / total_queries))

# Qdrant: health, collections, every collection's points (first pass)
qdrant_status=unknown
curl -sf --max-time 1 "http://127.0.0.1:$QDRANT_PORT/healthz" | grep -q "check passed" && qdrant_status=healthy
collections_body=$(Get "$QDRANT_PORT" /collections)
mapfile -t collections < <(Field '.result.collections[]?.name' "$collections_body" "")
collection_count=0
total_vectors=0
for name in "${collections[@]}"; do
  [[ -n $name ]] || continue
  collection_count=$((collection_count + 1))
  body=$(Get "$QDRANT_PORT" "/collections/$name")
  points=$(Field '.result.points_count // 0' "$body" 0)
  total_vectors=$((total_vectors + points))
done

# llama.cpp
llama_health=$(Get "$LLAMA_PORT" /health)
llama_status=$(Field '.status // "unknown"' "$llama_health" unknown)
llama_models=$(Get "$LLAMA_PORT" /v1/models)
llama_model=$(Field '.data[0].id // "none"' "$llama_models" none)

# Embeddings
embeddings_health=$(Get "$EMBEDDINGS_PORT" /health)
embeddings_status=$(Field '.status // "unknown"' "$embeddings_health" unknown)
embeddings_model=$(Field '.model // "unknown"' "$embeddings_health" unknown)

# Knowledge base: every collection fetched again (second pass)
total_points=0
codebase=0 errors=0 practices=0
for name in "${collections[@]}"; do
  [[ -n $name ]] || continue
  body=$(Get "$QDRANT_PORT" "/collections/$name")
  points=$(Field '.result.points_count // 0' "$body" 0)
  total_points=$((total_points + points))
  case $name in
    codebase-context) codebase=$points ;;
    error-solutions) errors=$points ;;
    best-practices) practices=$points ;;
  esac
done
real_percent=0
((total_points > 0)) && real_percent=100
usage=$((hybrid_events / 10)); ((usage > 100)) && usage=100
knowledge=$((total_vectors / 100)); ((knowledge > 100)) && knowledge=100
overall=$(((4 * usage + 4 * local_percentage + 2 * knowledge) / 10))

tmp="$OUTPUT.tmp.$$"
jq -n \
  --arg ts "$timestamp" \
  --argjson aidb_health "$(jq -c . <<<"$aidb_health" 2>/dev/null || echo '{}')" \
  --argjson hybrid_health "$(jq -c . <<<"$hybrid_health" 2>/dev/null || echo '{}')" \
  --arg aidb_status "$aidb_status" --arg hybrid_status "$hybrid_status" \
  --arg qdrant_status "$qdrant_status" --arg llama_status "$llama_status" \
  --arg llama_model "$llama_model" --arg embeddings_status "$embeddings_status" \
  --arg embeddings_model "$embeddings_model" --arg aidb_last "$aidb_last" \
  --argjson aidb_events "$aidb_events" --argjson hybrid_events "$hybrid_events" \
  --argjson local_queries "$local_queries" --argjson remote_queries "$remote_queries" \
  --argjson tokens_saved "$tokens_saved" --argjson local_percentage "$local_percentage" \
  --argjson collection_count "$collection_count" --argjson total_vectors "$total_vectors" \
  --argjson total_points "$total_points" --argjson real_percent "$real_percent" \
  --argjson codebase "$codebase" --argjson errors "$errors" --argjson practices "$practices" \
  --argjson overall "$overall" \
  '{timestamp: $ts,
    services: {
      aidb: {service: "aidb", status: $aidb_status, port: 8091, health_check: $aidb_health,
             telemetry: {total_events: $aidb_events, last_event_time: $aidb_last}},
      hybrid_coordinator: {service: "hybrid_coordinator", status: $hybrid_status, port: 8092,
             health_check: $hybrid_health,
             telemetry: {total_events: $hybrid_events, local_queries: $local_queries,
                         remote_queries: $remote_queries, estimated_tokens_saved: $tokens_saved,
                         local_percentage: $local_percentage}},
      qdrant: {service: "qdrant", status: $qdrant_status, port: 6333,
               metrics: {collection_count: $collection_count, total_vectors: $total_vectors}},
      llama_cpp: {service: "llama_cpp", status: $llama_status, port: 8080, model: $llama_model},
      embeddings: {service: "embeddings", status: $embeddings_status, port: 8081,
                   model: $embeddings_model, dimensions: 384, endpoint: "http://localhost:8081"}},
    knowledge_base: {total_points: $total_points, real_embeddings_percent: $real_percent,
      collections: {codebase_context: $codebase, error_solutions: $errors, best_practices: $practices},
      rag_quality: {context_relevance: "90%", improvement_over_baseline: "+60%"}},
    effectiveness: {overall_score: $overall, total_events_processed: $hybrid_events,
      local_query_percentage: $local_percentage, estimated_tokens_saved: $tokens_saved,
      knowledge_base_vectors: $total_vectors}}' >"$tmp" && mv "$tmp" "$OUTPUT"
