import type { ZReportView } from '@kiosk/contracts';
import { formatDate, formatMoney, type ReceiptContext } from '../receipt.js';

const WIDTH = 42;
const methodLabel = { cash: 'Cash', qris: 'QRIS', card: 'Card' } as const;

/** The report's rows: a label and a formatted figure, shared by the text and HTML renderings. */
function rows(z: ZReportView): Array<[string, string] | 'rule'> {
  const money = (n: number) => formatMoney(n, z.currency);
  const out: Array<[string, string] | 'rule'> = [
    ['Orders', String(z.orders)], ['  paid', String(z.paidOrders)], ['  unpaid', String(z.unpaidOrders)], ['  voided', String(z.voidedOrders)], 'rule',
    ['Net sales', money(z.netSales)], ['Service charge', money(z.serviceCharge)], ['Tax', money(z.tax)], ['GROSS SALES', money(z.grossSales)], 'rule',
  ];
  for (const m of z.byMethod) out.push([`${methodLabel[m.method]} (${m.count})`, money(m.amount)]);
  out.push(['Cash rounding', money(z.cashRounding)], 'rule',
    [`Voids (${z.voids})`, money(z.voidsAmount)], [`Refunds (${z.refunds})`, money(z.refundsAmount)], 'rule',
    ['Drawer float', money(z.drawer.float)], ['Cash in', money(z.drawer.cashIn)], ['Cash out', money(z.drawer.cashOut)],
    ['Expected cash', money(z.drawer.expected)], ['Counted cash', money(z.drawer.counted)],
    [z.drawer.overShort >= 0 ? 'OVER' : 'SHORT', money(z.drawer.overShort)]);
  return out;
}

function row(label: string, value: string): string {
  const room = WIDTH - value.length - 1;
  const l = label.length > room ? label.slice(0, room) : label;
  return `${l}${' '.repeat(WIDTH - l.length - value.length)}${value}`;
}

const center = (t: string) => ' '.repeat(Math.max(0, Math.floor((WIDTH - t.length) / 2))) + t.slice(0, WIDTH);

/** The Z report for an 80 mm thermal printer, as plain text. */
export function renderZReportText(z: ZReportView, ctx: ReceiptContext): string {
  const rule = '-'.repeat(WIDTH);
  const out = [center(ctx.storeName), center(`Z REPORT ${z.businessDay}`), center(`closed ${formatDate(z.closedAt, ctx.timeZone)}`), rule];
  for (const r of rows(z)) out.push(r === 'rule' ? rule : row(r[0], r[1]));
  out.push(rule, `Unpaid at close: ${z.unpaidOrderNumbers.length === 0 ? 'none' : z.unpaidOrderNumbers.join(', ')}`, `Closed by ${z.closedBy}`, '');
  return out.join('\n');
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** The Z report as a printable page (80 mm, like the order receipt). */
export function renderZReportHtml(z: ZReportView, ctx: ReceiptContext): string {
  const body = rows(z).map((r) => (r === 'rule' ? '<tr class="rule"><td colspan="2"></td></tr>' : `<tr><td>${escapeHtml(r[0])}</td><td class="amt">${escapeHtml(r[1])}</td></tr>`)).join('\n');
  return `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Z report ${escapeHtml(z.businessDay)}</title>
<style>
  @page { size: 80mm auto; margin: 0; }
  body { width: 72mm; margin: 4mm; font: 12px/1.35 monospace; color: #000; }
  h1, .meta { text-align: center; margin: 0; }
  h1 { font-size: 14px; }
  table { width: 100%; border-collapse: collapse; }
  .amt { text-align: right; white-space: nowrap; }
  .rule td { border-top: 1px dashed #000; height: 2px; }
</style></head>
<body>
  <h1>${escapeHtml(ctx.storeName)}</h1>
  <div class="meta">Z REPORT ${escapeHtml(z.businessDay)}<br>closed ${escapeHtml(formatDate(z.closedAt, ctx.timeZone))}</div>
  <table>${body}</table>
  <p>Unpaid at close: ${z.unpaidOrderNumbers.length === 0 ? 'none' : escapeHtml(z.unpaidOrderNumbers.join(', '))}</p>
  <p>Closed by ${escapeHtml(z.closedBy)}</p>
</body></html>
`;
}
