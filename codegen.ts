/**
 * graphql-codegen: TypeScript types from the SDL, so a type is written once.
 * - per subgraph: resolver types (federation-aware) into subgraphs/<name>/__generated__/
 * - for tests: operation types of the documents in test/queries.ts, from the composed
 *   supergraph's API schema (schema/api.graphql, written by `npm run compose`), into
 *   test/__generated__/operations.ts
 * - every enumeration of the API schema as an `as const` list, into lib/__generated__/enums.ts
 * Each subgraph maps its GraphQL types to the models its resolvers pass around in
 * subgraphs/<name>/models.ts (the `mappers` below).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { enumListsPlugin } from './scripts/codegen-enum-lists.js';

const scalars = { Date: 'string', DateTime: 'string', Decimal: 'string' };

const subgraph = (name: string, mappers: Record<string, string>) => ({
  [`subgraphs/${name}/__generated__/resolvers-types.ts`]: {
    schema: `schema/${name}.graphql`,
    plugins: ['typescript', 'typescript-resolvers'],
    config: {
      federation: true,
      useIndexSignature: true,
      contextType: '../context.js#Context',
      scalars,
      enumsAsTypes: true,
      useTypeImports: true,
      mappers: Object.fromEntries(Object.entries(mappers).map(([type, model]) => [type, `../models.js#${model}`])),
    },
  },
});

// The client-facing schema: what callers see, without federation internals.
const apiSchema = 'schema/api.graphql';

// Plugins load as graphql-codegen would (resolved from here), except the local enum-lists one.
const requireHere = createRequire(import.meta.url);
const pluginLoader = async (name: string) =>
  name === 'enum-lists' ? enumListsPlugin : import(pathToFileURL(requireHere.resolve(name)).href);

const config: CodegenConfig = {
  overwrite: true,
  pluginLoader,
  generates: {
    ...subgraph('client-records', {
      Viewer: 'ViewerModel',
      Client: 'ClientModel',
      Address: 'AddressModel',
      CaseWorker: 'CaseWorkerModel',
      ClientPlan: 'PlanModel',
      PlannedService: 'PlannedServiceModel',
    }),
    ...subgraph('vouchers', {
      Order: 'OrderModel',
      Voucher: 'VoucherModel',
      Delivery: 'DeliveryModel',
      Budget: 'BudgetModel',
      BudgetLine: 'BudgetLineModel',
      ClientPlan: 'ClientPlanModel',
      PlannedService: 'PlannedServiceModel',
      Client: 'EntityRef',
      Provider: 'EntityRef',
      ServiceOffering: 'EntityRef',
      OrderConnection: 'OrderConnectionModel',
      SpendingReport: 'SpendingReportModel',
      SpendingRow: 'SpendingRowModel',
      Payment: 'PaymentModel',
    }),
    ...subgraph('providers', {
      Provider: 'ProviderModel',
      ServiceOffering: 'OfferingModel',
      ServiceType: 'ServiceTypeModel',
      Municipality: 'MunicipalityModel',
      PlannedService: 'PlannedServiceModel',
    }),
    ...subgraph('audit', { AccessLogEntry: 'AccessLogEntryModel', WriteLogEntry: 'WriteLogEntryModel', Client: 'ClientRef' }),
    'lib/__generated__/enums.ts': { schema: apiSchema, plugins: ['enum-lists'] },
    'test/__generated__/operations.ts': {
      schema: apiSchema,
      documents: 'test/queries.ts',
      plugins: ['typescript-operations'],
      config: { scalars, enumType: 'string-literal', useTypeImports: true, skipTypename: true },
    },
  },
  hooks: {},
};

export default config;
