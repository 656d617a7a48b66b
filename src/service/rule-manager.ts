// Rules at run time: loads the rule files, reloads them when the directory changes or the API
// deploys or removes a file, and answers the rule endpoints (RuleAdmin). Reloads run one at a
// time; each reads the files, compiles (RuleCatalog keeps failing files' last good text) and swaps
// the rule set into the engine in one synchronous step, between two batches of events.

import { compileRuleFiles } from '../compile/compile-rules';
import type { ReloadReport } from '../engine/engine';
import type { PutRuleFileResult, RuleAdmin, RuleDetail, RuleFileView, RuleSource, RuleView } from '../io/ports';
import type { Diagnostic } from '../lang/diagnostic';
import { formatDiagnostics } from '../lang/format';
import type { Logger } from '../log';
import type { ServiceMetrics } from './metrics';
import type { Operator } from './operator';
import type { RuleCatalog } from './rule-catalog';
import { ruleDetail, ruleView } from './rule-views';

export class RuleManager implements RuleAdmin {
  private operator: Operator | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private unwatch: (() => void) | null = null;

  constructor(
    private readonly source: RuleSource,
    private readonly catalog: RuleCatalog,
    private readonly metrics: ServiceMetrics,
    private readonly log: Logger,
  ) {}

  /** The first load, before the engine exists; throws when the directory cannot be read. */
  async load(): Promise<void> {
    const files = await this.source.readAll();
    this.catalog.update(files);
    this.logFailures(files);
    this.log.info({ files: files.length, rules: this.catalog.ruleSet.rules.map((r) => r.name) }, 'rules loaded');
  }

  /** From now on reloads go into this operator's engine; directory changes are watched. */
  attach(operator: Operator): void {
    this.operator = operator;
  }

  watch(): void {
    this.unwatch = this.source.watch(() => void this.reload('watch'));
  }

  stop(): void {
    this.unwatch?.();
    this.unwatch = null;
  }

  /** Rereads the directory and applies what changed. */
  reload(reason: string): Promise<void> {
    return this.serialized(() => this.reloadNow(reason));
  }

  // ---- RuleAdmin ---------------------------------------------------------------------------------

  list(): { rules: RuleView[]; files: RuleFileView[] } {
    const engine = this.engine();
    const state = (f: string) => this.catalog.fileState(f);
    return { rules: this.catalog.ruleSet.rules.map((r) => ruleView(r, engine, state)), files: this.catalog.fileViews() };
  }

  get(name: string): RuleDetail | null {
    const rule = this.catalog.ruleSet.rules.find((r) => r.name === name);
    return rule === undefined ? null : ruleDetail(rule, this.engine(), (f) => this.catalog.fileState(f));
  }

  validate(text: string, file = 'input.cep'): { ok: boolean; diagnostics: readonly Diagnostic[] } {
    const r = compileRuleFiles([{ file, text }]);
    return { ok: r.ok, diagnostics: r.diagnostics };
  }

  putFile(file: string, text: string): Promise<PutRuleFileResult> {
    return this.serialized(async () => {
      const trial = this.catalog.tryWith(file, text);
      if (!trial.ok) return { ok: false, diagnostics: trial.diagnostics };
      await this.source.write(file, text);
      await this.reloadNow(`PUT ${file}`);
      return { ok: true, file, rules: this.catalog.rulesOf(file) };
    });
  }

  deleteFile(file: string): Promise<boolean> {
    return this.serialized(async () => {
      if (!(await this.source.remove(file))) return false;
      await this.reloadNow(`DELETE ${file}`);
      return true;
    });
  }

  // ---- internals -----------------------------------------------------------------------------------

  private async reloadNow(reason: string): Promise<void> {
    const started = process.hrtime.bigint();
    let files;
    try {
      files = await this.source.readAll();
    } catch (e) {
      // a directory that went away (unmounted, renamed) must not delete every running rule
      this.metrics.reloads.inc({ result: 'unreadable' });
      this.log.error({ err: e, reason }, 'cannot read the rules directory; the rules in force stay');
      return;
    }
    // from here to engine.reload nothing awaits: no batch can run in between
    const update = this.catalog.update(files);
    if (!update.changed) return;
    this.logFailures(files);
    const report = this.operator?.reload(update.ruleSet);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    this.metrics.reloads.inc({ result: update.failed.length > 0 ? 'partial' : 'ok' });
    if (report !== undefined) this.logReport(report, reason, ms, update.failed);
  }

  private logReport(report: ReloadReport, reason: string, ms: number, failed: string[]): void {
    const reset = report.reset.map((r) => `${r.name} (${r.dropped} partial matches dropped)`);
    this.log.info({ reason, ms: Math.round(ms * 10) / 10, ...report, failedFiles: failed, resetSummary: reset }, 'rules reloaded');
  }

  private logFailures(files: readonly { file: string; text: string }[]): void {
    for (const f of files) {
      const state = this.catalog.fileState(f.file);
      if (state === undefined || state.ok) continue;
      this.log.warn(
        { file: f.file, diagnostics: state.diagnostics, text: formatDiagnostics(state.diagnostics, f.text) },
        'rule file does not compile; its previous version (if any) stays in force',
      );
    }
  }

  private engine() {
    if (this.operator === null) throw new Error('rule manager used before the engine exists');
    return this.operator.engine;
  }

  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => {});
    return run;
  }
}
