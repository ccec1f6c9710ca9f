/**
 * A secret kept in a file of the checkout (`.data/`, git-ignored), made on first use: how the
 * processes of one development checkout agree on a secret nobody published — the dev issuer's
 * key (gateway/auth/dev-issuer.ts), the subgraph signing secret (lib/signing-secret.ts).
 */
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The file's content; when it does not exist yet, `make()`'s written there first, readable by
 * the owner only (0600, in a 0700 folder when this makes the folder).
 *
 * Why write-then-link: `npm start`, a gateway and `npm run token` may start at once. Each writes
 * its own temporary file and links it to the name; a link fails when the name exists, so exactly
 * one content wins, whole, and every process reads that one.
 */
export function readOrCreatePrivateFile(file: string, make: () => string): string {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(tmp, make(), { mode: 0o600 });
    try {
      linkSync(tmp, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(tmp);
    }
  }
  return readFileSync(file, 'utf8');
}
