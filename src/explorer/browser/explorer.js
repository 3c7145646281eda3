// Starts GraphiQL in the explorer page, with the field tree (explorer plugin) open: a query
// can be built by ticking fields. Served by the gateway with React's, GraphiQL's and the
// plugin's own bundles (no CDN); settings come from the page's JSON block, since the page's
// CSP forbids inline scripts.
(function () {
  'use strict';
  const settings = JSON.parse(document.getElementById('explorer-settings').textContent);
  const fetcher = GraphiQL.createFetcher({ url: settings.endpoint });
  const fieldTree = GraphiQLPluginExplorer.explorerPlugin();
  const root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      plugins: [fieldTree],
      visiblePlugin: fieldTree,
      defaultQuery: settings.defaultQuery,
      defaultHeaders: settings.defaultHeaders,
      isHeadersEditorEnabled: true,
      // API keys and JWTs typed into the header editor are not written to localStorage.
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: settings.defaultQuery ? 'headers' : false,
    }),
  );
})();
