// The floor: a bare node:http server answering every request with the same pre-serialised
// GraphQL response bytes. What any gateway costs per request is measured against this.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runAsChild } from '../child-protocol.ts';

runAsChild(async (raw) => {
  const body = Buffer.from((raw as { answer: string }).answer);
  const headers = { 'content-type': 'application/json', 'content-length': String(body.length) };
  const server = createServer((request, response) => {
    // Read the request to its end first, as any real handler must before answering.
    request.resume();
    request.on('end', () => {
      response.writeHead(200, headers);
      response.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
});
