import { createInterface } from 'node:readline';
import type { RenderContext } from '../runtime.js';
import { ANSI, PLAIN } from './render.js';
import { createConsoleSession } from './session.js';

/** Runs the console on a terminal (or piped input) until `exit` or end of input. */
export async function runConsole(options: {
  ctx: RenderContext;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream & { isTTY?: boolean };
}): Promise<void> {
  const { ctx, input = process.stdin, output = process.stdout } = options;
  const session = createConsoleSession({ ctx, style: output.isTTY ? ANSI : PLAIN });
  const rl = createInterface({ input, output, terminal: Boolean(output.isTTY) });
  output.write(`${session.welcome()}\n`);
  rl.setPrompt(ctx.strings.console.prompt);
  rl.prompt();
  let said = false;
  for await (const line of rl) {
    const reply = session.handle(line);
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
