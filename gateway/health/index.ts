/** Health: liveness (`GET /health`) and readiness of the systems, subgraphs and Redis (`GET /ready`); see endpoints.ts. */
export { SYSTEMS, mountHealth, type HealthOptions } from './endpoints.js';
