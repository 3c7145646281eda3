// Runs the storefront's three operations against a gateway and prints what each page would
// use. Start the gateway with the generated manifest first (see examples/storefront/README.md):
//   node examples/storefront/src/main.ts [http://localhost:4000/graphql] [api-key]
import { createStorefrontClient } from './client.ts';
import { occasionLooks, purchaseMoment, styleHints } from './storefront.ts';

const [url = 'http://localhost:4000/graphql', apiKey] = process.argv.slice(2);
const client = createStorefrontClient({ url, ...(apiKey ? { apiKey } : {}) });

const hints = await styleHints(client, 'customer@example.com');
console.log('Product page, style:', hints?.profile?.summary?.style);
if (hints?.userProfileId) {
  const looks = await occasionLooks(client, hints.userProfileId);
  for (const occasion of looks?.occasions ?? []) {
    console.log(`Landing page, ${occasion.name}:`, occasion.suggestedLook);
  }
}
const moment = await purchaseMoment(client, '5511999998888');
console.log('Checkout, new behaviour:', moment?.isNewBehavior, '-', moment?.summary);
