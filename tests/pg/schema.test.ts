import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrations";
import type { Database } from "../../db/schema";
import { newTestDatabase, type TestDatabase } from "../helpers/db";

/**
 * The same migrations must build the same schema on both databases: tables, columns with their kind
 * and nullability, primary keys, indexes (unique and partial included) and foreign keys. Any
 * difference fails, unless it is listed below as intended.
 */
const INTENDED_POSTGRES_ONLY_INDEXES = new Set([
  // 20261129T1400_postgres_search: trigram name search and collation-proof prefix search.
  "businesses_trade_name_trgm",
  "applications_reference_c",
  "businesses_registration_number_c",
  "users_email_c",
]);
/** Columns whose PostgreSQL kind differs on purpose, as "table.column": [sqlite kind, postgres kind]. */
const INTENDED_COLUMN_KINDS: Record<string, [string, string]> = {
  // bigserial on PostgreSQL: the trail outlives 2^31 rows; SQLite's INTEGER is 64-bit already.
  "audit_log.id": ["integer", "bigint"],
  // …and the checkpoint that records the newest of those ids.
  "audit_checkpoints.last_id": ["integer", "bigint"],
};

type Kind = "integer" | "bigint" | "text" | "binary" | "real" | "boolean" | string;

function kindOf(declared: string): Kind {
  const t = declared.toLowerCase();
  if (/^(int4|integer|int|serial|int2|smallint)$/.test(t)) return "integer";
  if (/^(int8|bigint|bigserial)$/.test(t)) return "bigint";
  if (/^(varchar|character varying|text|varchar\(\d+\)|char\(\d+\)|bpchar)/.test(t)) return "text";
  if (/^(bytea|blob)$/.test(t)) return "binary";
  if (/^(float8|float4|real|double precision|numeric)/.test(t)) return "real";
  if (/^(bool|boolean)$/.test(t)) return "boolean";
  return t;
}

interface Shape {
  columns: string[];
  primaryKeys: string[];
  indexes: string[];
  foreignKeys: string[];
}

const IGNORED_TABLES = /^(kysely_migration|kysely_migration_lock|sqlite_.*)$/;

async function sqliteShape(db: Kysely<Database>): Promise<Shape> {
  const shape: Shape = { columns: [], primaryKeys: [], indexes: [], foreignKeys: [] };
  const tables = (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)).rows
    .map((r) => r.name)
    .filter((t) => !IGNORED_TABLES.test(t));
  for (const table of tables) {
    const cols = (await sql<{ name: string; type: string; notnull: number; pk: number }>`select * from pragma_table_info(${table})`.execute(db)).rows;
    for (const c of cols) shape.columns.push(`${table}.${c.name} ${kindOf(c.type)}${c.notnull || c.pk ? " not null" : ""}`);
    const pk = cols
      .filter((c) => c.pk > 0)
      .sort((x, y) => x.pk - y.pk)
      .map((c) => c.name);
    if (pk.length) shape.primaryKeys.push(`${table}(${pk.join(",")})`);
    const indexes = (
      await sql<{ name: string; unique: number; origin: string; partial: number }>`select * from pragma_index_list(${table})`.execute(db)
    ).rows;
    for (const ix of indexes) {
      if (ix.origin === "pk") continue;
      const cols = (await sql<{ name: string; seqno: number }>`select * from pragma_index_info(${ix.name})`.execute(db)).rows
        .sort((x, y) => x.seqno - y.seqno)
        .map((c) => c.name);
      shape.indexes.push(`${table}(${cols.join(",")})${ix.unique ? " unique" : ""}${ix.partial ? " partial" : ""}`);
    }
    const fks = (
      await sql<{
        id: number;
        seq: number;
        table: string;
        from: string;
        to: string;
        on_delete: string;
      }>`select * from pragma_foreign_key_list(${table})`.execute(db)
    ).rows;
    const byId = new Map<number, typeof fks>();
    for (const fk of fks) byId.set(fk.id, [...(byId.get(fk.id) ?? []), fk]);
    for (const group of byId.values()) {
      group.sort((x, y) => x.seq - y.seq);
      shape.foreignKeys.push(
        `${table}(${group.map((g) => g.from).join(",")}) -> ${group[0]!.table}(${group.map((g) => g.to).join(",")}) on delete ${group[0]!.on_delete.toLowerCase()}`,
      );
    }
  }
  return normalise(shape);
}

const PG_DELETE: Record<string, string> = { a: "no action", r: "restrict", c: "cascade", n: "set null", d: "set default" };

