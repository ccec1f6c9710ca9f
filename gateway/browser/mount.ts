/** The browser policy on the gateway's express app, before anything else is mounted. */
import type { Express } from 'express';
import { corsAllowList } from './cors.js';
import { securityHeaders } from './headers.js';
import type { BrowserOptions } from './settings.js';

export function mountBrowserPolicy(app: Express, options: Pick<BrowserOptions, 'corsOrigins' | 'trustProxy'>): void {
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy);
  app.use(...securityHeaders(options.trustProxy), ...corsAllowList(options.corsOrigins));
}
