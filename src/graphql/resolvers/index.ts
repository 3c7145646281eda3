// All resolvers of the schema, merged per type.
import type { Resolvers } from '../../generated/resolvers-types.ts';
import { adminResolvers } from './admin.ts';
import { customerResolvers } from './customer.ts';
import { profileResolvers } from './profile.ts';

export const resolvers: Resolvers = {
  ...customerResolvers,
  ...profileResolvers,
  ...adminResolvers,
};
