/**
 * Every promise in src/ is awaited, returned, handed on, or explicitly let go with `void`. A
 * forgotten await on a store call is the bug an asynchronous store invites: the write happens
 * later, or its failure is lost. Biome's rule misses calls across modules; the type checker sees them.
 * Run by `npm run lint`.
 */
import ts from 'typescript';

const config = ts.getParsedCommandLineOfConfigFile('tsconfig.json', {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
if (!config) throw new Error('tsconfig.json could not be read');
const program = ts.createProgram(config.fileNames, config.options);
const checker = program.getTypeChecker();

const isPromise = (type: ts.Type): boolean => {
  if (type.isUnion()) return type.types.some(isPromise);
  const then = type.getProperty('then');
  return then !== undefined && type.getProperty('catch') !== undefined;
};

/** `p.catch(…)` and `p.then(ok, fail)` handle the rejection themselves. */
const handlesRejection = (e: ts.Expression): boolean =>
  ts.isCallExpression(e) &&
  ts.isPropertyAccessExpression(e.expression) &&
  (e.expression.name.text === 'catch' || (e.expression.name.text === 'then' && e.arguments.length === 2));

const found: string[] = [];
for (const file of program.getSourceFiles()) {
  if (file.isDeclarationFile || !file.fileName.includes('/src/')) continue;
  const visit = (node: ts.Node): void => {
    if (ts.isExpressionStatement(node)) {
      const e = node.expression;
      const handled =
        ts.isVoidExpression(e) || ts.isAwaitExpression(e) || ts.isBinaryExpression(e) || handlesRejection(e);
      if (!handled && isPromise(checker.getTypeAtLocation(e))) {
        const { line, character } = file.getLineAndCharacterOfPosition(e.getStart());
        found.push(`${file.fileName.slice(process.cwd().length + 1)}:${line + 1}:${character + 1}  ${e.getText().split('\n')[0]}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
}
if (found.length > 0) {
  process.stderr.write(`A promise is neither awaited, returned nor marked with void:\n${found.join('\n')}\n`);
  process.exit(1);
}
