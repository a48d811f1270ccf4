import readline from 'node:readline';
import { Writable } from 'node:stream';

/** Asks for a secret without echoing it at a terminal; reads one line from stdin when piped. */
export function promptSecret(question: string): Promise<string> {
  process.stdout.write(question);
  const silent = new Writable({ write: (_chunk, _enc, done) => done() });
  const rl = readline.createInterface({ input: process.stdin, output: silent, terminal: process.stdin.isTTY === true });
  return new Promise((resolve) => {
    rl.question('', (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
  });
}
