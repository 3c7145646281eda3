// Tells the request scope what Apollo learnt about the request (operation, caller, error
// codes, lookup counters) so the route can log and count it, names the request's span after
// the operation, and adds the debug extension `extensions.gateway` to responses.
import type { ApolloServerPlugin } from '@apollo/server';
import { SCOPE_DEBUG } from '../../auth/caller.ts';
import type { Caller } from '../../auth/caller.ts';
import type { RequestScope } from '../../observability/request-scope.ts';
import type { GatewayContext } from '../context.ts';

export interface ObservabilityPluginOptions {
  scope: RequestScope;
  /** Add `extensions.gateway` to every response (DEBUG_EXTENSIONS). */
  debugExtensions: boolean;
}

function codeOf(error: unknown): string {
  const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}

const mayDebug = (caller: Caller | undefined, always: boolean) =>
  always || caller?.scopes.has(SCOPE_DEBUG) === true;

export function observabilityPlugin(
  options: ObservabilityPluginOptions,
): ApolloServerPlugin<GatewayContext> {
  const { scope } = options;
  return {
    async contextCreationDidFail({ error }) {
      // e.g. authentication refused: no operation ran, but the request is still logged.
      scope.current()?.graphql.errorCodes.push(codeOf(error));
    },
    async requestDidStart({ contextValue }) {
      const state = scope.current();
      if (state) {
        state.graphql.stats = contextValue.stats;
        state.graphql.caller = contextValue.caller?.name;
      }
      return {
        async didResolveOperation({ operation, operationName }) {
          if (!state || !operation) return;
          state.graphql.operationName = operationName ?? undefined;
          state.graphql.operationType = operation.operation;
          const name = `${operation.operation} ${operationName ?? '(anonymous)'}`;
          state.span?.updateName(name);
          state.span?.setAttribute('graphql.operation.type', operation.operation);
          if (operationName) state.span?.setAttribute('graphql.operation.name', operationName);
        },
        async willSendResponse({ response, contextValue: ctx }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (state) {
            const codes = state.graphql.errorCodes;
            for (const error of result.errors ?? []) {
              const code = codeOf(error);
              if (!codes.includes(code)) codes.push(code);
            }
            state.graphql.hasData = result.data !== undefined && result.data !== null;
          }
          if (!mayDebug(ctx.caller, options.debugExtensions)) return;
          const { stats } = ctx;
          const previous = (result.extensions?.['gateway'] ?? {}) as Record<string, unknown>;
          const started = state?.startedAt;
          result.extensions = {
            ...result.extensions,
            gateway: {
              ...previous,
              upstreamCalls: stats.upstreamCalls,
              cacheHits: stats.cacheHits,
              cacheMisses: stats.cacheMisses,
              stale: stats.staleServed > 0 || previous['stale'] === true,
              durationMs:
                started === undefined ? null : Math.round((performance.now() - started) * 10) / 10,
            },
          };
        },
      };
    },
  };
}
