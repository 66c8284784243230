import type { EntryGroup } from '../core/catalogue.js';
import type { EntryKind, Priority } from '../core/entry.js';
import type { Verdict } from '../core/store.js';

// Every string the bot writes, French first. `en.ts` must provide the same
// keys (the type checker enforces it). The knowledge itself stays French.
export const fr = {
  locale: 'fr',
  /** Between a thing and what is said of it: French puts a space before the colon, English does not. */
  colon: ' : ',
  group: {
    graduated: 'Projets CNCF graduated',
    incubating: 'Projets CNCF incubating',
    sandbox: 'Projets CNCF sandbox',
    project: 'Autres projets',
    talk: 'Talks',
    announcement: 'Annonces',
    event: 'Événement',
    concept: 'Notions',
  } satisfies Record<EntryGroup, string>,
  kind: { project: 'Projet', talk: 'Talk', announcement: 'Annonce', event: 'Événement', concept: 'Notion' } satisfies Record<EntryKind, string>,
  priority: { high: 'haute', normal: 'normale', low: 'basse' } satisfies Record<Priority, string>,
  maturityBadge: (maturity: string) => `CNCF ${maturity}`,
  card: {
    keyPoints: 'Points clés',
    links: 'Liens',
    toTry: (priority: string) => `À tester · priorité ${priority}`,
    source: (title: string, publisher: string) => `Source : « ${title} », ${publisher}`,
    related: 'Voir aussi',
    share: 'Partager dans le canal',
    alreadyPublic: 'Cette réponse est déjà visible de tout le canal.',
    sharedBy: (user: string) => `Partagé par ${user}`,
    reviewed: (day: string) => `Revue le ${day}`,
    event: (event: string) => `Événement : ${event}`,
    statusUnavailable: 'Où en est l’équipe avec cet outil : indisponible pour l’instant',
  },
  none: {
    title: (query: string) => `Rien dans le compte rendu pour « ${query} ».`,
    command: (command: string) => `Vouliez-vous dire \`${command}\` ?`,
    didYouMean: 'Vous pensiez peut-être à :',
    hint: (listCommand: string) => `Tapez \`${listCommand}\` pour voir tout ce que le compte rendu couvre.`,
  },
  empty: 'Posez une question, par exemple `/kubecon helm3` ou `@kubecon c’est quoi loki ?`.',
  list: {
    title: 'Ce que couvre le compte rendu',
    count: (n: number) => `${n} fiches`,
  },
  backlog: {
    title: 'Outils à tester',
    empty: 'Aucun outil à tester pour le moment.',
    intro: 'Les outils que le compte rendu nous a donné envie d’essayer, par priorité :',
  },
  help: {
    title: 'kubecon-bot : nos comptes rendus de conférences à portée de main',
    covers: (events: string, n: number) => `${n === 1 ? 'Événement couvert' : 'Événements couverts'} : ${events}.`,
    usage: 'Utilisation',
    mention: 'Mentionnez-moi dans un canal ou un fil : `@kubecon c’est quoi loki ?`, je réponds dans le fil.',
    commands: {
      ask: 'cherche dans le compte rendu et affiche la fiche la plus pertinente',
      help: 'affiche cette aide',
      list: 'liste les fiches, par maturité CNCF et par type',
      backlog: 'les outils à tester, par priorité',
      digest: 'aperçu du prochain digest hebdomadaire et de sa date',
      gaps: 'les questions restées sans réponse et les réponses jugées inutiles (visible de vous seul)',
      propose: 'proposer un outil à tester (un formulaire)',
    },
  },
  status: {
    open: 'à prendre',
    claimed: (user: string) => `${user} s’en occupe`,
    evaluated: (verdict: string, user: string) => `verdict *${verdict}* par ${user}`,
    dismissed: (user: string) => `écarté par ${user}`,
  },
  verdict: {
    adopt: 'Adopt : on l’adopte',
    trial: 'Trial : à essayer sur un vrai projet',
    assess: 'Assess : à creuser encore',
    hold: 'Hold : pas maintenant',
  } satisfies Record<Verdict, string>,
  verdictShort: { adopt: 'Adopt', trial: 'Trial', assess: 'Assess', hold: 'Hold' } satisfies Record<Verdict, string>,
  digest: {
    title: 'L’outil à tester cette semaine',
    noTool: 'Rien de nouveau à proposer cette semaine : tout a été testé, écarté, ou proposé la semaine dernière.',
    why: 'Pourquoi le tester',
    claim: 'Je m’en occupe',
    alreadyClaimed: (user: string, tool: string) => `${user} s’occupe déjà de ${tool} : voyez avec elle ou lui.`,
    alreadyDismissed: (user: string, tool: string) => `${tool} a été écarté par ${user} : il n’est plus à tester.`,
    alreadyEvaluated: (verdict: string, user: string, tool: string) => `${tool} a déjà un verdict : *${verdict}* par ${user}.`,
    claimNoted: (tool: string) => `C’est noté : vous vous occupez de ${tool}.`,
    tested: 'Testé',
    dismiss: 'Pas pour nous',
    state: 'Où en est la liste',
    claimedList: 'En cours',
    verdictsSince: 'Verdicts depuis le dernier digest',
    verdictsAll: 'Verdicts',
    left: (n: number) => `Encore à tester (${n})`,
    nothingLeft: 'Plus rien à tester.',
    dismissedList: 'Écartés',
    next: (when: string) => `Prochain digest : ${when}`,
    preview: (when: string) => `Aperçu du prochain digest (${when})`,
    notScheduled: 'Pas de digest hebdomadaire programmé : définissez DIGEST_CHANNEL pour l’activer.',
    fallback: (tool: string) => `Outil de la semaine : ${tool}`,
  },
  modal: {
    verdictTitle: 'Verdict',
    dismissTitle: 'Pas pour nous',
    close: 'Fermer',
    submit: 'Enregistrer',
    cancel: 'Annuler',
    verdictLabel: (tool: string) => `Votre verdict sur ${tool}`,
    commentLabel: 'Commentaire',
    commentPlaceholder: 'Ce qui a marché, ce qui a coincé, sur quel projet…',
    reasonLabel: 'Pourquoi ? (facultatif)',
    verdictRequired: 'Choisissez un verdict.',
    stale: 'Cet outil n’est plus dans la liste à tester : fermez cette fenêtre et rouvrez-la depuis le digest ou l’accueil.',
    dismissedSince: 'Cet outil a été écarté entre-temps : il n’y a plus rien à enregistrer. Fermez cette fenêtre.',
    evaluatedSince: 'Cet outil a reçu un verdict entre-temps : on ne peut plus l’écarter. Fermez cette fenêtre.',
  },
  home: {
    title: 'Les outils à tester',
    intro: 'Les outils que nos comptes rendus nous ont donné envie d’essayer, et où nous en sommes.',
    empty: 'Aucun outil dans la liste.',
    stale: (count: number, days: number) =>
      count === 0
        ? `Toutes les fiches ont été revues il y a moins de ${days} jours.`
        : `${count === 1 ? '1 fiche n’a pas été revue' : `${count} fiches n’ont pas été revues`} depuis ${days} jours ou plus, ou jamais : \`kubecon-bot check --stale ${days}d\` les liste.`,
  },
  // --- Knowledge gaps (unanswered questions, votes) ---
  gaps: {
    title: 'Ce que la base ne sait pas encore',
    unanswered: 'Questions sans réponse',
    noUnanswered: 'Aucune question sans réponse : la base a répondu à tout.',
    asked: (count: number, last: string, channels: number) =>
      `${count} fois, dernière le ${last}, ${channels} ${channels === 1 ? 'canal' : 'canaux'}`,
    unhelpful: 'Réponses jugées inutiles',
    noUnhelpful: 'Aucune réponse jugée inutile.',
    unhelpfulVotes: (entryId: string, count: number) => `fiche ${entryId} : ${count} ${count === 1 ? 'vote' : 'votes'} 👎`,
    homeTitle: 'Questions sans réponse',
    digestLine: (count: number, top: string) =>
      `${count} ${count === 1 ? 'question sans réponse' : 'questions sans réponse'} cette semaine, dont « ${top} »`,
  },
  vote: {
    helpful: '👍',
    unhelpful: '👎',
    thanks: 'Merci ! Votre avis aide à améliorer les réponses.',
    thanksUnhelpful: 'Merci ! Nous regarderons ce qui manque à cette réponse.',
  },
  console: {
    welcome: (n: number) => `kubecon-bot, console locale (${n} fiches chargées). Posez une question, « help » pour l’aide, « exit » pour quitter.`,
    bye: 'À bientôt !',
    slackOnly: 'Ce bouton ne sert que dans Slack.',
    noButton: (n: number, count: number) =>
      count === 0 ? `Pas de bouton ${n} : la dernière réponse n’en a aucun.` : `Pas de bouton ${n} : tapez un numéro de 1 à ${count}.`,
    prompt: 'kubecon> ',
  },
  // --- s3/propose ---
  propose: {
    button: 'Proposer un outil',
    title: 'Proposer un outil',
    submit: 'Proposer',
    nameLabel: 'Nom de l’outil',
    namePlaceholder: 'Argo Rollouts',
    urlLabel: 'Lien',
    urlPlaceholder: 'https://…',
    reasonLabel: 'Pourquoi le tester ?',
    reasonPlaceholder: 'Ce qu’il nous apporterait, sur quel projet…',
    priorityLabel: 'Priorité',
    problem: {
      missing: 'À remplir.',
      'too-short': (min: number) => `Au moins ${min} caractères.`,
      'too-long': (max: number) => `Au plus ${max} caractères.`,
      'not-http-url': 'Un lien http:// ou https:// complet.',
      'not-a-priority': 'Haute, normale ou basse.',
      'already-in-backlog': 'Cet outil est déjà dans la liste à tester.',
    },
    proposedBy: (user: string, date: string) => `Proposé par ${user} le ${date}`,
    added: (title: string) => `C’est noté : ${title} rejoint la liste des outils à tester.`,
    elsewhere: 'Proposer un outil se fait dans Slack (`/kubecon propose` ouvre un formulaire) ou en ligne de commande :',
  },
  errors: {
    generic: 'Désolé, quelque chose s’est mal passé de mon côté. Réessayez dans un instant.',
    boardUnreachable: 'Le tableau de l’équipe est injoignable pour l’instant : réessayez dans un moment.',
    unknownEntry: (id: string) => `Je ne connais pas la fiche « ${id} ».`,
    notInBacklog: (title: string) => `${title} n’est pas dans la liste des outils à tester.`,
  },
};

export type Strings = typeof fr;
