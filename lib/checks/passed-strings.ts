/**
 * Strings a pure check (verdict from the text alone) already passed. A thousand services repeat the
 * same image, labels, annotations, argv, env values and CIDRs, and re-running the regular
 * expressions on each was a large part of their construction. Only passes are kept: a failure's
 * message also names the prop, and failures are rare. Bounded (cleared when full), and long texts
 * (a locustfile) are not kept alive by it.
 */
export class PassedStrings {
  private readonly passed = new Set<string>();

  constructor(private readonly maxEntries = 20_000, private readonly maxLength = 1_024) {}

  public has(text: string): boolean {
    return this.passed.has(text);
  }

  public add(text: string): void {
    if (text.length > this.maxLength) return;
    if (this.passed.size >= this.maxEntries) this.passed.clear();
    this.passed.add(text);
  }
}
