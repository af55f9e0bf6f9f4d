import krdsPackage from "krds-uiux/package.json";

/**
 * KRDS's CSS, icons and fonts are served straight from the installed `krds-uiux` package under a
 * versioned path (see app/server.ts), so an upgrade changes every URL and the files can be cached
 * as immutable. We do not run them through the CSS bundler: the package's component.css refers to
 * two images it does not ship, which the bundler rejects; served as files, those two just 404.
 */
export const KRDS_VERSION: string = krdsPackage.version;
export const KRDS_BASE = `/krds/${KRDS_VERSION}`;

export function krdsAsset(pathInResources: string): string {
  return `${KRDS_BASE}/${pathInResources}`;
}
