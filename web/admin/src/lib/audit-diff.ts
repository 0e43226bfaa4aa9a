/** What an audit entry changed: the fields whose value differs between `before` and `after`, in key order. */
export interface FieldChange { field: string; before: unknown; after: unknown }

const asRecord = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

const moneyFields = new Set(['price', 'amount', 'total', 'priceDelta', 'adjustmentAmount', 'paidUnitPrice', 'centralUnitPrice']);

/** True for a field that holds money in minor units (shown as rupiah, not as a bare number). */
export function isMoneyField(field: string, value: unknown): value is number {
  return moneyFields.has(field) && typeof value === 'number';
}

export function changedFields(before: unknown, after: unknown): FieldChange[] {
  const b = asRecord(before);
  const a = asRecord(after);
  if (!Object.keys(b).length && !Object.keys(a).length) {
    return before === after ? [] : [{ field: 'value', before, after }];
  }
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  return keys
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((field) => ({ field, before: b[field], after: a[field] }));
}
