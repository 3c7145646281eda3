// Trusted documents. Automatic Persisted Queries (a client sends a hash, and the text once)
// are kept in a bounded LRU; operations of a persisted-query manifest are found by their id.
// With PERSISTED_QUERIES_ONLY the gateway runs manifest operations only: nothing is
// registered, and any other text is refused with PERSISTED_QUERY_NOT_IN_LIST.
import type { ApolloServerPlugin, PersistedQueryOptions } from '@apollo/server';
import { PrefixingKeyValueCache } from '@apollo/utils.keyvaluecache';
import { LRUCache } from 'lru-cache';
import { notInPersistedList } from './errors.ts';
import { manifestIdOf } from './persisted-manifest.ts';
import type { PersistedOperation } from './persisted-manifest.ts';

/** Bound of the APQ store (UTF-16 code units of the stored texts). */
const APQ_MAX_SIZE = 8 * 1024 * 1024;

export function persistedQueryOptions(
  operations: readonly PersistedOperation[],
  only: boolean,
): PersistedQueryOptions {
  const manifest = new Map(operations.map((op) => [op.id, op.body]));
  const registered = new LRUCache<string, string>({
    maxSize: APQ_MAX_SIZE,
    sizeCalculation: (value, key) => value.length + key.length,
  });
  // The store is ours alone, so Apollo must not prefix its keys: manifest ids are looked up as sent.
  const cache = PrefixingKeyValueCache.cacheDangerouslyDoesNotNeedPrefixesForIsolation<string>({
    async get(id) {
      return manifest.get(manifestIdOf(id)) ?? (only ? undefined : registered.get(id));
    },
    async set(id, body) {
      if (!only) registered.set(id, body);
    },
    async delete(id) {
      return registered.delete(id);
    },
  });
  return { cache };
}

export function persistedOnlyPlugin(operations: readonly PersistedOperation[]): ApolloServerPlugin {
  const bodies = new Set(operations.map((op) => op.body));
  return {
    async requestDidStart() {
      return {
        // Whether the text came by id or in full, it must be a manifest body, byte for byte.
        async didResolveOperation({ source }) {
          if (!bodies.has(source)) throw notInPersistedList();
        },
      };
    },
  };
}
