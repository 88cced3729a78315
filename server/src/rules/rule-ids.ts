// Every rule id the analyzer reports (the one list in protocol.ts); the config schema closes `rules` over them.
import { STREAMWISE_RULE_IDS } from '../protocol';

export function knownRuleIds(): string[] {
  return [...STREAMWISE_RULE_IDS];
}
