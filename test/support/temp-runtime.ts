import { parseConfig } from '../../src/config.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { makeKnowledgeDir } from './temp-knowledge.js';
import { tempStateDir } from './test-app.js';

/** A console-mode runtime on a temporary knowledge folder (`files`, as for makeKnowledgeDir) and state; `cleanup` registers what to undo. */
export async function openTempRuntime(files: Record<string, string>, cleanup: (...undo: (() => void | Promise<void>)[]) => void): Promise<{ runtime: Runtime; dir: string }> {
  const knowledge = await makeKnowledgeDir(files);
  const state = tempStateDir();
  cleanup(knowledge.cleanup, () => state.cleanup());
  const parsed = parseConfig({ KNOWLEDGE_DIR: knowledge.dir, STATE_DIR: state.dir });
  if (!parsed.ok) throw new Error(parsed.message);
  const opened = await openRuntime(parsed.config);
  if (!opened.ok) throw new Error(opened.message);
  cleanup(() => opened.runtime.close());
  return { runtime: opened.runtime, dir: knowledge.dir };
}
