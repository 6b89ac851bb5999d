import { parseArgs } from 'node:util';
import type { DeploymentProfile } from '../../shared/fixtures/index.js';

/**
 * Every setting of `npm run server`, declared once: its flag, its environment variable, its default and
 * what it does. The parser, `--help` and the check that docs/SERVER.md lists each one all derive from it.
 * A flag wins over its environment variable; the variable over the default.
 */
export const SERVER_SETTINGS = {
  host: {
    flag: 'host',
    env: 'FIELDSYNC_HOST',
    kind: 'string',
    default: '127.0.0.1',
    help: 'Address to listen on. Anything but loopback needs a TLS reverse proxy in front (--behind-tls-proxy).',
  },
  port: { flag: 'port', env: 'FIELDSYNC_PORT', kind: 'port', default: '8787', help: 'TCP port to listen on.' },
  dataDir: {
    flag: 'data-dir',
    env: 'FIELDSYNC_DATA_DIR',
    kind: 'string',
    default: '.data/server',
    help: 'Server data folder: the PGlite database (when no DATABASE_URL), photo blobs, the update feed.',
  },
  databaseUrl: {
    flag: 'database-url',
    env: 'DATABASE_URL',
    kind: 'string',
    secret: true,
    help: 'PostgreSQL connection string (postgres://user@host:5432/db). Without it: PGlite in <data-dir>/pglite.',
  },
  behindTlsProxy: {
    flag: 'behind-tls-proxy',
    env: 'FIELDSYNC_BEHIND_TLS_PROXY',
    kind: 'boolean',
    help: 'A reverse proxy in front terminates TLS: listen in plain HTTP and take the client address from X-Forwarded-For.',
  },
  seed: {
    flag: 'seed',
    env: 'FIELDSYNC_SEED',
    kind: 'choice',
    choices: ['demo'],
    help: 'Fill an empty database with the demo deployment and its users (demo/demo, district/district, other/other). Loopback only.',
  },
  profile: {
    flag: 'profile',
    env: 'FIELDSYNC_PROFILE',
    kind: 'choice',
    choices: ['reference', 'small', 'tiny'],
    default: 'reference',
    help: 'Size of the demo deployment --seed creates.',
  },
  uploadTtlHours: {
    flag: 'upload-ttl-hours',
    env: 'FIELDSYNC_UPLOAD_TTL_HOURS',
    kind: 'positive',
    default: '24',
    help: 'Photo upload sessions not completed within this many hours expire (their parts are deleted).',
  },
  purgeHorizonDays: {
    flag: 'purge-horizon-days',
    env: 'FIELDSYNC_PURGE_HORIZON_DAYS',
    kind: 'positive',
    default: '90',
    help: 'Tombstones, scope exits and applied-op records older than this many days are purged; a device that has not synced for longer downloads its copy again.',
  },
  purgeIntervalHours: {
    flag: 'purge-interval-hours',
    env: 'FIELDSYNC_PURGE_INTERVAL_HOURS',
    kind: 'positive',
    default: '24',
    help: 'How often the server purges (at start, then every this many hours; also npm run admin -- db purge).',
  },
  updatesDir: {
    flag: 'updates-dir',
    env: 'FIELDSYNC_UPDATES_DIR',
    kind: 'string',
    help: "The desktop app's update feed served at /updates/ (default <data-dir>/updates).",
  },
  photoS3Bucket: {
    flag: 'photo-s3-bucket',
    env: 'PHOTO_S3_BUCKET',
    kind: 'string',
    help: 'Keep photo blobs in this S3-compatible bucket (uploads through presigned multipart URLs) instead of <data-dir>/photos.',
  },
  photoS3Endpoint: {
    flag: 'photo-s3-endpoint',
    env: 'PHOTO_S3_ENDPOINT',
    kind: 'string',
    help: 'S3 endpoint URL (MinIO, Ceph, a cloud region); the AWS default when unset.',
  },
  photoS3Region: { flag: 'photo-s3-region', env: 'PHOTO_S3_REGION', kind: 'string', help: 'S3 region.' },
  photoS3AccessKeyId: {
    flag: 'photo-s3-access-key-id',
    env: 'PHOTO_S3_ACCESS_KEY_ID',
    kind: 'string',
    secret: true,
    help: 'S3 access key id (needed with --photo-s3-bucket).',
  },
  photoS3SecretAccessKey: {
    flag: 'photo-s3-secret-access-key',
    env: 'PHOTO_S3_SECRET_ACCESS_KEY',
    kind: 'string',
    secret: true,
    help: 'S3 secret access key (needed with --photo-s3-bucket; prefer the environment variable).',
  },
  metricsToken: {
    flag: 'metrics-token',
    env: 'FIELDSYNC_METRICS_TOKEN',
    kind: 'string',
    secret: true,
    help: 'Bearer token GET /metrics asks for; without it /metrics answers this computer only.',
  },
  logLevel: {
    flag: 'log-level',
    env: 'FIELDSYNC_LOG_LEVEL',
    kind: 'choice',
    choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    default: 'info',
    help: 'JSON log lines on stdout at this level and above (each request line carries its request id).',
  },
  quiet: {
    flag: 'quiet',
    env: 'FIELDSYNC_QUIET',
    kind: 'boolean',
    help: 'No log lines at all (same as --log-level silent).',
  },
} as const satisfies Record<string, SettingSpec>;

