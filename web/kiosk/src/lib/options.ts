import type { OptionGroupView, ProductView } from '@kiosk/contracts/api';

/** Why a product cannot be ordered with a given choice of options. */
export type SelectionProblem =
  | { kind: 'too_few'; groupId: string; min: number }
  | { kind: 'too_many'; groupId: string; max: number }
  | { kind: 'unknown_option'; optionId: string }
  | { kind: 'option_unavailable'; optionId: string }
  | { kind: 'product_unavailable' };

/** Checks a choice against the server's rules: min <= chosen per group <= max, nothing unavailable. */
export function selectionProblems(product: ProductView, optionIds: readonly string[]): SelectionProblem[] {
  const problems: SelectionProblem[] = [];
  if (!product.available) problems.push({ kind: 'product_unavailable' });
  const known = new Map(product.optionGroups.flatMap((g) => g.options.map((o) => [o.id, o] as const)));
  for (const id of optionIds) {
    const option = known.get(id);
    if (!option) problems.push({ kind: 'unknown_option', optionId: id });
    else if (!option.available) problems.push({ kind: 'option_unavailable', optionId: id });
  }
  for (const group of product.optionGroups) {
    const chosen = chosenIn(group, optionIds).length;
    if (chosen < group.min) problems.push({ kind: 'too_few', groupId: group.id, min: group.min });
    if (chosen > group.max) problems.push({ kind: 'too_many', groupId: group.id, max: group.max });
  }
  return problems;
}

/** The ids of `group` present in `optionIds`. */
export function chosenIn(group: OptionGroupView, optionIds: readonly string[]): string[] {
  return group.options.filter((o) => optionIds.includes(o.id)).map((o) => o.id);
}

/**
 * What a tap on an option does: a group of max 1 behaves like radio buttons (a tap replaces the choice,
 * a tap on the chosen one clears it unless the group requires one); a larger group toggles, and a tap
 * that would exceed max is ignored. Unavailable options cannot be chosen.
 */
export function toggleOption(group: OptionGroupView, optionIds: readonly string[], optionId: string): string[] {
  const option = group.options.find((o) => o.id === optionId);
  if (!option) return [...optionIds];
  const chosen = chosenIn(group, optionIds);
  const others = optionIds.filter((id) => !chosen.includes(id));
  if (chosen.includes(optionId)) {
    if (group.max === 1 && group.min >= 1) return [...optionIds];
    return [...others, ...chosen.filter((id) => id !== optionId)];
  }
  if (!option.available) return [...optionIds];
  if (group.max === 1) return [...others, optionId];
  if (chosen.length >= group.max) return [...optionIds];
  return [...others, ...chosen, optionId];
}

/** Starting choice: for each required single-choice group, the first available option. */
export function defaultSelection(product: ProductView): string[] {
  const ids: string[] = [];
  for (const group of product.optionGroups) {
    if (group.min === 1 && group.max === 1) {
      const first = group.options.find((o) => o.available);
      if (first) ids.push(first.id);
    }
  }
  return ids;
}
