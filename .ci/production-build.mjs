/**
 * CI: the build output runs with production dependencies only (CONTRACT.md: "`npm run build`
 * compiles to `dist/`; `node dist/scripts/start.js` runs the stack and `node dist/gateway/main.js`
 * the gateway alone, with production dependencies only").
 *
 * What it does, as a deployment would: copies package.json, package-lock.json and the built
 * dist/ — nothing else, as the Dockerfile's runtime stage does — into an empty directory,
 * `npm ci --omit=dev` there, checks no development tool came along, then
 *   1. `node dist/scripts/start.js` on free ports: /health answers 200 and a client's query
 *      through the gateway reaches the subgraphs and systems (a token from dist/scripts/token.js);
 *   2. `node dist/gateway/main.js` alone, pointed at that stack's subgraphs: /health 200 and the
 *      same query.
 * Any failure exits non-zero with what it saw. Plain Node, no dependencies: run it after
 * `npm run build` (tsc is a development dependency, so the build happens in the working copy).
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const started = [];
let dir;

function fail(message) {
  throw new Error(message);
}

/** A port nobody listens on now: the kernel's choice for port 0. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts `node <script>` in the production directory; keeps its output for the failure message. */
function run(name, script, env) {
  const child = spawn(process.execPath, [join(dir, script)], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  child.stdout.on('data', (d) => output.push(d.toString()));
  child.stderr.on('data', (d) => output.push(d.toString()));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const proc = { name, child, output, exited, tail: () => output.join('').split('\n').slice(-40).join('\n') };
  started.push(proc);
  return proc;
}

/** Polls GET url until 200, or fails when the process exits or time runs out. */
async function waitForHealth(proc, url, seconds = 180) {
  let exit = null;
  proc.exited.then((e) => (exit = e));
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (exit) fail(`${proc.name} exited (${JSON.stringify(exit)}) before ${url} answered:\n${proc.tail()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return response.status;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  fail(`${url} did not answer 200 within ${seconds} s:\n${proc.tail()}`);
}

async function query(gatewayUrl, token, clientId) {
  const response = await fetch(`${gatewayUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: `{ me { role } client(id: "${clientId}") { id currentPlan { status budget { total { amount } } } } }` }),
  });
  const body = await response.json();
  if (response.status !== 200 || body.errors || body.data?.me?.role !== 'CLIENT' || body.data?.client?.id !== clientId) {
    fail(`the client's query through ${gatewayUrl} answered ${response.status}: ${JSON.stringify(body).slice(0, 500)}`);
  }
  return body.data;
}

async function stop(proc) {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), 20_000);
  const exit = await proc.exited;
  clearTimeout(timer);
  return exit;
}

async function main() {
  if (!existsSync(join(root, 'dist', 'scripts', 'start.js'))) fail('dist/ is missing: run npm run build first');
  dir = mkdtempSync(join(tmpdir(), 'client-plan-production-'));
  for (const file of ['package.json', 'package-lock.json']) cpSync(join(root, file), join(dir, file));
  cpSync(join(root, 'dist'), join(dir, 'dist'), { recursive: true });

  const t0 = Date.now();
  execFileSync('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: dir,
    stdio: 'inherit',
  });
  console.log(`npm ci --omit=dev: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const devTools = ['typescript', 'tsx', 'vitest', '@graphql-codegen/cli', 'openapi-typescript'].filter((p) =>
    existsSync(join(dir, 'node_modules', p)),
  );
  if (devTools.length) fail(`npm ci --omit=dev installed development dependencies: ${devTools.join(', ')}`);

  // A developer's stack on free ports: no DATABASE_URL/REDIS_URL (PGlite and memory, which are
  // production dependencies too), the dev issuer, secrets generated into the directory's .data/.
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', HOST: '127.0.0.1' };
  const ports = {};
  for (const name of [
    'PORT',
    'CLIENT_RECORDS_PORT',
    'VOUCHERS_PORT',
    'PROVIDERS_PORT',
    'AUDIT_PORT',
    'CLIENT_RECORD_SYSTEM_PORT',
    'VOUCHER_SYSTEM_PORT',
  ])
    ports[name] = await freePort();
  const stack = run('node dist/scripts/start.js', 'dist/scripts/start.js', {
    ...env,
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
  });
  const gatewayUrl = `http://127.0.0.1:${ports.PORT}`;
  const t1 = Date.now();
  const status = await waitForHealth(stack, `${gatewayUrl}/health`);
  console.log(`node dist/scripts/start.js: GET /health ${status} after ${((Date.now() - t1) / 1000).toFixed(1)} s`);

  const clientId = 'cl-00001';
  const token = execFileSync(process.execPath, [join(dir, 'dist', 'scripts', 'token.js'), '--role', 'client', '--client', clientId], {
    cwd: dir,
    env,
    encoding: 'utf8',
  }).trim();
  if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) fail(`dist/scripts/token.js printed no token: ${token.slice(0, 200)}`);
  const data = await query(gatewayUrl, token, clientId);
  console.log(
    `node dist/scripts/start.js: the client's query answered (plan ${data.client.currentPlan?.status ?? 'none'}, budget ${data.client.currentPlan?.budget?.total?.amount ?? '-'})`,
  );

  // The gateway alone, in front of the stack's subgraphs.
  const alonePort = await freePort();
  const gateway = run('node dist/gateway/main.js', 'dist/gateway/main.js', {
    ...env,
    PORT: String(alonePort),
    CLIENT_RECORDS_URL: `http://127.0.0.1:${ports.CLIENT_RECORDS_PORT}/graphql`,
    VOUCHERS_URL: `http://127.0.0.1:${ports.VOUCHERS_PORT}/graphql`,
    PROVIDERS_URL: `http://127.0.0.1:${ports.PROVIDERS_PORT}/graphql`,
    AUDIT_URL: `http://127.0.0.1:${ports.AUDIT_PORT}/graphql`,
  });
  const aloneStatus = await waitForHealth(gateway, `http://127.0.0.1:${alonePort}/health`, 60);
  console.log(`node dist/gateway/main.js: GET /health ${aloneStatus}`);
  await query(`http://127.0.0.1:${alonePort}`, token, clientId);
  console.log("node dist/gateway/main.js: the client's query answered");

  for (const proc of [gateway, stack]) {
    const exit = await stop(proc);
    if (exit && exit.code !== 0 && exit.signal !== 'SIGTERM')
      fail(`${proc.name} did not stop cleanly on SIGTERM (${JSON.stringify(exit)}):\n${proc.tail()}`);
  }
  console.log('production build: passed');
}

try {
  await main();
} catch (error) {
  console.error(`production build: FAILED\n${error.message}`);
  process.exitCode = 1;
} finally {
  for (const proc of started) await stop(proc).catch(() => undefined);
  if (dir) rmSync(dir, { recursive: true, force: true });
}
