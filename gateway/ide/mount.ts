/** Mounting the IDE on the gateway's express app: the page, its assets, and the CSP that keeps it on this machine. */
import { readFileSync } from 'node:fs';
import type { Express, Request, RequestHandler } from 'express';
import helmet from 'helmet';
import { ideAssets } from './assets.js';
import { IDE_ASSET_PATH, IDE_CSS, idePage, ideScript } from './page.js';

/**
 * Everything from 'self'; GraphiQL's fonts are data: URLs in its CSS. No inline script or style
 * attribute is needed (React and CodeMirror style through the DOM, which CSP does not police):
 * test/browser.int.test.ts records every violation and finds none.
 */
const ideCsp = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    frameAncestors: ["'none'"],
  },
});

/** A browser loading the page: a GET with no operation in it that prefers HTML over JSON. */
export function wantsIde(req: Request): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (req.query.query !== undefined || req.query.extensions !== undefined) return false;
  return req.accepts(['application/graphql-response+json', 'application/json', 'text/html']) === 'text/html';
}

export function mountIde(app: Express, options: { enabled: boolean }): void {
  if (!options.enabled) return;
  // Read once at start: a missing package fails the start, not the first page load.
  const files = new Map<string, { body: Buffer | string; type: string }>(
    Object.entries(ideAssets()).map(([name, asset]) => [name, { body: readFileSync(asset.file), type: asset.type }]),
  );
  files.set('ide.js', { body: ideScript(), type: 'text/javascript' });
  files.set('ide.css', { body: IDE_CSS, type: 'text/css' });
  const page = idePage();
  const asset: RequestHandler = (req, res, next) => {
    const file = files.get(String(req.params.name));
    if (!file) return next();
    res.type(file.type).setHeader('Cache-Control', 'no-cache');
    res.send(file.body);
  };
  app.get(`${IDE_ASSET_PATH}/:name`, asset);
  app.get('/graphql', (req, res, next) => {
    res.vary('Accept');
    if (!wantsIde(req)) return next();
    ideCsp(req, res, () => {
      res.type('html').setHeader('Cache-Control', 'no-cache');
      res.send(page);
    });
  });
}
