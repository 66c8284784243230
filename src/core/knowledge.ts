import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { load, YAMLException } from 'js-yaml';
import type { z } from 'zod';
import { entryFrontMatterSchema, type Entry } from './entry.js';

/** One thing wrong with the knowledge folder, located as precisely as we can. */
export interface KnowledgeProblem {
  file: string;
  /** Field path (`links[0].url`) or `line N`; empty when the whole file is at fault. */
  where: string;
  message: string;
}

export type KnowledgeLoad =
  | { ok: true; entries: Entry[] }
  | { ok: false; problems: KnowledgeProblem[] };

export function formatProblem(problem: KnowledgeProblem): string {
  return [problem.file, problem.where, problem.message].filter(Boolean).join(': ');
}

export function formatProblems(problems: KnowledgeProblem[]): string {
  const noun = problems.length === 1 ? 'problem' : 'problems';
  return [`Invalid knowledge (${problems.length} ${noun}):`, ...problems.map((p) => `  ${formatProblem(p)}`)].join('\n');
}

async function listMarkdownFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const dirent of await readdir(dir, { withFileTypes: true })) {
    if (dirent.name.startsWith('.')) continue;
    const full = path.join(dir, dirent.name);
    if (dirent.isDirectory()) found.push(...(await listMarkdownFiles(full)));
    else if (dirent.isFile() && dirent.name.endsWith('.md') && dirent.name.toLowerCase() !== 'readme.md') found.push(full);
  }
  return found.sort();
}

function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out;
}

function describeIssue(issue: z.core.$ZodIssue): { where: string; message: string }[] {
  const where = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      where: formatPath([...issue.path, key]),
      message: 'unknown field',
    }));
  }
  if (issue.code === 'invalid_type' && 'input' in issue && issue.input === undefined) {
    return [{ where, message: 'missing field' }];
  }
  return [{ where, message: issue.message }];
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Parses one file's text. Pure, so tests can feed it strings. */
export function parseEntryFile(
  file: string,
  text: string,
  folderEvent?: string,
): { entry?: Entry; problems: KnowledgeProblem[] } {
  const match = FRONT_MATTER.exec(text);
  if (!match) {
    return { problems: [{ file, where: 'line 1', message: 'expected YAML front matter between two --- lines' }] };
  }
  let data: unknown;
  try {
    data = match[1]?.trim() ? load(match[1]) : {};
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    // +2: mark.line counts from 0, and the YAML starts on the line after the opening ---.
    const where = error.mark ? `line ${error.mark.line + 2}, column ${error.mark.column + 1}` : '';
    return { problems: [{ file, where, message: `broken YAML: ${error.reason}` }] };
  }
  const parsed = entryFrontMatterSchema.safeParse(data ?? {}, { reportInput: true });
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.flatMap((issue) => describeIssue(issue).map((d) => ({ file, ...d }))),
    };
  }
  const problems: KnowledgeProblem[] = [];
  const expectedId = path.basename(file, '.md');
  if (parsed.data.id !== expectedId) {
    problems.push({ file, where: 'id', message: `"${parsed.data.id}" does not match the file name (expected "${expectedId}")` });
  }
  if (folderEvent !== undefined && parsed.data.event !== folderEvent) {
    problems.push({ file, where: 'event', message: `"${parsed.data.event}" does not match its folder (expected "${folderEvent}")` });
  }
  const body = text.slice(match[0].length).trim();
  if (!body) problems.push({ file, where: 'body', message: 'the Markdown body after the front matter is empty' });
  if (problems.length > 0) return { problems };
  return { entry: { ...parsed.data, body, file }, problems };
}

/**
 * Loads every `*.md` below `dir`: one folder per event
 * (`kubecon-eu-2019/loki.md`), whose name must match each entry's `event`.
 * Reports every problem at once rather than stopping at the first.
 */
export async function loadKnowledge(dir: string): Promise<KnowledgeLoad> {
  const label = (full: string) => path.join(path.basename(path.resolve(dir)), path.relative(dir, full));
  let info;
  try {
    info = await stat(dir);
  } catch {
    return { ok: false, problems: [{ file: dir, where: '', message: 'knowledge folder not found (set KNOWLEDGE_DIR)' }] };
  }
  if (!info.isDirectory()) {
    return { ok: false, problems: [{ file: dir, where: '', message: 'KNOWLEDGE_DIR is not a folder' }] };
  }
  let files: string[];
  try {
    files = await listMarkdownFiles(dir);
  } catch (error) {
    return { ok: false, problems: [{ file: dir, where: '', message: `cannot list the folder: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` }] };
  }
  if (files.length === 0) {
    return { ok: false, problems: [{ file: dir, where: '', message: 'no Markdown entries found' }] };
  }
  const problems: KnowledgeProblem[] = [];
  const entries: Entry[] = [];
  const seen = new Map<string, string>();
  for (const full of files) {
    const file = label(full);
    const relDir = path.dirname(path.relative(dir, full));
    if (relDir === '.' || relDir.includes(path.sep)) {
      problems.push({ file, where: '', message: 'an entry goes in its event’s folder, one level down: <event>/<id>.md' });
      continue;
    }
    let text: string;
    try {
      text = await readFile(full, 'utf8');
    } catch (error) {
      problems.push({ file, where: '', message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
      continue;
    }
    // Some editors start a UTF-8 file with a byte order mark: it is not content.
    const result = parseEntryFile(file, text.replace(/^\uFEFF/, ''), relDir);
    problems.push(...result.problems);
    if (!result.entry) continue;
    const first = seen.get(result.entry.id);
    if (first) {
      problems.push({ file, where: 'id', message: `duplicate id "${result.entry.id}" (already used by ${first})` });
      continue;
    }
    seen.set(result.entry.id, file);
    entries.push(result.entry);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, entries };
}
