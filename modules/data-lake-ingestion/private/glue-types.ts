/**
 * Syntax of Glue/Hive column types (what the Glue table schema of record format conversion accepts):
 * primitives, `decimal(p,s)`, `char(n)`, `varchar(n)`, `array<T>`, `map<K,V>` (K primitive) and `struct<name:T,...>`.
 * `uniontype` is refused: the Hive JSON SerDe rejects it (rule F9) and Parquet/ORC conversion cannot write it.
 */

const PRIMITIVES = ["boolean", "tinyint", "smallint", "int", "integer", "bigint", "float", "double", "string", "date", "timestamp", "binary"];

/** Returns undefined when `type` is a valid Glue column type, else what is wrong. */
export function glueTypeError(type: string): string | undefined {
  const parser = new TypeParser(type);
  try {
    parser.parseType();
    parser.skipSpaces();
    if (!parser.done()) throw new Error(`unexpected "${parser.rest()}"`);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

class TypeParser {
  private i = 0;
  constructor(private readonly s: string) {}

  public done(): boolean {
    return this.i >= this.s.length;
  }

  public rest(): string {
    return this.s.slice(this.i);
  }

  public skipSpaces(): void {
    while (this.s[this.i] === " ") this.i++;
  }

  private word(): string {
    this.skipSpaces();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(this.i));
    if (!m) throw new Error(this.done() ? "a type is missing at the end" : `expected a type name at "${this.rest()}"`);
    this.i += m[0].length;
    return m[0];
  }

  private expect(c: string): void {
    this.skipSpaces();
    if (this.s[this.i] !== c) throw new Error(`expected "${c}" ${this.done() ? "at the end" : `at "${this.rest()}"`}`);
    this.i++;
  }

  private peek(c: string): boolean {
    this.skipSpaces();
    return this.s[this.i] === c;
  }

  private integer(): number {
    this.skipSpaces();
    const m = /^\d+/.exec(this.s.slice(this.i));
    if (!m) throw new Error(`expected a number at "${this.rest()}"`);
    this.i += m[0].length;
    return Number(m[0]);
  }

  /** Parses one type; returns whether it is primitive. */
  public parseType(): boolean {
    const name = this.word().toLowerCase();
    switch (name) {
      case "array":
        this.expect("<");
        this.parseType();
        this.expect(">");
        return false;
      case "map":
        this.expect("<");
        if (!this.parseType()) throw new Error("map keys must be a primitive type");
        this.expect(",");
        this.parseType();
        this.expect(">");
        return false;
      case "struct":
        this.expect("<");
        do {
          this.word();
          this.expect(":");
          this.parseType();
        } while (this.peek(",") && this.i++ >= 0);
        this.expect(">");
        return false;
      case "decimal":
        if (this.peek("(")) {
          this.expect("(");
          const precision = this.integer();
          let scale = 0;
          if (this.peek(",")) {
            this.expect(",");
            scale = this.integer();
          }
          this.expect(")");
          if (precision < 1 || precision > 38) throw new Error(`decimal precision must be 1-38, got ${precision}`);
          if (scale > precision) throw new Error(`decimal scale must not exceed its precision (${precision}), got ${scale}`);
        }
        return true;
      case "char":
      case "varchar": {
        this.expect("(");
        const length = this.integer();
        this.expect(")");
        const max = name === "char" ? 255 : 65535;
        if (length < 1 || length > max) throw new Error(`${name} length must be 1-${max}, got ${length}`);
        return true;
      }
      case "uniontype":
        throw new Error("uniontype is not supported by record format conversion");
      default:
        if (!PRIMITIVES.includes(name)) throw new Error(`unknown type "${name}" (primitives: ${PRIMITIVES.join(", ")}, decimal(p,s), char(n), varchar(n); complex: array<T>, map<K,V>, struct<name:T,...>)`);
        return true;
    }
  }
}
