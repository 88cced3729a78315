// The streamwise.config.json that governs a topology module: the nearest one in its folder or above.
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { DeploymentConfig } from 'streamwise/model';
import { CONFIG_FILE, loadDeploymentConfig } from '../../analysis/config';
import { UsageError } from '../command';

export interface RunConfig { /** folder of the config file (inputs are relative to it); undefined: no config */ dir: string | undefined; config: DeploymentConfig }

/** A config with errors is a usage error naming the file (relative to the cwd), line and column. */
export function runConfigFor(moduleFile: string, cwd: string): RunConfig {
  for (let dir = dirname(moduleFile); ; dir = dirname(dir)) {
    if (existsSync(join(dir, CONFIG_FILE))) {
      const loaded = loadDeploymentConfig(dir);
      const shown = relative(cwd, join(dir, CONFIG_FILE)) || CONFIG_FILE;
      if (loaded.errors.length > 0) throw new UsageError(loaded.errors.map((e) => e.replace(CONFIG_FILE, shown)).join('\n'));
      return { dir, config: loaded.config };
    }
    if (dirname(dir) === dir) return { dir: undefined, config: loadDeploymentConfig(dir).config };
  }
}
