/** The cash that moved through a drawer during a shift. */
export interface DrawerFlows {
  float: number;
  cashSales: number;
  cashRefunds: number;
  cashIn: number;
  cashOut: number;
}

/** What should be in the drawer: the float, plus cash taken, less cash given back, plus and less movements. */
export function expectedCash(f: DrawerFlows): number {
  return f.float + f.cashSales - f.cashRefunds + f.cashIn - f.cashOut;
}

/** Counted against expected: positive is over, negative is short. */
export function overShort(f: DrawerFlows, counted: number): number {
  return counted - expectedCash(f);
}
