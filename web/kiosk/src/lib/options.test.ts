import { describe, expect, it } from 'vitest';
import { defaultSelection, selectionProblems, toggleOption } from './options';
import { sampleCatalog } from './fixtures';

const catalog = sampleCatalog();
const burger = catalog.products[0]!;
const size = burger.optionGroups[0]!;
const extras = burger.optionGroups[1]!;

describe('option rules', () => {
  it('requires the minimum of a group', () => {
    expect(selectionProblems(burger, [])).toEqual([{ kind: 'too_few', groupId: 'size', min: 1 }]);
    expect(selectionProblems(burger, ['regular'])).toEqual([]);
  });

  it('refuses more than the maximum, unknown options and unavailable ones', () => {
    expect(selectionProblems(burger, ['regular', 'large'])).toContainEqual({ kind: 'too_many', groupId: 'size', max: 1 });
    expect(selectionProblems(burger, ['regular', 'nope'])).toContainEqual({ kind: 'unknown_option', optionId: 'nope' });
    expect(selectionProblems(burger, ['regular', 'truffle'])).toContainEqual({ kind: 'option_unavailable', optionId: 'truffle' });
  });

  it('flags a sold-out product', () => {
    expect(selectionProblems(catalog.products[2]!, [])).toEqual([{ kind: 'product_unavailable' }]);
  });

  it('makes a single-choice group behave like radio buttons that stay chosen when required', () => {
    expect(toggleOption(size, ['regular', 'cheese'], 'large').sort()).toEqual(['cheese', 'large']);
    expect(toggleOption(size, ['large'], 'large')).toEqual(['large']);
  });

  it('toggles a multi-choice group up to its maximum and ignores unavailable options', () => {
    let ids = toggleOption(extras, ['regular'], 'cheese');
    ids = toggleOption(extras, ids, 'egg');
    expect(ids.sort()).toEqual(['cheese', 'egg', 'regular']);
    expect(toggleOption(extras, ['cheese', 'egg'], 'truffle').sort()).toEqual(['cheese', 'egg']);
    expect(toggleOption(extras, ['cheese', 'egg'], 'cheese')).toEqual(['egg']);
    expect(toggleOption(extras, [], 'truffle')).toEqual([]);
  });

  it('preselects the first available option of a required single choice', () => {
    expect(defaultSelection(burger)).toEqual(['regular']);
  });
});
