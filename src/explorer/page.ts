// The explorer page: an Apollo landing-page plugin, so Apollo serves it on GET /graphql to
// browsers (Accept: text/html) while GET /graphql?query=… from other clients still executes.
// In demo mode the page opens with a ready operation for the documented example customer.
import type { ApolloServerPlugin } from '@apollo/server';
import { ASSETS_PATH, ASSETS_VERSION } from './assets.ts';

export const DEMO_OPERATION = `# Demo mode: sample profiles only.
# ▶ runs it; extensions.gateway
# (end of the result) shows its cost.
query ExampleCustomer {
  customer(by: { email: "customer@example.com" }) {
    userProfileId
    email
    profile {
      summary {
        style
        description
      }
      occasions {
        name
        suggestedLook
      }
      marketingBriefing {
        toneOfVoice
      }
      purchaseMoment {
        summary
        isNewBehavior
        opportunities
      }
    }
  }
}
`;

export interface ExplorerOptions {
  /** Where the page sends operations. */
  endpoint: string;
  demoMode: boolean;
}

/** JSON inside <script> must not be able to close the element. */
const scriptSafeJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

export function explorerHtml(options: ExplorerOptions): string {
  const settings = {
    endpoint: options.endpoint,
    defaultQuery: options.demoMode ? DEMO_OPERATION : undefined,
    // The header editor starts empty: API keys and JWTs go there (they are not persisted).
    defaultHeaders: '{}',
  };
  const asset = (name: string) => `${ASSETS_PATH}/${name}?v=${ASSETS_VERSION}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Fashion.AI profile gateway — explorer</title>
<link rel="stylesheet" href="${asset('graphiql.css')}">
<link rel="stylesheet" href="${asset('field-tree.css')}">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading the explorer…</div>
<script type="application/json" id="explorer-settings">${scriptSafeJson(settings)}</script>
<script src="${asset('react.js')}"></script>
<script src="${asset('react-dom.js')}"></script>
<script src="${asset('graphiql.js')}"></script>
<script src="${asset('field-tree.js')}"></script>
<script src="${asset('explorer.js')}"></script>
</body>
</html>
`;
}

export function explorerLandingPage(options: ExplorerOptions): ApolloServerPlugin {
  const html = explorerHtml(options);
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html };
        },
      };
    },
  };
}
