/**
 * The IDE page and its start-up script. The script is a file of its own (not inline) so that
 * the page's Content Security Policy can allow scripts from 'self' only.
 */

/** Where the page's files are served. */
export const IDE_ASSET_PATH = '/graphql/ide';

/** What a developer sees first: how to get a token, and a query every case worker may run. */
export const IDE_DEFAULT_QUERY = `# The shared client-plan graph.
# 1. Make a development token:
#      npm run --silent token -- --role case_worker --municipality 205
# 2. Paste it into Headers (below) in place of PASTE_A_DEV_TOKEN.
# 3. Run this with Ctrl-Enter; Shift-Ctrl-R re-reads the schema for the docs.
{
  me { role municipalityCode }
  client(id: "cl-00002") {
    firstName lastName municipality { name }
    currentPlan {
      status situation goals
      services { serviceType { name unit } quantity per schedule }
      budget { total { amount currency } remaining { amount } }
    }
  }
}
`;

export const IDE_DEFAULT_HEADERS = `{
  "Authorization": "Bearer PASTE_A_DEV_TOKEN"
}`;

export function idePage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Client-plan graph · GraphiQL</title>
<link rel="stylesheet" href="${IDE_ASSET_PATH}/graphiql.min.css">
<link rel="stylesheet" href="${IDE_ASSET_PATH}/ide.css">
</head>
<body>
<div id="graphiql">Loading the IDE…</div>
<script src="${IDE_ASSET_PATH}/react.production.min.js"></script>
<script src="${IDE_ASSET_PATH}/react-dom.production.min.js"></script>
<script src="${IDE_ASSET_PATH}/graphiql.min.js"></script>
<script src="${IDE_ASSET_PATH}/ide.js"></script>
</body>
</html>
`;
}

export const IDE_CSS = 'html, body, #graphiql { height: 100%; margin: 0; }\n';

/**
 * Starts GraphiQL against this page's own /graphql. Headers are not kept in the browser's
 * storage (`shouldPersistHeaders: false`): a token pasted once stays in that tab only.
 */
export function ideScript(): string {
  return `'use strict';
(function () {
  var url = window.location.origin + window.location.pathname.replace(/\\/+$/, '');
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: GraphiQL.createFetcher({ url: url }),
    defaultQuery: ${JSON.stringify(IDE_DEFAULT_QUERY)},
    defaultHeaders: ${JSON.stringify(IDE_DEFAULT_HEADERS)},
    defaultEditorToolsVisibility: 'headers',
    shouldPersistHeaders: false
  }));
})();
`;
}
