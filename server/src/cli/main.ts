import nodeModule from 'node:module';

// Node >= 22.1 can keep the compiled code of the CLI and of TypeScript (9 MB) between runs; tsc
// (>= 5.7) turns it on for itself the same way. It must come before the analyzer is loaded, so
// the CLI is imported after it.
const { enableCompileCache } = nodeModule as { enableCompileCache?: () => unknown };
if (enableCompileCache !== undefined) {
  try {
    enableCompileCache();
  } catch {
    // No cache (read-only temp dir): only slower.
  }
}

// Third-party libraries' process warnings (kafkajs' TimeoutNegativeWarning, dependencies'
// deprecations) are not the user's business; STREAMWISE_DEBUG=1 shows them.
if (process.env.STREAMWISE_DEBUG !== '1') process.removeAllListeners('warning');

void import('./cli').then(({ runCli }) => runCli(process.argv.slice(2))).then((code) => {
  process.exitCode = code;
});
