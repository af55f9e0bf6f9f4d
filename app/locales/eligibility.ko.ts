import type { Translation } from "../lib/i18n";

/** eligibility 영역의 한국어 문구. */
const eligibility: Translation["eligibility"] = {
  placeholder: "",
};

export default eligibility;
