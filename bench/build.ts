/**
 * The benchmark measures the code as a deployment runs it: built with `tsc -p
 * tsconfig.build.json` and scripts/copy-assets.mjs (what `npm run build` does), into a folder
 * of the run's own, and started with plain `node`. Why not from the sources through tsx: tsx's
 * loader keeps a worker thread and its transforms in every process — about 30 MB of each
 * process's resident memory, which a deployment does not have. Code that does not type-check is
 * not measured (the build says why); `--tsx` measures the sources as they are instead.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './processes.js';

/** Builds the repository into `dir`/dist; returns that folder. */
export function buildForBench(dir: string): string {
  const out = join(dir, 'dist');
  try {
    execFileSync(
      process.execPath,
      [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', join(REPO, 'tsconfig.build.json'), '--outDir', out],
      {
        cwd: REPO,
        stdio: 'pipe',
      },
    );
    execFileSync(process.execPath, [join(REPO, 'scripts/copy-assets.mjs'), out], { cwd: REPO, stdio: 'pipe' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(
      `the build failed (run with --tsx to measure the sources as they are):\n${`${stdout ?? ''}${stderr ?? ''}`.slice(0, 4000)}`,
      { cause: error },
    );
  }
  // The built modules find their packages and their module type as dist/ in the checkout does.
  copyFileSync(join(REPO, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return out;
}
