import { bench, describe } from "vitest";
import { PROGRAMME_SEEDS } from "../../db/seed-programmes";
import { documentsFor, evaluate } from "../../app/modules/eligibility/eligibility";
import type { Facts } from "../../app/modules/eligibility/facts";
import { parseAnswers, toQuery } from "../../app/modules/eligibility/questionnaire";
import { restrictedRestaurant } from "../helpers/facts";

/**
 * Evaluating every programme for one set of facts is pure CPU on the request path: it must stay
 * well under a millisecond. `npm run bench`; the figure is recorded in the README.
 */
const today = "2026-11-26";
const restaurant: Facts = restrictedRestaurant;
const manufacturer: Facts = { ...restaurant, sector: "manufacturing", employees: 12, covidMeasure: "none", premises: "owned" };
const query = new URLSearchParams(toQuery(restaurant));

describe("eligibility", () => {
  bench("evaluate all 5 programmes (eligible restaurant)", () => {
    for (const p of PROGRAMME_SEEDS) evaluate(p.rules, restaurant, { today });
  });
  bench("evaluate all 5 programmes (ineligible manufacturer, every explanation)", () => {
    for (const p of PROGRAMME_SEEDS) evaluate(p.rules, manufacturer, { today });
  });
  bench("evaluate all 5 programmes (nothing answered)", () => {
    for (const p of PROGRAMME_SEEDS) evaluate(p.rules, {}, { today });
  });
  bench("parse the query string, evaluate and list documents for all 5", () => {
    const parsed = parseAnswers(query, { today });
    if (!parsed.submitted || !parsed.ok) throw new Error("fixture should parse");
    for (const p of PROGRAMME_SEEDS) {
      evaluate(p.rules, parsed.facts, { today });
      documentsFor(p.documents, parsed.facts, { today });
    }
  });
});
