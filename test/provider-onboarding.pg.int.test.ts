/**
 * A provider's onboarding through the gateway with the catalogue (and the audit log) on
 * PostgreSQL, each in a fresh schema of the DATABASE_URL database, dropped afterwards.
 * Skipped — visibly — when DATABASE_URL is not set; CI sets it and checks that the
 * `postgres:` suites ran.
 */
import pg from 'pg';
import { describe } from 'vitest';
import { defineOnboardingSuite } from './provider-onboarding-suite.js';

const url = process.env.DATABASE_URL;
if (!url)
  console.warn('postgres: provider onboarding suite SKIPPED — DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)');

const schema = `onboarding_${process.pid}_${Date.now().toString(36)}`;

async function dropSchemas(): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // The stack puts the audit log in a schema of its own beside the catalogue's.
    for (const name of [schema, `${schema}_audit`]) await client.query(`drop schema if exists "${name}" cascade`);
  } finally {
    await client.end();
  }
}

describe.skipIf(!url)(
  url ? 'postgres: provider onboarding through the gateway' : 'postgres: provider onboarding through the gateway (DATABASE_URL not set)',
  () => {
    defineOnboardingSuite({ stack: async () => ({ databaseUrl: url, databaseSchema: schema }), afterClose: dropSchemas });
  },
);
