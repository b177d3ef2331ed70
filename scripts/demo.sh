#!/usr/bin/env bash
# The main job on the bundled examples: install, ingest examples/ into the embedded DuckDB store,
# and write the ACLED CSV and GeoJSON exports to out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p out
.venv/bin/frontwire ingest examples/ --db out/frontwire.duckdb
.venv/bin/frontwire export --db out/frontwire.duckdb --format acled-csv --out out/events.csv
.venv/bin/frontwire export --db out/frontwire.duckdb --format geojson --out out/events.geojson
.venv/bin/frontwire stats --db out/frontwire.duckdb
echo "Wrote out/events.csv and out/events.geojson. Browse them with: .venv/bin/frontwire serve --db out/frontwire.duckdb"
