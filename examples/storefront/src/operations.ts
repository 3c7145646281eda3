// The storefront's operations, written with client-preset's graphql(): each is typed from the
// gateway's schema (result and variables) and listed, by hash, in the persisted-documents
// manifest the gateway runs with PERSISTED_QUERIES_ONLY=true.
import { graphql } from './gql/index.ts';

/** Product page: how to pitch to this shopper. */
export const StyleHintsQuery = graphql(`
  query StyleHints($email: String!) {
    customer(by: { email: $email }) {
      userProfileId
      profile {
        summary {
          style
          description
        }
      }
    }
  }
`);

/** Landing page: looks for the shopper's occasions, in the brand's tone. */
export const OccasionLooksQuery = graphql(`
  query OccasionLooks($userProfileId: ID!) {
    customer(by: { userProfileId: $userProfileId }) {
      profile {
        occasions {
          name
          suggestedLook
        }
        marketingBriefing {
          toneOfVoice
        }
      }
    }
  }
`);

/** Checkout: is this a new buying moment worth a nudge? */
export const PurchaseMomentQuery = graphql(`
  query PurchaseMoment($phone: String!) {
    customer(by: { phone: $phone }) {
      profile {
        purchaseMoment {
          summary
          isNewBehavior
          opportunities
        }
      }
    }
  }
`);
