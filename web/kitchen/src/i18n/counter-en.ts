/** The counter (cashier) screen's English messages; counter-id.ts has the same keys in Bahasa Indonesia. */
export const counterEn = {
  title: 'Counter',
  pair: { title: 'Pair this counter', hint: 'A staff member enters the staff PIN once; the counter stays paired.', name: 'Counter name', defaultName: 'Counter 1', pin: 'Staff PIN', submit: 'Pair', invalidPin: 'Wrong PIN', failed: 'Pairing failed: {message}' },
  tabs: { awaiting: 'To pay', paid: 'Paid', drawer: 'Drawer & day' },
  search: { placeholder: 'Order number or name', scan: 'Scan QR', stopScan: 'Stop', noCamera: 'No camera scanner here: type the number from the customer\'s screen' },
  list: { empty: 'No orders here', due: 'Due', paid: 'Paid', refundable: 'Refundable' },
  settle: {
    title: 'Order {number}', cash: 'Cash', qris: 'QRIS', card: 'Card', due: 'Amount due', rounded: 'Cash, rounded', tendered: 'Tendered',
    change: 'Change', short: 'Not enough', confirmCash: 'Take cash', confirmQris: 'Customer has paid by QRIS', confirmCard: 'Card approved on the terminal',
    reference: 'Slip or reference (optional)', noQris: 'This store has no QRIS code set', done: 'Paid: give {change} change', doneExact: 'Paid', close: 'Close',
  },
  reverse: { void: 'Void', refund: 'Refund', reason: 'Reason', managerPin: 'Manager PIN', whole: 'Whole order', confirm: 'Confirm {kind}', wrongPin: 'Manager PIN is wrong' },
  drawer: {
    closed: 'The drawer is closed', float: 'Float', open: 'Open drawer', expected: 'Expected cash', cashSales: 'Cash sales', cashRefunds: 'Cash refunds',
    cashIn: 'Cash in', cashOut: 'Cash out', amount: 'Amount', reason: 'Reason', add: 'Record', counted: 'Counted cash', close: 'Close drawer',
    overShort: 'Over / short', closeDay: 'Close the business day', zReport: 'Z report', print: 'Print', unpaid: 'Unpaid at close: {numbers}',
  },
  errors: { generic: '{message}', offline: 'The store server cannot be reached' },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type CounterMessages = Widen<typeof counterEn>;
