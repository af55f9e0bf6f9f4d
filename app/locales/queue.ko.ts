import type { Translation } from "../lib/i18n";

/** 직원 영역(queue)의 한국어 문구. */
const queue: Translation["queue"] = {
  placeholder: "",
};

export default queue;
