import type { OrderView } from '@kiosk/contracts';

/** Receipts for an 80 mm thermal printer: HTML for the browser's print dialog, plain text for raw printers. */
export interface ReceiptContext {
  storeName: string;
  timeZone: string;
}

const WIDTH = 42; // characters per line of an 80 mm printer in its standard font

/** Money as the customer reads it in Indonesia: `Rp 25.000` (id-ID grouping, no decimals for IDR). */
export function formatMoney(amount: number, currency: string): string {
  const digits = currency === 'IDR' ? 0 : 2;
  const scaled = currency === 'IDR' ? amount : amount / 100;
  return new Intl.NumberFormat('id-ID', { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits })
    .format(scaled)
    .replace(/\u00a0/g, ' ');
}

export function formatDate(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('id-ID', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)).replace(/\u00a0/g, ' ');
}

function totalsRows(order: OrderView): Array<[string, number]> {
  const rows: Array<[string, number]> = [['Subtotal', order.subtotal]];
  if (order.serviceCharge > 0) rows.push(['Service', order.serviceCharge]);
  rows.push(['Tax', order.tax], ['TOTAL', order.total]);
  return rows;
}

function paymentLine(order: OrderView): string {
  const p = order.payment;
  if (p.status === 'pending') return 'PAY AT COUNTER';
  if (p.method === 'cash') return 'CASH - PAID';
  if (p.method === 'qris') return 'QRIS - PAID';
  return `CARD - APPROVED${p.reference ? ` ${p.reference}` : ''}`;
}

/** After the totals: what the counter took (cash: tendered and change), then every void and refund with its reason. */
function settlementRows(order: OrderView): Array<[string, number]> {
  const p = order.payment;
  const rows: Array<[string, number]> = [];
  if (p.settledAt) {
    if (p.rounding) rows.push(['Rounding', p.rounding]);
    rows.push(['Paid', p.amount]);
    if (p.method === 'cash') rows.push(['Tendered', p.tendered ?? p.amount], ['Change', p.changeDue ?? 0]);
  }
  for (const r of order.reversals ?? []) rows.push([`${r.kind === 'void' ? 'VOID' : 'REFUND'}: ${r.reason}`, -r.amount]);
  return rows;
}

export function renderReceiptText(order: OrderView, ctx: ReceiptContext): string {
  const money = (n: number) => formatMoney(n, order.currency);
  const rule = '-'.repeat(WIDTH);
  const out = [center(ctx.storeName), center(`ORDER ${order.orderNumber}`), center(formatDate(order.createdAt, ctx.timeZone)),
    center(order.mode === 'dine_in' ? 'Dine in' : 'Takeaway'), rule];
  if (order.customerName) out.push(fit(`Name: ${order.customerName}`));
  for (const line of order.lines) {
    out.push(row(`${line.quantity} x ${line.name}`, money(line.lineTotal)));
    for (const o of line.options) out.push(fit(`   + ${o.name}${o.priceDelta ? ` (${money(o.priceDelta)})` : ''}`));
    if (line.notes) out.push(fit(`   "${line.notes}"`));
  }
  out.push(rule, ...totalsRows(order).map(([label, n]) => row(label, money(n))), ...settlementRows(order).map(([label, n]) => row(label, money(n))),
    rule, center(paymentLine(order)));
  if (order.notes) out.push(fit(`Note: ${order.notes}`));
  out.push(center(order.globalId.slice(0, 8)), '');
  return out.join('\n');
}

function fit(text: string): string {
  return text.length > WIDTH ? text.slice(0, WIDTH) : text;
}

function center(text: string): string {
  const t = fit(text);
  return ' '.repeat(Math.floor((WIDTH - t.length) / 2)) + t;
}

/** Label left, amount right, in exactly WIDTH columns (the label is cut, never the amount). */
function row(label: string, amount: string): string {
  const room = WIDTH - amount.length - 1;
  const l = label.length > room ? label.slice(0, room) : label;
  return `${l}${' '.repeat(WIDTH - l.length - amount.length)}${amount}`;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export function renderReceiptHtml(order: OrderView, ctx: ReceiptContext): string {
  const money = (n: number) => escapeHtml(formatMoney(n, order.currency));
  const lines = order.lines.map((l) => `
    <tr><td>${l.quantity} &times; ${escapeHtml(l.name)}${l.options.map((o) => `<div class="opt">+ ${escapeHtml(o.name)}</div>`).join('')}${
      l.notes ? `<div class="opt">&ldquo;${escapeHtml(l.notes)}&rdquo;</div>` : ''}</td><td class="amt">${money(l.lineTotal)}</td></tr>`).join('');
  const totals = [...totalsRows(order), ...settlementRows(order)].map(([label, n]) => `<tr class="${label === 'TOTAL' ? 'total' : ''}"><td>${label}</td><td class="amt">${money(n)}</td></tr>`).join('');
  const cash = order.payment.status === 'pending';
  return `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Receipt ${escapeHtml(order.orderNumber)}</title>
<style>
  @page { size: 80mm auto; margin: 0; }
  body { width: 72mm; margin: 4mm; font: 12px/1.35 monospace; color: #000; }
  h1 { font-size: 14px; text-align: center; margin: 0; }
  .number { font-size: 36px; font-weight: bold; text-align: center; margin: 2mm 0; }
  .meta, .pay { text-align: center; }
  table { width: 100%; border-collapse: collapse; }
  td { vertical-align: top; padding: 1px 0; }
  .amt { text-align: right; white-space: nowrap; }
  .opt { padding-left: 4mm; font-size: 11px; }
  .total td { font-weight: bold; font-size: 14px; border-top: 1px dashed #000; }
  .pay { margin-top: 3mm; font-weight: bold; }
  .counter { font-size: 16px; border: 2px solid #000; padding: 2mm; margin-top: 2mm; text-align: center; }
</style></head>
<body>
  <h1>${escapeHtml(ctx.storeName)}</h1>
  <div class="number">${escapeHtml(order.orderNumber)}</div>
  <div class="meta">${escapeHtml(formatDate(order.createdAt, ctx.timeZone))} &middot; ${order.mode === 'dine_in' ? 'Dine in' : 'Takeaway'}${
    order.customerName ? ` &middot; ${escapeHtml(order.customerName)}` : ''}</div>
  <hr><table>${lines}</table><hr>
  <table>${totals}</table>
  <div class="pay">${escapeHtml(paymentLine(order))}</div>
  ${cash ? '<div class="counter">Please pay at the counter</div>' : ''}
  ${order.notes ? `<p>${escapeHtml(order.notes)}</p>` : ''}
</body></html>
`;
}
