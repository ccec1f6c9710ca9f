/**
 * Development settings from a `.env` file: imported first by every entry point (`scripts/start.ts`,
 * `gateway/main.ts`, `subgraphs/<name>/main.ts`, `systems/<name>/main.ts`, `scripts/token.ts`), so
 * that a developer keeps their settings in one git-ignored file instead of a long command line.
 * `.env.example` lists every setting; the README's Configuration table says what each does.
 *
 * The rules, and why:
 * - A variable already in the environment wins over the file: a one-off `PORT=5000 npm start`
 *   must do what it says, and a deployment's real environment is never overridden by a file.
 * - Not in production: `NODE_ENV=production` (in the real environment) reads only the real
 *   environment, so a `.env` left in an image or a working directory cannot change a
 *   production service. `ENV_FILE=path` asks for a file explicitly, in production too.
 * - Not under tests (`NODE_ENV=test`, which vitest sets): a developer's `.env` must not change
 *   what the suite sees.
 * - A missing `.env` is normal (a fresh clone); an unreadable or named-but-missing one is an error.
 *
 * The file is parsed by Node's own `util.parseEnv` (the `--env-file` format: `NAME=value`,
 * quotes, `#` comments, `export ` prefixes); values are then checked like any other setting
 * by lib/settings.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

export interface EnvFileResult {
  /** The file read, or null when none was. */
  file: string | null;
  /** The names set from it (never their values: a .env holds secrets). */
  applied: string[];
}

/** Applies `.env` (or ENV_FILE) from `cwd` to `env` under the rules above. */
export function loadEnvFile(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): EnvFileResult {
  const asked = env.ENV_FILE?.trim();
  if (!asked && (env.NODE_ENV === 'production' || env.NODE_ENV === 'test')) return { file: null, applied: [] };
  const file = resolve(cwd, asked || '.env');
  if (!asked && !existsSync(file)) return { file: null, applied: [] };
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`ENV_FILE names ${file}, which cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
  const applied: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(content))) {
    if (value === undefined || env[name] !== undefined) continue;
    env[name] = value;
    applied.push(name);
  }
  return { file, applied };
}

loadEnvFile();
