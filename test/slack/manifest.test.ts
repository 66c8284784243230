import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSlackApp, type TestSlackApp } from '../support/test-app.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCHEMA_DIR = path.join(ROOT, 'test/support/slack-manifest-schema');

function schemaPath(relative: string): string {
  const file = path.join(SCHEMA_DIR, relative);
  if (!existsSync(file)) {
    throw new Error(`Slack's manifest schema is missing: no ${path.relative(ROOT, file)} (test/support/slack-manifest-schema/README.md says where it comes from)`);
  }
  return file;
}

const readSchemaFile = (relative: string): unknown => JSON.parse(readFileSync(schemaPath(relative), 'utf8'));

function describeError(error: ErrorObject): string {
  const property = error.params['additionalProperty'];
  return `${error.instancePath || '/'} ${error.message ?? error.keyword}${typeof property === 'string' ? ` ("${property}")` : ''}`;
}

/** Slack's schema for one `_metadata.major_version`, compiled once. */
const validators = new Map<number, ValidateFunction>();
function slackValidator(majorVersion: 1 | 2): ValidateFunction {
  let validate = validators.get(majorVersion);
  if (validate) return validate;
  // strictTypes would warn where Slack's schema leaves out a `type` (minItems
  // on items of any type, union types): its looseness, not this manifest's.
  const ajv = new Ajv({ allErrors: true, strictTypes: false });
  addFormats.default(ajv); // CommonJS: under NodeNext, its plugin is `.default`
  // Slack's schema annotates with `_note`, and spells one `pattern` as `regex`
  // (display_information.background_color): enforced here as the pattern it is.
  ajv.addKeyword('_note');
  ajv.addKeyword({ keyword: 'regex', schemaType: 'string', macro: (pattern: string) => ({ pattern }) });
  validate = ajv.compile(readSchemaFile(`schemas/manifest.schema.${majorVersion}.0.0.json`) as object);
  validators.set(majorVersion, validate);
  return validate;
}

/**
 * What Slack's schema says is wrong with a manifest, [] when nothing. The
 * schema is the one for its `_metadata.major_version` (1 when absent), the
 * choice Slack's top-level manifest.schema.json makes through GitHub URLs.
 */
function slackSchemaErrors(manifest: unknown): string[] {
  const majorVersion = (manifest as { _metadata?: { major_version?: unknown } } | undefined)?._metadata?.major_version ?? 1;
  if (majorVersion !== 1 && majorVersion !== 2) return [`/_metadata/major_version must be 1 or 2, not ${JSON.stringify(majorVersion)}`];
  const validate = slackValidator(majorVersion);
  // ajv reports a macro keyword's own failure beside the pattern's: left out.
  return validate(manifest) ? [] : (validate.errors ?? []).filter((error) => error.keyword !== 'regex').map(describeError);
}

describe("Slack's manifest schema", () => {
  const examples = readdirSync(schemaPath('tests'))
    .filter((name) => /^v\d+\.invalid\.json$/.test(name))
    .map((name) => name.slice(0, -'.invalid.json'.length));

  it('comes with its own examples', () => {
    expect(examples.sort()).toEqual(['v1', 'v2']);
  });

  it.each(examples)("accepts Slack's valid %s example and rejects its invalid one", (version) => {
    expect(slackSchemaErrors(readSchemaFile(`tests/${version}.valid.json`))).toEqual([]);
    expect(slackSchemaErrors(readSchemaFile(`tests/${version}.invalid.json`))).not.toEqual([]);
  });

  it('says what is wrong, and where', () => {
    expect(slackSchemaErrors(readSchemaFile('tests/v1.invalid.json'))).toEqual(['/settings must NOT have additional properties ("bad_param")']);
  });
});

/** The parts of a manifest (already checked against Slack's schema) compared with what the app registers. */
interface Manifest {
  features?: { app_home?: { home_tab_enabled?: boolean }; slash_commands?: { command: string }[] };
  oauth_config?: { scopes?: { bot?: string[] } };
  settings?: { event_subscriptions?: { bot_events?: string[] }; interactivity?: { is_enabled?: boolean }; socket_mode_enabled?: boolean };
}

/** The bot scope each event needs, from Slack's event reference: an event the app starts listening to fails the scope test until it is here. */
const EVENT_SCOPES: Record<string, readonly string[]> = {
  app_mention: ['app_mentions:read'],
  app_home_opened: [],
};

/** Scopes the bot's Web API calls need, which no listener registration shows. */
const WEB_API_SCOPES = [
  'chat:write', // answers, shared cards, the digest
  'chat:write.public', // the digest in a public channel the bot was not invited to
  'channels:history', // looking for a digest post Slack never confirmed, in a public channel
  'groups:history', // the same in a private channel
];

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();
const names = (registered: readonly unknown[]): string[] =>
  sorted(registered.map((name) => (typeof name === 'string' ? name : name instanceof RegExp ? String(name) : JSON.stringify(name))));

describe('manifest.yml', () => {
  let t: TestSlackApp;
  let raw: unknown;
  let manifest: Manifest;
  beforeAll(async () => {
    t = await startTestSlackApp();
    raw = load(readFileSync(path.join(ROOT, 'manifest.yml'), 'utf8'));
    manifest = raw as Manifest;
  });
  afterAll(async () => {
    await t.stop();
  });

  it("is a manifest Slack accepts (Slack's own schema)", () => {
    expect(slackSchemaErrors(raw)).toEqual([]);
  });

  it('declares exactly the slash commands the app registers', () => {
    expect(sorted((manifest.features?.slash_commands ?? []).map((c) => c.command)), 'manifest.yml features.slash_commands (expected: the commands the app registers)').toEqual(names(t.registered.command));
  });

  it('subscribes to exactly the events the app listens to', () => {
    expect(sorted(manifest.settings?.event_subscriptions?.bot_events ?? []), 'manifest.yml settings.event_subscriptions.bot_events (expected: the events the app registers)').toEqual(names(t.registered.event));
  });

  it('turns interactivity on exactly when the app answers buttons or modals', () => {
    expect(manifest.settings?.interactivity?.is_enabled ?? false, 'manifest.yml settings.interactivity.is_enabled').toBe(t.registered.action.length + t.registered.view.length > 0);
  });

  it('turns the Home tab on exactly when the app draws it', () => {
    expect(manifest.features?.app_home?.home_tab_enabled ?? false, 'manifest.yml features.app_home.home_tab_enabled').toBe(t.registered.event.includes('app_home_opened'));
  });

  it('registers nothing else a manifest would have to declare', () => {
    const { message, shortcut, options, function: functions } = t.registered;
    expect({ message, shortcut, options, function: functions }, 'compare these with manifest.yml here before registering them').toEqual({
      message: [],
      shortcut: [],
      options: [],
      function: [],
    });
  });

  it('asks for the scopes the registered commands and events and the Web API calls need, and no other', () => {
    const events = names(t.registered.event);
    expect(events.filter((event) => !(event in EVENT_SCOPES)), 'events missing from EVENT_SCOPES').toEqual([]);
    const needed = [...(t.registered.command.length > 0 ? ['commands'] : []), ...events.flatMap((event) => EVENT_SCOPES[event] ?? []), ...WEB_API_SCOPES];
    expect(sorted(manifest.oauth_config?.scopes?.bot ?? []), 'manifest.yml oauth_config.scopes.bot (expected: the scopes needed)').toEqual(sorted(needed));
  });

  it('is set up for Socket Mode, as "Set up the Slack app" in the README says', () => {
    expect(manifest.settings?.socket_mode_enabled).toBe(true);
  });
});
