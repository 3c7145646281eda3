// The explorer's static files, served by the gateway itself from installed packages (GraphiQL's
// UMD bundle and its explorer plugin's, React 18 UMD) so it works where no CDN is reachable. Files are read on first
// use, kept in memory (gzipped too, off the event loop) and the page gets a strict CSP.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';

export const ASSETS_PATH = '/graphql/explorer/assets';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

interface AssetSource {
  file: () => string;
  type: string;
}

const SOURCES: Readonly<Record<string, AssetSource>> = {
  'react.js': {
    file: () => join(packageDir('react'), 'umd/react.production.min.js'),
    type: 'text/javascript; charset=utf-8',
  },
  'react-dom.js': {
    file: () => join(packageDir('react-dom'), 'umd/react-dom.production.min.js'),
    type: 'text/javascript; charset=utf-8',
  },
  'graphiql.js': {
    file: () => join(packageDir('graphiql'), 'graphiql.min.js'),
    type: 'text/javascript; charset=utf-8',
  },
  'graphiql.css': {
    file: () => join(packageDir('graphiql'), 'graphiql.min.css'),
    type: 'text/css; charset=utf-8',
  },
  // The click-to-build field tree (@graphiql/plugin-explorer, pinned to the version that peers
  // on the @graphiql/react inside our GraphiQL); its UMD build uses GraphiQL's React and graphql.
  'field-tree.js': {
    file: () => join(packageDir('@graphiql/plugin-explorer'), 'dist/index.umd.js'),
    type: 'text/javascript; charset=utf-8',
  },
  'field-tree.css': {
    file: () => join(packageDir('@graphiql/plugin-explorer'), 'dist/style.css'),
    type: 'text/css; charset=utf-8',
  },
  'explorer.js': {
    file: () => fileURLToPath(new URL('./browser/explorer.js', import.meta.url)),
    type: 'text/javascript; charset=utf-8',
  },
};

const versionOf = (name: string) =>
  (JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as { version: string })
    .version;

/** The bundles' versions: part of asset URLs, so a new bundle is never served from a stale cache. */
export const ASSETS_VERSION = `${versionOf('graphiql')}-${versionOf('@graphiql/plugin-explorer')}`;

/** The page may only load what the gateway serves and talk to the gateway. */
export const EXPLORER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // CodeMirror and GraphiQL set inline styles; the fonts are data: URLs inside the CSS.
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

interface LoadedAsset {
  body: Buffer;
  gzipped: Buffer;
  type: string;
}

const gzipAsync = promisify(gzip);

async function loadAsset(source: AssetSource): Promise<LoadedAsset> {
  const body = await readFile(source.file());
  return { body, gzipped: await gzipAsync(body), type: source.type };
}

export function registerExplorerAssets(app: FastifyInstance): void {
  const loaded = new Map<string, Promise<LoadedAsset>>();
  const load = (name: string): Promise<LoadedAsset> | undefined => {
    const source = Object.hasOwn(SOURCES, name) ? SOURCES[name] : undefined;
    if (!source) return undefined;
    let asset = loaded.get(name);
    if (!asset) {
      asset = loadAsset(source);
      // A failed read is retried on the next request rather than cached.
      asset.catch(() => loaded.delete(name));
      loaded.set(name, asset);
    }
    return asset;
  };

  app.get<{ Params: { name: string } }>(`${ASSETS_PATH}/:name`, async (request, reply) => {
    const asset = await load(request.params.name);
    if (!asset) return reply.code(404).send({ error: 'No such explorer asset' });
    void reply
      .header('content-type', asset.type)
      .header('cache-control', 'public, max-age=86400')
      .header('x-content-type-options', 'nosniff')
      .header('vary', 'accept-encoding');
    if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
      return reply.header('content-encoding', 'gzip').send(asset.gzipped);
    }
    return reply.send(asset.body);
  });

  // The page itself is Apollo's landing page on /graphql: give it the CSP.
  app.addHook('onSend', async (request, reply, payload) => {
    if (
      request.routeOptions.url === '/graphql' &&
      String(reply.getHeader('content-type') ?? '').startsWith('text/html')
    ) {
      void reply.header('content-security-policy', EXPLORER_CSP);
      void reply.header('x-content-type-options', 'nosniff');
    }
    return payload;
  });
}
