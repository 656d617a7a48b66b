// `cepheus serve` / `npm start`: the rules service. Wired in io/ (see the service issue).

export async function serve(): Promise<number> {
  process.stderr.write('cepheus serve: the service is not built yet\n');
  return 1;
}
