// The search's vocabulary that belongs to no single entry: how the team's two
// languages name the same concept, and which words every question about
// Kubernetes shares. What names or describes one entry lives in that entry's
// aliases and tags instead.

/**
 * One term for one concept across French and English (folded, singular):
 * applied to the knowledge and to the question alike, so `journaux` finds
 * what says `logs`, and `politiques` what says `policies`.
 */
const CONCEPTS: Record<string, readonly string[]> = {
  log: ['journaux', 'journal', 'journalisation', 'logging'],
  policy: ['politique', 'policie'],
  storage: ['stockage'],
  security: ['securite'],
  registry: ['registre', 'registrie'],
  deployment: ['deploiement', 'deploy', 'deployer', 'deploie', 'deployed', 'deploying'],
  production: ['prod'],
  encryption: ['chiffrement'],
  observability: ['observabilite'],
  tracing: ['tracage'],
  metric: ['metrique'],
  experiment: ['experimentation'],
  outage: ['panne'],
  replication: ['repliquer', 'replique'],
  vulnerability: ['vulnerabilite', 'vulnerabilitie'],
  strategy: ['strategie'],
  attack: ['attaque'],
};

export const CANONICAL_TERMS: ReadonlyMap<string, string> = new Map(
  Object.entries(CONCEPTS).flatMap(([canonical, forms]) => forms.map((form) => [form, canonical] as const)),
);

/**
 * Words every question in this domain may carry: they help rank, but never
 * decide on their own that a question is about an entry (`kafka on
 * kubernetes`, `serverless in production` are not about the recap). Written
 * as people type them; text.ts normalises them as it does every word.
 */
export const GENERIC_WORDS: readonly string[] = [
  'kubernetes', 'k8s', 'kube', 'cluster', 'production', 'deployment', 'cloud', 'native', 'cloudnative',
  'tool', 'outil', 'outillage', 'tooling', 'install', 'installation', 'installer', 'installing', 'setup',
  'use', 'using', 'usage', 'utiliser', 'utilisation', 'run', 'running', 'tourner', 'app', 'application',
  'container', 'conteneur', 'pod', 'node', 'noeud', 'nœud', 'version', 'release', 'new', 'nouveau', 'nouvelle',
  'support', 'supported', 'work', 'working', 'marche', 'fonctionne', 'project', 'projet', 'open', 'source',
  'opensource', 'ready', 'pret', 'best', 'practice', 'pratique', 'problem', 'probleme', 'issue', 'error',
  'erreur', 'fail', 'failed', 'failing', 'echec', 'question', 'help', 'aide', 'way', 'guide', 'tutorial',
  'tutoriel', 'example', 'exemple', 'get', 'getting', 'started', 'start', 'add', 'ajouter', 'need', 'want',
  'faire', 'peut', 'can', 'could', 'should', 'vs', 'versus', 'compare', 'comparing', 'comparison',
  'difference', 'introduction', 'primer', 'guide', 'complete', 'complet', 'service', 'system', 'systeme',
  'management', 'gestion', 'manage', 'managing', 'docker', 'image', 'data', 'donnee', 'configuration',
  'config', 'configure', 'file', 'fichier', 'default', 'defaut', 'mode', 'team', 'equipe',
];

/**
 * Words that ask about whatever a conversation is about rather than name it:
 * who presented it, its limits, whether it is maintained, the video. In a
 * conversation with a subject (see KnowledgeIndex.search), each says the
 * question follows up on that subject, as a generic word does; alone, outside
 * a conversation, they are ordinary words of the question. Written as people
 * type them; text.ts normalises them as it does every word.
 */
export const FOLLOW_UP_WORDS: readonly string[] = [
  'presented', 'present', 'presente', 'presenter', 'presentation', 'speaker', 'orateur', 'intervenant', 'talk',
  'conference', 'video', 'enregistrement', 'recording', 'slides', 'demo', 'lien', 'link', 'site', 'doc',
  'documentation', 'limite', 'limit', 'limitation', 'inconvenient', 'drawback', 'downside', 'avantage', 'advantage',
  'pros', 'cons', 'alternative', 'concurrent', 'competitor', 'maintenu', 'maintained', 'maintainer', 'mainteneur',
  'communaute', 'community', 'licence', 'license', 'mature', 'stable', 'stabilite', 'stability', 'fiable', 'reliable',
  'performance', 'perf', 'prix', 'price', 'cost', 'cout', 'gratuit', 'free', 'payant', 'entreprise', 'company',
  'societe', 'auteur', 'author', 'created', 'cree', 'developpe', 'developed', 'ecrit', 'written', 'langage', 'language',
  'architecture', 'fonctionnement', 'essayer', 'try', 'tester', 'test', 'priorite', 'priority', 'statut', 'status',
  'avis', 'opinion', 'verdict', 'recommande', 'recommend', 'resume', 'summary', 'detail',
];
