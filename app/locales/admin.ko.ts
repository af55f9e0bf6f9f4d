import type { Translation } from "../lib/i18n";

/** 직원 영역(admin)의 한국어 문구. */
const admin: Translation["admin"] = {
  placeholder: "",
};

export default admin;
