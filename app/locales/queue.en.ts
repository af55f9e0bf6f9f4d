/** English strings for the staff area (queue). Keys added here must be added to queue.ko.ts (typechecked). */
const queue = {
  placeholder: "",
} as const;

export default queue;
