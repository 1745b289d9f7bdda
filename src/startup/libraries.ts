import type { Config } from '../config/schema';
import { playbookLibrary } from '../domain/playbooks/library';
import { loadPlaybooks, playbookRoots } from '../domain/playbooks/load';
import { answerDefinitions, definitionProblems, loadFieldCatalogue } from '../domain/templates/fields';
import { templateLibrary } from '../domain/templates/library';
import { loadTemplates, templateRoots } from '../domain/templates/load';
import type { Logger } from '../logging';

/** The template and playbook libraries, read once at start: the same for every workspace. */

/** A template that fails its checks is logged and left out; the app starts with the rest. */
export function loadLibrary(config: Config, logger: Logger) {
  const started = performance.now();
  const { templates, problems } = loadTemplates(templateRoots(config.configPath, config.company.templates.folder));
  for (const p of problems)
    logger.warn(
      { kind: 'template', file: p.file, field: p.field },
      `template skipped: ${p.file}: ${p.field}: ${p.message}`,
    );
  logger.info(
    {
      templates: templates.length,
      skipped: new Set(problems.map((p) => p.file)).size,
      ms: Math.round(performance.now() - started),
    },
    'template library loaded',
  );
  return templateLibrary(templates);
}

/** Playbooks whose template or next playbook is missing, or that fail the schema or name an unknown tier, are logged and left out. */
export function loadPlaybookLibrary(config: Config, logger: Logger, templates: ReturnType<typeof templateLibrary>) {
  const { playbooks, problems } = loadPlaybooks(
    playbookRoots(config.configPath, config.company.playbooks.folder),
    new Set(templates.all().map((t) => t.id)),
    process.cwd(),
    config.company.tiers.map((t) => t.name),
  );
  for (const p of problems)
    logger.warn(
      { kind: 'playbook', file: p.file, path: p.path },
      `playbook skipped: ${p.file}: ${p.path}: ${p.message}`,
    );
  logger.info({ playbooks: playbooks.length, skipped: new Set(problems.map((p) => p.file)).size }, 'playbooks loaded');
  return playbookLibrary(playbooks);
}

/**
 * One definition per answer: the playbooks' fields, then the field catalogues. A template answer with no
 * definition still renders (as its placeholder); the log says why the fill-in form cannot ask for it.
 */
export function loadAnswerDefinitions(
  config: Config,
  logger: Logger,
  templates: ReturnType<typeof templateLibrary>,
  playbooks: ReturnType<typeof playbookLibrary>,
) {
  const catalogue = loadFieldCatalogue(templateRoots(config.configPath, config.company.templates.folder));
  for (const p of [...catalogue.problems, ...definitionProblems(templates.all(), playbooks.all(), catalogue.fields)])
    logger.warn(
      { kind: 'fields', file: p.file, path: p.path },
      `answer definitions: ${p.file}: ${p.path}: ${p.message}`,
    );
  return answerDefinitions(playbooks.all(), catalogue.fields);
}
