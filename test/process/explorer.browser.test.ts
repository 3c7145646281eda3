// The explorer in a real browser: Debian's chromium (driven over CDP by playwright-core) opens
// /graphql of a gateway started as `npm start` does in demo mode, runs the example operation,
// builds another one by ticking fields in the field tree and runs it, and must see the example
// profile, with no request leaving for any other host. Skipped, with the reason printed, where
// no chromium is installed.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/net.ts';
import { runMain, waitForHealthy } from '../support/process.ts';
import type { RunningMain } from '../support/process.ts';

const ARTIFACTS = new URL('../artifacts/', import.meta.url);

function findChromium(): string | undefined {
  const dirs = (process.env['PATH'] ?? '').split(delimiter).concat('/usr/bin');
  for (const dir of dirs) {
    for (const name of ['chromium', 'chromium-browser']) {
      const path = join(dir, name);
      if (existsSync(path)) return path;
    }
  }
  return undefined;
}

/** Starts chromium with a fresh profile and returns its DevTools WebSocket URL. */
async function startChromium(
  path: string,
  userDataDir: string,
): Promise<{ child: ChildProcess; ws: string }> {
  const child = spawn(
    path,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--user-data-dir=${userDataDir}`,
      '--remote-debugging-address=127.0.0.1',
      '--remote-debugging-port=0',
      '--window-size=1440,900',
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const ws = await new Promise<string>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`chromium did not start:\n${err}`)), 20_000);
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(err);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`chromium exited with ${code}:\n${err}`));
    });
  });
  return { child, ws };
}

/** Lets requests reach the gateway only; returns the URLs asked for and those refused. */
async function gatewayOnly(context: BrowserContext, gatewayUrl: string) {
  const requests: string[] = [];
  const elsewhere: string[] = [];
  // Anything not for the gateway is recorded and refused, as on a machine with no internet.
  await context.route('**/*', (route) => {
    const target = route.request().url();
    requests.push(target);
    if (target.startsWith(`${gatewayUrl}/`)) return route.continue();
    elsewhere.push(target);
    return route.abort();
  });
  return { requests, elsewhere };
}

const chromiumPath = findChromium();
if (!chromiumPath) {
  console.warn(
    'Skipping the explorer browser test: no chromium installed (apt-get install chromium)',
  );
}

describe.skipIf(!chromiumPath)('explorer in a browser (demo mode)', () => {
  let gateway: RunningMain;
  let url: string;
  let chrome: ChildProcess | undefined;
  let browser: Browser | undefined;
  let profileDir: string;

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    gateway = runMain({ PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
    profileDir = await mkdtemp(join(tmpdir(), 'explorer-chromium-'));
    const [, started] = await Promise.all([
      waitForHealthy(url),
      startChromium(chromiumPath as string, profileDir),
    ]);
    chrome = started.child;
    browser = await chromium.connectOverCDP(started.ws);
  }, 60_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    if (chrome && chrome.exitCode === null) {
      const exited = new Promise((resolve) => chrome?.once('exit', resolve));
      chrome.kill('SIGTERM');
      await exited;
    }
    gateway?.child.kill('SIGTERM');
    await gateway?.exited;
    await rm(profileDir, { recursive: true, force: true });
  });

  it('runs the example operation and talks to no host but the gateway', async () => {
    const context = browser?.contexts()[0] ?? (await browser?.newContext());
    if (!context) throw new Error('no browser context');
    const { requests, elsewhere } = await gatewayOnly(context, url);
    const page = await context.newPage();
    await page.setViewportSize({ width: 1440, height: 900 });
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });

    await page.goto(`${url}/graphql`);
    await page.locator('.graphiql-query-editor').getByText('ExampleCustomer').first().waitFor();
    const answered = page.waitForResponse(
      (r) => r.url() === `${url}/graphql` && /ExampleCustomer/.test(r.request().postData() ?? ''),
    );
    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.result-window');
    await expect
      .poll(() => result.innerText(), { timeout: 20_000 })
      .toContain('Casual-elegante minimalista');
    // The result pane shows the cost of the query too (below the fold of the pane).
    const body = (await (await answered).json()) as { extensions?: { gateway?: unknown } };
    expect(body.extensions?.gateway).toMatchObject({ upstreamCalls: 1, cacheMisses: 1 });

    // The schema docs come from the gateway too.
    await page.getByRole('button', { name: /documentation explorer/i }).click();
    await page.locator('.graphiql-doc-explorer').getByText('Query').first().waitFor();
    await page
      .locator('.graphiql-doc-explorer-root-type, .graphiql-doc-explorer')
      .first()
      .waitFor();
    // The header editor, for API keys and JWTs.
    await page.getByRole('button', { name: 'Headers' }).click();

    expect(elsewhere).toEqual([]);
    expect(requests.some((r) => r.includes('/graphql/explorer/assets/graphiql.js'))).toBe(true);
    expect(requests.some((r) => r === `${url}/graphql`)).toBe(true);
    expect(consoleErrors).toEqual([]);
  }, 60_000);

  it('builds a query by ticking fields in the field tree and runs it', async () => {
    // A fresh context: no tabs or editor text left in storage by the test above.
    const context = await browser?.newContext({ viewport: { width: 1440, height: 900 } });
    if (!context) throw new Error('no browser context');
    const { requests, elsewhere } = await gatewayOnly(context, url);
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(`${url}/graphql`);
    // The field tree is open from the start, listing the schema's root fields.
    const tree = page.locator('.graphiql-explorer-root');
    await tree.locator('[data-field-name="customer"]').waitFor();

    // Start from an empty editor: the tree then builds a new operation.
    const editor = page.locator('.graphiql-query-editor');
    await editor.getByText('ExampleCustomer').first().waitFor();
    await editor.locator('.CodeMirror').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await expect.poll(() => editor.innerText()).not.toContain('ExampleCustomer');
    // The tree follows the editor a moment later: it then offers a new, empty MyQuery.
    await expect
      .poll(() => tree.locator('.graphiql-operation-title-bar input').first().inputValue())
      .toBe('MyQuery');
    await tree.locator('[data-field-name="customer"]').click();
    await expect.poll(() => editor.innerText()).toContain('customer(by: {})');
    // `by` is required and one-of: tick its email and type the address.
    await tree.locator('[data-arg-name="email"] > span').first().click();
    await tree.locator('[data-arg-name="email"] input').fill('customer@example.com');
    await tree.locator('[data-field-name="userProfileId"]').click();
    await tree.locator('[data-field-name="profile"]').click();
    await tree.locator('[data-field-name="summary"]').first().click();
    await tree.locator('[data-field-name="style"]').click();
    await expect
      .poll(() => editor.innerText())
      .toMatch(/customer\(by: \{email: "customer@example\.com"\}\)[\s\S]*style/);

    const answered = page.waitForResponse(
      (r) => r.url() === `${url}/graphql` && /MyQuery/.test(r.request().postData() ?? ''),
    );
    await page.locator('.graphiql-execute-button').click();
    const body = (await (await answered).json()) as { data?: unknown; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      customer: {
        userProfileId: 'ddsd23223',
        profile: { summary: { style: expect.stringContaining('Casual-elegante minimalista') } },
      },
    });
    await expect
      .poll(() => page.locator('.result-window').innerText(), { timeout: 20_000 })
      .toContain('ddsd23223');

    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: new URL('explorer.png', ARTIFACTS).pathname });

    expect(elsewhere).toEqual([]);
    expect(requests.some((r) => r.includes('/graphql/explorer/assets/field-tree.js'))).toBe(true);
    expect(consoleErrors).toEqual([]);
    await context.close();
  }, 60_000);
});
