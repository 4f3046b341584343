import type { Events } from './scheduler.js';
import type { StageResult } from './types.js';

const secs = (s: number): string => `${s.toFixed(1)} s`;

/**
 * Start/finish lines with times. On a terminal a status line under them says
 * what is running and for how long; elsewhere only the plain lines.
 */
export class Progress implements Events {
  private readonly t0 = Date.now();
  private readonly running = new Map<string, number>();
  private done = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly tty: boolean;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly total: number,
  ) {
    this.tty = Boolean(out.isTTY) && !process.env.CI;
    if (this.tty) this.timer = setInterval(() => this.draw(), 500);
  }

  private elapsed(): number {
    return (Date.now() - this.t0) / 1000;
  }

  private draw(): void {
    if (!this.tty) return;
    const now = this.elapsed();
    const list = [...this.running].map(([name, at]) => `${name} ${secs(now - at)}`).join(', ');
    const text = `[${secs(now)}] ${this.done}/${this.total} done${list ? `; running: ${list}` : ''}`;
    const width = this.out.columns || 100;
    this.out.write(`\r\x1b[K${text.length > width - 1 ? `${text.slice(0, width - 2)}…` : text}`);
  }

  private say(text: string): void {
    if (this.tty) this.out.write('\r\x1b[K');
    this.out.write(`parrot main job [${secs(this.elapsed()).padStart(7)}] ${text}\n`);
    this.draw();
  }

  start(name: string, at: number): void {
    this.running.set(name, at);
    this.say(`start  ${name}`);
  }

  finish(r: StageResult): void {
    this.running.delete(r.name);
    this.done++;
    const [first = '', ...rest] = r.detail.split('\n');
    this.say(`${r.status.padEnd(13)} ${r.name} (${secs(r.seconds)})${first ? `: ${first}` : ''}${r.log ? ` [${r.log}]` : ''}`);
    if (r.status === 'failed' && rest.length) this.say(rest.join('\n').replace(/^/gm, '    '));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.tty) this.out.write('\r\x1b[K');
  }
}
