// graphql-codegen for the storefront: the gateway's published schema + the operations written
// with graphql() in src/ → typed documents in src/gql/ and the persisted-documents manifest
// (src/gql/persisted-documents.json: sha256 hash → document) the gateway is started with.
// Run from this folder: `npm run codegen:storefront` at the repository root.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  // The SDL the gateway publishes (`_service { sdl }`, printed by `npm run schema:print`).
  schema: '../../schema/supergraph/customer-subgraph.graphql',
  documents: ['src/**/*.ts', '!src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: {
        // Apollo Server looks persisted queries up by their sha256 hash.
        persistedDocuments: { hashAlgorithm: 'sha256' },
        fragmentMasking: false,
      },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        // Node runs the .ts files as they are (type stripping): imports name the .ts file.
        importExtension: '.ts',
        scalars: { ID: 'string' },
      },
    },
  },
  hooks: { afterAllFileWrite: ['prettier --write'] },
};

export default config;
