import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const MAX_FILE_LINES = 300;
const MAX_FUNCTION_LINES = 80;

interface Shape {
  file: string;
  lines: number;
  functions: { name: string; line: number; lines: number }[];
}

const linesOf = (text: string) => text.split('\n').length;

/** A function's name as a reader finds it: its own, or the variable or property it is assigned to. */
function nameOf(node: ts.SignatureDeclaration): string {
  if (node.name) return node.name.getText();
  const { parent } = node;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) && parent.name)
    return parent.name.getText();
  return '(anonymous)';
}

function shapeOf(path: string): Shape {
  const text = readFileSync(path, 'utf8');
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const functions: Shape['functions'] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const last = source.getLineAndCharacterOfPosition(node.end).line;
      functions.push({ name: nameOf(node), line: first + 1, lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { file: relative(ROOT, path), lines: linesOf(text), functions };
}

const shapes = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.ts'))
  .sort()
  .map((name) => shapeOf(join(ROOT, 'src', name)));

const longFunctions = shapes.flatMap(({ file, functions }) =>
  functions.filter((f) => f.lines > MAX_FUNCTION_LINES).map((f) => `${file}:${f.line} ${f.name} (${f.lines} lines)`),
);

describe('code shape of src/', () => {
  it('when a file is read, then it has at most 300 lines', () => {
    const long = shapes.filter((s) => s.lines > MAX_FILE_LINES).map((s) => `${s.file} (${s.lines} lines)`);
    expect(long, `files over ${MAX_FILE_LINES} lines: split them by job`).toEqual([]);
  });

  it('when a function is read, then it has at most 80 lines', () => {
    expect(longFunctions, `functions over ${MAX_FUNCTION_LINES} lines: split them by job`).toEqual([]);
  });

  it('when the sources are read, then every src file was found and parsed', () => {
    expect(shapes.length).toBeGreaterThan(100);
    expect(shapes.find((s) => s.file === join('src', 'app.ts'))?.functions.length).toBeGreaterThan(0);
  });
});
