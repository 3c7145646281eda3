// Spans for the parts of a GraphQL request that cost something: each root field (the lookups
// of customer, customers, _entities…) and each loader batch. Field resolvers that only map
// an upstream section get none: they are synchronous and would only add noise.
import { SpanKind } from '@opentelemetry/api';
import { defaultFieldResolver } from 'graphql';
import type { GraphQLSchema } from 'graphql';
import type { RequestScope } from './request-scope.ts';
import type { Tracing } from './tracing.ts';

/** Runs one loader batch in a span (structurally the loader's BatchHook). */
export type BatchSpan = <T>(size: number, run: () => Promise<T>) => Promise<T>;

/** Wraps every Query field's resolver in a span named `graphql.resolve Query.<field>`. */
export function traceRootFields(schema: GraphQLSchema, tracing: Tracing): void {
  const query = schema.getQueryType();
  if (!query) return;
  for (const field of Object.values(query.getFields())) {
    const resolve = field.resolve ?? defaultFieldResolver;
    const name = `graphql.resolve ${query.name}.${field.name}`;
    field.resolve = (source, args, ctx, info) =>
      tracing.inSpan(
        name,
        {
          kind: SpanKind.INTERNAL,
          attributes: { 'graphql.field.name': field.name, 'graphql.field.path': info.path.key },
        },
        async () => {
          const value: unknown = await resolve(source, args, ctx, info);
          // customers(by:) returns one promise per item: the span lasts until all settle.
          if (Array.isArray(value)) await Promise.allSettled(value);
          return value;
        },
      );
  }
}

/**
 * A loader batch runs after the resolvers that filled it, in the async context of the first
 * one: parent its span to the request's span instead, which is what the batch serves.
 */
export function batchSpans(tracing: Tracing, scope: RequestScope): BatchSpan {
  return (size, run) => {
    const requestSpan = scope.current()?.span;
    const start = () =>
      tracing.inSpan(
        'profiles.load_batch',
        { kind: SpanKind.INTERNAL, attributes: { 'gateway.batch_size': size } },
        run,
      );
    return requestSpan ? tracing.withSpan(requestSpan, start) : start();
  };
}
