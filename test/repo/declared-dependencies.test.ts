// The production image installs `dependencies` only (npm ci --omit=dev): every package the
// gateway's code loads must be declared there, not merely present because another package
// pulled it in (npm's hoisting hides that until a dependency's next release drops it).
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .filter((entry) => !entry.parentPath.includes('node_modules'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

function packagesLoadedBy(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const { importedFiles } = ts.preProcessFile(text, true, true);
  // The explorer serves files of installed packages, found with require.resolve.
  const resolved = [...text.matchAll(/packageDir\('([^']+)'\)/g)].map((m) => m[1] as string);
  return [...importedFiles.map((f) => f.fileName), ...resolved]
    .filter((s) => !s.startsWith('.') && !s.startsWith('node:') && !builtinModules.includes(s))
    .map(packageOf);
}

describe('declared dependencies', () => {
  it('every package src/ loads is a production dependency', () => {
    const undeclared = new Set<string>();
    const seen = new Set<string>();
    for (const file of sourceFiles('src')) {
      for (const pkg of packagesLoadedBy(file)) {
        seen.add(pkg);
        if (!Object.hasOwn(manifest.dependencies, pkg))
          undeclared.add(`${pkg} (${file.slice(root.length)})`);
      }
    }
    // Guards the scan itself: it must see the imports it is meant to check.
    expect(seen).toContain('@escape.tech/graphql-armor-max-depth');
    expect(seen).toContain('graphiql');
    expect([...undeclared]).toEqual([]);
  });

  it('every package the tests, scripts, benchmark and examples load is declared', () => {
    const declared = { ...manifest.dependencies, ...manifest.devDependencies };
    const undeclared = new Set<string>();
    for (const dir of ['test', 'scripts', 'bench', 'examples']) {
      for (const file of sourceFiles(dir)) {
        for (const pkg of packagesLoadedBy(file)) {
          if (!Object.hasOwn(declared, pkg)) undeclared.add(`${pkg} (${file.slice(root.length)})`);
        }
      }
    }
    expect([...undeclared]).toEqual([]);
  });
});
