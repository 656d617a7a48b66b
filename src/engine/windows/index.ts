// Window rules (LANGUAGE.md 8): installWindows() teaches the engine to compile and run them.
// Called once by the program's entry points before rules are compiled or an Engine is built.

import { registerWindowCompiler } from '../../compile/compile-rules';
import { compileWindowRule } from '../../compile/compile-window-rule';
import { registerRuntime } from '../engine';
import { WindowRuntime } from './window-runtime';
import type { WindowRule } from './window-rule';

export type { WindowRule } from './window-rule';
export { WindowRuntime } from './window-runtime';

export function installWindows(): void {
  registerWindowCompiler(compileWindowRule);
  registerRuntime('window', (rule, output, clock) => new WindowRuntime(rule as WindowRule, output, clock));
}
