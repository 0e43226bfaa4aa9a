import { describe, expect, it } from 'vitest';
import type { PickupEvent, PickupTicketView } from '@kiosk/contracts/api';
import { applyPickupEvent, pickupColumns, reconcilePickup, turnedReady, type PickupMap } from './pickup-board.ts';

const at = (minute: number) => `2026-11-24T10:${String(minute).padStart(2, '0')}:00.000Z`;
const entry = (orderNumber: string, status: PickupTicketView['status'], minute: number): PickupTicketView => ({ orderNumber, status, updatedAt: at(minute) });
const event = (orderNumber: string, status: PickupEvent['status'], minute: number): PickupEvent => ({ orderNumber, status, updatedAt: at(minute) });

describe('applyPickupEvent', () => {
  it('puts new and preparing numbers in the preparing column', () => {
    const board = applyPickupEvent(applyPickupEvent(new Map(), event('7', 'new', 1)), event('8', 'preparing', 2));
    expect([...board.values()].map((t) => t.status)).toEqual(['preparing', 'preparing']);
  });

  it('takes served and cancelled numbers off the board', () => {
    let board: PickupMap = new Map([['7', entry('7', 'ready', 1)], ['8', entry('8', 'preparing', 1)]]);
    board = applyPickupEvent(board, event('7', 'served', 2));
    board = applyPickupEvent(board, event('8', 'cancelled', 2));
    expect(board.size).toBe(0);
  });

  it('ignores an update older than what the board shows', () => {
    const board: PickupMap = new Map([['7', entry('7', 'ready', 5)]]);
    expect(applyPickupEvent(board, event('7', 'preparing', 4))).toBe(board);
  });
});

describe('reconcilePickup', () => {
  it('keeps the snapshot and lays newer events over it, without resurrecting a served number', () => {
    const board = reconcilePickup(
      [entry('7', 'preparing', 1), entry('8', 'ready', 1)],
      [event('7', 'ready', 2), event('8', 'served', 3), event('8', 'ready', 2)],
    );
    expect(board.get('7')?.status).toBe('ready');
    expect(board.has('8')).toBe(false);
  });
});

describe('pickupColumns', () => {
  it('lists preparing by order number and ready newest first', () => {
    const board: PickupMap = new Map([
      ['10', entry('10', 'preparing', 1)], ['2', entry('2', 'preparing', 3)],
      ['3', entry('3', 'ready', 1)], ['4', entry('4', 'ready', 4)],
    ]);
    const columns = pickupColumns(board);
    expect(columns.preparing.map((t) => t.orderNumber)).toEqual(['2', '10']);
    expect(columns.ready.map((t) => t.orderNumber)).toEqual(['4', '3']);
  });
});

describe('turnedReady', () => {
  it('names only numbers that just became ready', () => {
    const before: PickupMap = new Map([['1', entry('1', 'preparing', 1)], ['2', entry('2', 'ready', 1)]]);
    const after: PickupMap = new Map([['1', entry('1', 'ready', 2)], ['2', entry('2', 'ready', 1)], ['3', entry('3', 'ready', 2)]]);
    expect(turnedReady(before, after)).toEqual(['1', '3']);
  });
});
