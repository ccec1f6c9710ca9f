/**
 * graphql-codegen: TypeScript types from the SDL, so a type is written once.
 * - per subgraph: resolver types (federation-aware) into subgraphs/<name>/__generated__/
 * - for tests: operation types from the composed supergraph's API schema
 * Each subgraph maps its GraphQL types to the models its resolvers pass around in
 * subgraphs/<name>/models.ts (the `mappers` below).
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

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

const config: CodegenConfig = {
  overwrite: true,
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
  },
  hooks: {},
};

export default config;
