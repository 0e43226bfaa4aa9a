#!/usr/bin/env bash
# Places one real order on a store box through its gateway and shows it on the kitchen side.
# Usage: bash ops/demo-order.sh [http://localhost:8001]
set -euo pipefail
GW="${1:-http://localhost:8001}"
catalog="$(curl -fsS "$GW/api/catalog")"
# The first available product without required options, and one with options (first option of each group).
body="$(node -e '
const c = JSON.parse(process.argv[1]);
const avail = c.products.filter((p) => p.available);
const plain = avail.find((p) => p.optionGroups.every((g) => g.min === 0)) ?? avail[0];
const withOpts = avail.find((p) => p.optionGroups.some((g) => g.min > 0)) ?? avail[1];
const pick = (p) => p.optionGroups.filter((g) => g.min > 0).map((g) => g.options.find((o) => o.available).id);
console.log(JSON.stringify({
  globalId: crypto.randomUUID(), kioskId: "shell", mode: "dine_in", customerName: "Budi",
  lines: [{ productId: plain.id, quantity: 2, optionIds: pick(plain) }, { productId: withOpts.id, quantity: 1, optionIds: pick(withOpts) }],
  payment: { method: "cash" },
}));' "$catalog")"
echo "POST $GW/api/orders"
curl -fsS -X POST "$GW/api/orders" -H 'content-type: application/json' -d "$body"; echo
token="$(curl -fsS -X POST "$GW/api/devices/pair" -H 'content-type: application/json' -d '{"pin":"1234","name":"shell","role":"kitchen"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).token')"
sleep 0.5
echo "GET $GW/api/kitchen/tickets"
curl -fsS "$GW/api/kitchen/tickets" -H "authorization: Bearer $token"; echo
