// Fails when a Markdown file of the project links to a file or #anchor that does not exist
// (see scripts/doc-links.ts). Run by `npm test`; prints every dead link with its line.
import { findBrokenLinks, markdownFiles } from './doc-links.ts';

const root = process.cwd();
const broken = findBrokenLinks(root);
if (broken.length > 0) {
  for (const b of broken) process.stderr.write(`${b.file}:${b.line}: ${b.target} — ${b.reason}\n`);
  process.stderr.write(`${broken.length} dead link(s) in the documentation.\n`);
  process.exit(1);
}
process.stdout.write(`Links in ${markdownFiles(root).length} Markdown files are alive.\n`);
