/**
 * Where the IDE's files come from at run time: GraphiQL 3's prebuilt browser bundle
 * (`graphiql.min.js`, `graphiql.min.css`, fonts inlined) and React 18's UMD builds, read from
 * the `graphiql`, `react` and `react-dom` packages in node_modules — production dependencies, so
 * `npm ci --omit=dev` and `node dist/...` find them just as `tsx` does. No build step, nothing
 * from a CDN. Why GraphiQL 3: its successors ship ES modules only (and Monaco's workers), which
 * would need a bundling step; 3.x's bundle runs as it is from two script tags.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** A package's folder: its package.json is what each of these packages exports for certain. */
function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

export interface IdeAsset {
  file: string;
  type: 'text/javascript' | 'text/css';
}

/** The files the IDE page loads, by the name it asks for under /graphql/ide/. */
export function ideAssets(): Record<string, IdeAsset> {
  const graphiql = packageDir('graphiql');
  return {
    'react.production.min.js': { file: join(packageDir('react'), 'umd/react.production.min.js'), type: 'text/javascript' },
    'react-dom.production.min.js': { file: join(packageDir('react-dom'), 'umd/react-dom.production.min.js'), type: 'text/javascript' },
    'graphiql.min.js': { file: join(graphiql, 'graphiql.min.js'), type: 'text/javascript' },
    'graphiql.min.css': { file: join(graphiql, 'graphiql.min.css'), type: 'text/css' },
  };
}
