// Baseline (b): the textbook Apollo set-up — standalone Apollo Server 5 with a RESTDataSource made
// per request, sharing the server's cache so GET responses are kept 300 s. No cross-request
// single-flight and no concurrency cap: the gateway's extra machinery is measured against this.
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { runAsChild } from '../child-protocol.ts';
import { ProfilesAPI, resolvers, typeDefs, type Context } from './rest-schema.ts';

runAsChild(async (raw) => {
  const { upstreamUrl, token } = raw as { upstreamUrl: string; token: string };
  const server = new ApolloServer<Context>({ typeDefs, resolvers });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async () => ({ profiles: new ProfilesAPI(upstreamUrl, token, server.cache) }),
  });
  return { url: url.replace(/\/$/, ''), close: () => server.stop() };
});
