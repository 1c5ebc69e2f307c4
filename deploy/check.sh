#!/usr/bin/env bash
# Checks the monitoring files with Prometheus's own tool (Debian package "prometheus"): the alert rules and their unit
# tests, the scrape configuration, and every query of the Grafana dashboard (each turned into a recording rule, which
# promtool parses — a query with a typo fails here, not on an operator's screen).
set -euo pipefail
cd "$(dirname "$0")"
promtool check rules prometheus/hub-alerts.yml
promtool test rules prometheus/hub-alerts.test.yml
promtool check config prometheus/prometheus.yml
queries=$(mktemp --suffix=.yml)
trap 'rm -f "$queries"' EXIT
python3 - grafana/hub-dashboard.json "$queries" <<'PY'
import json, sys
dashboard = json.load(open(sys.argv[1]))
rules = []
for panel in dashboard["panels"]:
    for target in panel.get("targets", []):
        # dashboard variables become "any value" for the parser
        expr = target["expr"].replace('"$job"', '".*"')
        rules.append({"record": "dashboard:panel%d:%s" % (panel["id"], target["refId"]), "expr": expr})
with open(sys.argv[2], "w") as out:
    json.dump({"groups": [{"name": "dashboard-queries", "rules": rules}]}, out)
print("dashboard: %d panels, %d queries" % (len(dashboard["panels"]), len(rules)))
PY
promtool check rules "$queries"

# Kubernetes manifests, without a cluster: Kubernetes' own schemas (kubernetes-models) and the hub's deployment rules
(cd kubernetes/validate && npm ci --no-audit --no-fund --silent && node validate.mjs)
