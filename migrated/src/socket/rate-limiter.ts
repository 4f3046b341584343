/** Sliding-window counter, one per socket: at most `count` hits in any `windowMs`. */
export class RateLimiter {
  private readonly hits: number[] = [];
  constructor(
    private readonly count: number,
    private readonly windowMs: number,
  ) {}

  /** records a hit; false when the limit is already reached (the hit is not counted) */
  take(now = Date.now()): boolean {
    while (this.hits.length && this.hits[0]! <= now - this.windowMs) this.hits.shift();
    if (this.hits.length >= this.count) return false;
    this.hits.push(now);
    return true;
  }
}
