// What the storefront's pages ask the gateway, as typed functions: each runs one persisted
// operation and returns its typed data (null where the gateway knows no such customer).
// A GraphQL or network error is thrown, with the gateway's error code in the message.
import type { AnyVariables, Client, OperationResult, TypedDocumentNode } from '@urql/core';
import { OccasionLooksQuery, PurchaseMomentQuery, StyleHintsQuery } from './operations.ts';

async function run<Data, Variables extends AnyVariables>(
  client: Client,
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
): Promise<Data> {
  const result: OperationResult<Data, Variables> = await client.query(document, variables);
  if (result.error) {
    const codes = result.error.graphQLErrors.map((e) => e.extensions['code']).filter(Boolean);
    throw new Error(`${result.error.message}${codes.length ? ` (${codes.join(', ')})` : ''}`, {
      cause: result.error,
    });
  }
  if (!result.data) throw new Error('the gateway returned no data');
  return result.data;
}

export const styleHints = (client: Client, email: string) =>
  run(client, StyleHintsQuery, { email }).then((data) => data.customer);

export const occasionLooks = (client: Client, userProfileId: string) =>
  run(client, OccasionLooksQuery, { userProfileId }).then((data) => data.customer?.profile);

export const purchaseMoment = (client: Client, phone: string) =>
  run(client, PurchaseMomentQuery, { phone }).then(
    (data) => data.customer?.profile?.purchaseMoment,
  );
