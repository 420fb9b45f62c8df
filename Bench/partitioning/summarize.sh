#!/usr/bin/env bash
# Writes results/summary.md from results/figures.tsv: per size and figure, the median of the runs of each
# layout and, when there were several, their range (smallest to largest). run.sh calls it at its end.
set -euo pipefail
out=$(cd "$(dirname "$0")" && pwd)/results
{
  echo "Medians of the runs (range in brackets). plain: events as the migrations make it; part: partitioned by"
  echo "global_position with its key table (sizes include it) and its trigger; part_nokeys: the same without the trigger."
  echo
  echo "| events | figure | plain | part | part_nokeys |"
  echo "|---:|---|---:|---:|---:|"
  awk -F'\t' '
    { key = $1 "\t" $2; if (!(key in seen)) { seen[key] = 1; order[++n] = key }
      cell = key "\t" $3; count[cell]++; value[cell, count[cell]] = $5 }
    function fmt(x) { return sprintf(x >= 100 ? "%.0f" : "%.1f", x) }
    function show(cell,    k, i, j, t, m, v) {
      k = count[cell]; if (!k) return ""
      for (i = 1; i <= k; i++) v[i] = value[cell, i] + 0
      for (i = 2; i <= k; i++) for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
      m = (k % 2) ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2
      return k == 1 ? fmt(m) : fmt(m) " (" fmt(v[1]) "–" fmt(v[k]) ")"
    }
    END { for (i = 1; i <= n; i++) { split(order[i], f, "\t")
            printf "| %s | %s | %s | %s | %s |\n", f[1], f[2], show(order[i] "\tplain"), show(order[i] "\tpart"), show(order[i] "\tpart_nokeys") } }
  ' "$out/figures.tsv"
} > "$out/summary.md"
cat "$out/summary.md"
