// Every rule, one module per rule id.
import type { RuleModule } from './rule';
import applicationIdFormat from './application-id-format';

export const allRules: readonly RuleModule[] = [applicationIdFormat];
