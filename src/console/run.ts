import { createInterface } from 'node:readline';
import type { RenderContext } from '../runtime.js';
import { ANSI, PLAIN } from './render.js';
import { createConsoleSession } from './session.js';

/** Runs the console on a terminal (or piped input) until `exit` or end of input. */
export async function runConsole(options: {
  ctx: RenderContext;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}): Promise<void> {
  const { ctx, input = process.stdin, output = process.stdout } = options;
  // On a terminal, replies wrap on words to its width; piped, lines stay whole.
  const session = createConsoleSession({ ctx, style: output.isTTY ? ANSI : PLAIN, width: () => (output.isTTY ? output.columns : undefined) });
  const rl = createInterface({ input, output, terminal: Boolean(output.isTTY) });
  // Ctrl-C as in a shell: it drops a half-typed line for a fresh prompt, and
  // quits on an empty one (so pressing it twice always quits).
  rl.on('SIGINT', () => {
    if (!rl.line) return rl.close();
    rl.write(null, { ctrl: true, name: 'e' });
    rl.write(null, { ctrl: true, name: 'u' });
  });
  output.write(`${session.welcome()}\n`);
  rl.setPrompt(ctx.strings.console.prompt);
  rl.prompt();
  let said = false;
  for await (const line of rl) {
    const reply = await session.handle(line);
    if (reply.output) output.write(`${reply.output}\n`);
    if (reply.exit) {
      said = true;
      break;
    }
    rl.prompt();
  }
  rl.close();
  // End of input (Ctrl-D): leave the prompt's line, and say goodbye all the same.
  if (!said) output.write(`\n${ctx.strings.console.bye}\n`);
}
