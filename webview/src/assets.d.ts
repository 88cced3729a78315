// esbuild bundles imported stylesheets into dist/webview/graph.css.
declare module '*.css';
