import { businessNumberCheckDigit } from "../../app/modules/businesses/business-number";
import { VERIFIED_LIST_COLUMNS } from "../../app/modules/rapid/verified-list";

export const HEADER = VERIFIED_LIST_COLUMNS.join(",");

/** A valid registration number from a seed (any integer; distinct seeds give distinct numbers below 900,000,000). */
export function listedNumber(seed: number): string {
  const nine = String(100_000_000 + (seed % 900_000_000));
  return `${nine}${businessNumberCheckDigit(nine)}`;
}

export interface ListRow {
  registration_number: string;
  trade_name: string;
  representative: string;
  sector: string;
  region: string;
  covid_measure: string;
  sales_2019: string;
  sales_2020: string;
  employees: string;
  opened_on: string;
  business_state: string;
  amount_krw: string;
  source: string;
}

export function listRow(overrides: Partial<ListRow> = {}): ListRow {
  return {
    registration_number: listedNumber(1),
    trade_name: "김밥천국 종로점",
    representative: "김민지",
    sector: "food_service",
    region: "seoul",
    covid_measure: "restriction",
    sales_2019: "150000000",
    sales_2020: "90000000",
    employees: "3",
    opened_on: "2018-03-01",
    business_state: "operating",
    amount_krw: "2000000",
    source: "2020 fund recipients",
    ...overrides,
  };
}

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function listCsv(rows: ListRow[], header = HEADER): string {
  const cols = header.split(",") as Array<keyof ListRow>;
  return [header, ...rows.map((r) => cols.map((c) => quote(r[c] ?? "")).join(","))].join("\r\n") + "\r\n";
}
