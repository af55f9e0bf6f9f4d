/** English strings for the eligibility area. Keys added here must be added to eligibility.ko.ts (typechecked). */
const eligibility = {
  placeholder: "",
} as const;

export default eligibility;
