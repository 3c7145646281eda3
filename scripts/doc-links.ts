// Finds dead links in the project's Markdown: a relative link to a file that does not exist,
// or an #anchor that no heading of the target file produces (GitHub's slugs). External URLs
// are not fetched: the check must pass offline and must not depend on other people's sites.
import { existsSync, globSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import GithubSlugger from 'github-slugger';
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';

export interface BrokenLink {
  /** The Markdown file holding the link, relative to the root. */
  file: string;
  line: number;
  target: string;
  reason: string;
}

/** Folders whose Markdown is not ours to keep (installed packages, run outputs). */
const IGNORED = [
  '**/node_modules/**',
  '.git/**',
  'test/artifacts/**',
  'bench/results/**',
  '.scratch/**',
];

const markdown = new MarkdownIt({ html: true });

/** The project's Markdown files, relative to root. */
export function markdownFiles(root: string): string[] {
  return globSync('**/*.md', { cwd: root, exclude: IGNORED }).sort();
}

interface LinkRef {
  target: string;
  line: number;
}

interface Parsed {
  links: LinkRef[];
  anchors: Set<string>;
}

const HTML_ATTR = /\b(href|src|id|name)\s*=\s*"([^"]*)"/g;

function parse(text: string): Parsed {
  const tokens = markdown.parse(text, {});
  const links: LinkRef[] = [];
  const anchors = new Set<string>();
  const slugger = new GithubSlugger();
  let line = 1;
  let inHeading = false;
  const fromHtml = (html: string, at: number) => {
    for (const [, attr, value] of html.matchAll(HTML_ATTR)) {
      if (attr === 'id' || attr === 'name') anchors.add(value ?? '');
      else links.push({ target: value ?? '', line: at });
    }
  };
  for (const token of tokens) {
    if (token.map) line = token.map[0] + 1;
    if (token.type === 'heading_open') inHeading = true;
    else if (token.type === 'heading_close') inHeading = false;
    else if (token.type === 'html_block') fromHtml(token.content, line);
    else if (token.type === 'inline') {
      if (inHeading) anchors.add(slugger.slug(plainText(token.children ?? [])));
      for (const child of token.children ?? []) {
        if (child.type === 'link_open') links.push({ target: child.attrGet('href') ?? '', line });
        else if (child.type === 'image') links.push({ target: child.attrGet('src') ?? '', line });
        else if (child.type === 'html_inline') fromHtml(child.content, line);
      }
    }
  }
  return { links, anchors };
}

/** A heading's text as GitHub slugs it: the rendered words, without Markdown syntax. */
function plainText(children: Token[]): string {
  return children
    .filter((c) => c.type === 'text' || c.type === 'code_inline')
    .map((c) => c.content)
    .join('');
}

/** The #anchors the headings (and `id`/`name` attributes) of one Markdown file produce. */
export function anchorsOf(path: string): Set<string> {
  return parse(readFileSync(path, 'utf8')).anchors;
}

const EXTERNAL = /^([a-z][a-z0-9+.-]*:|\/\/)/i;

export function findBrokenLinks(root: string, files = markdownFiles(root)): BrokenLink[] {
  const cache = new Map<string, Parsed>();
  const parsed = (path: string): Parsed => {
    let entry = cache.get(path);
    if (!entry) {
      entry = parse(readFileSync(path, 'utf8'));
      cache.set(path, entry);
    }
    return entry;
  };
  const broken: BrokenLink[] = [];
  for (const file of files) {
    const absolute = resolve(root, file);
    for (const { target, line } of parsed(absolute).links) {
      if (target === '' || EXTERNAL.test(target)) continue;
      const report = (reason: string) => broken.push({ file, line, target, reason });
      const hash = target.indexOf('#');
      const pathPart = decodeURI(hash === -1 ? target : target.slice(0, hash));
      const anchor = hash === -1 ? undefined : decodeURIComponent(target.slice(hash + 1));
      const base = pathPart.startsWith('/') ? root : dirname(absolute);
      const linked = pathPart === '' ? absolute : join(base, pathPart.split('?')[0] ?? '');
      if (!existsSync(linked)) {
        report(`${relative(root, linked)} does not exist`);
        continue;
      }
      if (anchor === undefined || anchor === '' || !linked.endsWith('.md')) continue;
      if (statSync(linked).isFile() && !parsed(linked).anchors.has(anchor)) {
        report(`no heading in ${relative(root, linked)} makes the anchor #${anchor}`);
      }
    }
  }
  return broken;
}
