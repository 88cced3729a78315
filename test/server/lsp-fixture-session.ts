// One language server for a whole test file, on a fresh copy of a fixture workspace: started
// before the file's first test, stopped (and the copy removed) after its last.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { fixtureWorkspace, LspSession } from './lsp-session';

export interface FixtureSession {
  /** Absolute path of the file under test in the copy. */
  readonly file: string;
  /** Its text as the fixture has it. */
  readonly text: string;
  /** The running session (only inside tests: it starts in `before`). */
  session(): LspSession;
}

export function sessionOnFixture(fixture: string, relativeFile: string): FixtureSession {
  const workspace = fixtureWorkspace(fixture);
  const file = join(workspace.root, relativeFile);
  const text = readFileSync(file, 'utf8');
  let running: LspSession | undefined;
  before(async () => {
    running = await LspSession.start({ folders: [workspace.root] });
  });
  after(async () => {
    await running?.dispose();
    workspace.dispose();
  });
  return {
    file,
    text,
    session: () => {
      if (running === undefined) throw new Error('the LSP session starts in before(): use it inside a test');
      return running;
    },
  };
}
