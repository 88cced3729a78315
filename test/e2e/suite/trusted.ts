// Phase "trusted": the gateway fixture in a trusted window.
import { defineLanguageTests } from './language.e2e';
import { definePackagedTests } from './packaged.e2e';
import { runMocha } from './run-mocha';
import { defineRunTests } from './runs.e2e';
import { defineWorkspaceFeatureTests } from './workspace-features.e2e';

export function run(): Promise<void> {
  return runMocha([definePackagedTests, defineWorkspaceFeatureTests, defineLanguageTests, defineRunTests]);
}
