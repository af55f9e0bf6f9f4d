// The bare Remix app's server: the same Express and compression as the portal, nothing else.
// PORT from the environment; started by tests/bench/http.ts with NODE_ENV=production.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";

const here = path.dirname(fileURLToPath(import.meta.url));
const build = await import(path.join(here, "build/index.js"));
const app = express();
app.disable("x-powered-by");
app.use(compression());
app.use("/build", express.static(path.join(here, "public/build"), { immutable: true, maxAge: "1y" }));
app.all("*", createRequestHandler({ build, mode: "production" }));
const server = app.listen(Number(process.env.PORT ?? 3269), "127.0.0.1", () => console.log(`bare remix on ${server.address().port}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
