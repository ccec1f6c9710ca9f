/** Signing: the verified viewer, signed for one subgraph and one body, in a header of each subgraph fetch. */
export { viewerSigner, type FetchSigner } from './sign.js';
