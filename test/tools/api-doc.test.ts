import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const tool: {
  extractApi(entry: string): any[];
  renderMarkdown(items: any[], o?: { entry?: string; pkg?: string }): string;
  defaultMd(text: string | undefined): string;
} = require('../../tools/api-doc');

const FIXTURE = `
import { Construct } from 'constructs';
export * from './more';

/** Options of a widget. */
export interface WidgetProps {
  /** The widget's size. */
  readonly size: number;
  /**
   * Its colour, e.g. <name>-red.
   * @default Colour.RED
   */
  readonly colour?: Colour;
  /**
   * Labels.
   * @default - none
   */
  readonly labels?: Record<string, string> | false;
  /** @internal */
  readonly _secret?: string;
}

/** Colours. */
export enum Colour {
  /** Like blood. */
  RED = 'red',
  BLUE = 'blue',
}

/**
 * A widget.
 *
 * \`\`\`ts
 * new Widget(scope, 'w', { size: 1 });
 * \`\`\`
 */
export class Widget extends Construct {
  /** Makes a small one. */
  public static small(scope: Construct): Widget { return new Widget(scope, 'small', { size: 1 }); }
  /** The size. */
  public readonly size: number;
  public readonly colour?: Colour;
  private readonly hidden = 1;
  constructor(scope: Construct, id: string, props: WidgetProps) {
    super(scope, id);
    this.size = props.size + this.hidden;
  }
  /** Twice the size. */
  public get double(): number { return this.size * 2; }
  /** Grows it. @deprecated use a bigger one */
  public grow(by = 1): number { return this.size + by; }
  public _internalThing(): void {}
}
`;
const MORE = `
/** Adds. */
export function add(a: number, ...rest: number[]): number { return rest.reduce((x, y) => x + y, a); }
export const LIMITS: readonly number[] = [1, 2];
`;

describe('tools/api-doc', () => {
  let dir: string;
  let md: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'api-doc-test-'));
    fs.writeFileSync(path.join(dir, 'index.ts'), FIXTURE);
    fs.writeFileSync(path.join(dir, 'more.ts'), MORE);
    md = tool.renderMarkdown(tool.extractApi(path.join(dir, 'index.ts')), { entry: 'index.ts', pkg: 'widgets' });
  }, 30_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('table of contents in a fixed section order, names sorted', () => {
    expect(md).toContain(
      '- **Classes**: [Widget](#widget)\n- **Interfaces**: [WidgetProps](#widgetprops)\n- **Enums**: [Colour](#colour)\n- **Functions**: [add](#add)\n- **Constants**: [LIMITS](#limits)',
    );
  });

  test('interface props: required marker, linked types, @default styles, @internal hidden', () => {
    expect(md).toContain('| `size` **(required)** | number |  | The widget\'s size. |');
    expect(md).toContain('| `colour` | [Colour](#colour) | `Colour.RED` | Its colour, e.g. &lt;name&gt;-red. |');
    expect(md).toContain('| `labels` | Record&lt;string, string&gt; \\| false | none | Labels. |');
    expect(md).not.toContain('_secret');
  });

  test('classes: constructor, public properties and getters, static methods first, private and _ members hidden', () => {
    expect(md).toContain('*Extends Construct.*');
    expect(md).toContain('```ts\nnew Widget(scope: Construct, id: string, props: WidgetProps)\n```');
    expect(md).toContain('| `size` | number | The size. |');
    expect(md).toContain('| `colour` *(optional)* | [Colour](#colour) |  |');
    expect(md).toContain('| `double` | number | Twice the size. |');
    const methods = md.slice(md.indexOf('| Method |'));
    expect(
      methods.indexOf('Widget.small(scope: Construct): Widget'),
    ).toBeLessThan(methods.indexOf('grow(by?: number): number'));
    expect(md).toContain('**Deprecated**: use a bigger one. Grows it.');
    expect(md).not.toMatch(/hidden|_internalThing/);
    expect(md).toContain('A widget.\n\n```ts\nnew Widget(scope, \'w\', { size: 1 });\n```'); // fenced code kept
  });

  test('enums, functions and constants from re-exported modules', () => {
    expect(md).toContain('| `Colour.RED` | `"red"` | Like blood. |');
    expect(md).toContain('```ts\nfunction add(a: number, ...rest: number[]): number\n```');
    expect(md).toContain('```ts\nconst LIMITS: readonly number[]\n```');
  });

  test('deterministic', () => {
    expect(
      tool.renderMarkdown(tool.extractApi(path.join(dir, 'index.ts')), { entry: 'index.ts', pkg: 'widgets' }),
    ).toBe(md);
  });

  test('@default forms', () => {
    expect(tool.defaultMd(undefined)).toBe('');
    expect(tool.defaultMd('5')).toBe('`5`');
    expect(tool.defaultMd("'*' - the policy limits it")).toBe("`'*'` (the policy limits it)");
    expect(tool.defaultMd('- the construct id')).toBe('the construct id');
  });
});
