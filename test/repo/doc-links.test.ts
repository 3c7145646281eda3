// The documentation link check (scripts/doc-links.ts, run by `npm test`): it must report dead
// files and dead anchors, slug headings as GitHub does, and ignore links inside code.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findBrokenLinks, markdownFiles } from '../../scripts/doc-links.ts';

const root = mkdtempSync(join(tmpdir(), 'doc-links-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

write(
  'docs/guide.md',
  [
    '# Guide',
    '## Scaling out: replicas sharing a Redis cache',
    '## The `CACHE_URL` setting',
    '## Errors',
    '## Errors',
    '<a id="custom-anchor"></a>',
  ].join('\n\n'),
);
write('node_modules/pkg/README.md', '[dead](nowhere.md)');
write(
  'README.md',
  [
    '# Front door',
    '[ok](docs/guide.md#scaling-out-replicas-sharing-a-redis-cache)',
    '[ok, code in heading](docs/guide.md#the-cache_url-setting)',
    '[ok, second heading of the same name](docs/guide.md#errors-1)',
    '[ok, html anchor](docs/guide.md#custom-anchor)',
    '[ok, same file](#front-door)',
    '[ok, external](https://example.com/nowhere.md) and ![ok](docs)',
    '[dead file](docs/missing.md)',
    '[dead anchor](docs/guide.md#scaling-out)',
    '[dead same-file anchor](#back-door)',
    '![dead image](docs/picture.png)',
    '```\n[inside a code block](nowhere.md)\n```',
    'and `[inside code](nowhere.md)`',
  ].join('\n\n'),
);

describe('documentation link check', () => {
  it('reports each dead file and anchor with its line, and nothing else', () => {
    const broken = findBrokenLinks(root);
    expect(broken.map((b) => `${b.file}:${b.line} ${b.target}`)).toEqual([
      'README.md:15 docs/missing.md',
      'README.md:17 docs/guide.md#scaling-out',
      'README.md:19 #back-door',
      'README.md:21 docs/picture.png',
    ]);
    expect(broken[1]?.reason).toBe('no heading in docs/guide.md makes the anchor #scaling-out');
  });

  it('skips installed packages', () => {
    expect(markdownFiles(root)).toEqual(['README.md', 'docs/guide.md']);
  });
});
