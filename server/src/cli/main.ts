import { runCli } from './cli';

// Third-party libraries' process warnings (kafkajs' TimeoutNegativeWarning, dependencies'
// deprecations) are not the user's business; STREAMWISE_DEBUG=1 shows them.
if (process.env.STREAMWISE_DEBUG !== '1') process.removeAllListeners('warning');

void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
