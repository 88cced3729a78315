// Every rule id the analyzer reports, from the rule modules (the config schema closes `rules` over them).
import { allRules } from '.';

export function knownRuleIds(): string[] {
  return allRules.map((r) => r.meta.id);
}
