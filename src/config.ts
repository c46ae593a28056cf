import { resolve } from 'node:path';
import { isLang, type Lang } from './core/language.js';

/**
 * The only place that reads process.env. Every setting is validated at start: a bad value stops
 * the service with a message naming the setting and what it allows. `.env.example` lists them all.
 */
export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  dataDir: string;
  redisUrl: string | null;
  /** Prefix of every Redis key, so that deployments (or test runs) can share a server. */
  redisPrefix: string;
  kbDir: string;
  localesDir: string;
  defaultLang: Lang;
  /** Longer messages are cut (with a note) before matching. */
  maxMessageLength: number;
  /** HTTP body limit in bytes. */
  bodyLimit: number;
  dedupeTtlSeconds: number;
  shutdownTimeoutMs: number;
  publicUrl: string | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const int = (name: string, def: number, min: number, max: number, what = `a whole number from ${min} to ${max}`): number => {
    const raw = read(name);
    if (raw === undefined) return def;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min || n > max) {
      problems.push(`${name}=${JSON.stringify(raw)}: must be ${what}`);
      return def;
    }
    return n;
  };
  const oneOf = <T extends string>(name: string, def: T, allowed: readonly T[]): T => {
    const raw = read(name);
    if (raw === undefined) return def;
    if (!(allowed as readonly string[]).includes(raw)) {
      problems.push(`${name}=${JSON.stringify(raw)}: must be one of ${allowed.join(', ')}`);
      return def;
    }
    return raw as T;
  };
  const url = (name: string, protocols: string[]): string | null => {
    const raw = read(name);
    if (raw === undefined) return null;
    try {
      const u = new URL(raw);
      if (!protocols.includes(u.protocol)) throw new Error('protocol');
      return raw.replace(/\/+$/, '');
    } catch {
      problems.push(`${name}=${JSON.stringify(redact(raw))}: must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
      return null;
    }
  };

  const nodeEnv = oneOf('NODE_ENV', 'development', ['development', 'production', 'test'] as const);
  const defaultLangRaw = read('DEFAULT_LANG') ?? 'en';
  if (!isLang(defaultLangRaw)) problems.push(`DEFAULT_LANG=${JSON.stringify(defaultLangRaw)}: must be one of cs, en, uk, ru, vi`);

  const config: Config = {
    env: nodeEnv,
    port: int('PORT', 3000, 1, 65535, 'a port number from 1 to 65535'),
    host: read('HOST') ?? '127.0.0.1',
    logLevel: oneOf('LOG_LEVEL', nodeEnv === 'test' ? 'silent' : 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
    dataDir: resolve(read('DATA_DIR') ?? './data'),
    redisUrl: url('REDIS_URL', ['redis:', 'rediss:']),
    redisPrefix: read('REDIS_PREFIX') ?? 'cz:',
    kbDir: resolve(read('KB_DIR') ?? './knowledge-base'),
    localesDir: resolve(read('LOCALES_DIR') ?? './locales'),
    defaultLang: isLang(defaultLangRaw) ? defaultLangRaw : 'en',
    maxMessageLength: int('MAX_MESSAGE_LENGTH', 2000, 50, 20000),
    bodyLimit: int('BODY_LIMIT', 65536, 1024, 10 * 1024 * 1024),
    dedupeTtlSeconds: int('DEDUPE_TTL_SECONDS', 86400, 60, 30 * 86400),
    shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS', 10000, 100, 120000),
    publicUrl: url('PUBLIC_URL', ['https:', 'http:']),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Hides a password in a URL before it is printed. */
export function redact(raw: string): string {
  return raw.replace(/\/\/([^:@/]*):([^@/]*)@/, '//$1:***@');
}
