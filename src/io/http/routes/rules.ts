// GET /rules, GET /rules/:name, POST /rules/validate, PUT/DELETE /rules/files/:file.

import type { FastifyInstance } from 'fastify';
import { ErrorCodes } from '../../../errors';
import { isRuleFileName } from '../../files/rule-file-name';
import type { RuleAdmin } from '../../ports';
import type { Guard } from '../auth';
import { HttpError, errorBody } from '../http-errors';
import { ruleTextOf } from '../rule-text-body';
import { errorResponses, ruleFileParams } from '../schemas';

export interface RuleRouteOptions {
  rules: RuleAdmin;
  guard: Guard;
  bodyLimit: number;
}

export async function ruleRoutes(app: FastifyInstance, opts: RuleRouteOptions): Promise<void> {
  // rule text comes as it is; JSON bodies are read by ruleTextOf
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: opts.bodyLimit }, (_req, body, done) => done(null, body));

  app.get('/rules', {
    schema: {
      summary: 'Rules and rule files with their status and counters',
      tags: ['rules'],
      response: { 200: { type: 'object', properties: { rules: { type: 'array', items: { $ref: 'rule#' } }, files: { type: 'array' } } } },
    },
  }, async () => opts.rules.list());

  app.get<{ Params: { name: string } }>('/rules/:name', {
    schema: {
      summary: 'One rule with its source text and automaton (Graphviz dot)',
      tags: ['rules'],
      params: { type: 'object', properties: { name: { type: 'string' } } },
      response: { 200: { $ref: 'rule#' }, ...errorResponses },
    },
  }, async (request) => {
    const rule = opts.rules.get(request.params.name);
    if (rule === null) throw new HttpError(404, ErrorCodes.RULE_NOT_FOUND, `no rule ${request.params.name}`);
    return rule;
  });

  app.post<{ Querystring: { file?: string }; Body: string }>('/rules/validate', {
    schema: {
      summary: 'Compile rule text and return its diagnostics',
      description: 'Body: rule text (text/plain) or JSON {"source": "..."}. Nothing is deployed.',
      tags: ['rules'],
      querystring: { type: 'object', properties: { file: { type: 'string', description: 'file name used in diagnostics' } } },
      response: { 200: { type: 'object', properties: { ok: { type: 'boolean' }, diagnostics: { type: 'array', items: { $ref: 'diagnostic#' } } } } },
    },
  }, async (request) => opts.rules.validate(ruleTextOf(request.body, request.headers['content-type']), request.query.file));

  app.put<{ Params: { file: string }; Body: string }>('/rules/files/:file', {
    onRequest: opts.guard,
    schema: {
      summary: 'Deploy a rule file atomically',
      description: 'Written and running when it compiles against the rules in force (200); 422 with diagnostics and nothing changed otherwise.',
      tags: ['rules'],
      params: ruleFileParams,
      response: { 200: { type: 'object', properties: { file: { type: 'string' }, rules: { type: 'array', items: { type: 'string' } } } }, ...errorResponses },
    },
  }, async (request, reply) => {
    const file = checkedName(request.params.file);
    const result = await opts.rules.putFile(file, ruleTextOf(request.body, request.headers['content-type']));
    if (!result.ok) {
      return reply.code(422).send(errorBody(422, ErrorCodes.RULES_INVALID, `${file} does not compile; nothing was changed`, { diagnostics: result.diagnostics }));
    }
    return { file: result.file, rules: result.rules };
  });

  app.delete<{ Params: { file: string } }>('/rules/files/:file', {
    onRequest: opts.guard,
    schema: { summary: 'Remove a rule file and its rules', tags: ['rules'], params: ruleFileParams, response: { 204: { type: 'null' }, ...errorResponses } },
  }, async (request, reply) => {
    const file = checkedName(request.params.file);
    if (!(await opts.rules.deleteFile(file))) throw new HttpError(404, ErrorCodes.RULE_FILE_NOT_FOUND, `no rule file ${file}`);
    return reply.code(204).send();
  });
}

function checkedName(file: string): string {
  if (!isRuleFileName(file)) {
    throw new HttpError(400, ErrorCodes.RULE_FILE_NAME, `bad rule file name ${JSON.stringify(file.slice(0, 300))}: only [A-Za-z0-9._-]+.cep, in the rules directory`);
  }
  return file;
}
