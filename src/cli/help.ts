import type { Command } from './command.ts';

export function renderHelp(commands: readonly Command[]): string {
  const width = Math.max(0, ...commands.map((c) => c.name.length)) + 2;
  const lines = [
    'sigil — guard container images from build to deployment',
    '',
    'Usage: sigil COMMAND [OPTIONS]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    "Run 'sigil COMMAND --help' for a command's options. Exit codes: 0 ok, 1 a check failed, 2 error.",
  ];
  return lines.join('\n') + '\n';
}

export function renderCommandHelp(command: Command): string {
  const opts = Object.entries(command.options).map(([name, o]) => {
    const flag = `--${name}${o.short ? `, -${o.short}` : ''}${o.type === 'string' ? ' VALUE' : ''}`;
    return `  ${flag}${o.multiple ? ' (repeatable)' : ''}`;
  });
  return [
    `Usage: sigil ${command.usage}`,
    '',
    command.summary,
    '',
    'Options:',
    ...opts,
    '  --debug',
    '  --help, -h',
    '',
  ].join('\n');
}
