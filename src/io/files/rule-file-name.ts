// Rule file names the API accepts: a plain name ending in `.cep`, so a name can never reach
// outside the rules directory (no `/`, no `..` component, no absolute path).

const NAME = /^[A-Za-z0-9._-]+\.cep$/;

export function isRuleFileName(name: string): boolean {
  return name.length <= 255 && NAME.test(name) && name !== '.cep';
}
