import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_COMMANDS } from '../src/cli/run.js';
import { ENV_VARIABLES } from '../src/config.js';
import { SLASH_COMMAND, SUBCOMMANDS } from '../src/core/commands.js';
import { ROOT } from './support/process.js';

const read = (file: string) => readFile(path.join(ROOT, file), 'utf8');

describe('the documentation matches the code', () => {
  it('the README lists every /kubecon subcommand with its aliases', async () => {
    const readme = await read('README.md');
    for (const sub of SUBCOMMANDS) {
      expect(readme).toContain(`\`${SLASH_COMMAND} ${sub.name}\``);
      for (const alias of sub.aliases) expect(readme).toContain(`\`${alias}\``);
    }
  });

  it('the README shows every kubecon-bot command', async () => {
    const readme = await read('README.md');
    for (const command of CLI_COMMANDS) expect(readme).toContain(`npx kubecon-bot ${command.name}`);
  });

  it('the README and .env.example document every environment variable', async () => {
    const readme = await read('README.md');
    const example = await read('.env.example');
    for (const { name } of ENV_VARIABLES) {
      expect(readme, name).toContain(`\`${name}\``);
      expect(example, name).toMatch(new RegExp(`^${name}=`, 'm'));
    }
  });

  it('the README shows how to set up and test', async () => {
    const readme = await read('README.md');
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
  });
});
