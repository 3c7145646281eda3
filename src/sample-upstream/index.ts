// The built-in sample upstream: a real HTTP server speaking the Fashion.AI profiling API, used by
// the gateway's demo mode, its integration tests and its benchmark.
export { sampleProfile } from './catalog.ts';
export { sampleCustomer } from './identities.ts';
export { startSampleUpstream } from './server.ts';
export type {
  DriftVariant,
  Fault,
  FaultRule,
  IdentifierKind,
  ProfileBody,
  SampleIdentifiers,
  SampleUpstream,
  SampleUpstreamOptions,
  SampleUpstreamStats,
} from './types.ts';
