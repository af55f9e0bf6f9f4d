/**
 * The bare Remix app `npm run bench:http` measures beside the portal: one root, one route, the same
 * Remix version and the same Express, so the ratio shows what the portal's own shell costs.
 * @type {import('@remix-run/dev').AppConfig}
 */
export default {
  serverBuildPath: "build/index.js",
  serverModuleFormat: "esm",
  serverPlatform: "node",
  future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true, v3_singleFetch: true },
};
