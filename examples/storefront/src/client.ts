// The storefront's GraphQL client: urql with the persisted-queries exchange. Each request
// carries only the operation's hash (computed by codegen, in the document's __meta__), never
// its text, so a gateway running PERSISTED_QUERIES_ONLY=true serves exactly the operations of
// the generated manifest.
import { Client, fetchExchange } from '@urql/core';
import type { TypedDocumentNode } from '@urql/core';
import { persistedExchange } from '@urql/exchange-persisted';

export interface StorefrontClientOptions {
  /** The gateway's GraphQL endpoint, e.g. http://localhost:4000/graphql. */
  url: string;
  /** Sent as x-api-key (a key from the gateway's GATEWAY_API_KEYS), when the gateway needs one. */
  apiKey?: string;
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
}

/** Codegen's typed documents carry their manifest hash (`sha256:<hex>`). */
interface PersistedDocument {
  __meta__?: { hash?: string };
}

function manifestHash(document: TypedDocumentNode<unknown, never>): Promise<string> {
  const hash = (document as PersistedDocument).__meta__?.hash;
  // A document written without graphql() has no hash: send none, and the gateway refuses it.
  return Promise.resolve(hash?.replace(/^sha256:/, '') ?? '');
}

export function createStorefrontClient(options: StorefrontClientOptions): Client {
  return new Client({
    url: options.url,
    exchanges: [
      persistedExchange({
        // Never fall back to sending the text: the gateway would refuse it anyway.
        enforcePersistedQueries: true,
        preferGetForPersistedQueries: false,
        generateHash: (_query, document) => manifestHash(document),
      }),
      fetchExchange,
    ],
    fetchOptions: (): RequestInit =>
      options.apiKey ? { headers: { 'x-api-key': options.apiKey } } : {},
    ...(options.fetch ? { fetch: options.fetch } : {}),
    requestPolicy: 'network-only',
    // POST throughout: Apollo Server refuses a GET without a CSRF preflight header.
    preferGetMethod: false,
  });
}
