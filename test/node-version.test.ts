// What a user on an older Node.js sees: `npm ci` refuses with npm's engine error (the committed
// .npmrc sets engine-strict) and `npm start` prints one line naming the Node.js needed, instead
// of a stack trace. An older Node is simulated by asking for a newer one in package.json.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('..', import.meta.url));
const CHECK = 'src/node-version-check.cjs';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A project like this one whose package.json asks for a Node.js newer than any that exists. */
function projectNeedingNode99(): string {
  const dir = mkdtempSync(join(tmpdir(), 'node-version-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'src'));
  copyFileSync(join(repo, CHECK), join(dir, CHECK));
  copyFileSync(join(repo, '.npmrc'), join(dir, '.npmrc'));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'needs-node-99', version: '1.0.0', engines: { node: '>=99' } }),
  );
  return dir;
}

function runWithCheck(node: string, cwd: string, script: string) {
  return spawnSync(node, ['--require', `./${CHECK}`, script], { cwd, encoding: 'utf8' });
}

/** An older Node.js installed beside the one running the tests (Debian's), if any. */
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
  it('start on a Node.js older than engines asks for: exit 1, one line saying what to install', () => {
    const dir = projectNeedingNode99();
    writeFileSync(join(dir, 'main.mjs'), 'console.log("started")');
    const run = runWithCheck(process.execPath, dir, 'main.mjs');
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`needs Node.js 99 or newer, this is ${process.version}`);
    expect(lines[0]).toContain('nvm install');
  });

  it('start on a Node.js that fits: the check says nothing and the program runs', () => {
    const ok = spawnSync(process.execPath, ['--require', `./${CHECK}`, '-p', '"started"'], {
      cwd: repo,
      encoding: 'utf8',
    });
    expect(ok.status).toBe(0);
    expect(ok.stdout.trim()).toBe('started');
    expect(ok.stderr).toBe('');
  });

  it('npm install on a Node.js older than engines asks for: npm refuses with its engine error', () => {
    const dir = projectNeedingNode99();
    const run = spawnSync(
      'npm',
      ['install', '--package-lock=false', '--offline', '--no-audit', '--no-fund'],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('EBADENGINE');
    expect(run.stderr).toContain('Required: {"node":">=99"}');
  });

  const old = olderNode();
  it.skipIf(!old)(
    `npm start's command on a real older Node.js (${old ?? 'none installed: skipped'}) prints the one line`,
    () => {
      const run = runWithCheck(old ?? '', repo, 'src/main.ts');
      expect(run.status).toBe(1);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/needs Node\.js 24 or newer, this is v\d+/);
      expect(run.stderr).not.toContain('ERR_UNKNOWN_FILE_EXTENSION');
    },
  );
});
