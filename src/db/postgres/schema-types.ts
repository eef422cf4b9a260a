import {
  ColumnDefinitionNode,
  DataTypeNode,
  GeneratedNode,
  OperationNodeTransformer,
  RawNode,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';

/**
 * The migrations are written once, in SQLite's terms; on PostgreSQL this plugin gives each column the type
 * that keeps SQLite's meaning, so one list of migrations builds the same schema on both:
 * - `integer` is 64-bit in SQLite (epoch-millisecond timestamps need it): `bigint`, not int4;
 * - `integer primary key autoincrement`: a `bigint` identity column (ids never reused, as in SQLite);
 * - `boolean` is stored as 0/1 by SQLite and written as 0/1 by our code: `bigint` too;
 * - `real` is 8 bytes in SQLite: `double precision` (PostgreSQL's real is 4);
 * - `json`/`jsonb` are text in SQLite and parsed by our code: `text`; `blob`: `bytea`;
 * - `text` compares byte by byte in SQLite: `collate "C"`, so `order by` sorts the same on both.
 * It rewrites only schema-building nodes and casts; queries pass through unchanged.
 */
export class SqliteTypesOnPostgres implements KyselyPlugin {
  readonly #transformer = new SqliteTypesTransformer();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

const MAPPED_TYPES: Readonly<Record<string, string>> = {
  integer: 'bigint',
  int: 'bigint',
  int4: 'bigint',
  boolean: 'bigint',
  real: 'double precision',
  float4: 'double precision',
  json: 'text',
  jsonb: 'text',
  blob: 'bytea',
};

class SqliteTypesTransformer extends OperationNodeTransformer {
  protected override transformColumnDefinition(node: ColumnDefinitionNode): ColumnDefinitionNode {
    const column = super.transformColumnDefinition(node);
    if (column.autoIncrement) {
      return ColumnDefinitionNode.cloneWith(column, {
        autoIncrement: false,
        generated: GeneratedNode.create({ byDefault: true, identity: true }),
      });
    }
    if (DataTypeNode.is(column.dataType) && column.dataType.dataType === 'text') {
      return ColumnDefinitionNode.cloneWith(column, {
        frontModifiers: [RawNode.createWithSql('collate "C"'), ...(column.frontModifiers ?? [])],
      });
    }
    return column;
  }

  protected override transformDataType(node: DataTypeNode): DataTypeNode {
    const mapped = MAPPED_TYPES[node.dataType];
    return mapped ? ({ ...node, dataType: mapped } as DataTypeNode) : node;
  }
}
