/**
 * A provider's onboarding through the gateway on the embedded catalogue (PGlite): the shared
 * suite in provider-onboarding-suite.ts. The same suite runs on PostgreSQL in
 * provider-onboarding.pg.int.test.ts.
 */
import { describe } from 'vitest';
import { defineOnboardingSuite } from './provider-onboarding-suite.js';

describe('provider onboarding through the gateway (PGlite)', () => {
  defineOnboardingSuite({ stack: async () => ({}) });
});
