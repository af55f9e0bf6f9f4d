/**
 * Remix classic compiler. The Express server in app/server.ts is compiled together with the app into
 * build/index.js (the `server` option), so production runs one plain Node file with no TypeScript
 * loader and the top level stays as the product card fixes it.
 * @type {import('@remix-run/dev').AppConfig}
 */
export default {
  server: "./app/server.ts",
  serverBuildPath: "build/index.js",
  serverModuleFormat: "esm",
  serverPlatform: "node",
  // Only the version number is read from krds-uiux at build time; inline it rather than import JSON at run time.
  serverDependenciesToBundle: [/^krds-uiux\//],
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
