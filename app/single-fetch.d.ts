// Remix's loader types follow Single Fetch (future.v3_singleFetch in remix.config.js): `data()`
// results are unwrapped and values keep their single-fetch (turbo-stream) types.
import "@remix-run/server-runtime";

declare module "@remix-run/server-runtime" {
  interface Future {
    v3_singleFetch: true;
  }
}
