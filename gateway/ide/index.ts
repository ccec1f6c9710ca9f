/**
 * The in-browser IDE (GraphiQL) at a browser's `GET /graphql` (docs/contract.md): on in development,
 * off in production unless GRAPHQL_IDE=on (gateway/browser/settings.ts). Served wholly by the
 * gateway — the page, its start-up script and GraphiQL/React from node_modules (assets.ts) —
 * under a Content Security Policy that allows only 'self', so it loads nothing from outside the
 * machine. A request that is not a browser's page load (a GraphQL GET with `query`, or one that
 * accepts JSON first) goes on to Apollo Server; so does every request when the IDE is off, which
 * then answers as for any GET without a query. Apollo's own landing page stays off: it loads
 * Apollo's CDN.
 */
export { mountIde, wantsIde } from './mount.js';
export { IDE_ASSET_PATH, IDE_DEFAULT_HEADERS, IDE_DEFAULT_QUERY } from './page.js';
