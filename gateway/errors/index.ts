/**
 * What errors say when they leave the graph: only the contract's codes and extensions (format.ts),
 * and one error per failed system, not one per field it nulled (outages.ts).
 */
export { formatGatewayError } from './format.js';
export { collapseOutages, outageErrorsPlugin } from './outages.js';
