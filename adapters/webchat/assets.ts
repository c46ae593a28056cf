import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One built browser file, held in memory with its gzip twin: they are small and served often. */
export interface Asset {
  body: Buffer;
  gzip: Buffer;
  etag: string;
  /** Short content hash, for cache-busting URLs (`?v=`). */
  version: string;
  type: string;
}

export const ASSET_FILES = { 'chat.js': 'text/javascript; charset=utf-8', 'chat.css': 'text/css; charset=utf-8', 'widget.js': 'text/javascript; charset=utf-8' } as const;
export type AssetName = keyof typeof ASSET_FILES;

export function makeAsset(text: string, type: string): Asset {
  const body = Buffer.from(text, 'utf8');
  const version = createHash('sha256').update(body).digest('base64url').slice(0, 16);
  return { body, gzip: gzipSync(body, { level: 9 }), etag: `"${version}"`, version, type };
}

/**
 * Reads the bundles `npm run build:web` wrote; null when they are missing (the API still works,
 * the page answers 503 and says how to build it). `transform` fills server-side values in.
 */
export function loadAssets(dir: string, transform: (name: AssetName, text: string) => string = (_n, t) => t): Map<AssetName, Asset> | null {
  const names = Object.keys(ASSET_FILES) as AssetName[];
  if (!names.every((n) => existsSync(join(dir, n)))) return null;
  const assets = new Map<AssetName, Asset>();
  for (const name of names) assets.set(name, makeAsset(transform(name, readFileSync(join(dir, name), 'utf8')), ASSET_FILES[name]));
  return assets;
}
