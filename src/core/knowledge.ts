import { isUtf8 } from 'node:buffer';
import type { Dirent } from 'node:fs';
import { open, readdir, readlink, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { load, YAMLException } from 'js-yaml';
import { entryFrontMatterSchema, KEBAB_CASE_ID, type Entry } from './entry.js';
import { describeFileError } from './file-errors.js';
import { describeZodError } from './zod-errors.js';

/** One thing wrong with the knowledge folder, located as precisely as we can. */
export interface KnowledgeProblem {
  file: string;
  /** Field path (`links[0].url`) or `line N`; empty when the whole file is at fault. */
  where: string;
  message: string;
}

/**
 * `skipped`: every file or folder in the knowledge folder that is not read,
 * with why (`not read: …`), so that nothing is left out without a word.
 */
export type KnowledgeLoad =
  | { ok: true; entries: Entry[]; skipped: KnowledgeProblem[] }
  | { ok: false; problems: KnowledgeProblem[]; skipped: KnowledgeProblem[] };

/**
 * An entry is a page of a recap: a larger file is a mistake (a pasted log, an
 * export) that every start of the bot would pay for in time and memory.
 */
const MAX_ENTRY_BYTES = 256 * 1024;

export function formatProblem(problem: KnowledgeProblem): string {
  return [problem.file, problem.where, problem.message].filter(Boolean).join(': ');
}

/** One line for one problem; a count, then one line each, for several. */
export function formatProblems(problems: KnowledgeProblem[]): string {
  if (problems.length === 1) return `invalid knowledge: ${formatProblem(problems[0]!)}`;
  return [`invalid knowledge (${problems.length} problems):`, ...problems.map((p) => `  ${formatProblem(p)}`)].join('\n');
}

/** What walking the folder finds, in the order it finds it. */
type Found =
  | { kind: 'entry'; full: string; file: string; event: string }
  | { kind: 'problem' | 'skipped'; problem: KnowledgeProblem };

const README = /^readme\.(?:md|markdown)$/i;
/** Names a Markdown file might have; only `.md` makes an entry. */
const MARKDOWN_EXTENSION = /\.(?:md|markdown|mdown|mkdn?|mkd)$/i;

/**
 * Walks the folder (sorted, following links) and says what each thing in it
 * is: an entry to read (`<event>/<id>.md`), a problem, or something skipped.
 * Each real folder is read once, which also stops a link that loops back.
 */
async function walkKnowledge(root: string, label: (full: string) => string): Promise<Found[]> {
  const found: Found[] = [];
  const problem = (full: string, message: string) => found.push({ kind: 'problem', problem: { file: label(full), where: '', message } });
  const skip = (full: string, why: string) => found.push({ kind: 'skipped', problem: { file: label(full), where: '', message: `not read: ${why}` } });
  const readFolders = new Map<string, string>();

  const visit = async (dir: string, depth: number): Promise<void> => {
    let dirents: Dirent[];
    try {
      const real = await realpath(dir);
      const first = readFolders.get(real);
      if (first !== undefined) return void skip(dir, `a link to ${first}, a folder already read`);
      readFolders.set(real, label(dir));
      dirents = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      return void problem(dir, `cannot list the folder: ${describeFileError(error)}`);
    }
    dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const dirent of dirents) {
      const { name } = dirent;
      const full = path.join(dir, name);
      if (name.startsWith('.')) {
        skip(full, 'hidden (its name starts with a dot)');
        continue;
      }
      let type: 'folder' | 'file' | 'other' = dirent.isDirectory() ? 'folder' : dirent.isFile() ? 'file' : 'other';
      if (dirent.isSymbolicLink()) {
        try {
          const target = await stat(full);
          type = target.isDirectory() ? 'folder' : target.isFile() ? 'file' : 'other';
        } catch (error) {
          const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `a link to nothing (${await readlink(full)})` : describeFileError(error);
          if (name.endsWith('.md')) problem(full, `cannot read: ${why}`);
          else skip(full, why);
          continue;
        }
      }
      if (type === 'folder') {
        if (depth === 0 && !KEBAB_CASE_ID.test(name)) problem(full, 'an event folder is named like an id: kebab-case (a-z, 0-9, dashes)');
        else await visit(full, depth + 1);
      } else if (type === 'other') skip(full, 'not a file');
      else if (README.test(name)) skip(full, 'a README documents the folder, it is not an entry');
      else if (name.endsWith('.md')) {
        if (depth === 1) found.push({ kind: 'entry', full, file: label(full), event: path.basename(dir) });
        else problem(full, 'an entry goes in its event’s folder, one level down: <event>/<id>.md');
      } else if (MARKDOWN_EXTENSION.test(name)) {
        problem(full, `not read: an entry's file name ends in .md, in lower case (${name.replace(MARKDOWN_EXTENSION, '')}.md)`);
      } else skip(full, 'not an entry (entries are <id>.md files)');
    }
  };
  await visit(root, 0);
  return found;
}

