/**
 * The state's schema is not one this kubecon-bot may use: migrated by a newer
 * version, or older and opened by a command that only reads (which never
 * changes the schema). Said the same way for SQLite and PostgreSQL.
 */
export class SchemaVersionError extends Error {}

/**
 * Throws SchemaVersionError unless a state at schema `current` may be used by
 * code that knows up to `known`: a newer one never; an older one only by an
 * opening that migrates it (`migrates`). `what` names the state (its file,
 * "the PostgreSQL database").
 */
export function checkSchemaVersion(what: string, current: number, known: number, options: { migrates: boolean }): void {
  if (current > known) {
    throw new SchemaVersionError(
      `${what} was migrated by a newer kubecon-bot (schema v${current}); this one knows up to v${known}: run the newer version, or restore a backup taken before it`,
    );
  }
  if (current < known && !options.migrates) {
    throw new SchemaVersionError(
      `${what} is at schema v${current}, older than this kubecon-bot's v${known}, and a command that only reads never upgrades it: start the bot, or run kubecon-bot migrate, then try again`,
    );
  }
}
