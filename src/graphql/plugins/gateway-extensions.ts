// Tells the client what it got, under the response's `extensions.gateway`: `stale: true` when
// any customer in it was served past its freshness (the upstream failed, or a refresh runs
// in the background). Other gateway facts may join the same object; it is never overwritten.
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { GatewayContext } from '../context.ts';

export function gatewayExtensionsPlugin(): ApolloServerPlugin<GatewayContext> {
  // One listener for every request: it keeps no per-request state.
  const listener: GraphQLRequestListener<GatewayContext> = {
    async willSendResponse({ response, contextValue }) {
      if (contextValue.stats.staleServed === 0 || response.body.kind !== 'single') return;
      const result = response.body.singleResult;
      const extensions = (result.extensions ??= {});
      const gateway = (extensions['gateway'] ?? {}) as Record<string, unknown>;
      extensions['gateway'] = { ...gateway, stale: true };
    },
  };
  return { requestDidStart: async () => listener };
}