interface SettingSpec {
  readonly flag: string;
  readonly env: string;
  readonly kind: 'string' | 'port' | 'positive' | 'boolean' | 'choice';
  readonly choices?: readonly string[];
  readonly default?: string;
  readonly secret?: boolean;
  readonly help: string;
}

type Key = keyof typeof SERVER_SETTINGS;

export interface ServerSettings {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly databaseUrl?: string;
  readonly behindTlsProxy: boolean;
  readonly seed?: 'demo';
  readonly profile: DeploymentProfile;
  readonly uploadTtlHours: number;
  readonly purgeHorizonDays: number;
  readonly purgeIntervalHours: number;
  readonly updatesDir?: string;
  readonly photoS3Bucket?: string;
  readonly photoS3Endpoint?: string;
  readonly photoS3Region?: string;
  readonly photoS3AccessKeyId?: string;
  readonly photoS3SecretAccessKey?: string;
  readonly metricsToken?: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly help: boolean;
}

/** A setting given a value it cannot take: the message names the flag, the variable and what is allowed. */
export class SettingError extends Error {
  override name = 'SettingError';
}

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off', '']);

/** Reads the settings from the command line and the environment; throws `SettingError` naming a bad one. */
export function parseServerSettings(argv: readonly string[], env: NodeJS.ProcessEnv): ServerSettings {
  const options: Record<string, { type: 'string' | 'boolean' }> = { help: { type: 'boolean' } };
  for (const spec of Object.values(SERVER_SETTINGS) as SettingSpec[]) {
    options[spec.flag] = { type: spec.kind === 'boolean' ? 'boolean' : 'string' };
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new SettingError(`${(error as Error).message} (npm run server -- --help lists the settings)`);
  }
  const out: Record<string, unknown> = { help: values.help === true };
  for (const [key, raw] of Object.entries(SERVER_SETTINGS) as [Key, SettingSpec][]) {
    const given = values[raw.flag];
    const fromEnv = env[raw.env];
    const where = given !== undefined ? `--${raw.flag}` : `${raw.env}`;
    if (raw.kind === 'boolean') {
      if (given !== undefined) out[key] = given === true;
      else if (fromEnv === undefined) out[key] = false;
      else if (TRUE.has(fromEnv.toLowerCase())) out[key] = true;
      else if (FALSE.has(fromEnv.toLowerCase())) out[key] = false;
      else throw new SettingError(`${raw.env} must be true or false, not "${fromEnv}"`);
      continue;
    }
    const text = (given as string | undefined) ?? (fromEnv === '' ? undefined : fromEnv) ?? raw.default;
    if (text === undefined) continue;
    out[key] = parseValue(raw, text, where);
  }
  if (out.quiet === true) out.logLevel = 'silent';
  delete out.quiet;
  const settings = out as unknown as ServerSettings;
  return settings;
}

function parseValue(spec: SettingSpec, text: string, where: string): string | number {
  switch (spec.kind) {
    case 'port': {
      const port = Number(text);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) {
        throw new SettingError(`${where} must be a port number from 0 to 65535, not "${text}"`);
      }
      return port;
    }
    case 'positive': {
      const n = Number(text);
      if (!(n > 0) || !Number.isFinite(n)) throw new SettingError(`${where} must be a positive number, not "${text}"`);
      return n;
    }
    case 'choice':
      if (!spec.choices?.includes(text)) {
        throw new SettingError(`${where} must be one of ${spec.choices?.join(', ')}, not "${text}"`);
      }
      return text;
    default:
      return text;
  }
}

/** `npm run server -- --help`: every setting with its flag, variable, default and meaning. */
export function serverHelp(): string {
  const lines = [
    'Fieldsync reference sync server',
    '',
    'Usage: npm run server -- [options]   (each option can also be set by its environment variable)',
    '',
  ];
  for (const spec of Object.values(SERVER_SETTINGS) as SettingSpec[]) {
    const value = spec.kind === 'boolean' ? '' : spec.choices ? ` <${spec.choices.join('|')}>` : ' <value>';
    lines.push(`  --${spec.flag}${value}`);
    lines.push(`      env ${spec.env}${spec.default !== undefined ? `, default ${spec.default}` : ''}`);
    lines.push(`      ${spec.help}`);
  }
  lines.push('  --help', '      Print this and exit.');
  return `${lines.join('\n')}\n`;
}
