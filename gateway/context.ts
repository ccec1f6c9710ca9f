/** What every request carries through the gateway once authenticated. */
import type { BaseContext } from '@apollo/server';
import type { Viewer } from '../lib/viewer.js';

export interface GatewayContext extends BaseContext {
  viewer: Viewer;
}
