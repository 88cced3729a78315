// Runs mocha inside the extension host: each phase's entry registers its tests, then runs them.
import Mocha from 'mocha';

export function runMocha(register: (() => void)[]): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 90_000, color: false, reporter: 'spec' });
  mocha.suite.emit('pre-require', globalThis, 'streamwise-e2e', mocha);
  for (const define of register) define();
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} e2e test(s) failed`)) : resolve()));
  });
}