/** The text of an entry file, or why it is refused: too large, or not UTF-8. */
async function readEntryFile(full: string): Promise<{ text: string } | { where: string; message: string }> {
  let bytes: Buffer;
  try {
    const handle = await open(full, 'r');
    try {
      const { size } = await handle.stat();
      if (size > MAX_ENTRY_BYTES) {
        return { where: '', message: `${formatSize(size)}, over the ${formatSize(MAX_ENTRY_BYTES)} an entry may hold: split it into several entries` };
      }
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { where: '', message: `cannot read: ${describeFileError(error)}` };
  }
  if (!isUtf8(bytes)) {
    const offset = firstInvalidUtf8Byte(bytes);
    const line = bytes.subarray(0, offset).filter((b) => b === 0x0a).length + 1;
    const byte = `0x${bytes[offset]!.toString(16).toUpperCase().padStart(2, '0')}`;
    return { where: `line ${line}`, message: `not valid UTF-8 (byte ${byte} at offset ${offset}): save the file as UTF-8` };
  }
  return { text: bytes.toString('utf8') };
}

function formatSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Where the first ill-formed sequence starts (the well-formed ones are those
 * of the Unicode standard's table 3-7); -1 if there is none.
 */
function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    // The sequence's length and the range its second byte must be in.
    const [length, low, high] =
      lead >= 0xc2 && lead <= 0xdf ? [2, 0x80, 0xbf]
      : lead === 0xe0 ? [3, 0xa0, 0xbf]
      : lead === 0xed ? [3, 0x80, 0x9f]
      : lead >= 0xe1 && lead <= 0xef ? [3, 0x80, 0xbf]
      : lead === 0xf0 ? [4, 0x90, 0xbf]
      : lead >= 0xf1 && lead <= 0xf3 ? [4, 0x80, 0xbf]
      : lead === 0xf4 ? [4, 0x80, 0x8f]
      : [0, 0, 0];
    if (length === 0 || i + length > bytes.length) return i;
    if (bytes[i + 1]! < low || bytes[i + 1]! > high) return i;
    for (let k = 2; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += length;
  }
  return -1;
}

// The YAML between the lines is optional, so that `---` right after `---` is found (and called empty).
const FRONT_MATTER = /^---\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/;

/** One file's entry, or every problem found in its text; `folderEvent`: the event its folder names. */
export function parseEntryFile(
  file: string,
  text: string,
  folderEvent?: string,
): { entry?: Entry; problems: KnowledgeProblem[] } {
  const match = FRONT_MATTER.exec(text);
  if (!match) {
    return { problems: [{ file, where: 'line 1', message: 'expected YAML front matter between two --- lines' }] };
  }
  const yaml = match[1] ?? '';
  let data: unknown;
  try {
    // js-yaml refuses a document with nothing in it (blank, or only comments): that is the empty case below.
    data = yaml.replaceAll(/^\s*#.*$/gm, '').trim() === '' ? undefined : load(yaml);
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    // +2: mark.line counts from 0, and the YAML starts on the line after the opening ---.
    const where = error.mark ? `line ${error.mark.line + 2}, column ${error.mark.column + 1}` : '';
    return { problems: [{ file, where, message: `broken YAML: ${error.reason}` }] };
  }
  if (data === undefined || data === null) {
    return { problems: [{ file, where: 'line 1', message: 'the front matter between the two --- lines is empty' }] };
  }
  if (Object.prototype.toString.call(data) !== '[object Object]') {
    const what = Array.isArray(data) ? 'a list' : 'a single value';
    return { problems: [{ file, where: 'line 2', message: `the front matter must be a mapping of fields (id: …, title: …), not ${what}` }] };
  }
  const parsed = entryFrontMatterSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    return { problems: describeZodError(parsed.error).map((problem) => ({ file, ...problem })) };
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
 * Loads every `<event>/<id>.md` below `dir`, whose folder's name must match
 * each entry's `event`. Reports every problem at once rather than stopping at
 * the first, and every file it does not read.
 */
export async function loadKnowledge(dir: string): Promise<KnowledgeLoad> {
  const label = (full: string) => path.join(path.basename(path.resolve(dir)), path.relative(dir, full));
  const refuse = (message: string): KnowledgeLoad => ({ ok: false, problems: [{ file: dir, where: '', message }], skipped: [] });
  let info;
  try {
    info = await stat(dir);
  } catch {
    return refuse('knowledge folder not found (set KNOWLEDGE_DIR)');
  }
  if (!info.isDirectory()) return refuse('KNOWLEDGE_DIR is not a folder');
  const found = await walkKnowledge(dir, label);
  const problems: KnowledgeProblem[] = [];
  const skipped: KnowledgeProblem[] = [];
  const entries: Entry[] = [];
  const seen = new Map<string, string>();
  for (const item of found) {
    if (item.kind !== 'entry') {
      (item.kind === 'problem' ? problems : skipped).push(item.problem);
      continue;
    }
    const { file } = item;
    const read = await readEntryFile(item.full);
    if (!('text' in read)) {
      problems.push({ file, ...read });
      continue;
    }
    // Some editors start a UTF-8 file with a byte order mark: it is not content.
    const result = parseEntryFile(file, read.text.replace(/^\uFEFF/, ''), item.event);
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
  if (!found.some((item) => item.kind === 'entry')) problems.push({ file: dir, where: '', message: 'no Markdown entries found' });
  return problems.length > 0 ? { ok: false, problems, skipped } : { ok: true, entries, skipped };
}
