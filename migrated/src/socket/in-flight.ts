/** Counts acks still owed, so a graceful shutdown can wait for them. */
export class InFlight {
  private count = 0;
  private lastEnter = 0;
  private waiters: (() => void)[] = [];
  enter(): void {
    this.count += 1;
    this.lastEnter = Date.now();
  }
  leave(): void {
    this.count -= 1;
    if (this.count === 0) for (const w of this.waiters.splice(0)) w();
  }
  idle(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }
  /**
   * No ack owed and no event for `quietMs` (counted from the call at the earliest): what was
   * sent before the shutdown has arrived and been answered. (Events still on the wire when a socket closes would be lost.)
   */
  async settled(quietMs: number): Promise<void> {
    const since = Date.now();
    for (;;) {
      await this.idle();
      const wait = Math.max(this.lastEnter, since) + quietMs - Date.now();
      if (wait <= 0 && this.count === 0) return;
      await new Promise((resolve) => setTimeout(resolve, Math.max(wait, 1)));
    }
  }
}
