/** English strings for the staff area (admin). Keys added here must be added to admin.ko.ts (typechecked). */
const admin = {
  placeholder: "",
} as const;

export default admin;
