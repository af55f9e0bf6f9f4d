/** English strings for the account area. Keys added here must be added to account.ko.ts (typechecked). */
const account = {
  placeholder: "",
} as const;

export default account;
