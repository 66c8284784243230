import { dump } from 'js-yaml';
import type { EntryFrontMatter } from './entry.js';
import { PROPOSED_EVENT, proposalFrontMatter } from './proposal.js';
import type { ProposedTool } from './store.js';

// `kubecon-bot export-proposals DIR`: each proposed tool as a knowledge entry
// draft, DIR/proposed/<id>.md, that `kubecon-bot check` accepts, for the team
// to complete and move into the knowledge base by a pull request.

const DRAFT_NOTE = '# Brouillon généré par `kubecon-bot export-proposals` : à relire et compléter avant de l’ajouter à la base.';

function frontMatterFile(frontMatter: EntryFrontMatter, body: string): string {
  return `---\n${DRAFT_NOTE}\n${dump(frontMatter, { lineWidth: -1 })}---\n${body}\n`;
}

/** The draft of one proposed tool: its link, reason and priority, credited to who proposed it and when. */
export function proposalDraft(proposal: ProposedTool): string {
  const day = proposal.at.toISOString().slice(0, 10);
  const frontMatter: EntryFrontMatter = {
    ...proposalFrontMatter(proposal),
    summary: `Brouillon : ${proposal.title}, proposé par ${proposal.by} le ${day}. Résumé à écrire en une ou deux phrases.`,
    key_points: ['Brouillon : points clés à écrire'],
    source: { title: `Proposition de ${proposal.by} (${day})`, publisher: proposal.by },
  };
  const body = [
    `**Brouillon** : cette fiche a été générée depuis la proposition de ${proposal.by} du ${day} ; l’équipe la complète avant de l’ajouter à la base de connaissances.`,
    '',
    `Pourquoi le tester, selon la proposition : ${proposal.reason}`,
    '',
    'Ce que fait l’outil, à qui il sert, ce qu’en dit sa documentation : à écrire.',
  ].join('\n');
  return frontMatterFile(frontMatter, body);
}

/** The event the drafts belong to (its folder's entry of kind `event`, as every event folder of the knowledge has). */
export function proposedEventDraft(): string {
  const frontMatter: EntryFrontMatter = {
    id: PROPOSED_EVENT,
    title: 'Outils proposés par l’équipe',
    kind: 'event',
    event: PROPOSED_EVENT,
    tags: ['proposition', 'proposal'],
    aliases: ['outils proposés', 'proposed tools'],
    people: [],
    companies: [],
    links: [],
    summary: 'Brouillon : les outils que l’équipe a proposé de tester depuis Slack ou la ligne de commande, hors des comptes rendus.',
    key_points: ['Brouillon : chaque fiche vient d’une proposition (`/kubecon propose`)'],
    source: { title: 'Propositions de l’équipe', publisher: 'kubecon-bot' },
  };
  return frontMatterFile(frontMatter, 'Brouillon : les outils proposés par l’équipe, à relire avant de les verser dans la base.');
}
