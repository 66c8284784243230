import { PassThrough } from 'node:stream';
import { bounded, WAIT_MS } from './wait.js';

// Cursor moves, screen clears and styles: what a terminal acts on without showing.
const CONTROL = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** The columns a line of plain terminal text takes: emoji two, anything else one. */
export function columns(line: string): number {
  return [...line].length + (line.match(/\p{Extended_Pictographic}/gu)?.length ?? 0);
}

/** What a program wrote to a terminal, read as a person sees it, and a bounded wait for what it shows next. */
export class Screen {
  private written = '';
  private readonly changed = new Set<() => void>();

  constructor(stream: NodeJS.ReadableStream) {
    stream.on('data', (chunk: Buffer) => {
      this.written += chunk.toString();
      for (const notify of this.changed) notify();
    });
  }

  /** The text shown, without control sequences or carriage returns. */
  text(): string {
    return this.written.replace(CONTROL, '').replace(/\r/g, '');
  }

  /** How many times the screen shows `text`. */
  count(text: string): number {
    return this.text().split(text).length - 1;
  }

  /** Resolves once `holds(text shown)`; rejects if `ended` settles first, with what was shown. */
  async until(holds: (text: string) => boolean, what: string, ended?: Promise<unknown>): Promise<void> {
    let notify!: () => void;
    const shown = new Promise<void>((resolve) => {
      notify = () => holds(this.text()) && resolve();
      this.changed.add(notify);
      notify();
    });
    const stopped = ended?.then(() => {
      if (!holds(this.text())) throw new Error(`the program ended before showing ${what}:\n${this.text()}`);
    });
    try {
      await bounded(stopped ? Promise.race([shown, stopped]) : shown, WAIT_MS, what);
    } catch (error) {
      throw new Error(`${(error as Error).message}; the screen shows:\n${this.text()}`);
    } finally {
      this.changed.delete(notify);
    }
  }
}

/** A terminal of `width` columns for the console to run on, in-process: keys go in, the screen comes out. */
export function fakeTerminal(width: number) {
  const input = new PassThrough();
  const output = Object.assign(new PassThrough(), { isTTY: true, columns: width });
  return { input, output, screen: new Screen(output) };
}
