import type { Translation } from "../lib/i18n";

/** account 영역의 한국어 문구. */
const account: Translation["account"] = {
  placeholder: "",
};

export default account;
