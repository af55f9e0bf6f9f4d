import type { Facts } from "../../app/modules/eligibility/facts";
import { toQuery } from "../../app/modules/eligibility/questionnaire";

/**
 * The owner the issues keep coming back to: a restaurant in Seoul with 3 employees under an
 * operating restriction, renting its premises. It qualifies for the support fund (KRW 2,000,000),
 * the rent loan and the smart store programme.
 */
export const restrictedRestaurant: Facts = {
  sector: "food_service",
  region: "seoul",
  employees: 3,
  sales2019: 150_000_000,
  sales2020: 120_000_000,
  openedOn: "2019-05-01",
  covidMeasure: "restriction",
  premises: "rented",
  monthlyRent: 1_500_000,
  taxArrears: false,
  loanDefault: false,
  businessState: "operating",
};

/** The same answers as the questionnaire's form fields (strings, "yes"/"no"). */
export const restrictedRestaurantForm = (): URLSearchParams => new URLSearchParams(toQuery(restrictedRestaurant));
