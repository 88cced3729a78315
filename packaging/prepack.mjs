// `npm pack` of runtime/ or server/ (prepack): the package carries the repository's LICENSE; the
// CLI package also carries the repository README (its "Use it in your project" section). Copies,
// git-ignored: the root files stay the one source.
import { copyFileSync, existsSync } from 'node:fs';
import { basename, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const pkgDir = process.cwd();
copyFileSync(join(root, 'LICENSE'), join(pkgDir, 'LICENSE'));
if (basename(pkgDir) === 'server') copyFileSync(join(root, 'README.md'), join(pkgDir, 'README.md'));
if (!existsSync(join(pkgDir, 'README.md'))) throw new Error(`${pkgDir}: README.md missing`);
if (basename(pkgDir) === 'server' && !existsSync(join(pkgDir, 'dist', 'cli.js'))) throw new Error('server/dist/cli.js missing: run `npm run build` first');
