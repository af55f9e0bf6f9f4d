// Imported first by the server (app/server.ts, through package.json "imports" so the bundler keeps
// it an external module evaluated before React's own): React picks its development or production
// build from NODE_ENV when first loaded, and its development build makes every page about three
// times slower. The portal's server always renders with the production build, however it is
// started (`node build/index.js` without NODE_ENV included). Our own switch is PORTAL_ENV.
process.env.NODE_ENV = "production";
