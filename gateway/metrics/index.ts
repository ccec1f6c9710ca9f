/** Metrics: the gateway's operations, durations, errors and caches in Prometheus' format, on a port of their own (prometheus.ts). */
export { createMetrics, type GatewayMetrics, type MeasuredCacheView } from './prometheus.js';
