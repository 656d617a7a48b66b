#!/usr/bin/env node
// The `cepheus` command: run (replay), check, explain, serve.

import { parseArgs } from './cli/args';
import { checkCommand } from './cli/check';
import { explainCommand } from './cli/explain';
import { runCommand } from './cli/run';
import { CepheusError } from './errors';

const HELP = `usage:
  cepheus run --rules PATH... --events FILE|- [--stream NAME] [--out FILE|-]
  cepheus check FILE...
  cepheus explain FILE RULE
  cepheus serve
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run':
      return runCommand(parseArgs(rest, ['rules', 'events', 'stream', 'out']));
    case 'check':
      return checkCommand(parseArgs(rest, []));
    case 'explain':
      return explainCommand(parseArgs(rest, []));
    case 'serve': {
      const { serve } = await import('./main');
      return serve();
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(HELP);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`cepheus: unknown command ${command}\n${HELP}`);
      return 2;
  }
}

// a reader that stops early (`cepheus check ... | head`) closes the pipe: the rest of the output
// has nowhere to go, but the command still finishes and exits with its own status, rather than
// dying on an unhandled EPIPE
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof CepheusError) process.stderr.write(`cepheus: ${e.message}\n`);
    else process.stderr.write(`cepheus: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = e instanceof CepheusError ? 2 : 1;
  },
);
