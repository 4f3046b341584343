/**
 * Debounce + cancel: changes arriving within `debounceMs` of each other are
 * merged into one run; a change while a run is in flight aborts that run (its
 * signal fires) and its changes are merged into the next one, which starts once
 * the aborted run has settled and the debounce has passed.
 */
export interface SchedulerOptions {
  debounceMs: number;
  run(changes: string[], signal: AbortSignal): Promise<void>;
  onCancel?(changes: string[]): void;
  onError?(err: unknown): void;
}

interface InFlight {
  changes: string[];
  controller: AbortController;
  done: Promise<void>;
}

export class Scheduler {
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private current: InFlight | null = null;
  private generation = 0;
  /** fired debounces waiting for an aborted run to settle */
  private waiting = 0;

  constructor(private readonly options: SchedulerOptions) {}

  notify(file: string): void {
    this.pending.add(file);
    const running = this.current;
    if (running && !running.controller.signal.aborted) {
      running.controller.abort();
      this.pending = new Set([...running.changes, ...this.pending]);
      this.options.onCancel?.(running.changes);
    }
    const generation = ++this.generation;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.fire(generation), this.options.debounceMs);
  }

  /** resolves once nothing is pending, waiting or running */
  async idle(): Promise<void> {
    while (this.timer || this.waiting > 0 || this.current) {
      if (this.current) await this.current.done;
      else await new Promise((r) => setTimeout(r, this.options.debounceMs));
    }
  }

  /** aborts what runs, drops what waits */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
    this.current?.controller.abort();
    if (this.current) await this.current.done;
  }

  private async fire(generation: number): Promise<void> {
    if (generation !== this.generation) return;
    this.timer = null;
    if (this.current) {
      this.waiting++;
      await this.current.done;
      this.waiting--;
    }
    if (generation !== this.generation || this.current || this.pending.size === 0) return;
    const changes = [...this.pending];
    this.pending.clear();
    const controller = new AbortController();
    const done = (async () => {
      try {
        await this.options.run(changes, controller.signal);
      } catch (err) {
        if (!controller.signal.aborted) this.options.onError?.(err);
      } finally {
        if (this.current?.controller === controller) this.current = null;
      }
    })();
    this.current = { changes, controller, done };
  }
}
