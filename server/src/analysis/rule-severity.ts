// The `rules` severity map (SPEC section 3): rule id -> off | info | warning | error, from the
// editor setting `streamwise.rules` and from `rules` in streamwise.config.json. The editor's entry
// wins per rule; 'off' drops the rule's findings. One module for the language server and `check`.
// The config file's map is validated (with line and column) by the one config schema in
// streamwise/model; this module validates the editor setting the same way and applies either.
import { RULE_LEVELS, type RuleLevel } from 'streamwise/model';

export type RuleLevels = Record<string, RuleLevel>;

export function isRuleSeverityLevel(value: unknown): value is RuleLevel {
  return typeof value === 'string' && (RULE_LEVELS as readonly string[]).includes(value);
}

/**
 * Validates an untrusted map. Entries with a level that is not one of the four are dropped and
 * reported through `problem` (path-style, as the config parser names unknown keys).
 */
export function parseRuleLevels(raw: unknown, problem: (message: string) => void = () => undefined, where = 'rules'): RuleLevels {
  const out: RuleLevels = {};
  if (raw === undefined || raw === null) return out;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problem(`${where} must be an object mapping rule ids to off | info | warning | error`);
    return out;
  }
  for (const [rule, level] of Object.entries(raw)) {
    if (isRuleSeverityLevel(level)) out[rule] = level;
    else problem(`${where}.${rule} must be one of off, info, warning, error (got ${JSON.stringify(level)})`);
  }
  return out;
}

/** The editor's levels win over the config file's, rule by rule. */
export function mergeRuleLevels(configFile: RuleLevels, editor: RuleLevels): RuleLevels {
  return { ...configFile, ...editor };
}

/**
 * Applies the map to findings: a rule set to 'off' is dropped, any other level replaces the
 * finding's severity; rules not in the map keep the severity the rule gave.
 */
export function applyRuleLevels<F extends { rule: string; severity: 'error' | 'warning' | 'info' }>(findings: readonly F[], levels: RuleLevels): F[] {
  if (Object.keys(levels).length === 0) return [...findings];
  const out: F[] = [];
  for (const finding of findings) {
    const level = Object.hasOwn(levels, finding.rule) ? levels[finding.rule] : undefined;
    if (level === undefined) out.push(finding);
    else if (level !== 'off') out.push(level === finding.severity ? finding : { ...finding, severity: level });
  }
  return out;
}

