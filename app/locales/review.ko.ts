import type { Translation } from "../lib/i18n";

/** 직원 영역(review)의 한국어 문구. */
const review: Translation["review"] = {
  placeholder: "",
};

export default review;
