/**
 * The build runs with production dependencies only (`npm ci --omit=dev`): every package the built
 * code imports at run time must be in package.json's `dependencies`. The whole proof — build,
 * `npm ci --omit=dev` in an empty directory, start, health, a query — is CI's step
 * (`.ci/production-build.mjs`, slow); this is its quick half for `npm test`: the program
 * tsconfig.build.json compiles (the entry points and everything they import), its imports that
 * survive compilation (not `import type`), and the package each names.
 */
import { builtinModules } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/**
 * The files the build compiles: tsconfig.build.json's entry points and, transitively, the files
 * they import — as tsc follows them, without loading the packages' type declarations (slow).
 */
function buildFiles(): ts.SourceFile[] {
  const configFile = ts.readConfigFile(`${root}tsconfig.build.json`, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
  const seen = new Map<string, ts.SourceFile>();
  const queue = parsed.fileNames.filter((f) => !f.endsWith('.d.ts'));
  while (queue.length) {
    const fileName = queue.pop()!;
    if (seen.has(fileName)) continue;
    const file = ts.createSourceFile(fileName, readFileSync(fileName, 'utf8'), ts.ScriptTarget.ES2022, true);
    seen.set(fileName, file);
    for (const { specifier } of runtimeImports(file)) {
      if (!specifier.startsWith('.') || !specifier.endsWith('.js')) continue;
      const target = resolve(dirname(fileName), specifier.replace(/\.js$/, '.ts'));
      if (!existsSync(target)) throw new Error(`${fileName} imports ${specifier}, which has no .ts source`);
      queue.push(target);
    }
  }
  return [...seen.values()];
}

/** Package name of a bare specifier: `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** The modules a file loads at run time, with where. */
function runtimeImports(file: ts.SourceFile): { specifier: string; where: string }[] {
  const found: { specifier: string; where: string }[] = [];
  const where = (node: ts.Node) =>
    `${file.fileName.slice(root.length)}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}`;
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && !node.importClause?.isTypeOnly) {
      // `import { type A, type B } from 'x'` is erased too (verbatimModuleSyntax is off).
      const bindings = node.importClause?.namedBindings;
      const onlyTypes =
        !node.importClause?.name &&
        bindings &&
        ts.isNamedImports(bindings) &&
        bindings.elements.length > 0 &&
        bindings.elements.every((e) => e.isTypeOnly);
      if (!onlyTypes) found.push({ specifier: node.moduleSpecifier.text, where: where(node) });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) && !node.isTypeOnly) {
      found.push({ specifier: node.moduleSpecifier.text, where: where(node) });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push({ specifier: node.arguments[0].text, where: where(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('the production build', () => {
  it('imports at run time only production dependencies and Node built-ins', () => {
    const ours = buildFiles();
    // The entry points the contract names are in the build, and no test file is.
    const names = ours.map((f) => f.fileName.slice(root.length));
    expect(names).toEqual(
      expect.arrayContaining([
        'scripts/start.ts',
        'gateway/main.ts',
        'scripts/token.ts',
        'subgraphs/providers/main.ts',
        'systems/voucher-system/main.ts',
      ]),
    );
    expect(names.filter((n) => /\.test\.ts$|(^|\/)test\//.test(n))).toEqual([]);

    const builtins = new Set(builtinModules);
    const wrong = ours
      .flatMap(runtimeImports)
      .filter(({ specifier }) => !specifier.startsWith('.') && !specifier.startsWith('node:') && !builtins.has(specifier))
      .filter(({ specifier }) => !(packageOf(specifier) in pkg.dependencies))
      .map(
        ({ specifier, where }) =>
          `${where} imports ${specifier}${packageOf(specifier) in pkg.devDependencies ? ' (a devDependency)' : ' (not in package.json)'}`,
      );
    expect(wrong).toEqual([]);
  });
});
