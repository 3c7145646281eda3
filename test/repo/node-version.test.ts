// What a user on an older Node.js sees: `npm ci` refuses with npm's engine error (the committed
// .npmrc sets engine-strict) and `npm start` prints one line naming the Node.js needed, instead
// of a stack trace. An older Node is simulated by a copy of the project whose package.json asks
// for Node 99 (with the real start script); a real older Node is used too when one is installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const CHECK = 'src/node-version-check.cjs';
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A copy of the project's start-up (start script, check, .npmrc) that asks for `node`. */
function projectNeeding(node: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'node-version-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'src'));
  copyFileSync(join(repo, CHECK), join(dir, CHECK));
  copyFileSync(join(repo, '.npmrc'), join(dir, '.npmrc'));
  writeFileSync(join(dir, 'src/main.ts'), 'console.log("started");\n');
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: 'start-up-copy',
      version: '1.0.0',
      type: 'module',
      engines: { node: node },
      scripts: { start: pkg.scripts['start'] },
    }),
  );
  return dir;
}

const npm = (cwd: string, args: string[], path = process.env['PATH'] ?? '') =>
  spawnSync('npm', args, { cwd, encoding: 'utf8', env: { PATH: path, HOME: tmpdir() } });

/** An older Node.js installed beside the one running the tests (Debian's), with its npm. */
function olderNode(): string | undefined {
  for (const candidate of ['/usr/bin/node', '/usr/local/bin/node']) {
    try {
      const version = execFileSync(candidate, ['-p', 'process.versions.node'], {
        encoding: 'utf8',
      });
      if (Number(version.split('.')[0]) < 24) return candidate;
    } catch {
      // not installed there
    }
  }
  return undefined;
}

describe('Node.js version', () => {
  it('npm start on a Node.js older than engines asks for: exit 1, one line saying what to install', () => {
    const run = npm(projectNeeding('>=99'), ['start', '--silent']);
    expect(run.status).toBe(1);
    expect(run.stdout).not.toContain('started');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`needs Node.js 99 or newer, this is ${process.version}`);
    expect(lines[0]).toContain('nvm install');
  });

  it('npm start on a Node.js that fits: the check says nothing and the program runs', () => {
    const run = npm(projectNeeding('>=24'), ['start', '--silent']);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe('started');
    expect(run.stderr).toBe('');
  });

  it('npm install on a Node.js older than engines asks for: npm refuses with its engine error', () => {
    const run = npm(projectNeeding('>=99'), [
      'install',
      '--package-lock=false',
      '--offline',
      '--no-audit',
      '--no-fund',
    ]);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('EBADENGINE');
    expect(run.stderr).toContain('Required: {"node":">=99"}');
  });

  const old = olderNode();
  it.skipIf(!old)(
    `npm start with a real older Node.js (${old ?? 'none installed: skipped'}) prints the one line`,
    () => {
      const run = npm(repo, ['start', '--silent'], `${dirname(old ?? '')}:/bin`);
      expect(run.status).toBe(1);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/needs Node\.js 24 or newer, this is v\d+/);
      expect(run.stderr).not.toContain('ERR_UNKNOWN_FILE_EXTENSION');
    },
  );
});
