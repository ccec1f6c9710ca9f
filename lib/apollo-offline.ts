/**
 * Keeps Apollo's libraries from calling Apollo: a client-data system makes no outside call.
 *
 * What they would do otherwise: `@apollo/gateway`, when constructed, starts a metrics exporter
 * to usage-reporting.api.apollographql.com (every hour and on stop) and, to describe its host,
 * probes the cloud metadata services (169.254.169.254, metadata.google.internal,
 * 100.100.100.200) — with no setting at all; its only switch is APOLLO_TELEMETRY_DISABLED.
 * Apollo Server reports usage when APOLLO_KEY and APOLLO_GRAPH_REF are set, and the schema when
 * APOLLO_SCHEMA_REPORTING=true. Turned off here, in code, so nobody has to remember a variable
 * and a variable left in an environment cannot turn them on.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginSchemaReportingDisabled, ApolloServerPluginUsageReportingDisabled } from '@apollo/server/plugin/disabled';

/**
 * The plugins that keep an Apollo Server from reporting. Call before constructing an
 * ApolloGateway too: it reads its switch in its constructor.
 */
export function apolloOfflinePlugins<C extends BaseContext>(): ApolloServerPlugin<C>[] {
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  return [
    ApolloServerPluginUsageReportingDisabled() as ApolloServerPlugin<C>,
    ApolloServerPluginSchemaReportingDisabled() as ApolloServerPlugin<C>,
  ];
}