async function postgresShape(db: Kysely<Database>): Promise<Shape> {
  const shape: Shape = { columns: [], primaryKeys: [], indexes: [], foreignKeys: [] };
  const cols = (
    await sql<{ table_name: string; column_name: string; udt_name: string; is_nullable: string }>`
      select table_name, column_name, udt_name, is_nullable from information_schema.columns where table_schema = 'public'`.execute(db)
  ).rows.filter((c) => !IGNORED_TABLES.test(c.table_name));
  for (const c of cols) {
    let kind = kindOf(c.udt_name);
    const intended = INTENDED_COLUMN_KINDS[`${c.table_name}.${c.column_name}`];
    if (intended && kind === intended[1]) kind = intended[0];
    shape.columns.push(`${c.table_name}.${c.column_name} ${kind}${c.is_nullable === "NO" ? " not null" : ""}`);
  }
  const indexes = (
    await sql<{ table: string; name: string; unique: boolean; primary: boolean; partial: boolean; method: string; columns: string[] }>`
      select t.relname as "table", i.relname as name, ix.indisunique as "unique", ix.indisprimary as "primary",
             ix.indpred is not null as partial, am.amname as method,
             array(select pg_get_indexdef(ix.indexrelid, k, true) from generate_series(1, ix.indnatts) as k order by k) as columns
      from pg_index ix
      join pg_class i on i.oid = ix.indexrelid
      join pg_class t on t.oid = ix.indrelid
      join pg_am am on am.oid = i.relam
      join pg_namespace n on n.oid = t.relnamespace
      where n.nspname = 'public'`.execute(db)
  ).rows.filter((r) => !IGNORED_TABLES.test(r.table));
  for (const ix of indexes) {
    if (ix.primary) {
      shape.primaryKeys.push(`${ix.table}(${ix.columns.join(",")})`);
      continue;
    }
    if (INTENDED_POSTGRES_ONLY_INDEXES.has(ix.name)) continue;
    const described = `${ix.table}(${ix.columns.join(",")})${ix.method !== "btree" ? ` ${ix.method}` : ""}`;
    shape.indexes.push(`${described}${ix.unique ? " unique" : ""}${ix.partial ? " partial" : ""}`);
  }
  const fks = (
    await sql<{ table: string; ref_table: string; columns: string; ref_columns: string; on_delete: string }>`
      select c.conrelid::regclass::text as "table", c.confrelid::regclass::text as ref_table,
        (select string_agg(a.attname, ',' order by k.n) from unnest(c.conkey) with ordinality k(attnum, n)
          join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum) as columns,
        (select string_agg(a.attname, ',' order by k.n) from unnest(c.confkey) with ordinality k(attnum, n)
          join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum) as ref_columns,
        c.confdeltype as on_delete
      from pg_constraint c where c.contype = 'f' and c.connamespace = 'public'::regnamespace`.execute(db)
  ).rows;
  for (const fk of fks)
    shape.foreignKeys.push(`${fk.table}(${fk.columns}) -> ${fk.ref_table}(${fk.ref_columns}) on delete ${PG_DELETE[fk.on_delete]}`);
  return normalise(shape);
}

function normalise(shape: Shape): Shape {
  return {
    columns: [...shape.columns].sort(),
    primaryKeys: [...shape.primaryKeys].sort(),
    indexes: [...shape.indexes].sort(),
    foreignKeys: [...shape.foreignKeys].sort(),
  };
}

describe("the migrations build the same schema on SQLite and PostgreSQL", () => {
  let dir: string;
  let lite: Kysely<Database>;
  let pgTarget: TestDatabase;
  let pgDb: Kysely<Database>;
  let sqliteSide: Shape;
  let postgresSide: Shape;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-schema-"));
    lite = createDatabase({ path: path.join(dir, "schema.db") });
    await migrateToLatest(lite);
    pgTarget = await newTestDatabase({ migrated: false });
    pgDb = pgTarget.open();
    await migrateToLatest(pgDb);
    sqliteSide = await sqliteShape(lite);
    postgresSide = await postgresShape(pgDb);
  }, 60_000);

  afterAll(async () => {
    await lite?.destroy();
    await pgDb?.destroy();
    await pgTarget?.remove();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("has the same tables and columns, of the same kinds and nullability", () => {
    expect(postgresSide.columns.length).toBeGreaterThan(50);
    expect(postgresSide.columns).toEqual(sqliteSide.columns);
  });

  it("has the same primary keys", () => {
    expect(postgresSide.primaryKeys).toEqual(sqliteSide.primaryKeys);
  });

  it("has the same indexes, unique and partial ones included (PostgreSQL's search indexes aside)", () => {
    expect(sqliteSide.indexes.some((i) => i.endsWith("unique partial"))).toBe(true);
    expect(postgresSide.indexes).toEqual(sqliteSide.indexes);
  });

  it("has the same foreign keys with the same delete rules", () => {
    expect(postgresSide.foreignKeys.length).toBeGreaterThan(5);
    expect(postgresSide.foreignKeys).toEqual(sqliteSide.foreignKeys);
  });
});
