// The JSON Schema of streamwise.config.json with the analyzer's rule ids; esbuild.mjs writes it to
// dist/streamwise.config.schema.json for the extension's contributes.jsonValidation.
import { deploymentConfigJsonSchema, type JsonSchema } from 'streamwise/model';
import { knownRuleIds } from '../rules/rule-ids';

export function configJsonSchema(): JsonSchema {
  return deploymentConfigJsonSchema(knownRuleIds());
}
