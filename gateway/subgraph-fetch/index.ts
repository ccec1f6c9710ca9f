/** The subgraph fetch: how the gateway calls each subgraph, and what a subgraph that does not answer becomes. */
export { SubgraphDataSource } from './data-source.js';
export { SYSTEM_OF_SUBGRAPH } from './systems.js';
export { keepAliveFetch, type KeepAliveFetch } from './keep-alive.js';
