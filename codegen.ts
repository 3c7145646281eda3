// graphql-codegen: schema/*.graphql → src/generated/resolvers-types.ts. Resolver parents are
// mapped to the upstream JSON types, so each section resolver is typed by what Fashion.AI sends.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: ['schema/*.graphql', 'schema/codegen/*.graphql'],
  generates: {
    'src/generated/resolvers-types.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        federation: true,
        useTypeImports: true,
        useIndexSignature: false,
        enumsAsTypes: true,
        scalars: { ID: { input: 'string', output: 'string' } },
        contextType: '../graphql/context.ts#GatewayContext',
        mappers: {
          Customer: '../graphql/models.ts#CustomerModel',
          Profile: '../upstream/types.ts#UpstreamProfile',
          ProfileSummary: '../upstream/types.ts#PerfilCliente',
          Occasion: '../upstream/types.ts#Ocasiao',
          MarketingBriefing: '../upstream/types.ts#BriefingMarketing',
          PurchaseMoment: '../upstream/types.ts#MomentoCompraAtual',
        },
      },
    },
  },
  hooks: { afterAllFileWrite: ['prettier --write'] },
};

export default config;
