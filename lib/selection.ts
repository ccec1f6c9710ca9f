/**
 * Whether an operation asks for a field directly under the one being resolved — through inline
 * fragments and named fragment spreads, whatever their type condition. Why: a resolver that
 * can start a read early (before its parent's value exists) should do so only when the answer
 * will use it; reading client data nobody asked for would be reading it without need.
 */
import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';

export function selectsField(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, names: readonly string[]): boolean {
  const seen = new Set<string>();
  const within = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((s) => {
      if (s.kind === 'Field') return names.includes(s.name.value);
      if (s.kind === 'InlineFragment') return within(s.selectionSet);
      if (seen.has(s.name.value)) return false;
      seen.add(s.name.value);
      return within(info.fragments[s.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((node) => within(node.selectionSet));
}
