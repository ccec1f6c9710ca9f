/**
 * The tests' support, in one place: sending operations (graphql.ts), the parties tests act as
 * (viewers.ts), assertions over answers (errors.ts), and running parts of the stack as
 * processes (processes.ts) or behind a relay that can cut them off (tcp-relay.ts).
 */
export * from './errors.js';
export * from './graphql.js';
export * from './viewers.js';
export * from './processes.js';
export * from './tcp-relay.js';
