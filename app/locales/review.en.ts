/** English strings for the staff area (review). Keys added here must be added to review.ko.ts (typechecked). */
const review = {
  placeholder: "",
} as const;

export default review;
